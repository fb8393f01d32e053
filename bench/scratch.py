"""A benchmark's scratch folder: made in the temporary folder, removed when the benchmark ends
(also after an error or Ctrl+C), so repeated runs do not fill /tmp. QLVB_BENCH_KEEP=1 keeps it
to look at what the run wrote; the path is printed then.

Benchmarks run as `python bench/<name>.py`, so this module is importable as `scratch`.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path


def scratch_dir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if os.environ.get("QLVB_BENCH_KEEP"):
        print(f"scratch folder kept: {path}", file=sys.stderr)
    else:
        atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path

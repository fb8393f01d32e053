"""The frozen build's single entry point: `qlvb-desktop` (the window) and `qlvb` (the command
line) are two executables of one PyInstaller bundle sharing this script; the executable's own
name says which one runs.

Before the app is imported it points Tesseract at the language data shipped inside the bundle
(`tessdata/`: vie, Vietnamese, the pdf renderer's font) and, where the bundle carries its own
Tesseract (Windows), puts it first on PATH, so OCR works on a machine with no Tesseract data.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path


def _bundle_dir() -> Path:
    return Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent))


def _point_at_bundled_tesseract(bundle: Path) -> None:
    tessdata = bundle / "tessdata"
    if tessdata.is_dir() and "TESSDATA_PREFIX" not in os.environ:
        os.environ["TESSDATA_PREFIX"] = str(tessdata)
    engine = bundle / "tesseract"
    if (engine / ("tesseract.exe" if sys.platform == "win32" else "tesseract")).is_file():
        os.environ["PATH"] = str(engine) + os.pathsep + os.environ.get("PATH", "")


def main() -> int:
    # The intake and ingest workers are spawned processes: in a frozen build the child is this
    # same executable, and freeze_support() turns it into the worker instead of a second app.
    multiprocessing.freeze_support()
    _point_at_bundled_tesseract(_bundle_dir())
    name = Path(sys.executable if getattr(sys, "frozen", False) else sys.argv[0]).stem.lower()
    if name == "qlvb":
        from qlvb_desktop.cli import main as cli_main

        return cli_main()
    from qlvb_desktop.app import main as app_main

    return app_main()


if __name__ == "__main__":
    raise SystemExit(main())

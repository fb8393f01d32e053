"""The one atomic file writer: a file appears whole under its name, or not at all.

Every file the program writes in place of another (settings, work-in-progress state, session
tokens, exports, archive packages) is written to a temporary file in the same folder, flushed to
disk, renamed over the target and the folder synced: a crash, a full disk or a killed process
leaves either the old file or the new one, never half of it. `write_atomic` takes the bytes;
`atomic_path` gives a temporary path to writers that open the file themselves (xlsxwriter,
zipfile), so big exports stream through the disk instead of memory. A small, light module: the
`qlvb` command and the window import it at start.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Windows refuses to replace a file that another process holds open (a PDF viewer, the
# indexer, an antivirus scan right after the write) with PermissionError (sharing violation);
# those holds are short, so the rename is tried again for a while. Elsewhere the error is final.
REPLACE_RETRIES_ON = sys.platform == "win32"
REPLACE_PATIENCE_SECONDS = 5.0


def replace_file(src: Path | str, dst: Path | str, patience: float | None = None) -> None:
    """os.replace, patient with Windows' transient sharing violations."""
    deadline = time.monotonic() + (REPLACE_PATIENCE_SECONDS if patience is None else patience)
    delay = 0.05
    while True:
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if not REPLACE_RETRIES_ON or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, flush it to disk, rename it into place."""
    with atomic_path(path) as tmp, tmp.open("wb") as f:
        f.write(data)


@contextmanager
def atomic_path(path: Path, suffix: str = "") -> Iterator[Path]:
    """A temporary path beside `path` to write the new file at. When the block ends without
    error the file is flushed to disk and renamed over `path` (the folder synced after); on any
    error, or a stop (KeyboardInterrupt, SIGTERM), it is removed and `path` stays as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        replace_file(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (a power cut right after it keeps the new name)."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder; its rename is durable enough
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)

"""The one atomic file writer: a file appears whole under its name, or not at all.

Every file the program writes in place of another (settings, work-in-progress state, session
tokens, exports, archive packages, stamped and signed PDFs, edXML packages, downloads) is written
to a temporary file in the same folder, flushed to disk, renamed over the target and the folder
synced: a crash, a full disk or a killed process leaves either the old file or the new one, never
half of it, and an error inside the block removes the temporary file. Three forms, one mechanism:

- `write_atomic(path, data)`: the bytes, when they are already in memory;
- `atomic_output(path)`: an open file to stream into (binary, or text with `encoding`), for
  writers that produce the file piece by piece (a PDF writer, an edXML package, a download);
- `atomic_path(path)`: a temporary path, for libraries that open the file themselves
  (xlsxwriter, zipfile, reportlab), so big exports stream through the disk instead of memory.

The new file is private to the user (0600, as `mkstemp` creates it) unless `shared=True` gives it
the mode a plain `open()` would (0666 less the umask): packages and page images other programs read.
A small, light module: the `qlvb` command and the window import it at start.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TextIO, overload

# Windows refuses to replace a file that another process holds open (a PDF viewer, the
# indexer, an antivirus scan right after the write) with PermissionError (sharing violation);
# those holds are short, so the rename is tried again for a while. Elsewhere the error is final.
REPLACE_RETRIES_ON = sys.platform == "win32"
REPLACE_PATIENCE_SECONDS = 5.0


def _read_umask() -> int:
    # Read once at import (os.umask can only be read by setting it; doing it per write would race
    # with other threads creating files).
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_SHARED_MODE = 0o666 & ~_read_umask()


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


def write_atomic(path: Path, data: bytes, *, shared: bool = False) -> None:
    """Write to a temporary file in the same folder, flush it to disk, rename it into place."""
    with atomic_output(path, shared=shared) as f:
        f.write(data)


@overload
def atomic_output(
    path: Path,
    *,
    encoding: None = None,
    newline: None = None,
    prefix: str | None = None,
    suffix: str = "",
    shared: bool = False,
) -> AbstractContextManager[BinaryIO]: ...
@overload
def atomic_output(
    path: Path,
    *,
    encoding: str,
    newline: str | None = None,
    prefix: str | None = None,
    suffix: str = "",
    shared: bool = False,
) -> AbstractContextManager[TextIO]: ...
@contextmanager
def atomic_output(
    path: Path,
    *,
    encoding: str | None = None,
    newline: str | None = None,
    prefix: str | None = None,
    suffix: str = "",
    shared: bool = False,
) -> Iterator[Any]:
    """An open file (binary and readable too, as a PDF signer reads back what it wrote; text with
    `encoding`) whose contents replace `path` when the block ends without error: flushed to disk,
    renamed over `path`, the folder synced. On any error, or a stop (KeyboardInterrupt, SIGTERM),
    the temporary file is removed and `path` stays as it was. `prefix` names the temporary file
    for a caller that sweeps its own leftovers after a kill."""
    fd, tmp = _temporary_beside(path, prefix, suffix)
    try:
        with open(fd, "w" if encoding else "w+b", encoding=encoding, newline=newline) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        _commit(tmp, path, shared)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


@contextmanager
def atomic_path(path: Path, suffix: str = "", *, prefix: str | None = None, shared: bool = False) -> Iterator[Path]:
    """A temporary path beside `path` to write the new file at. When the block ends without
    error the file is flushed to disk and renamed over `path` (the folder synced after); on any
    error, or a stop (KeyboardInterrupt, SIGTERM), it is removed and `path` stays as it was."""
    fd, tmp = _temporary_beside(path, prefix, suffix)
    os.close(fd)
    try:
        yield tmp
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        _commit(tmp, path, shared)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a power cut right after it keeps the new name)."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder; its rename is durable enough
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _temporary_beside(path: Path, prefix: str | None, suffix: str) -> tuple[int, Path]:
    # Same folder as the target: the rename stays on one file system, hence atomic.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}." if prefix is None else prefix, suffix=suffix, dir=path.parent)
    return fd, Path(name)


def _commit(tmp: Path, path: Path, shared: bool) -> None:
    if shared and os.name != "nt":
        os.chmod(tmp, _SHARED_MODE)
    replace_file(tmp, path)

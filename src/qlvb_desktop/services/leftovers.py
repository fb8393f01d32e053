"""Temporary files a killed process left behind (`.incoming-*` in the file store,
`.qlvb-intake-*` next to a capture's output): removed when the next process starts using that
folder. A process that is merely stopped (SIGTERM, Ctrl+C) removes its own in `finally`."""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

log = logging.getLogger(__name__)


def remove_leftovers(folder: Path, prefix: str, min_age_s: float = 60) -> int:
    """Delete the temporary files and folders named `prefix*` a killed process left in `folder`
    (SIGKILL, power cut: no `finally` ran); returns how many. Only those untouched for `min_age_s`:
    another process of this station may be writing one right now."""
    removed = 0
    try:
        entries = list(folder.glob(prefix + "*"))
    except OSError:
        return 0
    cutoff = time.time() - min_age_s
    for entry in entries:
        try:
            if entry.lstat().st_mtime >= cutoff:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed += 1
        except OSError as exc:  # read-only folder: harmless, the next start tries again
            log.info("cannot remove leftover %s: %s", entry, exc)
    if removed:
        log.info("removed %d leftover temporary files from %s", removed, folder)
    return removed

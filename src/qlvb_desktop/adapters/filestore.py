"""Attached files stored content-addressed by SHA-256 under the data directory.

A file is copied to a temporary name while its SHA-256 and length are taken from the bytes
written, flushed to disk and renamed into place, so a crash never leaves a half-written file
under a hash name, and the size and hash recorded are those of the bytes actually stored. A
source that changes while it is copied (a scanner or a download still writing it) is refused:
its copy would be neither the old file nor the new one. Temporary copies a killed process left
behind are removed when the store is opened. The one place that does not go through
`atomic_output`: a stored file's name is its hash, known only once it is copied; the rename and
the folder sync are the one writer's (`replace_file`, `fsync_folder`). Exports use `atomic_output`.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError, storage_problem
from qlvb_desktop.domain.registration import FileRef
from qlvb_desktop.domain.text import nfc
from qlvb_desktop.services.atomic_file import atomic_output, fsync_folder, replace_file
from qlvb_desktop.services.leftovers import remove_leftovers

log = logging.getLogger(__name__)

CHUNK = 1 << 20
DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # SPEC §10, a setting
TEMP_PREFIX = ".incoming-"


def _too_big(name: str, size: int, limit: int) -> UserError:
    return UserError(
        QT_TRANSLATE_NOOP("Errors", "Tệp {name} nặng {size} MB, vượt giới hạn {limit} MB."),
        name=name,
        size=round(size / 1024 / 1024, 1),
        limit=round(limit / 1024 / 1024),
    )


class ContentStore:
    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self.removed_leftovers = remove_leftovers(root, TEMP_PREFIX)

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, source: Path, name: str | None = None, *, inspect: bool = True) -> FileRef:
        """Store a copy of `source`. With `inspect` (every file a clerk brings) the stored copy is
        checked at the door (`adapters.attachments`) before it gets its hash name; files the
        server already holds, checked when they were first registered, are taken as they are."""
        if not source.is_file():
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Không tìm thấy tệp {path}."), path=str(source))
        try:
            before = source.stat()
        except OSError as exc:
            raise storage_problem(exc, source) from exc
        if before.st_size > self.max_bytes:
            raise _too_big(source.name, before.st_size, self.max_bytes)
        tmp_path: Path | None = None
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with (
                tempfile.NamedTemporaryFile(dir=self.root, prefix=TEMP_PREFIX, delete=False) as tmp,
                source.open("rb") as src,
            ):
                tmp_path = Path(tmp.name)
                sha, size = _copy(src, tmp, self.max_bytes, source.name)
                tmp.flush()
                os.fsync(tmp.fileno())
                after = os.fstat(src.fileno())
            if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns) or size != after.st_size:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "Errors",
                        "Tệp {name} đang được ghi dở (kích thước thay đổi trong lúc sao chép); "
                        "hãy đợi chương trình khác ghi xong rồi thử lại.",
                    ),
                    name=source.name,
                )
            if inspect:
                from qlvb_desktop.adapters.attachments import inspect_attachment  # OpenCV, pikepdf: on use

                inspect_attachment(tmp_path, nfc(name or source.name))
            target = self.path_of(sha)
            if target.exists():
                tmp_path.unlink()
            else:
                target.parent.mkdir(exist_ok=True)
                replace_file(tmp_path, target)
                fsync_folder(target.parent)
            tmp_path = None
        except OSError as exc:
            raise storage_problem(exc, self.root) from exc
        finally:
            if tmp_path is not None:
                tmp_path.unlink(missing_ok=True)
        return FileRef(sha, nfc(name or source.name), size)

    def adopt(self, source: Path, sha256: str, name: str) -> FileRef:
        """A file this process wrote and hashed itself (an attachment decoded from an edXML
        package): synced and renamed into the store — no second copy, no second hash — when it
        is on the store's file system; copied by `put` when it is not. `source` is gone after."""
        try:
            size = source.stat().st_size
            if size > self.max_bytes:
                raise _too_big(source.name, size, self.max_bytes)
            target = self.path_of(sha256)
            if target.exists():
                source.unlink()
                return FileRef(sha256, nfc(name), size)
            with source.open("rb") as f:
                os.fsync(f.fileno())  # its bytes on disk before the register may name it
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                replace_file(source, target)
            except OSError as exc:
                if exc.errno != errno.EXDEV:
                    raise
                return self.put(source, name, inspect=False)
            fsync_folder(target.parent)
        except OSError as exc:
            raise storage_problem(exc, self.root) from exc
        return FileRef(sha256, nfc(name), size)

    def export(self, ref: FileRef, target: Path) -> Path:
        # Where the clerk asked, whole or not at all, readable as any file the clerk saves.
        with self.path_of(ref.sha256).open("rb") as src, atomic_output(target, shared=True) as out:
            shutil.copyfileobj(src, out, CHUNK)
        return target


def _copy(src: IO[bytes], dst: IO[bytes], limit: int, name: str) -> tuple[str, int]:
    """Copy, hashing the bytes written; refuse as soon as more than `limit` bytes came (the file
    grew past the limit after it was measured)."""
    digest = hashlib.sha256()
    size = 0
    for block in iter(lambda: src.read(CHUNK), b""):
        size += len(block)
        if size > limit:
            raise _too_big(name, size, limit)
        digest.update(block)
        dst.write(block)
    return digest.hexdigest(), size



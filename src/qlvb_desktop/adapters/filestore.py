"""Attached files stored content-addressed by SHA-256 under the data directory.

A file is written to a temporary name, flushed to disk and renamed into place, so a crash
never leaves a half-written file under a hash name.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem, UserError
from qlvb_desktop.domain.registration import FileRef
from qlvb_desktop.domain.text import nfc

CHUNK = 1 << 20
DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # SPEC §10, a setting


class ContentStore:
    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.root = root
        self.max_bytes = max_bytes

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, source: Path, name: str | None = None) -> FileRef:
        if not source.is_file():
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Không tìm thấy tệp {path}."), path=str(source))
        size = source.stat().st_size
        if size > self.max_bytes:
            raise UserError(
                QT_TRANSLATE_NOOP("Errors", "Tệp {name} nặng {size} MB, vượt giới hạn {limit} MB."),
                name=source.name,
                size=round(size / 1024 / 1024, 1),
                limit=round(self.max_bytes / 1024 / 1024),
            )
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        try:
            with tempfile.NamedTemporaryFile(dir=self.root, prefix=".incoming-", delete=False) as tmp, source.open("rb") as src:
                tmp_path = Path(tmp.name)
                for block in iter(lambda: src.read(CHUNK), b""):
                    digest.update(block)
                    tmp.write(block)
                tmp.flush()
                os.fsync(tmp.fileno())
            sha = digest.hexdigest()
            target = self.path_of(sha)
            if target.exists():
                tmp_path.unlink()
            else:
                target.parent.mkdir(exist_ok=True)
                os.replace(tmp_path, target)
                _fsync_dir(target.parent)
        except OSError as exc:
            if "tmp_path" in locals() and tmp_path.exists():
                tmp_path.unlink()
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP("Errors", "Không lưu được tệp {name}: {reason}. Kiểm tra dung lượng đĩa."),
                name=source.name,
                reason=exc.strerror or str(exc),
            ) from exc
        return FileRef(sha, nfc(name or source.name), size)

    def export(self, ref: FileRef, target: Path) -> Path:
        shutil.copyfile(self.path_of(ref.sha256), target)
        return target


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

"""Files on the server's disk, content-addressed by SHA-256, with resumable partial uploads.

A partial upload lives in `uploads/<org>/<sha256>.part`; its size is how much the server has.
When the declared size is reached the content is hashed; only a matching hash moves it (rename,
after fsync) into `files/<aa>/<sha256>`, so a name under files/ always holds exactly its hash.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

CHUNK = 1 << 20


class HashMismatch(Exception):
    pass


class OffsetMismatch(Exception):
    def __init__(self, have: int) -> None:
        self.have = have
        super().__init__(have)


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = root / "files"
        self.uploads = root / "uploads"

    def path_of(self, sha256: str) -> Path:
        return self.files / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def _part(self, org_id: int, sha256: str) -> Path:
        return self.uploads / str(org_id) / f"{sha256}.part"

    def received(self, org_id: int, sha256: str) -> int:
        part = self._part(org_id, sha256)
        return part.stat().st_size if part.exists() else 0

    def append(self, org_id: int, sha256: str, offset: int, chunks: Iterator[bytes]) -> int:
        """Write `chunks` at `offset` (which must be what the server has); returns the new size.

        A connection that drops mid-body keeps what was written: the next request resumes there.
        """
        part = self._part(org_id, sha256)
        part.parent.mkdir(parents=True, exist_ok=True)
        have = part.stat().st_size if part.exists() else 0
        if offset != have:
            raise OffsetMismatch(have)
        with part.open("ab") as out:
            try:
                for block in chunks:
                    out.write(block)
            finally:
                out.flush()
                os.fsync(out.fileno())
        return part.stat().st_size

    def finish(self, org_id: int, sha256: str, streamed: str | None = None) -> None:
        """Check the hash of a complete upload and move it into place; a mismatch discards it.
        `streamed` is the hash computed while receiving a whole file in one request (no reread)."""
        part = self._part(org_id, sha256)
        if streamed is None:
            digest = hashlib.sha256()
            with part.open("rb") as src:
                for block in iter(lambda: src.read(CHUNK), b""):
                    digest.update(block)
            streamed = digest.hexdigest()
        if streamed != sha256:
            part.unlink()
            raise HashMismatch(sha256)
        target = self.path_of(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            part.unlink()
        else:
            os.replace(part, target)
            fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def discard(self, org_id: int, sha256: str) -> None:
        self._part(org_id, sha256).unlink(missing_ok=True)

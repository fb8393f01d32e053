"""Files on the server's disk, content-addressed by SHA-256, with resumable partial uploads.

A partial upload lives in `uploads/<org>/<sha256>.part`; its size is how much the server has.
Only one request at a time writes a given part (`uploads.UploadGate`). When the declared size is
reached the length and the content are checked; only a matching file moves (rename, after
fsync) into `files/<aa>/<sha256>`, read-only. A stored file is shared between organizations
only because every reuse checks its bytes again (`verify`, cached per inode and mtime): a
damaged one is moved to `quarantine/` and the next upload of those bytes stores them again.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from qlvb_desktop.services.atomic_file import fsync_folder

CHUNK = 1 << 20


class HashMismatch(Exception):
    pass


class LengthMismatch(Exception):
    def __init__(self, have: int, declared: int) -> None:
        self.have = have
        self.declared = declared
        super().__init__(have, declared)


@dataclass(frozen=True)
class Damaged:
    """A stored file whose bytes are not its name's hash (or that is missing)."""

    sha256: str
    problem: str
    moved_to: Path | None


def hash_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as src:
        for block in iter(lambda: src.read(CHUNK), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = root / "files"
        self.uploads = root / "uploads"
        self.quarantine = root / "quarantine"
        # (sha, inode, size, mtime_ns) of stored files found good: not hashed again until changed.
        self._verified: set[tuple[str, int, int, int]] = set()
        self._verified_lock = threading.Lock()

    def path_of(self, sha256: str) -> Path:
        return self.files / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def part_of(self, org_id: int, sha256: str) -> Path:
        return self.uploads / str(org_id) / f"{sha256}.part"

    def received(self, org_id: int, sha256: str) -> int:
        part = self.part_of(org_id, sha256)
        return part.stat().st_size if part.exists() else 0

    def verify(self, sha256: str, size: int | None = None) -> bool:
        """Is the stored file there with exactly these bytes? Hashes it once per version of the
        file on disk; a damaged file is quarantined (so it is never served or reused again)."""
        path = self.path_of(sha256)
        try:
            st = path.stat()
        except FileNotFoundError:
            return False
        key = (sha256, st.st_ino, st.st_size, st.st_mtime_ns)
        with self._verified_lock:
            if key in self._verified and (size is None or size == st.st_size):
                return True
        digest, length = hash_file(path)
        if digest != sha256 or (size is not None and size != length):
            self.quarantine_file(sha256, f"sha256 {digest}, {length} bytes")
            return False
        with self._verified_lock:
            self._verified.add(key)
        return True

    def quarantine_file(self, sha256: str, problem: str) -> Path | None:
        """Move a damaged stored file aside (kept for inspection, never served)."""
        path = self.path_of(sha256)
        self.quarantine.mkdir(parents=True, exist_ok=True)
        target = self.quarantine / f"{sha256}.{os.getpid()}.{threading.get_ident()}.{time.time_ns()}"
        try:
            os.replace(path, target)
        except FileNotFoundError:
            return None
        (target.with_name(target.name + ".why")).write_text(problem + "\n", encoding="utf-8")
        return target

    def finish(self, org_id: int, sha256: str, size: int, streamed: str | None = None) -> None:
        """Check the length and hash of a complete upload and move it into place; a mismatch
        discards it. `streamed` is the hash computed while receiving a whole file in one request
        (no reread). Only the single writer of this part (the upload gate's holder) calls this."""
        part = self.part_of(org_id, sha256)
        have = part.stat().st_size
        if have != size:
            part.unlink()
            raise LengthMismatch(have, size)
        if streamed is None:
            streamed, _ = hash_file(part)
        if streamed != sha256:
            part.unlink()
            raise HashMismatch(sha256)
        target = self.path_of(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() and self.verify(sha256, size):
            part.unlink()  # the same bytes, already stored and checked again just now
            return
        os.chmod(part, 0o444)
        os.replace(part, target)
        fsync_folder(target.parent)

    def discard(self, org_id: int, sha256: str) -> None:
        self.part_of(org_id, sha256).unlink(missing_ok=True)

    def check_all(self, wanted: dict[str, int]) -> list[Damaged]:
        """Every stored file named in `wanted` (sha -> size) checked against its name: missing
        ones listed, damaged ones quarantined (`qlvb-server fsck`)."""
        damaged: list[Damaged] = []
        for sha256, size in sorted(wanted.items()):
            path = self.path_of(sha256)
            if not path.is_file():
                damaged.append(Damaged(sha256, "missing", None))
                continue
            digest, length = hash_file(path)
            if digest != sha256 or length != size:
                moved = self.quarantine_file(sha256, f"sha256 {digest}, {length} bytes, expected {size}")
                damaged.append(Damaged(sha256, f"{length} bytes, sha256 {digest[:12]}…", moved))
        return damaged


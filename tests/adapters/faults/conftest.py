"""Fixtures of the storage-fault tests: real small file systems (tmpfs, mounted as root) for a
full disk and a read-only data folder, and the `qlvb` command as a real process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

DOC_ARGS = ["--issuer", "Sở Tài chính", "--doc-type", "Quyết định", "--subject", "Về việc thử", "--issued-date",
            "05/01/2026"]


def qlvb(data: Path, *args: str, busy_ms: int | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QLVB_DATA_DIR": str(data)}
    if busy_ms is not None:
        env["QLVB_BUSY_TIMEOUT_MS"] = str(busy_ms)
    return subprocess.run(
        [sys.executable, "-m", "qlvb_desktop.cli", *args], capture_output=True, text=True, env=env, timeout=timeout
    )


def register_args(number: str, *files: Path) -> list[str]:
    out = ["register", *DOC_ARGS, "--number", number]
    for f in files:
        out += ["--file", str(f)]
    return out


def one_sentence(result: subprocess.CompletedProcess[str], code: int, words: str) -> None:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert words in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


class Tmpfs:
    """A small tmpfs of its own; `read_only()` remounts it so even root cannot write."""

    def __init__(self, where: Path, size_kb: int) -> None:
        self.path = where
        where.mkdir(parents=True)
        self._mount("-t", "tmpfs", "-o", f"size={size_kb}k", f"qlvb-{uuid.uuid4().hex[:8]}", str(where))

    @staticmethod
    def _mount(*args: str) -> None:
        subprocess.run(["mount", *args], check=True, capture_output=True, timeout=30)

    def read_only(self) -> None:
        self._mount("-o", "remount,ro", str(self.path))

    def writable(self) -> None:
        self._mount("-o", "remount,rw", str(self.path))

    def fill(self) -> Path:
        """Fill the file system to the last byte; returns the filler (delete it to free the room)."""
        filler = self.path / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
        block = b"\0" * 4096
        try:
            while True:
                os.write(fd, block)
        except OSError:
            pass
        finally:
            os.close(fd)
        return filler

    def unmount(self) -> None:
        subprocess.run(["umount", "-l", str(self.path)], capture_output=True, timeout=30)


def _can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Tmpfs]:
    """A 3 MB file system; skipped where the tests do not run as root (mounting needs it)."""
    if not _can_mount():
        pytest.skip("mounting a small file system needs root")
    try:
        fs = Tmpfs(tmp_path / "disk", 3072)
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc.stderr!r}")
    try:
        yield fs
    finally:
        fs.unmount()

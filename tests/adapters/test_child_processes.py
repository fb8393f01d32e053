"""Children end with their parent (issue 12): the stamping pool's worker and the SANE scanning
child do not stay behind when the window or `qlvb` that started them is killed with SIGKILL.
Real processes: a real `qlvb scan` on SANE's test backend, the real stamping pool."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

DEADLINE_S = 30.0  # generous: the children notice at once; the machine may be loaded


def _stat(pid: int) -> tuple[str, int] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    fields = raw[raw.rfind(b")") + 2 :].split()
    return fields[0].decode(), int(fields[1])


def descendants(pid: int) -> set[int]:
    """Every living process below `pid` (children, their children …)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (st := _stat(int(entry))) is not None and st[0] != "Z":
            parents[int(entry)] = st[1]
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if (st := _stat(pid)) is not None and st[0] != "Z"}


def wait_until_gone(pids: set[int]) -> set[int]:
    deadline = time.monotonic() + DEADLINE_S
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    return alive(pids)


def _kill_all(pids: set[int]) -> None:
    for pid in alive(pids):  # the test's own leftovers, only on failure
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def test_a_scan_child_ends_when_qlvb_scan_is_killed(tmp_path: Path) -> None:
    conf = tmp_path / "sane.d"
    conf.mkdir()
    (conf / "dll.conf").write_text("test\n")
    env = {**os.environ, "SANE_CONFIG_DIR": str(conf)}
    cmd = [
        sys.executable, "-m", "qlvb_desktop.cli", "--data-dir", str(tmp_path / "data"), "scan",
        "--device", "test:0", "--source", "feeder", "--dpi", "300", "--out", str(tmp_path / "scan.pdf"),
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    children: set[int] = set()
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()  # the first "Đã quét trang 1": the child is mid-scan
        assert "Đã quét" in line, line + proc.stderr.read()
        children = descendants(proc.pid)
        assert children, "the scan runs in a child process"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        left = wait_until_gone(children)
        assert not left, f"children still alive {DEADLINE_S} s after their parent was killed: {left}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        proc.stderr.close() if proc.stderr else None
        _kill_all(children)


STAMP_POOL_DRIVER = """
import os, sys, time
from qlvb_desktop.adapters.intake_process import ChildStamps
stamps = ChildStamps("SỞ TÀI CHÍNH")
print(stamps.pool.submit(os.getpid).result(timeout=300), flush=True)
time.sleep(600)
"""


def test_the_stamping_worker_ends_when_the_window_is_killed(tmp_path: Path) -> None:
    """The window keeps one stamping worker for its whole life (`ChildStamps`); killed, the
    window no longer sends it anything, and it must not wait for a task for ever."""
    proc = subprocess.Popen(
        [sys.executable, "-c", STAMP_POOL_DRIVER], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    children: set[int] = set()
    try:
        assert proc.stdout is not None
        worker = int(proc.stdout.readline())
        children = descendants(proc.pid)
        assert worker in children
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        left = wait_until_gone(children)
        assert not left, f"children still alive {DEADLINE_S} s after their parent was killed: {left}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
        _kill_all(children)

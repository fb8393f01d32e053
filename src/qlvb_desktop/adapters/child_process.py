"""Child processes that end with their parent (issue 12).

The OCR, stamping and scanning children are spawned by the window or a `qlvb` command. When
that parent is killed (SIGKILL, a crash, the session closed) nothing tells a child: a pool
worker waits for its next task for ever, a scanning child blocks on a full pipe. So every child
calls `end_with_parent()` first (pools pass it as their initializer): a daemon thread waits on
the parent's sentinel — the pipe multiprocessing keeps from the parent, which reaches end of
file only when the parent is gone (or has dropped the child's handle) — and then ends the
programs the child started (a tesseract reading a page) and the child at once.

Why not `PR_SET_PDEATHSIG`: Linux sends it when the *thread* that started the child ends, and
the window starts children from worker threads that come and go; the sentinel is the
parent process's own, and works the same on Windows (a process handle there).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from multiprocessing.connection import wait

EXIT_PARENT_GONE = 70  # what the child exits with when it outlived its parent (EX_SOFTWARE)


def end_with_parent() -> None:
    """In a spawned child: end this process (and the programs it started) as soon as the parent
    dies. Does nothing in a process that multiprocessing did not start."""
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return
    threading.Thread(target=_watch, args=(parent.sentinel,), name="qlvb-parent-watch", daemon=True).start()


def _watch(sentinel: int) -> None:
    wait([sentinel])  # ready only when the parent's end of the pipe is closed: it is gone
    for pid in _own_children():  # a tesseract still reading a page
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    os._exit(EXIT_PARENT_GONE)


def _own_children() -> list[int]:
    """The processes this one started (Linux: from /proc; elsewhere none are known)."""
    me = os.getpid()
    found: list[int] = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # "pid (name) state ppid ...": the name may hold spaces and parentheses
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1 and int(fields[1]) == me:
            found.append(int(entry))
    return found

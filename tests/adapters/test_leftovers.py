"""Temporary files never pile up (issue 12: 35.6 MB after 50 kills): a stopped command removes its
own, and the next start removes what a killed one (SIGKILL) left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qlvb_desktop.services.leftovers import remove_leftovers
from tests.samples import random_pdf


def _age(path: Path, seconds: float) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_leftover_intake_folders_are_removed_but_a_live_one_is_kept(tmp_path):
    dead = tmp_path / ".qlvb-intake-dead"
    dead.mkdir()
    (dead / "page-1.jpg").write_bytes(b"x" * 1000)
    _age(dead, 7200)
    live = tmp_path / ".qlvb-intake-live"
    live.mkdir()
    other = tmp_path / "keep.pdf"
    other.write_bytes(b"x")
    _age(other, 7200)
    assert remove_leftovers(tmp_path, ".qlvb-intake-", min_age_s=3600) == 1
    assert not dead.exists() and live.exists() and other.exists()


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_registration_stopped_mid_copy_leaves_nothing_for_long(tmp_path, sig):
    data = tmp_path / "d"
    big = random_pdf(tmp_path / "lon.pdf", 45 * 1024 * 1024)
    env = {**os.environ, "QLVB_DATA_DIR": str(data)}
    args = ["register", "--issuer", "Sở A", "--number", "1/QĐ-A", "--doc-type", "Quyết định", "--subject", "Thử",
            "--issued-date", "05/01/2026", "--file", str(big)]
    proc = subprocess.Popen([sys.executable, "-m", "qlvb_desktop.cli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    files = data / "files"
    deadline = time.monotonic() + 120
    while not list(files.glob(".incoming-*")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    caught_mid_copy = proc.poll() is None and bool(list(files.glob(".incoming-*")))
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=120)
    assert "Traceback" not in err
    left = list(files.glob(".incoming-*"))
    if sig == signal.SIGTERM:
        assert left == []  # removed by the command itself
    elif caught_mid_copy:
        assert left  # SIGKILL: nothing could run; the next start removes it
        for f in left:
            _age(f, 120)
        r = subprocess.run([sys.executable, "-m", "qlvb_desktop.cli", *args], env=env, capture_output=True,
                           text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        assert not list(files.glob(".incoming-*"))
    assert caught_mid_copy or sig == signal.SIGKILL  # the test really stopped a copy

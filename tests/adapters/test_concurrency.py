"""Several processes numbering into one SQLite file, and processes killed mid-registration."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from qlvb_desktop.app import build_core
from qlvb_desktop.services.audit import verify_audit

WORKER = Path(__file__).with_name("register_worker.py")


def start(data_dir: Path, count: int, tag: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(data_dir), str(count), tag, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def numbers_in(data_dir: Path) -> list[int]:
    with closing(sqlite3.connect(data_dir / "qlvb.sqlite3")) as conn:
        return [r[0] for r in conn.execute("SELECT arrival_number FROM registrations WHERE book='den' ORDER BY 1")]


@pytest.mark.slow
def test_parallel_processes_never_share_or_skip_a_number(tmp_path):
    data = tmp_path / "shared"
    build_core(data).close()  # create and migrate once, as the app does on first start
    procs = [start(data, 40, f"P{i}") for i in range(4)]
    reported: list[int] = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        reported += [int(x) for x in out.split()]
    assert sorted(reported) == list(range(1, 161))
    assert numbers_in(data) == list(range(1, 161))
    with build_core(data) as core:
        assert verify_audit(core.repo) == []


@pytest.mark.slow
def test_sigkill_at_random_moments_never_half_writes_or_duplicates(tmp_path):
    data = tmp_path / "crashy"
    build_core(data).close()
    rng = random.Random(20261123)
    acknowledged: set[int] = set()
    for round_ in range(12):
        proc = start(data, 10_000, f"K{round_}", "--with-file")
        # Kill somewhere in the loop, timed from the first acknowledged registration rather than from
        # the start, so a slow start-up on a loaded machine cannot make every kill land before it.
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.strip(), proc.stderr.read() if proc.stderr else "worker printed nothing"
        time.sleep(rng.uniform(0.0, 1.0))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
        acknowledged |= {int(x) for x in (first + out).split()}

        with build_core(data) as core:  # "restart": recovery happens on open
            with closing(sqlite3.connect(data / "qlvb.sqlite3")) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                orphans = conn.execute(
                    "SELECT COUNT(*) FROM registrations r WHERE NOT EXISTS "
                    "(SELECT 1 FROM audit_events a WHERE a.registration_id = r.id)"
                ).fetchone()[0]
                assert orphans == 0
                missing_files = conn.execute(
                    "SELECT COUNT(*) FROM registrations r WHERE NOT EXISTS "
                    "(SELECT 1 FROM registration_files f WHERE f.registration_id = r.id)"
                ).fetchone()[0]
                assert missing_files == 0
                for (sha,) in conn.execute("SELECT DISTINCT sha256 FROM registration_files"):
                    assert core.files.path_of(sha).is_file()
            numbers = numbers_in(data)
            assert numbers == list(range(1, len(numbers) + 1)), "a gap or a duplicate"
            assert acknowledged <= set(numbers), "an acknowledged registration was lost"
            assert verify_audit(core.repo) == []
    assert len(acknowledged) > 12  # the kills did land mid-stream, not before the first commit

"""Fault injection: SIGKILL of the server or of the station at random points of a sync, a
proxy that drops or stalls connections mid-request, a server whose disk fills up. In every
case nothing is lost or duplicated."""

from __future__ import annotations

import os
import random
import subprocess
import time
from pathlib import Path

import pytest

from qlvb_desktop.adapters.sync_client import HttpSyncServer
from qlvb_desktop.app import build_core, build_sync
from qlvb_desktop.domain.errors import EnvironmentProblem
from tests.samples import random_pdf
from tests.server.conftest import PASSWORD, Org, qlvb, qlvb_process, station_state

pytestmark = pytest.mark.slow


def _register_many(st: Path, n: int, tag: str, files_dir: Path, size: int = 200_000) -> None:
    for i in range(n):
        f = files_dir / f"{tag}-{i}.pdf"
        random_pdf(f, size)  # a real PDF: attachments are checked at the door
        assert (
            qlvb(
                st,
                "register",
                "--issuer",
                "Bộ Nội vụ",
                "--doc-type",
                "Công văn",
                "--subject",
                f"Thử lỗi {tag} {i}",
                "--file",
                str(f),
                "--yes",
            )
            == 0
        )


def _assert_converged(org: Org, stations: list[Path], expected: int) -> None:
    year = time.localtime().tm_year
    listing = org.api("GET", f"/books/den/years/{year}/numbers")
    uids = [r["uid"] for r in listing]
    assert len(uids) == len(set(uids)) == expected, (len(uids), expected)
    numbers = [r["arrival_number"] for r in listing]
    assert len(numbers) == len(set(numbers))
    server_view = {r["uid"]: r["arrival_number"] for r in listing}
    for st in stations:
        state = station_state(st)
        assert {u: v["number"] for u, v in state.items()} == server_view


def test_sigkill_server_or_station_mid_sync(server_process, tmp_path):
    seed = int(time.time())
    rng = random.Random(seed)
    print(f"seed {seed}")
    sp = server_process()
    org = Org(sp, clerks=1)
    sp.start()
    st = tmp_path / "station"
    files_dir = tmp_path / "scans"
    files_dir.mkdir()
    env = {"PW": PASSWORD}
    assert (
        qlvb(
            st,
            "login",
            "--server",
            sp.url,
            "--user",
            "clerk0",
            "--password-env",
            "PW",
            "--lease-block",
            "3",
            env=env,
        )
        == 0
    )
    total = 0
    kills = {"server": 0, "station": 0}
    deadline = time.monotonic() + 400
    for round_no in range(20):
        assert time.monotonic() < deadline
        _register_many(st, 3, f"r{round_no}", files_dir, size=rng.choice([50_000, 2_000_000]))
        total += 3
        proc = qlvb_process(st, "sync", "--password-env", "PW", env=env)
        time.sleep(rng.uniform(0.0, 1.5))
        victim = rng.choice(["server", "station"])
        if victim == "server":
            sp.kill()
        if proc.poll() is None:
            proc.kill()
            kills[victim] += 1
        proc.wait(timeout=60)
        assert proc.stderr is not None
        proc.stderr.close()
        if victim == "server":
            sp.start()
    print(kills)
    assert sum(kills.values()) > 0
    assert qlvb(st, "sync", "--password-env", "PW", env=env) == 0
    assert qlvb(st, "sync", "--password-env", "PW", env=env) == 0
    _assert_converged(org, [st], total)


def test_proxy_drops_and_stalls_a_50mb_upload(server_process, faulty_proxy, tmp_path):
    """A 50 MB file through a connection cut every few MB (and sometimes stalled) still arrives."""
    sp = server_process()
    org = Org(sp, clerks=1)
    sp.start()
    proxy = faulty_proxy(
        sp.port, seed=int(time.time()), drop_after=(2_000_000, 8_000_000), stall_chance=0.1, stall=4.0
    )
    st = tmp_path / "station"
    assert (
        qlvb(
            st, "login", "--server", sp.url, "--user", "clerk0", "--password-env", "PW", env={"PW": PASSWORD}
        )
        == 0
    )
    big = tmp_path / "big.pdf"
    random_pdf(big, 50 * 1024 * 1024 - 4096)
    assert (
        qlvb(
            st,
            "register",
            "--issuer",
            "Bộ Nội vụ",
            "--doc-type",
            "Công văn",
            "--subject",
            "Tệp lớn",
            "--file",
            str(big),
        )
        == 0
    )
    _register_many(st, 5, "small", tmp_path, size=300_000)
    core = build_core(st)
    direct = HttpSyncServer(sp.url, station=core.settings.station_id)
    token = direct.login("clerk0", PASSWORD)["token"]
    direct.close()
    core.settings.server_url = proxy.url
    service = build_sync(core, token)
    service.server.client.timeout = 2.0  # type: ignore[attr-defined]  # so a stall is a timeout
    failures = 0
    for _ in range(200):
        try:
            service.sync_once()
            break
        except EnvironmentProblem:
            failures += 1
    else:
        pytest.fail("sync did not complete through the faulty proxy")
    service.server.close()  # type: ignore[attr-defined]
    print(f"{failures} failed attempts, {proxy.dropped} dropped, {proxy.stalled} stalled connections")
    assert proxy.dropped > 0
    core.settings.server_url = sp.url
    _assert_converged(org, [st], 6)


def _mount_tmpfs(path: Path, size_mb: int) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root; run as root (CI does)")
    path.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(path)], capture_output=True, text=True
    )
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")


def test_server_disk_full(server_process, tmp_path):
    """The server's data dir on an 8 MB tmpfs: uploads fail with 'disk full', the station keeps
    its queue; after the disk grows everything arrives once."""
    data = tmp_path / "server-disk"
    _mount_tmpfs(data, 8)
    try:
        sp = server_process(data_dir=data)
        org = Org(sp, clerks=1)
        sp.start()
        st = tmp_path / "station"
        assert (
            qlvb(
                st,
                "login",
                "--server",
                sp.url,
                "--user",
                "clerk0",
                "--password-env",
                "PW",
                env={"PW": PASSWORD},
            )
            == 0
        )
        _register_many(st, 6, "full", tmp_path, size=2_000_000)
        assert qlvb(st, "sync") == 4  # disk full: reported, nothing lost
        core = build_core(st)
        service = build_sync(core)
        pending, rejected, _ = service.journal.counts()
        service.server.close()  # type: ignore[attr-defined]
        assert pending > 0 and rejected == 0
        subprocess.run(["mount", "-o", "remount,size=100m", str(data)], check=True)
        assert qlvb(st, "sync") == 0
        _assert_converged(org, [st], 6)
        assert not any((data / "uploads").rglob("*.part"))
    finally:
        server_process_stop = [p for p in [locals().get("sp")] if p is not None]
        for p in server_process_stop:
            p.stop()
        subprocess.run(["umount", "-l", str(data)], capture_output=True)

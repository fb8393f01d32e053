"""End to end: a real server process on loopback and three station data directories that
register into one book with random offline periods (and a server that is down for a while).
After everyone syncs, every number 1..N is used exactly once or voided, and every registration
and file exists once on the server and on every station."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from tests.samples import tiny_pdf
from tests.server.conftest import PASSWORD, Org, qlvb, station_state

pytestmark = pytest.mark.slow


def _register(data_dir: Path, rng: random.Random, files_dir: Path, k: int) -> int:
    args = [
        "register",
        "--issuer",
        f"UBND huyện {rng.randint(1, 9)}",
        "--doc-type",
        "Công văn",
        "--subject",
        f"Văn bản thử {k} của {data_dir.name}",
        "--yes",
    ]
    if rng.random() < 0.4:
        f = files_dir / f"{data_dir.name}-{k}.pdf"
        # Some files are the same bytes on two stations: stored once (content-addressed).
        tiny_pdf(f, (str(rng.randint(0, 3)) if rng.random() < 0.3 else f.name) * 2000)
        args += ["--file", str(f)]
    return qlvb(data_dir, *args)


def test_three_stations_random_offline(server_process, tmp_path, capsys):
    seed = int(time.time())
    rng = random.Random(seed)
    print(f"seed {seed}")
    sp = server_process()
    org = Org(sp, clerks=3)
    sp.start()
    stations = [tmp_path / f"station{i}" for i in range(3)]
    files_dir = tmp_path / "scans"
    files_dir.mkdir()
    env = {"PW": PASSWORD}
    for st, clerk in zip(stations, org.clerks, strict=True):
        assert (
            qlvb(
                st,
                "login",
                "--server",
                sp.url,
                "--user",
                clerk,
                "--password-env",
                "PW",
                "--lease-block",
                "4",
                env=env,
            )
            == 0
        )
        assert qlvb(st, "sync") == 0
    k = 0
    saw_waiting = False
    deadline = time.monotonic() + 240
    for round_no in range(10):
        assert time.monotonic() < deadline
        server_down = round_no in (3, 7)
        if server_down:
            sp.kill()
        for st in stations:
            online = not server_down and rng.random() < 0.6
            for _ in range(rng.randint(0, 4)):
                k += 1
                assert _register(st, rng, files_dir, k) == 0
            if rng.random() < 0.15:
                capsys.readouterr()
                qlvb(st, "search", "--json", "--limit", "1")
                mine = json.loads(capsys.readouterr().out)
                if mine:
                    assert qlvb(st, "void", str(mine[0]["id"]), "--reason", "Vào sổ nhầm") in (0, 2)
            capsys.readouterr()
            qlvb(st, "sync-status", "--json")
            saw_waiting |= json.loads(capsys.readouterr().out)["waiting_for_number"] > 0
            if online or server_down:
                code = qlvb(st, "sync")
                assert code == (4 if server_down else 0)
        if server_down:
            sp.start()
    assert saw_waiting, "some station ran out of leased numbers offline"
    for _ in range(2):
        for st in stations:
            assert qlvb(st, "sync", "--release") == 0
    year = time.localtime().tm_year
    gaps = org.api(
        "POST", f"/books/den/years/{year}/seal", json={"reason": "Số cấp cho máy trạm nhưng không dùng"}
    )
    for st in stations:
        assert qlvb(st, "sync") == 0
    listing = org.api("GET", f"/books/den/years/{year}/numbers")
    numbers = [r["arrival_number"] for r in listing]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    real = {r["uid"]: r for r in listing if not r["uid"].startswith("void-")}
    assert len(real) == k, (len(real), k, gaps)
    states = [station_state(st) for st in stations]
    server_view = {r["uid"]: (r["arrival_number"], r["status"]) for r in listing}
    for state in states:
        assert {u: (v["number"], v["status"]) for u, v in state.items()} == server_view
    for uid in real:
        snap = org.api("GET", f"/registrations/{uid}")
        for state in states:
            assert state[uid]["files"] == sorted(f["sha256"] for f in snap["files"])

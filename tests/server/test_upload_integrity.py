"""Uploads that cannot corrupt (issue 12): two requests for the same file on a real server on
loopback, timed by hand with raw sockets; damaged stored files found on reuse and by `fsck`;
a rejected upload restarted from zero by the station; a download that does not match its hash
reported as such."""

from __future__ import annotations

import hashlib
import os
import socket
import time

import httpx
import pytest

from qlvb_desktop.domain.clock import iso, now_vn
from tests.server.conftest import ORG_A, PASSWORD, Org, ServerProcess, login

MiB = 1 << 20


def _token(sp: ServerProcess, user: str) -> dict[str, str]:
    with httpx.Client(base_url=sp.url + "/api/v1", timeout=30) as c:
        r = c.post("/auth/login", json={"username": user, "password": PASSWORD})
        r.raise_for_status()
        return {"Authorization": f"Bearer {r.json()['token']}", "X-Station": f"st-{user}"}


def _received(sp: ServerProcess, headers: dict[str, str], sha: str) -> int:
    with httpx.Client(base_url=sp.url + "/api/v1", timeout=30) as c:
        return int(c.get(f"/uploads/{sha}", headers=headers).json()["received"])


def _start_put(sp: ServerProcess, headers: dict[str, str], sha: str, size: int, body: bytes) -> socket.socket:
    """A PUT of the whole file at offset 0 that sends only `body` and then stalls."""
    s = socket.create_connection(("127.0.0.1", sp.port), timeout=30)
    head = (
        f"PUT /api/v1/uploads/{sha}?offset=0&size={size} HTTP/1.1\r\n"
        f"Host: 127.0.0.1\r\nContent-Type: application/octet-stream\r\nContent-Length: {size}\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        + "\r\n"
    ).encode()
    s.sendall(head + body)
    return s


def _status_of_answer(s: socket.socket, wait: float) -> int | None:
    """The HTTP status the server answered on this connection, or None if it said nothing."""
    s.settimeout(wait)
    try:
        data = s.recv(4096)
    except TimeoutError:
        return None
    return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1") else None


@pytest.fixture
def one_org(server_process) -> Org:
    sp = server_process()
    org = Org(sp, clerks=2)
    sp.start()
    return org


@pytest.mark.parametrize("stalled_after", [MiB + MiB // 2, MiB // 2], ids=["resume", "both-from-zero"])
def test_a_stalled_request_never_writes_into_the_file_another_request_stored(one_org, stalled_after):
    """Request A sends part of the file and stalls (its last block is buffered, not written);
    request B sends the file. Before the fix B stored it and A, when its connection closed,
    appended its buffered block into the stored file (or both appended into one part file)."""
    sp = one_org.sp
    headers = _token(sp, "clerk0")
    data = os.urandom(3 * MiB)
    sha = hashlib.sha256(data).hexdigest()
    a = _start_put(sp, headers, sha, len(data), data[:stalled_after])
    try:
        deadline = time.monotonic() + 60
        have = 0
        if stalled_after > MiB:  # wait until A has written its first block
            while (have := _received(sp, headers, sha)) < MiB:
                assert time.monotonic() < deadline, "A's first block never reached the disk"
                time.sleep(0.05)
        else:
            time.sleep(0.5)  # A's handler is running, its bytes are buffered in memory
        with httpx.Client(base_url=sp.url + "/api/v1", timeout=60) as c:
            for _ in range(5):  # B: the usual client loop (ask, send the rest)
                r = c.put(
                    f"/uploads/{sha}",
                    params={"offset": have, "size": len(data)},
                    content=data[have:],
                    headers={**headers, "Content-Type": "application/octet-stream"},
                )
                if r.status_code == 200 and r.json()["complete"]:
                    break
                assert r.status_code == 409, r.text
                have = int(r.json()["received"])
            else:
                pytest.fail("B never completed the upload")
        # A was told to stop (409) when B took the file over; before the fix it heard nothing.
        answered = _status_of_answer(a, wait=10)
    finally:
        a.close()
    stored = sp.data_dir / "files" / sha[:2] / sha
    time.sleep(0.5)
    assert stored.read_bytes() == data, f"stored file damaged: {stored.stat().st_size} bytes"
    assert answered == 409
    with httpx.Client(base_url=sp.url + "/api/v1", timeout=60) as c:
        got = c.get(f"/files/{sha}", headers=headers)
    assert got.status_code == 200 and got.content == data


def test_a_request_cut_midway_keeps_what_it_wrote(one_org):
    """Nothing else wants the file: the stalled request keeps what it wrote and the client
    resumes from there later."""
    sp = one_org.sp
    headers = _token(sp, "clerk0")
    data = os.urandom(2 * MiB + 123)
    sha = hashlib.sha256(data).hexdigest()
    a = _start_put(sp, headers, sha, len(data), data[: MiB + 10])
    deadline = time.monotonic() + 60
    while (have := _received(sp, headers, sha)) < MiB:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    a.close()
    deadline = time.monotonic() + 60
    while (have := _received(sp, headers, sha)) < MiB + 10:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    with httpx.Client(base_url=sp.url + "/api/v1", timeout=60) as c:
        r = c.put(
            f"/uploads/{sha}",
            params={"offset": have, "size": len(data)},
            content=data[have:],
            headers={**headers, "Content-Type": "application/octet-stream"},
        )
    assert r.status_code == 200 and r.json()["complete"], r.text
    assert (sp.data_dir / "files" / sha[:2] / sha).read_bytes() == data


def _upload(client, headers, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    r = client.put(
        f"/api/v1/uploads/{sha}",
        params={"offset": 0, "size": len(data)},
        content=data,
        headers={**headers, "Content-Type": "application/octet-stream"},
    )
    assert r.status_code == 200 and r.json()["complete"], r.text
    return sha


def test_a_damaged_stored_file_is_not_reused_across_organizations(client, tmp_path):
    """Organization A's stored file is damaged on disk: B's honest upload of the same bytes is
    not answered "complete" with A's file; B stores the right bytes and A's copy is gone."""
    a, b = login(client, "clerk-a"), login(client, "clerk-b")
    data = os.urandom(300_000)
    sha = _upload(client, a, data)
    stored = tmp_path / "blobs" / "files" / sha[:2] / sha
    os.chmod(stored, 0o644)
    with stored.open("ab") as f:
        f.write(b"appended by someone")
    state = client.get(f"/api/v1/uploads/{sha}", headers=b).json()
    assert state == {"sha256": sha, "received": 0, "complete": False}
    _upload(client, b, data)
    assert client.get(f"/api/v1/files/{sha}", headers=b).content == data
    assert list((tmp_path / "blobs" / "quarantine").glob(f"{sha}.*.why"))


def _last_byte_changed(data: bytes) -> bytes:
    # Flipped, not replaced by a fixed byte: random data ends with that byte one time in 256, and
    # then the "damaged" copy was the original (a fresh clone failed that way).
    return data[:-1] + bytes([data[-1] ^ 0xFF])


def test_a_damaged_stored_file_is_never_downloaded(client, tmp_path):
    a = login(client, "clerk-a")
    data = os.urandom(100_000)
    sha = _upload(client, a, data)
    stored = tmp_path / "blobs" / "files" / sha[:2] / sha
    os.chmod(stored, 0o644)
    stored.write_bytes(_last_byte_changed(data))
    assert client.get(f"/api/v1/files/{sha}", headers=a).status_code == 404
    assert client.get(f"/api/v1/uploads/{sha}", headers=a).json()["complete"] is False
    _upload(client, a, data)  # the station still has the bytes: stored again
    assert client.get(f"/api/v1/files/{sha}", headers=a).content == data


def test_declared_length_and_hash_are_checked_before_a_file_is_accepted(client):
    a = login(client, "clerk-a")
    data = os.urandom(50_000)
    sha = hashlib.sha256(data).hexdigest()
    put = {**a, "Content-Type": "application/octet-stream"}
    r = client.put(f"/api/v1/uploads/{sha}", params={"offset": 0, "size": 40_000}, content=data, headers=put)
    assert r.status_code == 413
    assert client.get(f"/api/v1/uploads/{sha}", headers=a).json()["received"] == 0  # restart from zero
    wrong = hashlib.sha256(b"other").hexdigest()
    r = client.put(f"/api/v1/uploads/{wrong}", params={"offset": 0, "size": len(data)}, content=data, headers=put)
    assert r.status_code == 422
    assert client.get(f"/api/v1/uploads/{wrong}", headers=a).json()["received"] == 0


def test_fsck_quarantines_a_damaged_stored_file_and_names_its_registration(server_process, tmp_path):
    sp = server_process()
    org = Org(sp, clerks=1)
    sp.start()
    headers = _token(sp, "clerk0")
    good, bad = os.urandom(70_000), os.urandom(80_000)
    shas = []
    with httpx.Client(base_url=sp.url + "/api/v1", timeout=60) as c:
        for data in (good, bad):
            sha = hashlib.sha256(data).hexdigest()
            r = c.put(
                f"/uploads/{sha}",
                params={"offset": 0, "size": len(data)},
                content=data,
                headers={**headers, "Content-Type": "application/octet-stream"},
            )
            assert r.json()["complete"]
            shas.append(sha)
        op = {
            "op_id": "op-fsck-0001",
            "kind": "register",
            "uid": "uid-fsck-0001",
            "book": "den",
            "at": iso(now_vn()),
            "fields": {
                "issuer": "Bộ Nội vụ",
                "doc_type": "Công văn",
                "subject": "Thử fsck",
                "received_at": iso(now_vn()),
            },
            "files": [{"sha256": shas[1], "name": "hong.pdf", "size": len(bad)}],
        }
        r = c.post("/operations", json={"operations": [op]}, headers=headers)
        assert r.json()["results"][0]["status"] == "applied", r.text
    sp.stop()
    stored = sp.data_dir / "files" / shas[1][:2] / shas[1]
    os.chmod(stored, 0o644)
    with stored.open("r+b") as f:
        f.seek(1000)
        f.write(b"\0\0\0\0")
    r = sp.admin("fsck")
    assert r.returncode == 1, r.stderr
    assert shas[1] in r.stdout and f"{ORG_A} sổ den" in r.stdout and "1 tệp hỏng" in r.stdout
    assert shas[0] not in r.stdout
    assert not stored.exists()
    r = sp.admin("fsck")
    assert r.returncode == 0 and "0 tệp hỏng" in r.stdout
    del org



def test_station_sends_a_refused_file_again_from_zero(one_org, tmp_path, caplog):
    """The server holds a damaged partial upload: the station's resumed upload is refused
    (422) and the station starts that file again from zero by itself, and logs it."""
    from qlvb_desktop.adapters.sync_client import HttpSyncServer
    from qlvb_desktop.domain.registration import FileRef

    sp = one_org.sp
    data = os.urandom(2 * MiB + 5)
    sha = hashlib.sha256(data).hexdigest()
    local = tmp_path / "scan.pdf"
    local.write_bytes(data)
    part = sp.data_dir / "uploads" / "1" / f"{sha}.part"
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(b"\0" * 4096)  # left by a damaged earlier attempt
    server = HttpSyncServer(sp.url, station="st-restart")
    try:
        server.login("clerk0", PASSWORD)
        with caplog.at_level("WARNING", logger="qlvb_desktop.adapters.sync_client"):
            server.upload(local, FileRef(sha256=sha, name="scan.pdf", size=len(data)))
    finally:
        server.close()
    assert (sp.data_dir / "files" / sha[:2] / sha).read_bytes() == data
    assert any("again from zero" in r.getMessage() for r in caplog.records)


def test_station_gives_up_on_a_file_refused_every_time(one_org, tmp_path):
    """The local file no longer has the bytes its hash says: bounded restarts, then one sentence."""
    from qlvb_desktop.adapters.sync_client import HttpSyncServer, ServerUnreachable
    from qlvb_desktop.domain.registration import FileRef

    data = os.urandom(100_000)
    local = tmp_path / "scan.pdf"
    local.write_bytes(_last_byte_changed(data))
    server = HttpSyncServer(one_org.sp.url, station="st-giveup")
    try:
        server.login("clerk0", PASSWORD)
        ref = FileRef(sha256=hashlib.sha256(data).hexdigest(), name="scan.pdf", size=len(data))
        with pytest.raises(ServerUnreachable) as caught:
            server.upload(local, ref)
    finally:
        server.close()
    assert "nhiều lần không nhận tệp scan.pdf" in caught.value.message


@pytest.mark.slow
def test_two_stations_send_the_same_50mb_files_through_a_proxy_that_drops_and_stalls(
    server_process, faulty_proxy, tmp_path
):
    """20 uploads of 50 MB (the same 10 files registered on two stations, sent at once through
    a proxy that cuts connections every few MB and stalls some): every file arrives with its
    exact bytes, once, and both stations end with the same register."""
    import threading

    from qlvb_desktop.adapters.sync_client import HttpSyncServer
    from qlvb_desktop.app import build_core, build_sync
    from qlvb_desktop.domain.errors import EnvironmentProblem
    from tests.samples import random_pdf
    from tests.server.conftest import qlvb, station_state

    sp = server_process()
    org = Org(sp, clerks=2)
    sp.start()
    proxy = faulty_proxy(
        sp.port, seed=int(time.time()), drop_after=(5_000_000, 40_000_000), stall_chance=0.1, stall=4.0
    )
    scans = tmp_path / "scans"
    scans.mkdir()
    files = []
    for i in range(10):
        f = scans / f"lon-{i}.pdf"
        random_pdf(f, 50 * MiB - 4096)  # a real PDF: attachments are checked at the door
        files.append(f)
    stations = [tmp_path / "station0", tmp_path / "station1"]
    services = []
    for st, clerk in zip(stations, org.clerks, strict=True):
        assert qlvb(st, "login", "--server", sp.url, "--user", clerk, "--password-env", "PW", env={"PW": PASSWORD}) == 0
        for f in files:
            code = qlvb(
                st, "register", "--issuer", "Bộ Nội vụ", "--doc-type", "Công văn",
                "--subject", f"Tệp lớn {f.name}", "--file", str(f), "--yes",
            )  # fmt: skip
            assert code == 0
        core = build_core(st)
        direct = HttpSyncServer(sp.url, station=core.settings.station_id)
        try:
            token = direct.login(clerk, PASSWORD)["token"]
        finally:
            direct.close()
        core.settings.server_url = proxy.url
        service = build_sync(core, token)
        service.server.client.timeout = 2.0  # type: ignore[attr-defined]  # so a stall is a timeout
        services.append((core, service))
    outcome: dict[int, str] = {}

    def run(k: int) -> None:
        for attempt in range(300):
            try:
                services[k][1].sync_once()
                outcome[k] = f"done after {attempt} failed attempts"
                return
            except EnvironmentProblem:
                continue
        outcome[k] = "never completed"

    threads = [threading.Thread(target=run, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(900)
    for core, service in services:
        service.server.close()
        core.repo.engine.dispose()
    print(outcome, f"{proxy.dropped} dropped, {proxy.stalled} stalled connections")
    assert all(v.startswith("done") for v in outcome.values()) and len(outcome) == 2, outcome
    assert proxy.dropped > 0
    for f in files:
        sha = hashlib.sha256(f.read_bytes()).hexdigest()
        stored = sp.data_dir / "files" / sha[:2] / sha
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == sha
    for st in stations:  # the second station's pull brings the first one's registrations
        assert qlvb(st, "sync") == 0
    year = time.localtime().tm_year
    listing = org.api("GET", f"/books/den/years/{year}/numbers")
    assert len(listing) == 20 and len({r["arrival_number"] for r in listing}) == 20
    server_view = {r["uid"]: r["arrival_number"] for r in listing}
    for st in stations:
        assert {u: v["number"] for u, v in station_state(st).items()} == server_view
    assert not list((sp.data_dir / "uploads").rglob("*.part"))


def test_of_three_requests_for_one_file_only_the_newest_goes_on():
    """A holds the file; B and C arrive while it stops: B (no longer the newest) steps aside
    without writing, C gets the file. One writer at a time, always the newest."""
    import asyncio

    from qlvb_server.uploads import UploadGate, _Superseded

    async def scenario() -> list[str]:
        gate = UploadGate()
        log: list[str] = []
        holding = asyncio.Event()

        async def request(name: str, hold_until_stopped: bool) -> None:
            try:
                async with gate.hold(1, "f" * 64) as stop:
                    log.append(f"{name} writes")
                    if hold_until_stopped:
                        holding.set()
                        await asyncio.wait_for(stop.wait(), 30)
                        log.append(f"{name} told to stop")
            except _Superseded:
                log.append(f"{name} steps aside")

        a = asyncio.create_task(request("A", True))
        await holding.wait()
        b = asyncio.create_task(request("B", False))
        c = asyncio.create_task(request("C", False))
        await asyncio.wait_for(asyncio.gather(a, b, c), 30)
        assert not gate.busy(1, "f" * 64)
        return log

    assert asyncio.run(scenario()) == ["A writes", "A told to stop", "B steps aside", "C writes"]

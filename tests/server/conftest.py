"""Fixtures of the central server's tests: a store on SQLite or on a private PostgreSQL cluster,
the app in-process (TestClient), and the real `qlvb-server` process on a free loopback port."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from qlvb_server.app import create_app
from qlvb_server.database import database_url, open_engine
from qlvb_server.store import ServerStore

ORG_A = "000.00.04.G14"
ORG_B = "000.00.05.H26"
PASSWORD = "mat-khau-thu-1"
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def seed(store: ServerStore) -> None:
    store.create_organization(ORG_A, "Sở Tài chính")
    store.add_user(ORG_A, "admin-a", PASSWORD, "admin")
    store.add_user(ORG_A, "clerk-a", PASSWORD, "clerk")
    store.add_user(ORG_A, "clerk-a2", PASSWORD, "clerk")
    store.create_organization(ORG_B, "Sở Nội vụ")
    store.add_user(ORG_B, "admin-b", PASSWORD, "admin")
    store.add_user(ORG_B, "clerk-b", PASSWORD, "clerk")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A private PostgreSQL 15 cluster on a free loopback port (initdb + pg_ctl), run as the
    `postgres` system user when the tests run as root (PostgreSQL refuses root)."""
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 is not installed (Debian package postgresql; make setup installs it)")
    # Not under pytest's tmp dir: as root that is mode 0700, closed to the postgres user.
    base = Path(tempfile.mkdtemp(prefix="qlvb-pg-"))
    data = base / "data"
    port = free_port()
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        os.chmod(base, 0o700)
        prefix = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [
            *prefix,
            str(PG_BIN / "initdb"),
            "-D",
            str(data),
            "-U",
            "qlvb",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *prefix,
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(base / "log"),
            "-w",
            "-t",
            "60",
            "-o",
            f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={base} -c fsync=off",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        subprocess.run(
            [*prefix, str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "qlvb", "qlvb"],
            check=True,
            capture_output=True,
        )
        yield f"postgresql://qlvb@127.0.0.1:{port}/qlvb"
    finally:
        subprocess.run(
            [*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerStore]:
    if request.param == "sqlite":
        url = database_url(tmp_path, None)
    else:
        base: str = request.getfixturevalue("postgres_url")
        url = database_url(tmp_path, base)
        _reset_postgres(url)
    engine = open_engine(url)
    s = ServerStore(engine)
    seed(s)
    yield s
    engine.dispose()


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def client(store: ServerStore, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store, tmp_path / "blobs")) as c:
        yield c


def login(client: TestClient, user: str, password: str = PASSWORD) -> dict[str, str]:
    r = client.post("/api/v1/auth/login", json={"username": user, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}", "X-Station": f"station-{user}"}


class ServerProcess:
    """The real `qlvb-server` in a subprocess; stopped (SIGKILL if needed) by the fixture."""

    def __init__(self, data_dir: Path, db: str | None = None, extra: list[str] | None = None) -> None:
        self.data_dir = data_dir
        self.db = db
        self.extra = extra or []
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.scheme = "https" if "--certfile" in self.extra else "http"

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def admin(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "qlvb_server.cli", *args, "--data-dir", str(self.data_dir)]
        if self.db:
            cmd += ["--db", self.db]
        return subprocess.run(
            cmd, capture_output=True, text=True, timeout=120, env={**os.environ, "QLVB_TEST_PW": PASSWORD}
        )

    def start(self, verify: Any = True) -> None:
        cmd = [
            sys.executable,
            "-m",
            "qlvb_server.cli",
            "--data-dir",
            str(self.data_dir),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            *self.extra,
        ]
        if self.db:
            cmd += ["--db", self.db]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"server exited: {self.proc.stderr.read().decode() if self.proc.stderr else ''}"
                )
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=2, verify=verify).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not start in 60 s")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)
        if self.proc is not None and self.proc.stderr:
            self.proc.stderr.close()
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=15)
        self.kill()


@pytest.fixture
def server_process(tmp_path: Path) -> Iterator[Callable[..., ServerProcess]]:
    started: list[ServerProcess] = []

    def make(
        data_dir: Path | None = None, db: str | None = None, extra: list[str] | None = None
    ) -> ServerProcess:
        sp = ServerProcess(data_dir or tmp_path / f"server{len(started)}", db, extra)
        started.append(sp)
        return sp

    yield make
    for sp in started:
        sp.stop()


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[Any]:
    """Tests never touch a real keyring: an in-memory one for this process."""
    import keyring

    from qlvb_desktop.adapters.credentials import MemoryKeyring

    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


def qlvb(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> int:
    """Run the `qlvb` command in this process (a station)."""
    from qlvb_desktop.cli import main

    old = dict(os.environ)
    os.environ.update(env or {})
    try:
        return main(["--data-dir", str(data_dir), *args])
    finally:
        os.environ.clear()
        os.environ.update(old)


class Org:
    """A running server with one organization, its admin and clerks, and a way to ask it."""

    def __init__(self, sp: ServerProcess, clerks: int) -> None:
        self.sp = sp
        r = sp.admin(
            "init",
            "--org-code",
            ORG_A,
            "--org-name",
            "Sở Tài chính",
            "--admin",
            "admin",
            "--password-env",
            "QLVB_TEST_PW",
        )
        assert r.returncode == 0, r.stderr
        self.clerks = [f"clerk{i}" for i in range(clerks)]
        for name in self.clerks:
            r = sp.admin("useradd", "--org-code", ORG_A, name, "--password-env", "QLVB_TEST_PW")
            assert r.returncode == 0, r.stderr

    def api(self, method: str, path: str, verify: Any = True, **kwargs: Any) -> Any:
        with httpx.Client(base_url=self.sp.url + "/api/v1", verify=verify, timeout=60) as c:
            token = c.post("/auth/login", json={"username": "admin", "password": PASSWORD}).json()["token"]
            r = c.request(
                method, path, headers={"Authorization": f"Bearer {token}", "X-Station": "admin"}, **kwargs
            )
            r.raise_for_status()
            return r.json()


def station_state(data_dir: Path) -> dict[str, dict[str, Any]]:
    """uid -> (number, status, files) of a station's local register, checked for consistency."""
    from sqlalchemy import text

    from qlvb_desktop.app import build_core
    from qlvb_desktop.services.audit import verify_audit

    core = build_core(data_dir)
    problems = verify_audit(core.repo)
    assert not problems, [p.message for p in problems]
    out: dict[str, dict[str, Any]] = {}
    with core.repo.engine.connect() as conn:
        for r in conn.execute(text("SELECT id, uid, arrival_number, status FROM registrations")):
            reg = core.repo.get(r.id)
            for f in reg.files:
                assert core.files.path_of(f.sha256).is_file(), f"{data_dir.name}: file {f.name} missing"
            out[r.uid] = {
                "number": r.arrival_number,
                "status": r.status,
                "files": sorted(f.sha256 for f in reg.files),
            }
    core.repo.engine.dispose()
    return out


class FaultyProxy:
    """A loopback TCP proxy in front of the server that cuts connections after a random number
    of bytes, or stalls them (forwards nothing for `stall` seconds). Bounded: it serves at most
    `max_connections` and stops with the fixture."""

    def __init__(
        self,
        target_port: int,
        *,
        seed: int,
        drop_after: tuple[int, int] = (0, 0),
        stall_chance: float = 0.0,
        stall: float = 0.0,
        max_connections: int = 5000,
    ) -> None:
        import random
        import threading

        self.target_port = target_port
        self.rng = random.Random(seed)
        self.drop_after = drop_after
        self.stall_chance = stall_chance
        self.stall = stall
        self.max_connections = max_connections
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = int(self.listener.getsockname()[1])
        self.stopped = threading.Event()
        self.dropped = 0
        self.stalled = 0
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        import threading

        self.listener.settimeout(0.2)
        served = 0
        while not self.stopped.is_set() and served < self.max_connections:
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            served += 1
            budget = self.rng.randint(*self.drop_after) if self.drop_after[1] else None
            stall = self.rng.random() < self.stall_chance
            threading.Thread(target=self._pipe, args=(client, budget, stall), daemon=True).start()

    def _pipe(self, client: socket.socket, budget: int | None, stall: bool) -> None:
        import select

        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
        except OSError:
            client.close()
            return
        moved = 0
        deadline = time.monotonic() + 120
        try:
            if stall:
                self.stalled += 1
                self.stopped.wait(self.stall)
            while not self.stopped.is_set() and time.monotonic() < deadline:
                ready, _, _ = select.select([client, upstream], [], [], 0.2)
                for s in ready:
                    data = s.recv(65536)
                    if not data:
                        return
                    (upstream if s is client else client).sendall(data)
                    moved += len(data)
                    if budget is not None and moved >= budget:
                        self.dropped += 1
                        client.setsockopt(
                            socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                        )
                        return
        except OSError:
            return
        finally:
            client.close()
            upstream.close()

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()
        self.thread.join(5)


@pytest.fixture
def faulty_proxy() -> Iterator[Callable[..., FaultyProxy]]:
    made: list[FaultyProxy] = []

    def make(target_port: int, **kwargs: Any) -> FaultyProxy:
        p = FaultyProxy(target_port, **kwargs)
        made.append(p)
        return p

    yield make
    for p in made:
        p.close()


def qlvb_process(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """`qlvb` as a separate process (to SIGKILL it); its keyring is in memory, so it logs in
    with --password-env when it needs to."""
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("qlvb")), "--data-dir", str(data_dir), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={
            **os.environ,
            "PYTHON_KEYRING_BACKEND": "qlvb_desktop.adapters.credentials.MemoryKeyring",
            **(env or {}),
        },
    )

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

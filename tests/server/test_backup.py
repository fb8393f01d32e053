"""`qlvb-server backup` / `restore` on SQLite and on a real PostgreSQL: a server with
registrations and files comes back whole (rows, files, numbering going on where it stopped),
a SQLite server moves to PostgreSQL, and a damaged archive or a non-empty target is refused
before anything is written."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from qlvb_server.app import create_app
from qlvb_server.backup import BackupRefused, backup, restore
from qlvb_server.database import database_url, open_engine
from qlvb_server.store import ServerStore
from qlvb_server.tables import metadata
from tests.server.conftest import _reset_postgres, login

NOW = "2026-03-02T08:30:00+07:00"


def _op(n: int, **extra: Any) -> dict[str, Any]:
    fields = {"issuer": "UBND tỉnh", "doc_type": "Công văn", "subject": f"Văn bản {n}", "received_at": NOW}
    return {"op_id": f"op-{n:08d}", "kind": "register", "uid": f"uid-{n:08d}", "book": "den", "at": NOW,
            "fields": fields, **extra}  # fmt: skip


def _register(client: TestClient, h: dict[str, str], n: int, content: bytes | None = None) -> dict[str, Any]:
    files = []
    if content is not None:
        sha = hashlib.sha256(content).hexdigest()
        r = client.put(f"/api/v1/uploads/{sha}", params={"offset": 0, "size": len(content)}, content=content, headers=h)
        assert r.json()["complete"], r.text
        files = [{"sha256": sha, "name": f"vb{n}.pdf", "size": len(content)}]
    r = client.post("/api/v1/operations", json={"operations": [_op(n, files=files)]}, headers=h)
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()["results"][0]
    assert result["status"] == "applied", result
    return result


def _everything(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    with engine.connect() as conn:
        return {
            t.name: [dict(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns)).mappings()]
            for t in metadata.sorted_tables
        }


def _url(store: ServerStore) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def test_backup_then_restore_gives_the_same_server(store: ServerStore, tmp_path: Path) -> None:
    blobs = tmp_path / "blobs"
    with TestClient(create_app(store, blobs)) as client:
        h = login(client, "clerk-a")
        first = _register(client, h, 1, b"%PDF-1.4 cong van 1 " + os.urandom(64))
        _register(client, h, 2, b"%PDF-1.4 cong van 2 " + os.urandom(200_000))
        _register(client, h, 3)
    before = _everything(store.engine)
    assert before["registrations"] and before["files"] and before["users"]
    archive = backup(store.engine, blobs, tmp_path / "out" / "b.tar")
    assert archive.rows == sum(len(rows) for rows in before.values()) and archive.files == 2

    # Into an empty database of the same kind and an empty folder.
    url = _url(store)
    store.engine.dispose()
    restored_dir = tmp_path / "restored"
    if url.startswith("postgresql"):
        _reset_postgres(url)
    else:
        url = database_url(restored_dir, None)
    done = restore(url, restored_dir, archive.path)
    assert done.rows == archive.rows and done.files == 2
    engine = open_engine(url)
    try:
        assert _everything(engine) == before
        for sha in (f.name for f in (blobs / "files").rglob("*") if f.is_file()):
            got = restored_dir / "files" / sha[:2] / sha
            assert hashlib.sha256(got.read_bytes()).hexdigest() == sha
        # The restored server goes on: same logins, the next number follows, new rows get new ids.
        with TestClient(create_app(ServerStore(engine), restored_dir)) as client:
            h = login(client, "clerk-a")
            fourth = _register(client, h, 4, b"%PDF-1.4 sau phuc hoi")
            assert fourth["arrival_number"] == first["arrival_number"] + 3
            sha = hashlib.sha256(b"%PDF-1.4 sau phuc hoi").hexdigest()
            assert client.get(f"/api/v1/files/{sha}", headers=h).content == b"%PDF-1.4 sau phuc hoi"
        # Restoring over data is refused, and changes nothing.
        try:
            restore(url, restored_dir, archive.path)
            raise AssertionError("restore into a database with data was not refused")
        except BackupRefused as exc:
            assert "đã có dữ liệu" in exc.message
        assert len(_everything(engine)["registrations"]) == 4
    finally:
        engine.dispose()


def test_a_sqlite_server_moves_to_postgresql(postgres_url: str, tmp_path: Path) -> None:
    (tmp_path / "sqlite").mkdir()
    src = open_engine(database_url(tmp_path / "sqlite", None))
    store = ServerStore(src)
    store.create_organization("000.00.04.G14", "Sở Tài chính")
    store.add_user("000.00.04.G14", "clerk-a", "mat-khau-dai-du-12", "clerk")
    with TestClient(create_app(store, tmp_path / "sqlite")) as client:
        h = login(client, "clerk-a", "mat-khau-dai-du-12")
        _register(client, h, 1, b"%PDF-1.4 tu sqlite")
    before = _everything(src)
    archive = backup(src, tmp_path / "sqlite", tmp_path / "b.tar")
    src.dispose()
    url = database_url(tmp_path, postgres_url)
    _reset_postgres(url)
    restore(url, tmp_path / "pg", archive.path)
    engine = open_engine(url)
    try:
        assert _everything(engine) == before
    finally:
        engine.dispose()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qlvb_server.cli", *args], capture_output=True, text=True, timeout=120,
        env={**os.environ, "QLVB_PW": "mat-khau-dai-du-12"},
    )  # fmt: skip


def test_cli_backup_restore_and_refusals(tmp_path: Path) -> None:
    data = tmp_path / "server"
    r = _cli("init", "--data-dir", str(data), "--org-code", "000.00.04.G14", "--org-name", "Sở Tài chính",
             "--admin", "quantri", "--password-env", "QLVB_PW")  # fmt: skip
    assert r.returncode == 0, r.stderr
    r = _cli("backup", "--data-dir", str(data))
    assert r.returncode == 0, r.stderr
    archive = next((data / "backups").glob("qlvb-server-*.tar"))
    assert not list((data / "backups").glob(".*part"))
    assert archive.stat().st_mode & 0o077 == 0, "the archive holds password hashes: the owner's only"
    r = _cli("restore", "--data-dir", str(tmp_path / "check"), str(archive), "--check")
    assert r.returncode == 0 and "users: 1 dòng" in r.stdout, r.stdout + r.stderr
    r = _cli("restore", "--data-dir", str(tmp_path / "new"), str(archive))
    assert r.returncode == 0, r.stderr
    r = _cli("restore", "--data-dir", str(tmp_path / "new"), str(archive))  # again: now it has data
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "đã có dữ liệu" in r.stderr
    # A damaged archive: one table's rows cut off; nothing is written.
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w") as dst:
        for member in src.getmembers():
            if member.name != "tables/users.jsonl":
                dst.addfile(member, src.extractfile(member))
    r = _cli("restore", "--data-dir", str(tmp_path / "other"), str(damaged))
    assert r.returncode == 2 and "bị hỏng" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "other" / "server.sqlite3").exists()
    not_tar = tmp_path / "x.tar"
    not_tar.write_bytes(b"khong phai tar")
    r = _cli("restore", "--data-dir", str(tmp_path / "other"), str(not_tar))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1

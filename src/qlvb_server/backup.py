"""`qlvb-server backup` / `restore`: the whole server (database and stored files) in one tar.

The archive holds `manifest.json` (format, time, schema revision, row counts, every file with
its SHA-256), `tables/<name>.jsonl` (the rows, one JSON object a line) and `files/<aa>/<sha256>`
(the content-addressed documents). The rows are read in one read-only transaction, so they are
one consistent moment of a running server; files are copied after it, and a file is stored
before any row names it, so every file the rows need is there. Partial uploads are left out
(stations resume them).

The rows are written as plain JSON, not a dialect's dump, so a backup of a SQLite server
restores into PostgreSQL (how an office outgrows SQLite) and back. Restore checks the whole
archive (every file's hash, every table's row count) before it writes anything, refuses a
database that already holds data, builds the schema of the backup's revision, inserts the rows
in one transaction, upgrades to the newest schema, and only then moves the files into place.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, Integer, create_engine, func, select, text

from qlvb_desktop.services.atomic_file import atomic_output
from qlvb_server.database import MIGRATIONS
from qlvb_server.tables import metadata

FORMAT = "qlvb-server-backup/1"
VN = timezone(timedelta(hours=7))
CHUNK = 1 << 20


class BackupRefused(Exception):
    """An archive or a target that restore will not touch; `message` is for the administrator."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass
class BackupSummary:
    path: Path
    rows: int
    files: int
    bytes: int


def _revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        rev = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
    return rev


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(VN).timestamp())
    tar.addfile(info, io.BytesIO(data))


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """One read transaction that sees one moment for all its statements: REPEATABLE READ on
    PostgreSQL (READ COMMITTED would give each table its own moment); on SQLite in WAL mode a
    deferred BEGIN is a snapshot from its first read and takes no write lock."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        else:
            conn = conn.execution_options(qlvb_read=True)
        with conn.begin():
            yield conn


def backup(engine: Engine, data_dir: Path, out: Path) -> BackupSummary:
    """Write the archive to `out` (through a temporary file renamed into place)."""
    revision = _revision(engine)
    tables: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    with _snapshot(engine) as conn:
        for table in metadata.sorted_tables:
            key = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(select(table).order_by(*key)).mappings().all()
            counts[table.name] = len(rows)
            tables[table.name] = b"".join(
                json.dumps(dict(r), ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for r in rows
            )
    files_dir = data_dir / "files"
    blobs = sorted(p for p in files_dir.rglob("*") if p.is_file()) if files_dir.is_dir() else []
    listing: list[dict[str, Any]] = [
        {"path": p.relative_to(data_dir).as_posix(), "sha256": _sha256(p), "size": p.stat().st_size} for p in blobs
    ]
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(VN).isoformat(timespec="seconds"),
        "dialect": engine.dialect.name,
        "revision": revision,
        "tables": counts,
        "files": listing,
    }
    # Private (0600, the writer's default): the archive holds password hashes.
    with (
        atomic_output(out, suffix=".part") as raw,
        tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        _add_bytes(tar, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        for name, data in tables.items():
            _add_bytes(tar, f"tables/{name}.jsonl", data)
        for entry in listing:
            tar.add(data_dir / entry["path"], arcname=entry["path"], recursive=False)
    return BackupSummary(out, sum(counts.values()), len(listing), out.stat().st_size)


def _read_archive(archive: Path) -> tuple[dict[str, Any], tarfile.TarFile]:
    try:
        tar = tarfile.open(archive, mode="r")  # noqa: SIM115  (closed by the caller's `with`)
    except tarfile.TarError as exc:
        raise BackupRefused(f"Tệp {archive} không phải bản sao lưu của máy chủ văn thư.") from exc
    except OSError as exc:
        raise BackupRefused(f"Không mở được tệp sao lưu {archive}: {exc.strerror or exc}.") from exc
    try:
        member = tar.extractfile("manifest.json")
        manifest = json.loads(member.read()) if member else None
    except (KeyError, ValueError, tarfile.TarError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        tar.close()
        raise BackupRefused(f"Tệp {archive} không phải bản sao lưu của máy chủ văn thư.")
    return manifest, tar


def _member(tar: tarfile.TarFile, archive: Path, name: str) -> bytes:
    """A member's bytes; a missing or unreadable member means the archive is damaged."""
    try:
        member = tar.extractfile(name)
        if member is None:
            raise KeyError(name)
        return member.read()
    except (KeyError, OSError, tarfile.TarError, EOFError) as exc:
        raise BackupRefused(f"Bản sao lưu {archive} bị hỏng: thiếu hoặc không đọc được {name}.") from exc


def _rows(tar: tarfile.TarFile, archive: Path, name: str) -> list[dict[str, Any]]:
    try:
        return [json.loads(line) for line in _member(tar, archive, f"tables/{name}.jsonl").splitlines() if line]
    except ValueError as exc:
        raise BackupRefused(f"Bản sao lưu {archive} bị hỏng: bảng {name} không đọc được.") from exc


def _is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        present = set(engine.dialect.get_table_names(conn))
        for table in metadata.sorted_tables:
            if table.name in present and conn.execute(select(func.count()).select_from(table)).scalar_one():
                return False
    return True


def restore(url: str, data_dir: Path, archive: Path) -> BackupSummary:
    """Restore `archive` into an empty database at `url` and the files into `data_dir`."""
    manifest, tar = _read_archive(archive)
    with tar:
        # 1. Check everything before writing anything.
        tables = {name: _rows(tar, archive, name) for name in manifest["tables"]}
        unknown = set(tables) - {t.name for t in metadata.sorted_tables}
        if unknown:
            names = ", ".join(sorted(unknown))
            raise BackupRefused(f"Bản sao lưu {archive} có bảng lạ ({names}); cần phiên bản máy chủ mới hơn.")
        for name, expected in manifest["tables"].items():
            if len(tables[name]) != expected:
                raise BackupRefused(f"Bản sao lưu {archive} bị hỏng: bảng {name} thiếu dòng.")
        for entry in manifest["files"]:
            if hashlib.sha256(_member(tar, archive, entry["path"])).hexdigest() != entry["sha256"]:
                raise BackupRefused(f"Bản sao lưu {archive} bị hỏng: tệp {entry['path']} không đúng mã băm.")
        data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        try:
            if not _is_empty(engine):
                raise BackupRefused("Cơ sở dữ liệu đích đã có dữ liệu; chỉ phục hồi vào một cơ sở dữ liệu trống."
                )
            # 2. The schema as it was when the backup was made, the rows, then the newest schema,
            # in one transaction: a failure leaves the database as empty as it was.
            with engine.connect() as conn:
                cfg = Config()
                cfg.set_main_option("script_location", str(MIGRATIONS))
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, manifest["revision"] or "head")
                for table in metadata.sorted_tables:
                    if tables.get(table.name):
                        conn.execute(table.insert(), tables[table.name])
                if engine.dialect.name == "postgresql":
                    _reset_sequences(conn)
                command.upgrade(cfg, "head")
                conn.commit()
        finally:
            engine.dispose()
        # 3. The files: each written beside its place, synced, renamed in, its folder synced.
        for entry in manifest["files"]:
            member = tar.extractfile(entry["path"])
            assert member is not None
            with atomic_output(data_dir / entry["path"], suffix=".restore", shared=True) as out:
                shutil.copyfileobj(member, out, CHUNK)
    rows = sum(len(r) for r in tables.values())
    return BackupSummary(archive, rows, len(manifest["files"]), archive.stat().st_size)


def _reset_sequences(conn: Any) -> None:
    """Rows came with their ids: move each serial column's sequence past the highest one."""
    for table in metadata.sorted_tables:
        for column in table.primary_key.columns:
            if isinstance(column.type, Integer) and column.autoincrement is True:
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                        f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
                    )
                )


def iter_manifest(archive: Path) -> Iterator[str]:
    """One line per table and the file count: what `restore --check` prints."""
    manifest, tar = _read_archive(archive)
    tar.close()
    yield f"Bản sao lưu lúc {manifest['created_at']} ({manifest['dialect']}, lược đồ {manifest['revision']})"
    for name, count in manifest["tables"].items():
        yield f"  {name}: {count} dòng"
    yield f"  tệp: {len(manifest['files'])}"


# -- the `qlvb-server backup` and `restore` subcommands ------------------------------------------


def add_parsers(sub: Any, common: Any) -> None:
    p = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu và các tệp vào một tệp .tar")
    common(p, True)
    p.add_argument(
        "--out", type=Path, default=None, metavar="TỆP_TAR",
        help="tệp sao lưu (mặc định: backups/qlvb-server-yyyymmdd-hhmmss.tar trong thư mục dữ liệu)",
    )
    p = sub.add_parser("restore", help="phục hồi từ tệp sao lưu vào một cơ sở dữ liệu trống")
    common(p, True)
    p.add_argument("archive", type=Path, metavar="TỆP_TAR", help="tệp sao lưu do qlvb-server backup tạo")
    p.add_argument("--check", action="store_true", help="chỉ kiểm tra và liệt kê tệp sao lưu")


def run(args: Any) -> int:
    """Exit codes as the rest of the CLI: 0 done, 2 refused (one sentence), 4 machine problem."""
    import sys

    from sqlalchemy.exc import SQLAlchemyError

    from qlvb_server.database import database_url, open_engine

    try:
        if args.command == "backup":
            engine = open_engine(database_url(args.data_dir, args.db))
            try:
                stamp = datetime.now(VN).strftime("%Y%m%d-%H%M%S")
                out = args.out or args.data_dir / "backups" / f"qlvb-server-{stamp}.tar"
                done = backup(engine, args.data_dir, out)
            finally:
                engine.dispose()
            print(f"Đã sao lưu {done.rows} dòng và {done.files} tệp vào {done.path} ({done.bytes} byte).")
            return 0
        if args.check:
            for line in iter_manifest(args.archive):
                print(line)
            return 0
        done = restore(database_url(args.data_dir, args.db), args.data_dir, args.archive)
        print(f"Đã phục hồi {done.rows} dòng và {done.files} tệp từ {done.path}.")
        return 0
    except BackupRefused as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except (SQLAlchemyError, OSError) as exc:
        print(f"Sao lưu hoặc phục hồi không thành công: {exc}", file=sys.stderr)
        return 4

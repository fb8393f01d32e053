"""Every storage failure is a sentence (exit 4) for every command, never a traceback, and the
clerk's file is never overwritten: a damaged header, a truncated file, a damaged page, a
read-only data folder, a full disk, a database locked by another process (issue 12)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from tests.adapters.faults.conftest import Tmpfs, one_sentence, qlvb, register_args

CORRUPT = "bị hỏng nên không được mở"
READ_ONLY = "chỉ cho đọc"
FULL = "đã đầy"
BUSY = "Sổ đang bận"

READS = [
    ["search", "thu"],
    ["search", "thu", "--json"],
    ["show", "1"],
    ["book", "list"],
    ["book", "print", "--year", "2026", "--out", "{out}"],
    ["due"],
    ["audit", "verify"],
]
WRITES = [
    register_args("99/QĐ-STC"),
    ["void", "1", "--reason", "Vào sổ nhầm"],
    ["trace", "1", "Chuyển phòng Kế hoạch"],
    ["update", "1", "--subject", "Trích yếu mới"],
]


def _args(args: list[str], out: Path) -> list[str]:
    return [a.replace("{out}", str(out / "so.pdf")) for a in args]


def _make_register(data: Path, count: int = 2) -> Path:
    for i in range(count):
        r = qlvb(data, *register_args(f"{i + 1}/QĐ-STC"))
        assert r.returncode == 0, r.stderr
    db = data / "qlvb.sqlite3"
    assert not db.with_name("qlvb.sqlite3-wal").exists()  # every process closed: all in the file
    return db


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _damage_header(db: Path) -> None:
    with db.open("r+b") as f:
        f.write(b"NOT A DATABASE!!")


def _truncate(db: Path) -> None:
    with db.open("r+b") as f:
        f.truncate(5000)


def _damage_index_page(db: Path) -> None:
    """Garbage over one index b-tree page: the header is intact, searching may still work."""
    con = sqlite3.connect(db)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ix_registrations_priority'").fetchone()[0]
    con.close()
    with db.open("r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\x55" * page_size)


@pytest.mark.slow
@pytest.mark.parametrize("damage", [_damage_header, _truncate], ids=["damaged-header", "truncated"])
def test_a_damaged_database_is_refused_by_every_command_and_never_overwritten(tmp_path, damage):
    data = tmp_path / "d"
    db = _make_register(data)
    damage(db)
    before = _digest(db)
    for args in READS + WRITES:
        result = qlvb(data, *_args(args, tmp_path))
        one_sentence(result, 4, CORRUPT)
        assert "sao lưu" in result.stderr  # says how to restore
    assert _digest(db) == before
    assert not (tmp_path / "so.pdf").exists()


def test_audit_verify_runs_sqlites_own_check_first(tmp_path):
    data = tmp_path / "d"
    db = _make_register(data)
    assert qlvb(data, "audit", "verify").returncode == 0
    _damage_index_page(db)
    result = qlvb(data, "audit", "verify")
    one_sentence(result, 4, CORRUPT)
    assert "toàn vẹn" not in result.stdout


@pytest.mark.slow
def test_a_database_locked_by_another_process(tmp_path):
    """Reads never wait for the writer; writes wait a bounded time, then say the register is busy
    and nothing was written."""
    data = tmp_path / "d"
    db = _make_register(data)
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("UPDATE books SET name = name WHERE 0")
        for args in READS:
            r = qlvb(data, *_args(args, tmp_path), busy_ms=500)
            assert r.returncode == 0, (args, r.stderr)
        for args in WRITES:
            one_sentence(qlvb(data, *args, busy_ms=500), 4, BUSY)
    finally:
        holder.rollback()
        holder.close()
    r = qlvb(data, *register_args("3/QĐ-STC"))
    assert r.returncode == 0 and '"arrival_number": 3' in r.stdout, r.stderr  # no number was taken meanwhile


@pytest.mark.slow
def test_a_read_only_data_folder(tmp_path, small_disk: Tmpfs):
    data = small_disk.path / "d"
    _make_register(data)
    small_disk.read_only()
    for args in READS:
        r = qlvb(data, *_args(args, tmp_path))
        assert "Traceback" not in r.stderr, (args, r.stderr)
        if r.returncode != 0:
            one_sentence(r, 4, READ_ONLY)
    for args in WRITES:
        one_sentence(qlvb(data, *args), 4, READ_ONLY)
    small_disk.writable()
    r = qlvb(data, *register_args("3/QĐ-STC"))
    assert r.returncode == 0 and '"arrival_number": 3' in r.stdout, r.stderr


@pytest.mark.slow
def test_a_full_disk_writes_nothing_half_and_says_so(tmp_path, small_disk: Tmpfs):
    data = small_disk.path / "d"
    _make_register(data)
    big = tmp_path / "scan.txt"
    big.write_bytes(b"van ban\n" * (4 << 20 >> 3))  # 4 MB: larger than the whole disk
    one_sentence(qlvb(data, *register_args("3/QĐ-STC", big)), 4, FULL)
    filler = small_disk.fill()
    for args in WRITES:
        one_sentence(qlvb(data, *args), 4, FULL)
    small = tmp_path / "small.txt"
    small.write_bytes(b"van ban\n" * 8192)
    one_sentence(qlvb(data, *register_args("3/QĐ-STC", small)), 4, FULL)
    filler.unlink()
    r = qlvb(data, *register_args("3/QĐ-STC", small))
    assert r.returncode == 0 and '"arrival_number": 3' in r.stdout, r.stderr
    assert qlvb(data, "audit", "verify").returncode == 0
    assert not list((data / "files").glob(".incoming-*"))

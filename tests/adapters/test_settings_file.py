"""A damaged or unreadable settings.json (issue 12): never a traceback. Damaged contents are set
aside as settings.json.hong-<time> (bytes kept) and the defaults used for what was lost, with one
warning; a file that cannot be read, or a damaged file that lost the server of a register that
has synced, stops the command with exit 4 and one sentence, the file untouched. Real `qlvb`
processes on a real data folder."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from qlvb_desktop.adapters.settings import Settings, SettingsStore
from qlvb_desktop.app import build_core


def qlvb(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QLVB_DATA_DIR": str(data)}
    return subprocess.run(
        [sys.executable, "-m", "qlvb_desktop.cli", *args], capture_output=True, text=True, env=env, timeout=120
    )


def _set_aside(data: Path) -> list[Path]:
    return sorted(data.glob("settings.json.hong-*"))


@pytest.mark.parametrize(
    "content",
    [b'{"organization": {"name": "S\xe1\xbb\x9f T', b"\x00\x01\xff\xfe garbage", b"[1, 2, 3]", b""],
    ids=["truncated", "binary", "not-an-object", "empty"],
)
def test_damaged_content_is_set_aside_and_the_command_goes_on(tmp_path: Path, content: bytes) -> None:
    data = tmp_path / "d"
    build_core(data, open_register=False)
    (data / "settings.json").write_bytes(content)
    result = qlvb(data, "settings")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "bị hỏng" in result.stderr and "settings.json.hong-" in result.stderr
    [kept] = _set_aside(data)
    assert kept.read_bytes() == content  # nothing the clerk had is lost
    assert not (data / "settings.json").exists()  # the defaults: no file
    again = qlvb(data, "settings")  # warned once, not at every command
    assert again.returncode == 0 and again.stderr == ""


def test_values_of_the_wrong_type_fall_back_one_by_one(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    original = {
        "organization": {"name": "Sở Tài chính", "code": "000.00.04.G14", "parent": ""},
        "clerk": "Nguyễn Thị Văn",
        "max_file_mb": "nhiều",
        "workdays": "thứ 2 - thứ 6",
        "lease_block": -3,
        "builtin_holidays": "có",
        "due_soon_days": 3,
    }
    raw = json.dumps(original, ensure_ascii=False).encode()
    (data / "settings.json").write_bytes(raw)
    result = qlvb(data, "settings")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "builtin_holidays, lease_block, max_file_mb, workdays" in result.stderr
    [kept] = _set_aside(data)
    assert kept.read_bytes() == raw
    now = json.loads((data / "settings.json").read_text(encoding="utf-8"))
    assert now["organization"]["name"] == "Sở Tài chính" and now["clerk"] == "Nguyễn Thị Văn"
    assert now["due_soon_days"] == 3
    defaults = Settings().to_json()
    assert [now[k] for k in ("max_file_mb", "workdays", "lease_block", "builtin_holidays")] == [
        defaults[k] for k in ("max_file_mb", "workdays", "lease_block", "builtin_holidays")
    ]


def test_a_synced_register_whose_settings_lost_the_server_does_not_start(tmp_path: Path) -> None:
    data = tmp_path / "d"
    build_core(data).repo.engine.dispose()
    with closing(sqlite3.connect(data / "qlvb.sqlite3")) as db, db:  # as after a sync: a cursor kept
        db.execute("INSERT INTO sync_state (key, value) VALUES ('cursor', '42')")
    damaged = b'{"server_url": "https://may-chu.local", "station_id": "ab'
    (data / "settings.json").write_bytes(damaged)
    result = qlvb(data, "search", "quyết định")
    assert result.returncode == 4, result.stderr
    assert "Traceback" not in result.stderr
    assert "mất thông tin máy chủ" in result.stderr and "trùng số" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (data / "settings.json").read_bytes() == damaged  # neither moved nor overwritten
    assert _set_aside(data) == []


def test_a_synced_register_keeps_going_when_only_other_values_are_damaged(tmp_path: Path) -> None:
    data = tmp_path / "d"
    build_core(data).repo.engine.dispose()
    with closing(sqlite3.connect(data / "qlvb.sqlite3")) as db, db:
        db.execute("INSERT INTO sync_state (key, value) VALUES ('cursor', '42')")
    (data / "settings.json").write_text(
        json.dumps({"server_url": "https://may-chu.local", "station_id": "ab", "handling_days": [10]}),
        encoding="utf-8",
    )
    result = qlvb(data, "settings")
    assert result.returncode == 0, result.stderr
    assert "handling_days" in result.stderr
    now = json.loads((data / "settings.json").read_text(encoding="utf-8"))
    assert now["server_url"] == "https://may-chu.local" and now["station_id"] == "ab"


def test_a_folder_in_place_of_the_file_is_a_machine_problem(tmp_path: Path) -> None:
    data = tmp_path / "d"
    (data / "settings.json").mkdir(parents=True)
    result = qlvb(data, "search", "quyết định")
    assert result.returncode == 4, result.stderr
    assert "Traceback" not in result.stderr
    assert "là một thư mục" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (data / "settings.json").is_dir()


def test_a_file_that_cannot_be_read_is_a_machine_problem(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / "settings.json").symlink_to("settings.json")  # a loop: ELOOP, whoever reads it (even root)
    result = qlvb(data, "search", "quyết định")
    assert result.returncode == 4, result.stderr
    assert "Traceback" not in result.stderr
    assert "Không đọc được tệp cài đặt" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_a_file_without_read_permission_is_a_machine_problem(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / "settings.json").write_text("{}", encoding="utf-8")
    (data / "settings.json").chmod(0)
    result = qlvb(data, "search", "quyết định")
    assert result.returncode == 4, result.stderr
    assert "Không đọc được tệp cài đặt" in result.stderr


SAVE_UNDER_A_SIZE_LIMIT = """
import resource, signal, sys
from pathlib import Path
from qlvb_desktop.adapters.settings import Settings, SettingsStore
from qlvb_desktop.domain.errors import EnvironmentProblem
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
settings = Settings(clerk="x" * 20000)
try:
    SettingsStore(Path(sys.argv[1])).save(settings)
except EnvironmentProblem as exc:
    print(exc.message)
    sys.exit(4)
"""


def test_settings_are_written_whole_or_not_at_all(tmp_path: Path) -> None:
    """A write that fails half-way (a file size limit: the disk is full) leaves the settings as
    they were and no temporary file; the failure is the disk-full sentence."""
    path = tmp_path / "settings.json"
    SettingsStore(path).save(Settings(clerk="Nguyễn Thị Văn"))
    before = path.read_bytes()
    result = subprocess.run(
        [sys.executable, "-c", SAVE_UNDER_A_SIZE_LIMIT, str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 4, result.stderr
    assert "đã đầy" in result.stdout
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]
    assert SettingsStore(path).load().clerk == "Nguyễn Thị Văn"

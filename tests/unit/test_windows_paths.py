"""The Windows-specific code paths that can run here: the patient file replacement (Windows
refuses to replace a file another process holds open), the token driver search in the known
Windows places, and the frozen build's entry (which executable runs, where Tesseract's data is)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from qlvb_desktop.adapters.pkcs11.driver import windows_modules
from qlvb_desktop.services import atomic_file
from qlvb_desktop.services.atomic_file import replace_file, write_atomic

REPO = Path(__file__).resolve().parents[2]


class FlakyReplace:
    """os.replace that fails `times` times with a sharing violation, then works."""

    def __init__(self, times: int) -> None:
        self.times = times
        self.calls = 0
        self.real = os.replace

    def __call__(self, src: Any, dst: Any) -> None:
        self.calls += 1
        if self.calls <= self.times:
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        self.real(src, dst)


def test_replace_waits_out_a_short_hold_on_windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic_file, "REPLACE_RETRIES_ON", True)
    flaky = FlakyReplace(times=3)
    monkeypatch.setattr(os, "replace", flaky)
    target = tmp_path / "so-den.json"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and flaky.calls == 4
    assert [p.name for p in tmp_path.iterdir()] == ["so-den.json"]  # no temporary file left


def test_replace_gives_up_and_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic_file, "REPLACE_RETRIES_ON", True)
    monkeypatch.setattr(atomic_file, "REPLACE_PATIENCE_SECONDS", 0.3)
    monkeypatch.setattr(os, "replace", FlakyReplace(times=10_000))
    target = tmp_path / "so-den.json"
    target.write_bytes(b"old")
    with pytest.raises(PermissionError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["so-den.json"]


def test_replace_elsewhere_fails_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic_file, "REPLACE_RETRIES_ON", False)
    flaky = FlakyReplace(times=1)
    monkeypatch.setattr(os, "replace", flaky)
    (tmp_path / "a").write_bytes(b"a")
    with pytest.raises(PermissionError):
        replace_file(tmp_path / "a", tmp_path / "b", patience=30)
    assert flaky.calls == 1


def test_token_driver_search_covers_the_windows_places() -> None:
    env = {"SYSTEMROOT": r"D:\WINDOWS", "PROGRAMFILES": r"D:\Program Files"}
    places = windows_modules(env)
    assert places[0] == r"D:\WINDOWS\System32\bit4xpki.dll"  # VGCA tokens first
    assert r"D:\Program Files\OpenSC Project\OpenSC\pkcs11\opensc-pkcs11.dll" in places
    assert not any("SysWOW64" in p for p in places)  # 32-bit modules cannot load in a 64-bit app
    assert windows_modules({})[0] == r"C:\Windows\System32\bit4xpki.dll"


def _entry() -> Any:
    spec = importlib.util.spec_from_file_location("qlvb_entry", REPO / "packaging" / "entry.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("platform,exe", [("linux", "tesseract"), ("win32", "tesseract.exe")])
def test_frozen_entry_points_at_the_bundled_tesseract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str, exe: str
) -> None:
    entry = _entry()
    (tmp_path / "tessdata").mkdir()
    (tmp_path / "tesseract").mkdir()
    (tmp_path / "tesseract" / exe).write_bytes(b"")
    # setenv first so that monkeypatch restores the variable's original state, whatever the
    # entry sets (delenv of an absent variable records nothing to restore).
    monkeypatch.setenv("TESSDATA_PREFIX", "")
    monkeypatch.delenv("TESSDATA_PREFIX")
    monkeypatch.setenv("PATH", "/usr/bin")
    monkeypatch.setattr(sys, "platform", platform)
    entry._point_at_bundled_tesseract(tmp_path)
    assert os.environ["TESSDATA_PREFIX"] == str(tmp_path / "tessdata")
    assert os.environ["PATH"].split(os.pathsep)[0] == str(tmp_path / "tesseract")
    # An administrator's own TESSDATA_PREFIX wins.
    monkeypatch.setenv("TESSDATA_PREFIX", "/srv/tessdata")
    entry._point_at_bundled_tesseract(tmp_path)
    assert os.environ["TESSDATA_PREFIX"] == "/srv/tessdata"


@pytest.mark.parametrize("name,runs", [("qlvb", "cli"), ("qlvb.exe", "cli"), ("qlvb-desktop.exe", "app")])
def test_frozen_entry_runs_the_executable_it_is_named(
    monkeypatch: pytest.MonkeyPatch, name: str, runs: str
) -> None:
    entry = _entry()
    ran: list[str] = []
    import qlvb_desktop.app
    import qlvb_desktop.cli

    monkeypatch.setattr(qlvb_desktop.cli, "main", lambda: ran.append("cli") or 0)
    monkeypatch.setattr(qlvb_desktop.app, "main", lambda: ran.append("app") or 0)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(Path("/opt/qlvb-desktop") / name))
    monkeypatch.setattr(entry, "_point_at_bundled_tesseract", lambda _bundle: None)
    assert entry.main() == 0 and ran == [runs]

"""The station's settings as the settings dialog uses them: checks, saving, token test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qlvb_desktop.domain.errors import EnvironmentProblem, UserError, ValidationError

SOFTHSM = next(
    (p for p in ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
     if Path(p).exists()),
    "",
)


def test_defaults_need_only_the_organization_name(core) -> None:
    station = core.station
    assert station.needs_first_run()
    with pytest.raises(ValidationError, match="Chưa nhập tên cơ quan"):
        station.apply({"handling_days": 5})
    station.apply({"organization": {"name": "SỞ TƯ PHÁP"}})
    assert not station.needs_first_run()
    saved = json.loads((core.data_dir / "settings.json").read_text(encoding="utf-8"))
    assert saved["organization"]["name"] == "SỞ TƯ PHÁP" and saved["due_soon_days"] == 2


def test_refusals_leave_the_saved_settings_alone(core, tmp_path: Path) -> None:
    station = core.station
    station.apply({"organization": {"name": "SỞ TƯ PHÁP"}})
    before = (core.data_dir / "settings.json").read_text(encoding="utf-8")
    with pytest.raises(ValidationError, match="không phải một ngày"):
        station.apply({"days_off": ["hôm qua"]})
    with pytest.raises(UserError, match="Không thấy tệp ảnh con dấu"):
        station.apply({"seal_png": str(tmp_path / "none.png")})
    with pytest.raises(EnvironmentProblem, match="Không thấy thư viện PKCS#11"):
        station.apply({"pkcs11_module": str(tmp_path / "lib.so")})
    with pytest.raises(UserError, match="từ 0 đến 365"):
        station.apply({"handling_days": 1000})
    with pytest.raises(UserError, match="không hợp lệ"):
        station.apply({"handling_days": "mười"})
    assert (core.data_dir / "settings.json").read_text(encoding="utf-8") == before


def test_new_settings_reach_the_daily_service(core) -> None:
    core.station.apply({"organization": {"name": "SỞ TƯ PHÁP"}, "handling_days": 3, "clerk": "Nguyễn Văn A"})
    assert core.daily.policy.handling_days == 3
    assert core.daily.organization.name == "SỞ TƯ PHÁP"
    assert core.register.actor == "Nguyễn Văn A"


@pytest.mark.skipif(not SOFTHSM, reason="softhsm2 is not installed (make setup installs it)")
def test_token_absent_is_a_sentence(tmp_path: Path) -> None:
    """A token driver with no token plugged in: SoftHSM2 with an empty token folder."""
    tokens = tmp_path / "tokens"
    tokens.mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    code = (
        "import pathlib, sys\n"
        "from qlvb_desktop.app import build_core\n"
        "core = build_core(pathlib.Path(sys.argv[1]))\n"
        "print(core.station.probe_token(sys.argv[2], '').text)\n"
    )
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "data"), SOFTHSM],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == (
        f"Không thấy USB token nào trên máy (thư viện {SOFTHSM}); cắm token vào rồi bấm Kiểm tra lại."
    )

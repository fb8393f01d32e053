"""Every window of the day fits a 1366 × 768 screen and 200 % (2732 × 1536) under a real window
manager (openbox draws title bars and frames): the real application, real keys, each window's
frame checked against the screen and a screenshot of each kept for review in
test-artifacts/gui-fit/scale1 and scale2."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from qlvb_desktop.app import build_core
from tests.e2e.gui_harness import ARTIFACTS, RunningApp, Screen, available

pytestmark = [pytest.mark.slow, pytest.mark.skipif(bool(available()), reason=f"missing: {available()}")]
MAIN_TITLE = "Sổ đăng ký văn bản đến"


def prepare(data_dir: Path) -> None:
    core = build_core(data_dir)
    assert core.station is not None
    core.station.apply({"organization": {"name": "SỞ TÀI CHÍNH", "code": "000.00.04.G14",
                                         "parent": "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG"}})
    core.register.register({"issuer": "Sở Tài chính tỉnh Tuyên Quang", "doc_type": "Công văn",
                            "subject": "Về việc quyết toán ngân sách năm 2026", "number": "15/STC-NS"})


@pytest.mark.parametrize("scale", [1, 2])
def test_every_window_fits_with_its_frame(tmp_path: Path, scale: int) -> None:
    screen = Screen(1366 * scale, 768 * scale)
    data_dir = tmp_path / "data"
    prepare(data_dir)
    app = RunningApp(screen, data_dir, {}, scale=scale, shots=ARTIFACTS / "gui-fit" / f"scale{scale}")
    problems: dict[str, list[str]] = {}
    try:
        main = app.wait_window(MAIN_TITLE, timeout=60)
        time.sleep(1.5)
        problems["main"] = app.frame_problems(main)
        app.shot("01-main")
        for name, keys, title in (
            ("02-new-registration", "ctrl+n", "Vào sổ văn bản đến"),
            ("03-print", "ctrl+p", "In sổ đăng ký văn bản đến"),
            ("04-settings", "ctrl+comma", "Cài đặt"),
            ("05-statistics", "ctrl+shift+t", "Thống kê, báo cáo"),
            ("06-intake-wizard", "ctrl+shift+n", "Tiếp nhận văn bản giấy"),
        ):
            app.wait_window(MAIN_TITLE)
            app.key(keys)
            window = app.wait_window(title, timeout=60)
            time.sleep(1.5)  # laid out and painted
            problems[name] = app.frame_problems(window)
            app.shot(name)
            app.key("Escape")
            app.wait_for(f"{title} closed", lambda t=title: not app.xdotool("search", "--onlyvisible", "--name", t)
                         or t == "Tiếp nhận văn bản giấy", 30)
            if title == "Tiếp nhận văn bản giấy":
                app.xdotool("windowclose", window)
    finally:
        app.stop()
        screen.close()
    assert {k: v for k, v in problems.items() if v} == {}
    assert len(app.shot_names) == 6

"""Screenshots of the daily views, the settings and the day's other dialogs at 1366×768 and at 200 % (kept as artifacts
in the test's folder, to look at); the windows must fit those screens, no button, label or field
may stick out of its window or be narrower than its text, and the register's columns must fit
beside the detail pane with "Trích yếu" readable (the script lists what is cut off)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.parametrize(("scale", "screen"), [(1, (1366, 768)), (2, (1280, 720))])
def test_screenshots_fit_the_screen(tmp_path: Path, scale: int, screen: tuple[int, int]) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("QT_SCALE_FACTOR", None)
    out = tmp_path / "shots"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "daily_screenshots.py"), str(out), "--scale", str(scale)],
        capture_output=True, text=True, env=env, timeout=300, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    shots = sorted(out.glob("*.png"))
    names = {p.name.split("-vi-")[0] for p in shots}
    assert {"01-register", "02-due-soon", "03-overdue", "20-first-run"} <= names
    # every other dialog of the day (issue 16), the print preview of the follow-up book included
    assert {"30-new-registration", "31-edit-registration", "32-trace", "33-void", "34-print-register",
            "35-statistics", "36-print-preview-followup"} <= names
    assert sum(1 for n in names if "settings-tab" in n) == 7
    for shot in shots:
        image = QImage(str(shot))
        assert not image.isNull(), shot
        # every window fits the screen (logical size = pixels / scale)
        assert image.width() / scale <= screen[0] and image.height() / scale <= screen[1], shot
    problems = (out / f"problems-vi-x{scale}.txt").read_text(encoding="utf-8")
    assert problems == "", problems
    main = QImage(str(out / f"01-register-vi-x{scale}.png"))
    assert (main.width(), main.height()) == (screen[0] * scale, screen[1] * scale)

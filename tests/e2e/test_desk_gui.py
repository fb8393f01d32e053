"""The real application as a process on a virtual screen (Xvfb), driven with real keyboard input
(xdotool): one outgoing issue from the leader's signed PDF to the signed file on disk, with a
screenshot of every step in test-artifacts/desk/ (look at them: cut text, overlaps and
untranslated strings are defects)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from qlvb_desktop.app import build_core
from qlvb_desktop.domain.signing import Verdict
from tests.adapters.desk.conftest import configure_station
from tests.adapters.signing.conftest import pki  # noqa: F401 - sets SOFTHSM2_CONF at import, as needed
from tests.adapters.signing.pki import USER_PIN
from tests.adapters.signing.test_signing import leader_signed
from tests.e2e.desk_harness import AppProcess, VirtualScreen, wait_for

pytestmark = pytest.mark.slow
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "desk"


def test_outgoing_issue_in_the_real_app(pki: Any, tmp_path: Path) -> None:  # noqa: F811
    data_dir = tmp_path / "data"
    core = build_core(data_dir)
    desk = configure_station(core, pki, tmp_path)
    leader = leader_signed(pki, tmp_path)
    out_dir = Path(desk.settings.outgoing_dir)
    shots: list[Path] = []

    def shot(screen: VirtualScreen, name: str) -> None:
        shots.append(screen.shot(ARTIFACTS / f"{len(shots) + 1:02d}-{name}.png"))

    with VirtualScreen() as screen, AppProcess(screen, data_dir) as app:
        main = screen.wait_window("Sổ đăng ký", timeout=60)
        screen.activate(main)
        shot(screen, "main-window")
        screen.key("ctrl+shift+o")
        wizard = screen.wait_window("Phát hành văn bản đi")
        screen.activate(wizard)
        shot(screen, "step1-open")
        screen.key("alt+m")  # "Mở tệp PDF…": Qt's own file dialog on Xvfb
        chooser = screen.wait_window("Chọn văn bản lãnh đạo đã ký")
        screen.activate(chooser)
        shot(screen, "step1-file-dialog")
        screen.key("ctrl+a")
        screen.type(str(leader))
        screen.key("Return")
        time.sleep(4)  # verification runs in the background
        screen.activate(wizard)
        shot(screen, "step1-verified")
        screen.key("Return")  # Tiếp: the leader's signature is valid
        time.sleep(1)
        screen.key("ctrl+a")
        screen.type("Về việc thử nghiệm phát hành văn bản đi")
        shot(screen, "step2-details")
        screen.key("Return")
        time.sleep(2)
        shot(screen, "step3-preview")
        screen.key("Right", "Right", "Down")  # the number block 2 mm right, 1 mm down
        screen.key("Return")
        time.sleep(3)  # the token is found in the background
        screen.type(USER_PIN)
        shot(screen, "step4-pin")
        t0 = time.monotonic()
        screen.key("Return")
        wait_for(lambda: out_dir.is_dir() and any(out_dir.glob("*.pdf")), 120, "the signed file", app)
        print(f"\n[desk e2e] Enter on the PIN → signed file on disk: {time.monotonic() - t0:.2f} s")
        time.sleep(1)
        shot(screen, "step5-done")
    assert app.output().count("Traceback") == 0, app.output()
    files = list(out_dir.glob("*.pdf"))
    assert len(files) == 1 and files[0].name.startswith("01-")
    fresh = build_core(data_dir).desk
    entries = fresh.outgoing.entries()
    assert [e.number for e in entries] == [1] and entries[0].draft.subject.startswith("Về việc thử nghiệm")
    report = fresh.signing_area.verifier.verify(files[0], fresh.extra_trust())
    assert report.verdict is Verdict.VALID, report.reason
    assert all(p.stat().st_size > 0 for p in shots)

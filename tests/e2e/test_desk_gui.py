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
from tests.e2e import gui_harness
from tests.e2e.gui_harness import RunningApp, Screen, available

pytestmark = [pytest.mark.slow, pytest.mark.skipif(bool(available()), reason=f"missing: {available()}")]
ARTIFACTS = gui_harness.ARTIFACTS / "desk"


def test_outgoing_issue_in_the_real_app(pki: Any, tmp_path: Path) -> None:  # noqa: F811
    data_dir = tmp_path / "data"
    core = build_core(data_dir)
    desk = configure_station(core, pki, tmp_path)
    leader = leader_signed(pki, tmp_path)
    out_dir = Path(desk.settings.outgoing_dir)
    screen = Screen(1366, 768)  # a private display chosen by Xvfb itself, with openbox
    app = RunningApp(screen, data_dir, {}, shots=ARTIFACTS)
    try:
        app.wait_window("Sổ đăng ký", timeout=60)
        app.shot("01-main-window")
        app.key("ctrl+shift+o")
        wizard = app.wait_window("Phát hành văn bản đi")
        app.shot("02-step1-open")
        app.key("alt+m")  # "Mở tệp PDF…": Qt's own file dialog
        app.wait_window("Chọn văn bản lãnh đạo đã ký")
        app.shot("03-step1-file-dialog")
        app.key("ctrl+a")
        app.type(str(leader))
        app.key("Return")
        time.sleep(4)  # verification runs in the background
        app.activate(wizard)
        app.shot("04-step1-verified")
        app.key("Return")  # Tiếp: the leader's signature is valid
        time.sleep(1)
        app.key("ctrl+a")
        app.type("Về việc thử nghiệm phát hành văn bản đi")
        app.shot("05-step2-details")
        app.key("Return")
        time.sleep(2)
        app.shot("06-step3-preview")
        app.key("Right", "Right", "Down")  # the number block 2 mm right, 1 mm down
        app.key("Return")
        time.sleep(3)  # the token is found in the background
        app.type(USER_PIN)
        app.shot("07-step4-pin")
        t0 = time.monotonic()
        app.key("Return")
        app.wait_for("the signed file", lambda: out_dir.is_dir() and any(out_dir.glob("*.pdf")), 120)
        print(f"\n[desk e2e] Enter on the PIN → signed file on disk: {time.monotonic() - t0:.2f} s")
        time.sleep(1)
        app.shot("08-step5-done")
        output = app.read_log()
    finally:
        app.stop()
        screen.close()
    assert output.count("Traceback") == 0, output
    files = list(out_dir.glob("*.pdf"))
    assert len(files) == 1 and files[0].name.startswith("01-")
    core.close()
    with build_core(data_dir) as fresh_core:
        fresh = fresh_core.desk
        entries = fresh.outgoing.entries()
        report = fresh.signing_area.verifier.verify(files[0], fresh.extra_trust())
    assert [e.number for e in entries] == [1] and entries[0].draft.subject.startswith("Về việc thử nghiệm")
    assert report.verdict is Verdict.VALID, report.reason
    assert all(p.stat().st_size > 0 for p in app.shot_names)

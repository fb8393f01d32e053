"""One paper intake through the real application under Xvfb with real keys: capture from files
(a feeder batch with a separator sheet), pages, fields, register, ĐẾN stamp, SAO Y signature with
the SoftHSM token, forward; a screenshot of every step at scale 1 and at 200 % (1366 × 768
logical pixels); and a SIGKILL in the middle that resumes at the same step with the same number."""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from qlvb_desktop.app import build_core
from tests.adapters.intake.support import configure, paper_batch
from tests.adapters.signing.pki import USER_PIN, LoopbackPki
from tests.e2e.gui_harness import ARTIFACTS, RunningApp, Screen, available

pytestmark = [pytest.mark.slow, pytest.mark.skipif(bool(available()), reason=f"missing: {available()}")]
MAIN_TITLE = "Sổ đăng ký văn bản đến"
WIZARD_TITLE = "Tiếp nhận văn bản giấy"


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return paper_batch(tmp_path_factory.mktemp("paper"))


def prepare(data_dir: Path, pki: LoopbackPki) -> None:
    configure(build_core(data_dir), pki)
    # A screenshot of every step: the steps with nothing to check must stop here too (the
    # clerk's default passes them by itself: tests/ui/intake/test_auto_advance.py).
    (data_dir / "giao-dien.ini").write_text("[flags]\nintake-auto-advance=false\n", encoding="utf-8")


def open_wizard(app: RunningApp) -> None:
    app.wait_window(MAIN_TITLE, timeout=60)
    app.key("ctrl+shift+n")
    app.wait_window(WIZARD_TITLE, timeout=60)


def pick_files(app: RunningApp, files: list[Path]) -> None:
    app.key("ctrl+o")
    app.wait_window("Chọn tệp bản quét")
    time.sleep(0.5)
    app.type(str(files[0].parent) + "/")
    app.key("Return")
    time.sleep(0.5)
    app.type(" ".join(f'"{f.name}"' for f in files))
    app.key("Return")


def first_doc(app: RunningApp) -> dict[str, Any]:
    return app.wait_for("the wizard's first document", lambda: next(iter(app.wips()), None), 60)


def step_of(app: RunningApp, wip_id: str) -> str:
    wip = app.wip(wip_id)
    return wip["step"] if wip else "gone"


def registrations(data_dir: Path) -> list[tuple[int, int, str]]:
    with closing(sqlite3.connect(data_dir / "qlvb.sqlite3")) as conn:
        return conn.execute("SELECT id, arrival_number, uid FROM registrations ORDER BY id").fetchall()


@pytest.mark.parametrize("scale", [1, 2])
def test_paper_intake_to_a_signed_file(tmp_path: Path, batch: list[Path], pki: LoopbackPki, scale: int) -> None:
    screen = Screen(1366 * scale, 768 * scale)
    data_dir = tmp_path / "data"
    prepare(data_dir, pki)
    app = RunningApp(screen, data_dir, {}, scale=scale, shots=ARTIFACTS / "gui-intake" / f"scale{scale}")
    try:
        open_wizard(app)
        wip_id = first_doc(app)["id"]
        app.shot("01-capture")
        pick_files(app, batch)
        app.wait_for("4 pages in 2 documents", lambda: sum(len(w["pages"]) for w in app.wips()) == 4, 120)
        time.sleep(1.5)
        app.shot("02-captured")
        app.key("Return")
        time.sleep(2)
        app.shot("03-pages")
        app.key("Return")
        app.wait_for("the fields step", lambda: step_of(app, wip_id) == "fields")
        app.wait_for("the proposal", lambda: (app.wip(wip_id) or {}).get("proposal"), 240)
        time.sleep(2)
        app.shot("04-fields")
        app.key("Return")
        app.wait_for("the arrival number", lambda: (app.wip(wip_id) or {}).get("registration_id"))
        time.sleep(2)
        app.shot("05-register")
        app.key("Return")
        app.wait_for("the stamp step", lambda: step_of(app, wip_id) == "stamp")
        time.sleep(1.5)
        app.shot("06-stamp")
        app.key("Return")
        app.wait_for("the sign step", lambda: step_of(app, wip_id) == "sign")
        time.sleep(1)
        app.shot("07-sign")
        app.type(USER_PIN)
        app.key("Return")
        app.wait_for("the signed file", lambda: step_of(app, wip_id) == "forward", 120)
        signed = Path(app.wip(wip_id)["signed"])  # type: ignore[index]
        time.sleep(1)
        app.shot("08-forward")
        app.type("Phong Tong hop")
        app.key("Return")
        app.wait_for("the document done", lambda: step_of(app, wip_id) == "gone")
        time.sleep(2)
        app.shot("09-next-document")
    finally:
        app.stop()
        screen.close()
    assert signed.is_file() and signed.parent.is_relative_to(data_dir / "van-ban-den")
    from qlvb_desktop.adapters.pdf.verifier import PdfVerifier

    report = PdfVerifier().verify(signed, [pki.pem("interm"), pki.pem("root")])
    assert len(report.checks) == 1 and not report.checks[0].problems, report.reason
    regs = registrations(data_dir)
    assert [(n, uid) for _id, n, uid in regs] == [(1, wip_id)]
    assert len(app.shot_names) == 9


def test_sigkill_mid_document_resumes_at_the_same_step(
    tmp_path: Path, batch: list[Path], pki: LoopbackPki
) -> None:
    screen = Screen()
    data_dir = tmp_path / "data"
    prepare(data_dir, pki)
    shots = ARTIFACTS / "gui-intake" / "sigkill"
    app = RunningApp(screen, data_dir, {}, shots=shots)
    try:
        open_wizard(app)
        wip_id = first_doc(app)["id"]
        pick_files(app, batch[:3])
        app.wait_for("3 pages", lambda: len((app.wip(wip_id) or {}).get("pages", [])) == 3, 120)
        time.sleep(1)
        app.key("Return")
        time.sleep(1.5)
        app.key("Return")
        app.wait_for("the proposal", lambda: (app.wip(wip_id) or {}).get("proposal"), 240)
        time.sleep(1)
        app.key("Return")
        app.wait_for("the arrival number", lambda: (app.wip(wip_id) or {}).get("registration_id"))
        time.sleep(1)
        app.key("Return")
        app.wait_for("the stamp step", lambda: step_of(app, wip_id) == "stamp")
        time.sleep(1)
        app.shot("1-before-kill")
        app.kill()
        before = json.loads((data_dir / "intake-wip" / wip_id / "state.json").read_text(encoding="utf-8"))

        app = RunningApp(screen, data_dir, {}, shots=shots)
        open_wizard(app)
        # It warms up (OpenCV, pyHanko, the stamping process), then shows the page at its step,
        # which the title names: the clerk sees where the document was left.
        app.wait_window(f"{WIZARD_TITLE} — 5. Dấu ĐẾN", timeout=120)
        time.sleep(1)
        app.shot("2-resumed")
        assert step_of(app, wip_id) == "stamp", "it comes back at the step it was on"
        app.key("Return")
        app.wait_for("the sign step", lambda: step_of(app, wip_id) == "sign")
        time.sleep(1)
        app.type(USER_PIN)
        app.key("Return")
        app.wait_for("the signed file", lambda: step_of(app, wip_id) == "forward", 120)
        app.shot("3-signed-after-resume")
    finally:
        app.stop()
        screen.close()
    regs = registrations(data_dir)
    assert regs == [(before["registration_id"], before["arrival_number"], wip_id)], "never a second number"

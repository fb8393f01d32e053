"""The paper intake wizard with scripted input over 20 documents of the dev corpus.

    python bench/gui_intake.py [--docs 20] [--corpus /work/shared/corpus/dev] [--real /work/shared/corpus/real-dev]
    python bench/gui_intake.py --actions-only      # only the clerk's keystrokes and clicks

Prints, per document, how long the clerk waited on the machine after each confirmation (goal:
<= 1 s; OCR of the pages runs in the background while the fields screen is already usable and is
printed apart), and the time from starting the application to a usable main window (goal <= 2 s,
measured in a fresh process: imports, settings, database, window, first query of the register),
and the keystrokes and clicks a clerk spends on a clean document and on one with two wrong
fields with the steps that have nothing to check passing by themselves (goal: clean <= 3 plus
typing the unit).

Real parts throughout, offscreen: capture and OCR (Tesseract), extraction, SQLite, the ĐẾN stamp,
the SAO Y signature with a SoftHSM2 token and a timestamp from a loopback test PKI (the signing
tests' certomancer setup; needs softhsm2-util).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from scratch import scratch_dir

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
BASE = scratch_dir("qlvb-bench-intake-")
os.environ["SOFTHSM2_CONF"] = str(BASE / "softhsm2.conf")  # before the PKCS#11 module loads

WINDOW_GOAL_S = 2.0
WAIT_GOAL_S = 1.0
STEPS = ("capture", "pages", "fields", "register", "stamp", "sign", "forward")

START_PROBE = r"""
import sys, time
t0 = time.perf_counter()
from qlvb_desktop.app import build_core
from qlvb_desktop.ui.context import GuiContext
from qlvb_desktop.ui.main import make_application
from qlvb_desktop.ui.main_window import MainWindow
core = build_core(__import__("pathlib").Path(sys.argv[1]))
app = make_application(["bench"], "vi")
ctx = GuiContext(core.register, core.reports, core.settings.organization, lambda o, l: None, core.data_dir)
window = MainWindow(ctx)
window.model.ids_loaded.connect(lambda _n: (print(f"{time.perf_counter() - t0:.3f}"), app.quit()))
window.show()
app.exec()
"""


def start_to_window(data_dir: Path, runs: int = 3) -> list[float]:
    """Seconds from `python` starting to the main window shown with its first query done."""
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", START_PROBE, str(data_dir)], capture_output=True, text=True, timeout=120
        )
        if result.returncode != 0:
            raise SystemExit(result.stderr)
        inner = float(result.stdout.strip().splitlines()[-1])
        out.append(max(inner, time.perf_counter() - started - 0.0))
    return out


def corpus_docs(corpus: Path, count: int) -> list[list[Path]]:
    lines = (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    return [[corpus / f for f in json.loads(line)["files"]] for line in lines[:count]]


def scanned_like_the_province(corpus: Path, skip: int, count: int) -> list[list[Path]]:
    """`count` corpus documents after the first `skip` whose pages are at least the SPEC's 200 dpi,
    as the province's scanners make them (the real samples are 300 dpi): a 150 dpi page is
    flagged on the pages step by design, so it is no clean document to count a clean day on."""
    from qlvb_desktop.domain.capture import MIN_DPI

    out = []
    for line in (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines()[skip:]:
        truth = json.loads(line)
        files = [corpus / f for f in truth["files"]]
        if int(truth.get("dpi", MIN_DPI)) >= MIN_DPI and all(f.exists() for f in files):
            out.append(files)
        if len(out) == count:
            break
    return out


def real_scan(real: Path | None, out: Path) -> list[Path] | None:
    """The first scanned (not born-digital) one-page real sample present, as the scanner gave it
    to the province: its page at 300 dpi, without the signature's widget over it. (The published
    PDF itself is signed, so intake rightly takes it as an electronic document.)"""
    import pypdfium2

    if real is None or not (real / "truth.jsonl").exists():
        return None
    for line in (real / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        truth = json.loads(line)
        files = [real / f for f in truth["files"]]
        if truth.get("born_digital") or truth.get("page_count") != 1 or not all(f.exists() for f in files):
            continue
        pdf = pypdfium2.PdfDocument(files[0])
        try:
            image = pdf[0].render(scale=300 / 72, draw_annots=False).to_pil()
        finally:
            pdf.close()
        out.mkdir(parents=True, exist_ok=True)
        page = out / f"{files[0].stem}.png"
        image.save(page, dpi=(300, 300))
        return [page]
    return None


def run(args: argparse.Namespace) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from qlvb_desktop.app import build_core, build_paper_intake
    from qlvb_desktop.services.paper_intake import Step
    from qlvb_desktop.ui.intake.wizard import IntakeWizard
    from qlvb_desktop.ui.main import make_application
    from tests.adapters.intake.support import configure
    from tests.adapters.signing.pki import USER_PIN, init_token, start_pki

    pki = start_pki(BASE / "pki")
    init_token(pki, BASE / "tokens", BASE / "softhsm2.conf")
    data_dir = BASE / "data"
    core = configure(build_core(data_dir), pki)
    app = make_application(["bench"], "vi")

    def wait(condition: Any, timeout: float = 300.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out; status: {wizard.status.text()}")
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.005)

    def idle() -> None:
        wait(lambda: not wizard.is_busy())

    def settle(ms: int = 50) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    opened = time.perf_counter()
    wizard = IntakeWizard(build_paper_intake(core, isolate=True), token_text="bench")
    # The wait after each confirmation is measured step by step: every step is confirmed here.
    # (With "Tự qua bước không cần kiểm tra" on, a clean document takes 3 confirmations plus
    # typing the unit, the PIN once per batch: tests/ui/intake/test_auto_advance.py counts them.)
    wizard.auto_check.setChecked(False)
    wizard.show()
    wait(lambda: wizard.doc is not None and wizard.warmed and not wizard.is_busy(), 120)
    wizard_ready = time.perf_counter() - opened
    rows: list[dict[str, float]] = []
    timed = [] if args.actions_only else corpus_docs(args.corpus, args.docs)
    for n, files in enumerate(timed, start=1):
        wait(lambda: wizard.shown_step is Step.CAPTURE and not wizard.is_busy())
        before = len(wizard.waits)
        started = time.perf_counter()
        wizard.add_files(files)
        idle()
        capture_s = time.perf_counter() - started
        wizard.confirm()
        wait(lambda: wizard.shown_step is Step.PAGES)
        idle()
        wizard.confirm()
        wait(lambda: wizard.shown_step is Step.FIELDS)
        idle()  # the clerk reads the page while OCR runs; the proposal arrives
        form = wizard.fields_step.form
        for name, default in (
            ("issuer", "Cơ quan chưa rõ"),
            ("doc_type", "Công văn"),
            ("subject", "Chưa rõ trích yếu"),
        ):
            if not form.edits[name].text().strip():
                form.edits[name].setText(default)
        form.edits["issued_date"].setText(
            form.edits["issued_date"].text() if "-" in form.edits["issued_date"].text() else ""
        )
        wizard.confirm()
        idle()
        if wizard.shown_step is Step.FIELDS:  # a duplicate warning or a refused value
            wizard.fields_step.confirm_duplicate.setChecked(True)
            for name in ("number", "issued_date", "page_count"):
                if wizard.focusWidget() is form.edits[name]:
                    form.edits[name].setText("")
            wizard.confirm()
            idle()
        wait(lambda: wizard.shown_step is Step.REGISTER)
        settle(300)  # the clerk reads the number
        wizard.confirm()
        wait(lambda: wizard.shown_step is Step.STAMP)
        idle()
        wizard.confirm()
        wait(lambda: wizard.shown_step is Step.SIGN)
        if wizard.sign_step.pin_edit.isVisible():
            wizard.sign_step.pin_edit.setText(USER_PIN)
        wizard.confirm()
        wait(lambda: wizard.shown_step is Step.FORWARD)
        wizard.forward_step.to_edit.setText("Phòng Tổng hợp")
        wizard.confirm()
        wait(lambda: wizard.shown_step is Step.CAPTURE and not wizard.is_busy())
        waits = dict(wizard.waits[before:])
        ocr = wizard.background[-1][1] if wizard.background else 0.0
        rows.append(
            {"capture_read": capture_s, "ocr_background": ocr, **{s: waits.get(s, float("nan")) for s in STEPS}}
        )
        print(
            f"doc {n:2d} ({len(files)} file(s)): "
            + "  ".join(f"{s} {waits.get(s, float('nan')):.2f}" for s in STEPS)
            + f"  | OCR in background {ocr:.1f} s, reading files {capture_s:.1f} s",
            flush=True,
        )
    clean, wrong = scanned_like_the_province(args.corpus, len(timed), 2)
    cases: list[tuple[str, list[Path], tuple[str, ...]]] = [
        (f"clean document ({clean[0].name})", clean, ()),
        (f"two wrong fields ({wrong[0].name})", wrong, ("number", "subject")),
    ]
    real = real_scan(args.real, BASE / "real-scan")
    if real is not None:
        cases.append((f"real scan as proposed ({real[0].name})", real, ()))
    actions = count_actions(wizard, cases, wait, idle)
    wizard.close()
    app.processEvents()

    print()
    for label, (count, typed, log) in actions.items():
        print(f"clerk actions, {label}: {count} keystrokes/clicks + typing {typed} characters ({log})")
    if not rows:
        return
    print(f"wizard opened and warmed up in {wizard_ready:.2f} s")
    print(f"{'step confirmed':<16}{'median s':>10}{'max s':>10}   goal <= {WAIT_GOAL_S:.0f} s")
    worst_all = 0.0
    for s in STEPS:
        values = [r[s] for r in rows]
        worst_all = max(worst_all, max(values))
        print(
            f"{s:<16}{statistics.median(values):>10.2f}{max(values):>10.2f}   "
            + ("ok" if max(values) <= WAIT_GOAL_S else "MISS")
        )
    ocr_values = [r["ocr_background"] for r in rows]
    print(f"{'OCR (background)':<16}{statistics.median(ocr_values):>10.2f}{max(ocr_values):>10.2f}")
    per_doc = [max(r[s] for s in STEPS) for r in rows]
    print(
        f"worst wait after a confirmation: {worst_all:.2f} s; documents within 1 s at every step: "
        f"{sum(1 for w in per_doc if w <= WAIT_GOAL_S)}/{len(rows)}"
    )
    window = start_to_window(data_dir)
    print(
        f"start to usable window ({len(window)} runs, register of {len(rows)} entries): "
        f"median {statistics.median(window):.2f} s, max {max(window):.2f} s (goal <= {WINDOW_GOAL_S:.0f} s)"
    )


class Clerk:
    """Sends the clerk's input as real events (QTest keys and mouse clicks, typed characters as
    key events carrying their text, as a Vietnamese keyboard delivers them) and counts them:
    `actions` are the keystrokes and clicks that decide or move, `typed` the characters typed."""

    def __init__(self, wizard: Any) -> None:
        self.wizard = wizard
        self.actions = 0
        self.typed = 0
        self.log: list[str] = []  # what each action was for, printed with the counts

    def enter(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        self.log.append(f"Enter@{self.wizard.shown_step.value}")
        QTest.keyClick(self.wizard.focusWidget() or self.wizard, Qt.Key.Key_Return)
        self.actions += 1

    def click(self, widget: Any) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        self.log.append(f"click@{widget.objectName() or 'field'}")
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
        self.actions += 1

    def select_all(self, widget: Any) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        self.log.append("Ctrl+A")
        QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        self.actions += 1

    def type(self, widget: Any, text: str) -> None:
        from tests.ui.conftest import type_text

        type_text(widget, text)
        self.typed += len(text)


def count_actions(
    wizard: Any, cases: list[tuple[str, list[Path], tuple[str, ...]]], wait: Any, idle: Any
) -> dict[str, tuple[int, int, str]]:
    """Keystrokes and clicks a clerk spends per document with "Tự qua bước không cần kiểm tra" on
    (the batch's PIN already typed), counted from the events sent (`Clerk`): Enter on each step
    that stops, and for each field to fix a click into it, Ctrl+A and the text typed. The first
    document is taken as proposed; in the second, two fields are wrong (number and subject) and
    corrected; a real scan, if given, is taken as proposed. Choosing the files (or pressing the
    scanner's button) is the capture, not counted."""
    from PySide6.QtCore import QEventLoop, QTimer

    from qlvb_desktop.services.paper_intake import Step

    def rest() -> None:
        """Until the wizard rests on a step: no work running and no step passing by itself for
        0.3 s (a clerk does not press within 50 ms of a screen appearing; pressing while a step
        goes on by itself would count an Enter for the wrong step)."""
        while True:
            idle()
            step = wizard.shown_step
            loop = QEventLoop()
            QTimer.singleShot(300, loop.quit)
            loop.exec()
            if wizard.shown_step is step and not wizard.is_busy():
                return

    wizard.auto_check.setChecked(True)
    out: dict[str, tuple[int, int, str]] = {}
    for label, files, wrong in cases:
        clerk = Clerk(wizard)
        wait(lambda: wizard.shown_step is Step.CAPTURE and not wizard.is_busy())
        wizard.add_files(files)
        idle()
        wizard.next_button.setFocus()
        clerk.enter()
        wait(lambda: wizard.shown_step in (Step.PAGES, Step.FIELDS))
        rest()
        if wizard.shown_step is Step.PAGES:  # a blank or doubtful page to look at
            clerk.enter()
        wait(lambda: wizard.shown_step is Step.FIELDS)
        rest()
        form = wizard.fields_step.form
        fixes = {name: form.edits[name].text() or "?" for name in wrong}
        for name in wrong:  # the proposal had these wrong: the clerk clicks, selects, retypes
            form.edits[name].setText(fixes[name][::-1] + "x")
        for name, text in fixes.items():
            clerk.click(form.edits[name])
            clerk.select_all(form.edits[name])
            clerk.type(form.edits[name], text)
        for name, default in (("issuer", "Cơ quan chưa rõ"), ("doc_type", "Công văn"), ("subject", "Chưa rõ")):
            if not form.edits[name].text().strip():  # the proposal missed a required field
                clerk.click(form.edits[name])
                clerk.type(form.edits[name], default)
        wizard.fields_step.confirm_duplicate.setChecked(True)  # (the bench's corpus repeats letters)
        form.edits["issuer"].setFocus()
        clerk.enter()
        wait(lambda: wizard.shown_step in (Step.STAMP, Step.SIGN, Step.FORWARD))
        rest()
        if wizard.shown_step is Step.STAMP:  # no empty room on page 1: the clerk places the stamp
            clerk.enter()
        wait(lambda: wizard.shown_step is Step.FORWARD or (wizard.shown_step is Step.SIGN and not wizard.is_busy()))
        if wizard.shown_step is Step.SIGN and not wizard.pin.known:  # once per batch: not counted
            from tests.adapters.signing.pki import USER_PIN

            wizard.sign_step.pin_edit.setText(USER_PIN)
            wizard.confirm()
        wait(lambda: wizard.shown_step is Step.FORWARD)
        rest()
        clerk.type(wizard.forward_step.to_edit, "Phòng Tổng hợp")
        clerk.enter()
        wait(lambda: wizard.shown_step is Step.CAPTURE and not wizard.is_busy())
        out[label] = (clerk.actions, clerk.typed, " ".join(clerk.log))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20)
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("QLVB_CORPUS", "/work/shared/corpus/dev")))
    parser.add_argument("--real", type=Path, default=Path("/work/shared/corpus/real-dev"))
    parser.add_argument("--actions-only", action="store_true", help="only count the clerk's keystrokes and clicks")
    run(parser.parse_args())


if __name__ == "__main__":
    main()

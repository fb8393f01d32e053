"""The intake queue shows documents as they came out of the scanner: a feeder run makes several
documents in one second (the saved time has whole seconds), and a split part comes right after
the document it was split from. Urgent documents first (tests/adapters/intake/test_paper_intake.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from qlvb_desktop.domain.clock import VN_TZ
from qlvb_desktop.services.paper_intake import PAGES_DIR, PageRecord, PaperIntake, Step

ONE_SECOND = datetime(2026, 12, 7, 9, 0, 0, tzinfo=VN_TZ)


def _intake(tmp_path: Path) -> PaperIntake:
    # Only the work folders are used here: no capture, register, extractor, stamp or signature.
    none: Any = None
    return PaperIntake(tmp_path / "wip", none, none, none, none, none, none, tmp_path / "out", str, lambda: ONE_SECOND)


def _captured(intake: PaperIntake, pages: int = 1) -> str:
    doc = intake.new()
    for i in range(pages):
        (doc.folder / PAGES_DIR / f"{i}.png").write_bytes(b"page")
        doc.pages.append(PageRecord(f"{PAGES_DIR}/{i}.png", "scan", 300))
    doc.step = Step.PAGES
    intake.save(doc)
    return doc.id


def test_documents_of_one_second_keep_the_scanner_order(tmp_path: Path) -> None:
    intake = _intake(tmp_path)
    ids = [_captured(intake) for _ in range(12)]
    assert [d.id for d in intake.pending()] == ids
    assert [d.id for d in _intake(tmp_path).pending()] == ids  # as saved: the order survives a restart


def test_a_split_part_comes_right_after_its_document(tmp_path: Path) -> None:
    intake = _intake(tmp_path)
    first, second = _captured(intake, pages=4), _captured(intake)
    doc = next(d for d in intake.pending() if d.id == first)
    tail = intake.split(doc, 3)  # pages 4.. of the first document
    doc = next(d for d in intake.pending() if d.id == first)
    middle = intake.split(doc, 1)  # then pages 2–3: they came before the first part
    assert [d.id for d in intake.pending()] == [first, middle.id, tail.id, second]
    assert [len(d.pages) for d in intake.pending()] == [1, 2, 1, 1]

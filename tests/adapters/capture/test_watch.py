"""The watched folder: files taken once they stop growing, done/ and failed/, safe restarts."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import cv2
import pytest
from PIL import Image

from qlvb_desktop.services.watch import FolderWatcher
from tests.adapters.capture.pages import blank_page, text_page


class Counting:
    """The real intake, counting how often it runs."""

    def __init__(self, capture) -> None:
        self.capture = capture
        self.calls: list[str] = []

    def __call__(self, files: list[Path], out: Path):
        self.calls.append(files[0].name)
        return self.capture.intake.ingest_files(files, out)


def _blank_png(path: Path, seed: int = 1) -> Path:
    Image.fromarray(blank_page(100, seed=seed)).save(path, dpi=(200, 200))  # blank: no OCR needed, fast
    return path


@pytest.fixture
def station(tmp_path, capture):
    folder = tmp_path / "station"
    folder.mkdir()
    ingest = Counting(capture)
    return folder, ingest, FolderWatcher(folder, ingest, settle_seconds=1.0)


def test_file_is_taken_only_after_it_stops_growing(station):
    folder, ingest, watcher = station
    data = _blank_png(folder.parent / "src.png").read_bytes()
    growing = folder / "scan.png"
    growing.write_bytes(data[: len(data) // 2])
    assert watcher.poll(now=0.0) == []
    assert watcher.poll(now=0.5) == []  # not still for long enough
    with growing.open("ab") as f:
        f.write(data[len(data) // 2 :])
    assert watcher.poll(now=6.0) == []  # it grew: the clock starts again
    assert watcher.poll(now=6.5) == []
    [event] = watcher.poll(now=7.5)
    assert event.ok and ingest.calls == ["scan.png"]
    assert (folder / "done" / "scan.png").read_bytes() == data
    assert (folder / "output" / "scan.pdf").exists()
    assert not growing.exists() and list((folder / "processing").iterdir()) == []
    assert watcher.poll(now=20.0) == [] and ingest.calls == ["scan.png"]


def test_failures_go_to_failed_with_the_reason(station):
    folder, _ingest, watcher = station
    (folder / "hong.pdf").write_bytes(b"%PDF-1.7 garbage")
    (folder / "ghi-chu.docx").write_bytes(b"PK\x03\x04")
    watcher.poll(now=0.0)
    events = watcher.poll(now=2.0)
    assert sorted((e.name, e.ok) for e in events) == [("ghi-chu.docx", False), ("hong.pdf", False)]
    assert "không đọc được" in (folder / "failed" / "hong.pdf.error.txt").read_text(encoding="utf-8")
    assert "không phải PDF" in (folder / "failed" / "ghi-chu.docx.error.txt").read_text(encoding="utf-8")
    assert (folder / "failed" / "hong.pdf").read_bytes() == b"%PDF-1.7 garbage"
    assert list((folder / "output").iterdir()) == []


def test_restart_finishes_interrupted_work_without_doing_it_twice(station, capture):
    folder, ingest, watcher = station
    watcher.prepare()
    # Crash 1: the file was claimed, the process died before any output.
    _blank_png(folder / "processing" / "a.png")
    # Crash 2: output committed and journaled, the process died before the move to done/.
    b = _blank_png(folder / "processing" / "b.png", seed=2)
    capture.intake.ingest_files([b], folder / "output" / "b.pdf")
    entry = {
        "sha256": hashlib.sha256(b.read_bytes()).hexdigest(),
        "name": "b.png",
        "ok": True,
        "outputs": [str(folder / "output" / "b.pdf")],
    }
    (folder / ".qlvb-watch.jsonl").write_text(json.dumps(entry) + "\n{cut by the crash", encoding="utf-8")
    # Crash 3: c was started (journaled with its output name) and its PDF committed, no "ok" line.
    c = _blank_png(folder / "processing" / "c.png", seed=3)
    capture.intake.ingest_files([c], folder / "output" / "c.pdf")
    started = {
        "sha256": hashlib.sha256(c.read_bytes()).hexdigest(),
        "name": "c.png",
        "state": "started",
        "out": str(folder / "output" / "c.pdf"),
    }
    with (folder / ".qlvb-watch.jsonl").open("a", encoding="utf-8") as f:
        f.write("\n" + json.dumps(started) + "\n")
    restarted = FolderWatcher(folder, ingest, settle_seconds=1.0)
    events = restarted.poll(now=0.0)
    assert sorted(e.name for e in events) == ["a.png", "b.png", "c.png"]
    assert sorted(ingest.calls) == ["a.png", "c.png"]  # b was not processed twice; c redone in place
    assert sorted(p.name for p in (folder / "done").iterdir()) == ["a.png", "b.png", "c.png"]
    pdfs = sorted(p.name for p in (folder / "output").iterdir() if p.suffix == ".pdf")
    assert pdfs == ["a.pdf", "b.pdf", "c.pdf"]  # no second copy of c


def test_same_name_dropped_again_is_not_overwritten(station):
    folder, _ingest, watcher = station
    Image.fromarray(cv2.cvtColor(text_page(100), cv2.COLOR_BGR2RGB)).save(folder / "x.png")
    watcher.poll(now=0.0)
    watcher.poll(now=2.0)
    _blank_png(folder / "x.png")
    os.utime(folder / "x.png")
    watcher.poll(now=3.0)
    watcher.poll(now=5.0)
    assert sorted(p.name for p in (folder / "done").iterdir()) == ["x (2).png", "x.png"]
    assert sorted(p.name for p in (folder / "output").iterdir() if p.suffix == ".pdf") == ["x (2).pdf", "x.pdf"]

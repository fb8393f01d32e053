"""The one atomic writer (`services.atomic_file`) and representative callers (issue 12): a write
that fails half-way leaves the previous file byte for byte and no temporary file beside it; a
finished write is whole, with the mode its kind of file had before (private 0600, or what a plain
`open()` gives for files other programs read)."""

from __future__ import annotations

import csv
import os
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Flowable, PageBreak, Paragraph

from qlvb_desktop.adapters.directory_file import CsvDirectorySink
from qlvb_desktop.adapters.edxml.writer import OutFile, write_document
from qlvb_desktop.adapters.extract.stores import JsonCorrectionStore
from qlvb_desktop.adapters.register_pdf import build_pdf
from qlvb_desktop.domain.errors import EnvironmentProblem
from qlvb_desktop.domain.exchange import DocumentHeader, Organ
from qlvb_desktop.domain.extraction.corrections import Corrections
from qlvb_desktop.domain.sync import DirectoryEntry
from qlvb_desktop.services.atomic_file import atomic_output, atomic_path, write_atomic

OLD = "bản cũ — giữ nguyên".encode()


class Midway(Exception):
    """Raised by a test half-way through a write."""


def _old(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(OLD)
    return path


def _alone(path: Path) -> None:
    """Only the target itself in its folder: no temporary file left behind."""
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# --- the writer itself ---------------------------------------------------------------------------


@pytest.mark.parametrize("stop", [Midway, KeyboardInterrupt])
def test_a_stream_that_fails_half_way_leaves_the_old_file(tmp_path: Path, stop: type[BaseException]) -> None:
    path = _old(tmp_path / "d", "so.bin")
    with pytest.raises(stop), atomic_output(path) as f:
        f.write(b"x" * 3_000_000)  # past any buffer: bytes really reached the temporary file
        f.flush()
        assert len(list(path.parent.iterdir())) == 2
        raise stop()
    assert path.read_bytes() == OLD
    _alone(path)


def test_a_text_stream_that_fails_half_way_leaves_the_old_file(tmp_path: Path) -> None:
    path = _old(tmp_path, "danh-ba.csv")
    with pytest.raises(Midway), atomic_output(path, encoding="utf-8", newline="") as f:
        f.write("Sở Tài chính\n")
        raise Midway()
    assert path.read_bytes() == OLD
    _alone(path)


def test_a_path_write_that_fails_half_way_leaves_the_old_file(tmp_path: Path) -> None:
    path = _old(tmp_path, "so.xlsx")
    with pytest.raises(Midway), atomic_path(path, suffix=".xlsx") as tmp:
        tmp.write_bytes(b"half")
        raise Midway()
    assert path.read_bytes() == OLD
    _alone(path)


def test_finished_writes_are_whole_and_keep_their_kind_of_mode(tmp_path: Path) -> None:
    private = _old(tmp_path / "a", "session-tokens.json")
    write_atomic(private, b'{"token": 1}')
    assert private.read_bytes() == b'{"token": 1}' and _mode(private) == 0o600
    _alone(private)
    shared = tmp_path / "b" / "goi.edxml"  # a folder that does not exist yet is made
    with atomic_output(shared, shared=True) as f:
        f.write(b"<edXML/>")
        f.seek(0)
        assert f.read() == b"<edXML/>"  # readable: a PDF signer reads back what it wrote
    assert shared.read_bytes() == b"<edXML/>" and _mode(shared) == 0o666 & ~_umask()
    _alone(shared)
    text = tmp_path / "c" / "ghi-chu.txt"
    with atomic_output(text, encoding="utf-8") as t:
        t.write("Nguyễn Văn An")
    assert text.read_text(encoding="utf-8") == "Nguyễn Văn An"
    with atomic_path(tmp_path / "c" / "bang.zip", suffix=".zip") as tmp:
        tmp.write_bytes(b"PK")
    assert (tmp_path / "c" / "bang.zip").read_bytes() == b"PK"


def test_a_named_temporary_file_keeps_the_callers_prefix(tmp_path: Path) -> None:
    """Callers that sweep their own leftovers after a kill (`.incoming-`, `.download-`) name them."""
    path = tmp_path / "f"
    with atomic_output(path, prefix=".download-") as f:
        names = [p.name for p in tmp_path.iterdir()]
        f.write(b"1")
    assert len(names) == 1 and names[0].startswith(".download-")


# --- callers -------------------------------------------------------------------------------------


def _header() -> DocumentHeader:
    return DocumentHeader(
        sender=Organ("000.00.04.G14", "Sở Tài chính"),
        recipients=(Organ("000.00.12.H42", "Sở Nội vụ"),),
        document_id="000.00.04.G14,2026/05/20,7/STC-VP",
        code_number="7",
        code_notation="STC-VP",
        issued_date=date(2026, 5, 20),
        doc_type="Công văn",
        subject="Về việc thử",
    )


def test_an_edxml_package_cut_short_leaves_the_previous_package(tmp_path: Path) -> None:
    pdf = tmp_path / "cv.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + os.urandom(200_000))
    out = tmp_path / "outbox" / "7.edxml"
    write_document(out, _header(), [OutFile("cv.pdf", "application/pdf", pdf)], trace_organ="X", timestamp="t")
    before = out.read_bytes()
    assert _mode(out) == 0o666 & ~_umask()  # read by the other programs of the exchange, as before
    files = [OutFile("cv.pdf", "application/pdf", pdf), OutFile("pl.pdf", "application/pdf", tmp_path / "gone.pdf")]
    with pytest.raises(FileNotFoundError):  # the second attachment vanished after the first was written
        write_document(out, _header(), files, trace_organ="X", timestamp="t")
    assert out.read_bytes() == before
    _alone(out)


def test_an_organization_directory_cut_short_leaves_the_previous_one(tmp_path: Path) -> None:
    path = tmp_path / "issuers.csv"
    sink = CsvDirectorySink(path)
    sink.write([DirectoryEntry("Sở Tài chính", "000.00.04.G14")])
    before = path.read_bytes()

    class Broken:  # an entry whose last column cannot be read: the write stops there
        name, code, abbreviation, parent = "x", "", "", ""

        @property
        def place(self) -> str:
            raise Midway()

    entries: list[Any] = [DirectoryEntry(f"Cơ quan {i}") for i in range(5000)]
    with pytest.raises(Midway):
        sink.write([*entries, Broken()])
    assert path.read_bytes() == before
    assert list(csv.reader(before.decode("utf-8").splitlines()))[1][:2] == ["Sở Tài chính", "000.00.04.G14"]
    _alone(path)


class _FailsOnPageTwo(Flowable):  # type: ignore[misc]
    def wrap(self, *_: Any) -> tuple[float, float]:
        return (10, 10)

    def draw(self) -> None:
        raise Midway()


def test_a_printed_book_that_fails_on_page_two_leaves_the_previous_print(tmp_path: Path) -> None:
    out = _old(tmp_path / "in", "so-den.pdf")
    story = [Paragraph("Sổ đăng ký văn bản đến", getSampleStyleSheet()["Normal"]), PageBreak(), _FailsOnPageTwo()]
    with pytest.raises(Midway):
        build_pdf(out, story)
    assert out.read_bytes() == OLD
    _alone(out)
    build_pdf(out, story[:1])
    assert out.read_bytes().startswith(b"%PDF") and _mode(out) == 0o600
    _alone(out)


def test_corrections_that_cannot_be_saved_leave_the_previous_ones(tmp_path: Path) -> None:
    path = tmp_path / "corrections.json"
    store = JsonCorrectionStore(path)
    store.save(Corrections())
    before = path.read_bytes()

    class Unsaveable(Corrections):
        def to_json(self) -> Any:
            return {"ok": 1, "bad": object()}  # json.dump fails after writing the first part

    with pytest.raises(TypeError):
        store.save(Unsaveable())
    assert path.read_bytes() == before
    _alone(path)
    # the rename itself refused (a folder where the file should be): the sentence, nothing left
    blocked = tmp_path / "blocked"
    (blocked / "corrections.json").mkdir(parents=True)
    with pytest.raises(EnvironmentProblem):
        JsonCorrectionStore(blocked / "corrections.json").save(Corrections())
    assert [p.name for p in blocked.iterdir()] == ["corrections.json"]

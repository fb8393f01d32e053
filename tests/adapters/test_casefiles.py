"""Case files on a real SQLite file through the services and the `qlvb` command: the yearly
list imported from Excel, filing, closing checks, "Mục lục văn bản" (PDF text and .xlsx read
back), the handover lists, and the archive package checked and refused when tampered."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import load_workbook

from qlvb_desktop.adapters.db.outgoing_repo import SqliteOutgoing
from qlvb_desktop.cli import main
from qlvb_desktop.domain.casefiles import CaseFileStatus, DocKind
from qlvb_desktop.domain.clock import VN_TZ
from qlvb_desktop.domain.errors import FlaggedError, UserError
from qlvb_desktop.domain.outgoing import OUTGOING, make_draft
from qlvb_desktop.domain.report import Organization
from qlvb_desktop.services.audit import verify_audit
from tests.samples import tiny_pdf

ORG = Organization("Sở Nội vụ", "000.00.04.G14", "Ủy ban nhân dân tỉnh Tuyên Quang")
DOC = {"issuer": "Sở Tài chính", "doc_type": "Công văn", "subject": "Về việc quyết toán ngân sách"}


class FixedClock:
    def now(self) -> datetime:
        return datetime(2026, 11, 25, 10, 0, tzinfo=VN_TZ)


@pytest.fixture
def station(core):
    core.settings.organization = ORG
    core.settings_store.save(core.settings)
    core.clock = FixedClock()
    core.register.clock = core.clock
    return core


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True, timeout=60).stdout


def write_list(path: Path) -> Path:
    """The list as a clerk types it in Excel: a title row, column titles, headings, rows."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet()
    rows = [
        ["DANH MỤC HỒ SƠ NĂM 2026"],
        ["Số và ký hiệu hồ sơ", "Tên đề mục và tiêu đề hồ sơ", "Thời hạn bảo quản", "Đơn vị/người lập hồ sơ",
         "Ghi chú"],
        ["I", "Tổ chức, cán bộ"],
        ["1.", "Tuyển dụng"],
        ["01.TCCB", "Hồ sơ tuyển dụng công chức năm 2026", "Vĩnh viễn", "Phòng Tổ chức cán bộ"],
        ["02.TCCB", "Hồ sơ nâng lương", 10, "Phòng Tổ chức cán bộ", "theo quý"],
        ["II", "Văn phòng"],
        ["01.VP", "Hồ sơ hội nghị tổng kết", "20 năm", "Văn phòng"],
    ]
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    book.close()
    return path


def reg(core, **extra):
    return core.register.register({**DOC, **extra}, confirm_duplicate=True)


def test_case_file_life_cycle(station, tmp_path):
    core = station
    svc = core.casefiles
    entries = svc.import_list(2026, write_list(tmp_path / "danh-muc.xlsx"))
    assert [(e.level, e.notation or e.label) for e in entries] == [
        (0, "I"), (1, "1"), (2, "01.TCCB"), (2, "02.TCCB"), (0, "II"), (2, "01.VP"),
    ]
    assert entries[3].retention == 10 and entries[2].retention is None

    # the list printed as "Danh mục hồ sơ", PDF and Excel
    svc.write([svc.list_table(2026)], tmp_path / "dm.pdf")
    text = pdf_text(tmp_path / "dm.pdf")
    for expected in ("DANH MỤC HỒ SƠ", "Năm 2026", "I. Tổ chức, cán bộ", "01.TCCB", "Vĩnh viễn", "10 năm",
                     "SỞ NỘI VỤ"):
        assert expected in text
    svc.write([svc.list_table(2026)], tmp_path / "dm.xlsx")
    ws = load_workbook(tmp_path / "dm.xlsx").worksheets[0]
    values = [tuple(c for c in row if c is not None) for row in ws.iter_rows(values_only=True)]
    assert ("01.TCCB", "Hồ sơ tuyển dụng công chức năm 2026", "Vĩnh viễn", "Phòng Tổ chức cán bộ") in values
    assert ("I. Tổ chức, cán bộ",) in values

    # open from the list and ad hoc; an unlisted file needs its title and retention
    listed = svc.open(2026, "01.TCCB", start=date(2026, 1, 5))
    assert listed.title == "Hồ sơ tuyển dụng công chức năm 2026" and listed.listed
    assert listed.code == "000.00.04.G14.2026.01.TCCB"
    with pytest.raises(UserError, match="không có trong danh mục"):
        svc.open(2026, "09.XX")
    adhoc = svc.open(2026, "09.XX", title="Hồ sơ đoàn kiểm tra", retention="5")
    assert not adhoc.listed and adhoc.retention == 5
    with pytest.raises(UserError, match="đã được mở"):
        svc.open(2026, "01.TCCB")

    # file registrations: DocOrdinal in the order of filing, fields 1-2 filled, several files
    pdf = tmp_path / "qd.pdf"
    tiny_pdf(pdf, "original bytes")  # a real PDF: attachments are checked at the door
    first = core.register.register(
        {**DOC, "number": "15/QĐ-STC", "issued_date": "2026-01-05", "page_count": 3,
         "received_at": "2026-01-06T08:00:00+07:00"}, [pdf], confirm_duplicate=True,
    )
    second = reg(core, number="20/STC-NS", issued_date="2026-02-01", received_at="2026-02-02T08:00:00+07:00")
    dup = reg(core, number="15/QĐ-STC", issued_date="2026-01-05", received_at="2026-01-07T08:00:00+07:00")
    voided = reg(core, number="30/STC", received_at="2026-03-01T08:00:00+07:00")
    assert svc.add(listed, DocKind.INCOMING, first.id) == 1
    assert svc.add(listed, DocKind.INCOMING, second.id) == 2
    assert svc.add(adhoc, DocKind.INCOMING, first.id) == 1
    with pytest.raises(UserError, match="đã có trong hồ sơ"):
        svc.add(listed, DocKind.INCOMING, first.id)
    shown = core.register.get(first.id).draft
    assert (shown.file_organ_id, shown.file_catalog, shown.file_notation, shown.doc_ordinal) == (
        "000.00.04.G14", "2026", "01.TCCB", 1)
    assert [cf.notation for cf, _o in svc.files_of(DocKind.INCOMING, first.id)] == ["01.TCCB", "09.XX"]

    # an outgoing entry joins the same file
    outgoing = SqliteOutgoing(core.repo.engine)
    allocation = outgoing.allocation(OUTGOING.code, 2026)
    allocation.open()
    draft = make_draft(book=OUTGOING, doc_type="Quyết định", subject="Về việc tuyển dụng",
                       issued=date(2026, 3, 2), abbreviation="SNV")
    entry = allocation.commit(draft, core.files.put(pdf, "qd-di.pdf"), "qd-di.pdf", actor="vt", now=FixedClock().now())
    assert svc.add(listed, DocKind.OUTGOING, entry.id) == 3

    # closing: a voided document blocks, a duplicate is flagged until confirmed
    svc.add(listed, DocKind.INCOMING, voided.id)
    core.register.void(voided.id, "Vào nhầm")
    with pytest.raises(UserError, match="đã hủy hoặc chưa có số"):
        svc.close(listed)
    svc.remove(listed, 4)
    svc.add(listed, DocKind.INCOMING, dup.id)
    with pytest.raises(FlaggedError, match="trùng văn bản thứ 1"):
        svc.close(listed)
    svc.remove(listed, 2)  # the later ones move up: dup becomes 3
    assert [d.ordinal for d in svc.documents(listed)] == [1, 2, 3]
    assert core.register.get(dup.id).draft.doc_ordinal == 3
    with pytest.raises(FlaggedError):
        svc.close(listed)
    closed = svc.close(listed, confirm=True)
    assert closed.status is CaseFileStatus.CLOSED and closed.end_date == date(2026, 3, 2)
    with pytest.raises(UserError, match="đã kết thúc"):
        svc.add(closed, DocKind.INCOMING, second.id)

    # "Mục lục văn bản": sheets numbered across the file
    contents = svc.contents_table(closed)
    rows = list(contents.rows)
    assert rows[0][:3] == (1, "15/QĐ-STC", date(2026, 1, 5)) and rows[0][5] == "1-3"
    assert rows[1][1] == "01/QĐ-SNV" and rows[1][4] == "Sở Nội vụ" and rows[1][5] == "4"
    svc.write([contents], tmp_path / "ml.pdf")
    text = pdf_text(tmp_path / "ml.pdf")
    for expected in ("MỤC LỤC VĂN BẢN", "000.00.04.G14.2026.01.TCCB", "Tờ/Trang", "15/QĐ-STC", "05/01/2026",
                     "Vĩnh viễn", "Hồ sơ gồm 3 văn bản, 5 trang."):
        assert expected in text
    svc.write([contents], tmp_path / "ml.xlsx")
    ws = load_workbook(tmp_path / "ml.xlsx").worksheets[0]
    data = [r for r in ws.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert data[0][:3] == (1, "15/QĐ-STC", datetime(2026, 1, 5))  # a real date, not text
    assert ws.cell(row=ws.max_row, column=1).value == "Hồ sơ gồm 3 văn bản, 5 trang."

    # handover: the list and the record, PDF and Excel
    svc.write(svc.handover_tables(year=2026, receiver="Lưu trữ Sở"), tmp_path / "nop-luu.pdf")
    text = pdf_text(tmp_path / "nop-luu.pdf")
    for expected in ("MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU", "BIÊN BẢN GIAO NHẬN HỒ SƠ, TÀI LIỆU", "Bên nhận: Lưu trữ Sở",
                     "Hồ sơ tuyển dụng công chức năm", "Tổng số: 1 hồ sơ."):
        assert expected in text
    svc.write(svc.handover_tables(year=2026), tmp_path / "nop-luu.xlsx")
    book = load_workbook(tmp_path / "nop-luu.xlsx")
    assert book.sheetnames == ["Mục lục nộp lưu", "Biên bản giao nhận"]
    first_row = next(r for r in book.worksheets[0].iter_rows(values_only=True) if r[0] == 1)
    assert first_row[1:8] == ("000.00.04.G14.2026.01.TCCB", "Hồ sơ tuyển dụng công chức năm 2026",
                              datetime(2026, 1, 5), datetime(2026, 3, 2), "Vĩnh viễn", 3, 5)
    with pytest.raises(UserError, match="chưa kết thúc"):
        svc.handover_tables([adhoc])

    # the archive package: files byte for byte, metadata, METS, checked
    package = svc.export_package(closed, tmp_path / "goi.zip")
    assert svc.check_package(package) == []
    with zipfile.ZipFile(package) as z:
        names = z.namelist()
        root = "000-00-04-G14-2026-01-TCCB"
        assert f"{root}/METS.xml" in names
        assert z.read(f"{root}/representations/rep1/data/001/qd.pdf") == pdf.read_bytes()
        meta = z.read(f"{root}/metadata/descriptive/ho-so.xml").decode()
        for tag in ("<FileCode>000.00.04.G14.2026.01.TCCB</FileCode>", "<Maintenance>Vĩnh viễn</Maintenance>",
                    "<DocTotal>3</DocTotal>", "<PageTotal>5</PageTotal>", "<CodeNotation>QĐ-STC</CodeNotation>",
                    "<DocOrdinal>2</DocOrdinal>"):
            assert tag in meta
        mets = z.read(f"{root}/METS.xml").decode()
        assert 'CHECKSUMTYPE="SHA-256"' in mets and "E-ARK-CSIP" in mets
        assert f"{root}/documentation/muc-luc-van-ban.pdf" in names

    assert verify_audit(core.repo) == []


def _rewrite(package: Path, out: Path, change) -> Path:
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info.filename))
            if data is not None:
                dst.writestr(info.filename, data)
    return out


def test_a_tampered_package_is_refused(station, tmp_path):
    core = station
    svc = core.casefiles
    pdf = tmp_path / "a.pdf"
    tiny_pdf(pdf, "the signed original")
    r = core.register.register({**DOC, "number": "1/STC", "issued_date": "2026-01-05"}, [pdf], confirm_duplicate=True)
    cf = svc.open(2026, "01.VP", title="Hội nghị", retention="Vĩnh viễn")
    svc.add(cf, DocKind.INCOMING, r.id)
    cf = svc.close(cf)
    package = svc.export_package(cf, tmp_path / "goi.zip")
    assert svc.check_package(package) == []

    flipped = _rewrite(package, tmp_path / "flipped.zip",
                       lambda n, d: d.replace(b"original", b"0riginal") if n.endswith("a.pdf") else d)
    assert any("đã bị thay đổi" in p for p in svc.check_package(flipped))
    missing = _rewrite(package, tmp_path / "missing.zip", lambda n, d: None if n.endswith("a.pdf") else d)
    assert any("Thiếu tệp" in p for p in svc.check_package(missing))
    extra = tmp_path / "extra.zip"
    shutil.copy(package, extra)
    with zipfile.ZipFile(extra, "a") as z:
        z.writestr("000-00-04-G14-2026-01-VP/representations/rep1/data/001/them.pdf", b"added")
    assert any("không có trong bản kê" in p for p in svc.check_package(extra))
    meta = _rewrite(package, tmp_path / "meta.zip",
                    lambda n, d: d.replace("Vĩnh viễn".encode(), b"10 nam")
                    if n.endswith("ho-so.xml") else d)
    assert any("ho-so.xml" in p for p in svc.check_package(meta))

    # the command: 0 for a whole package, 2 with the sentences for a tampered one
    data = ["--data-dir", str(core.data_dir)]
    assert main([*data, "casefile", "check", str(package)]) == 0
    assert main([*data, "casefile", "check", str(flipped)]) == 2
    (tmp_path / "not.zip").write_text("không phải zip")
    assert main([*data, "casefile", "check", str(tmp_path / "not.zip")]) == 2


def test_cli_case_files_and_exit_codes(station, tmp_path, capsys):
    core = station
    data = ["--data-dir", str(core.data_dir)]
    first = reg(core, number="7/STC", received_at="2026-01-06T08:00:00+07:00")
    second = reg(core, number="7/STC", received_at="2026-01-07T08:00:00+07:00")
    assert main([*data, "casefile", "list", "--year", "2026", "--import", str(write_list(tmp_path / "l.xlsx"))]) == 0
    assert main([*data, "casefile", "open", "01.TCCB", "--year", "2026"]) == 0
    assert main([*data, "casefile", "open", "01.ZZ", "--year", "2026"]) == 2  # not listed, no title
    assert main([*data, "casefile", "add", "01.TCCB", "--id", str(first.id), "--year", "2026"]) == 0
    assert main([*data, "casefile", "add", "01.TCCB", "--id", str(second.id), "--year", "2026"]) == 0
    assert main([*data, "casefile", "add", "01.TCCB", "--id", "999", "--year", "2026"]) == 2
    capsys.readouterr()
    assert main([*data, "casefile", "close", "01.TCCB", "--year", "2026"]) == 3  # duplicate flagged
    assert "trùng" in capsys.readouterr().err
    assert main([*data, "casefile", "close", "01.TCCB", "--year", "2026", "--yes"]) == 0
    assert main([*data, "casefile", "contents", "01.TCCB", "--out", str(tmp_path / "ml.docx")]) == 2
    assert main([*data, "casefile", "export", "01.TCCB", "--out", str(tmp_path / "pk")]) == 0
    package = tmp_path / "pk" / "000.00.04.G14.2026.01.TCCB.zip"
    assert main([*data, "casefile", "check", str(package)]) == 0
    capsys.readouterr()
    assert main([*data, "casefile", "list", "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert "01.TCCB\tHồ sơ tuyển dụng công chức năm 2026\tVĩnh viễn" in out and "Đã kết thúc, 2 văn bản" in out
    bad = tmp_path / "bad.xlsx"
    book = xlsxwriter.Workbook(str(bad))
    book.add_worksheet().write_row(0, 0, ["01 TCCB?", "Tiêu đề", "mãi mãi"])
    book.close()
    assert main([*data, "casefile", "list", "--year", "2027", "--import", str(bad)]) == 2
    assert "Dòng 1" in capsys.readouterr().err
    assert core.casefiles.list_entries(2027) == []  # nothing half-imported


def test_filing_on_a_synced_station_queues_casefile_operations(tmp_path):
    """The case file and the filing travel as `casefile.*` operations in the same transaction;
    fields 1–2 are filled here and derived on every station, not sent as an edit."""
    import json

    from sqlalchemy import text

    from qlvb_desktop.adapters.db.casefiles_repo import SqliteCaseFiles
    from qlvb_desktop.adapters.db.database import open_database
    from qlvb_desktop.adapters.db.repository import SqliteRegister
    from qlvb_desktop.adapters.db.sync_journal import SqliteSyncJournal
    from qlvb_desktop.domain.books import DEFAULT_BOOKS, INCOMING
    from qlvb_desktop.domain.casefiles import CaseFile
    from qlvb_desktop.domain.registration import parse_draft

    now = FixedClock().now()
    repo = SqliteRegister(open_database(tmp_path / "qlvb.sqlite3"))
    repo.synced = True
    repo.ensure_books(DEFAULT_BOOKS)
    SqliteSyncJournal(repo.engine).add_to_pool("den", 2026, [5])
    reg = repo.register(parse_draft({**DOC, "received_at": now.isoformat()}, now=now), INCOMING, actor="vt", now=now)
    store = SqliteCaseFiles(repo)
    cf = store.open(CaseFile(0, 2026, "01.VP", "Hội nghị", None, "", "000.00.04.G14", date(2026, 1, 1)),
                    actor="vt", now=now)
    assert store.add(cf.id, DocKind.INCOMING, reg.id, actor="vt", now=now) == 1
    with repo.engine.connect() as conn:
        ops = conn.execute(text("SELECT kind, payload FROM outbox ORDER BY seq")).all()
        uid = conn.execute(text("SELECT uid FROM registrations WHERE id = :id"), {"id": reg.id}).scalar()
    assert [k for k, _p in ops] == ["register", "casefile.open", "casefile.file"]
    assert json.loads(ops[1][1])["casefile"]["notation"] == "01.VP"
    assert json.loads(ops[2][1])["casefile"] == {"doc_kind": "incoming", "doc_uid": uid}
    assert repo.get(reg.id).draft.file_notation == "01.VP"
    assert verify_audit(repo) == []


def test_a_station_synced_before_the_upgrade_queues_its_case_files_once(tmp_path):
    """Migration 0013 marks a station that had synced (a feed cursor): its first push after the
    upgrade queues the case files it kept to itself, in order, and only once."""
    from alembic import command
    from sqlalchemy import text

    from qlvb_desktop.adapters.db.casefiles_repo import SqliteCaseFiles
    from qlvb_desktop.adapters.db.database import _alembic_config, migrate, open_database
    from qlvb_desktop.adapters.db.repository import SqliteRegister
    from qlvb_desktop.adapters.db.sync_journal import SqliteSyncJournal
    from qlvb_desktop.domain.books import DEFAULT_BOOKS, INCOMING
    from qlvb_desktop.domain.casefiles import CaseFile
    from qlvb_desktop.domain.registration import parse_draft

    now = FixedClock().now()
    engine = open_database(tmp_path / "qlvb.sqlite3")
    with engine.connect() as conn:
        command.downgrade(_alembic_config(conn), "0012_outgoing_sync")
        conn.commit()
    repo = SqliteRegister(engine)  # not synced: what the older version did with case files
    repo.ensure_books(DEFAULT_BOOKS)
    reg = repo.register(parse_draft({**DOC, "received_at": now.isoformat()}, now=now), INCOMING, actor="vt", now=now)
    store = SqliteCaseFiles(repo)
    cf = store.open(CaseFile(0, 2026, "01.VP", "Hội nghị", None, "", "000.00.04.G14", date(2026, 1, 1)),
                    actor="vt", now=now)
    store.add(cf.id, DocKind.INCOMING, reg.id, actor="vt", now=now)
    journal = SqliteSyncJournal(engine)
    journal.set_state("cursor", "42")
    migrate(engine)
    assert [op.kind for op in journal.pending(100)] == ["casefile.open", "casefile.file"]
    assert [op.kind for op in SqliteSyncJournal(engine).pending(100)] == ["casefile.open", "casefile.file"]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sync_state WHERE key = 'casefiles_adopt'")).scalar() == 0

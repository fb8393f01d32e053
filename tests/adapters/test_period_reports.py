"""Reports of a period (SPEC §12) on a real SQLite file, checked against figures counted by hand
(deadlines across Tết 2026), printed (pdftotext) and exported (.xlsx read back)."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qlvb_desktop.cli import main
from qlvb_desktop.domain.clock import VN_TZ
from qlvb_desktop.domain.errors import UserError
from qlvb_desktop.domain.report import Organization

DOC = {"issuer": "Bộ Tài chính", "doc_type": "Công văn", "subject": "Về việc quyết toán"}


class FixedClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True,
                         timeout=60).stdout
    return out


@pytest.fixture
def office(core):
    """Seven registrations whose states on 10/03/2026 were counted by hand (default handling
    period 10 working days; Tết 2026 = 16–20/02 off):

    A 06/02 09:00 → due 27/02 (9–13/02, then 23–27/02); handled 27/02: on time  · Phòng TCCB
    B 06/02 09:00 → due 27/02; handled 02/03: late                              · Phòng TCCB
    C 06/02 17:30 (after hours → 09/02) → due 02/03; not handled: overdue       · Văn phòng
    D 05/03, due date 20/03 given; not handled: in progress                     · Văn phòng, Phòng TCCB
    E 02/03 → due 16/03; handled 12/03, after the report's day: in progress     · Bà Trần Thị B
    F voided: not counted;  G received 15/03: outside the period
    """
    core.settings.organization = Organization("Sở Nội vụ", "000.00.04.G14", "UBND tỉnh Tuyên Quang")
    core.settings_store.save(core.settings)
    clock = FixedClock(at("2026-04-01T09:00"))
    core.clock = clock
    core.register.clock = clock

    def reg(received: str, to: str, **extra):
        data = {**DOC, "received_at": f"{received}+07:00", "to_places": to, **extra}
        return core.register.register(data, confirm_duplicate=True)

    a = reg("2026-02-06T09:00:00", "Phòng TCCB", number="1/BTC")
    b = reg("2026-02-06T09:00:00", "Phòng TCCB", number="2/BTC")
    c = reg("2026-02-06T17:30:00", "Văn phòng", number="3/BTC")
    reg("2026-03-05T09:00:00", "Văn phòng, Phòng TCCB", number="4/BTC", due_date="2026-03-20")
    e = reg("2026-03-02T09:00:00", "Bà Trần Thị B", number="5/BTC")
    f = reg("2026-03-03T09:00:00", "Văn phòng", number="6/BTC")
    reg("2026-03-15T09:00:00", "Văn phòng", number="7/BTC")
    core.register.void(f.id, "Vào nhầm sổ")
    store = core.daily.store
    store.mark_handled(a.id, "Công văn 10/SNV", actor="vt", now=at("2026-02-27T16:00"))
    store.mark_handled(b.id, "", actor="vt", now=at("2026-03-02T08:00"))
    store.mark_handled(e.id, "", actor="vt", now=at("2026-03-12T08:00"))
    core.hand = {"a": a, "c": c}
    return core


def test_incoming_status_matches_the_hand_count(office):
    report = office.period_reports.incoming_status(date(2026, 2, 1), date(2026, 3, 10))
    assert report.as_of == date(2026, 3, 10)
    units = {r.name: (r.received, r.on_time, r.late, r.in_progress, r.overdue) for r in report.by_unit}
    assert units == {"Phòng TCCB": (2, 1, 1, 0, 0), "Văn phòng": (2, 0, 0, 1, 1)}
    people = {r.name: (r.received, r.on_time, r.late, r.in_progress, r.overdue) for r in report.by_person}
    assert people == {"Bà Trần Thị B": (1, 0, 0, 1, 0)}
    t = report.total
    assert (t.received, t.on_time, t.late, t.in_progress, t.overdue) == (5, 1, 1, 2, 1)
    # SQLite's counts equal the pure-Python reference over every document
    assert report == office.period_reports.incoming_status_reference(date(2026, 2, 1), date(2026, 3, 10))
    # on 12/03 E is handled (before its due date 16/03): on time
    later = office.period_reports.incoming_status(date(2026, 2, 1), date(2026, 3, 12))
    assert [(r.on_time, r.in_progress) for r in later.by_person] == [(1, 0)]


def test_status_report_printed_and_exported(office, tmp_path):
    reports = office.period_reports
    tables = reports.incoming_status_tables(date(2026, 2, 1), date(2026, 3, 10))
    out = reports.write(tables, tmp_path / "bc.pdf")
    text = pdf_text(out)
    assert "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐẾN" in text and "Từ ngày 01/02/2026 đến ngày 10/03/2026" in text
    assert "I. Theo đơn vị" in text and "II. Theo cá nhân" in text and "Bà Trần Thị B" in text
    line = next(x for x in text.splitlines() if "Phòng TCCB" in x)
    assert line.split()[-5:] == ["2", "1", "1", "0", "0"]

    reports.write(tables, tmp_path / "bc.xlsx")
    book = load_workbook(tmp_path / "bc.xlsx")
    assert book.sheetnames == ["Theo đơn vị", "Theo cá nhân"]
    ws = book.worksheets[0]
    rows = [r for r in ws.iter_rows(values_only=True) if r[1] in ("Phòng TCCB", "Văn phòng", "Cộng")]
    assert rows == [(1, "Phòng TCCB", 2, 1, 1, 0, 0), (2, "Văn phòng", 2, 0, 0, 1, 1), (None, "Cộng", 4, 1, 1, 1, 1)]
    # prints on A4 landscape, fitted to the page width, the column titles on every page
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
    # fitToWidth absent means 1 (ECMA-376 default); fitToHeight 0: as many pages tall as needed
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows is not None
    # the grid: one conditional format with borders over exactly the table's rows
    first = next(i for i, r in enumerate(ws.iter_rows(values_only=True), start=1) if r[0] == 1)
    grids = [str(cf.sqref) for cf in ws.conditional_formatting]
    assert grids == [f"A{first}:G{first + 2}"]


def test_followup_book(office, tmp_path):
    table = office.period_reports.followup_table(date(2026, 2, 1), date(2026, 3, 10))
    rows = {r[1].split(", ")[1]: r for r in table.rows}  # keyed by "số 1/BTC"
    a = rows["số 1/BTC"]
    assert a[3] == date(2026, 2, 27) and a[4] == "Đã giải quyết đúng hạn (ngày 27/02/2026)"
    assert a[5] == "Công văn 10/SNV" and a[6] == "Hạn mặc định"
    assert rows["số 3/BTC"][3] == date(2026, 3, 2) and rows["số 3/BTC"][4] == "Quá hạn"
    assert rows["số 4/BTC"][6] == ""  # the due date given when forwarded
    assert len(rows) == 5
    out = office.period_reports.write([office.period_reports.followup_table(date(2026, 2, 1), date(2026, 3, 10))],
                                      tmp_path / "td.xlsx")
    ws = load_workbook(out).worksheets[0]
    data = [r for r in ws.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert data[0][0] == 1 and data[0][3] == datetime(2026, 2, 27)
    assert ws.cell(row=1, column=1).value == "UBND TỈNH TUYÊN QUANG"


def test_register_export_streams_real_dates_and_voids(office, tmp_path):
    reports = office.period_reports
    out = reports.write([reports.register_table(2026)], tmp_path / "so.xlsx")
    book = load_workbook(out, read_only=True)  # read-only keeps the file open until closed
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    head = rows.index(next(r for r in rows if r[0] == "Ngày đến"))
    assert rows[head] == ("Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu văn bản", "Ngày tháng văn bản",
                          "Tên loại và trích yếu nội dung văn bản", "Đơn vị hoặc người nhận", "Ngày chuyển",
                          "Ký nhận", "Ghi chú")
    body = rows[head + 1:]
    assert len(body) == 7
    assert body[0][:4] == (datetime(2026, 2, 6), 1, "Bộ Tài chính", "1/BTC")
    voided = next(r for r in body if r[3] == "6/BTC")
    assert voided[9] == "Hủy: Vào nhầm sổ"
    with pytest.raises(UserError, match="Không có sổ"):
        reports.register_table(2026, "khong-co")
    with pytest.raises(UserError, match=r"đuôi \.pdf hoặc \.xlsx"):
        reports.write([reports.register_table(2026)], tmp_path / "so.csv")
    assert not (tmp_path / "so.csv").exists()


def test_report_commands(office, tmp_path, capsys):
    data = ["--data-dir", str(office.data_dir)]
    # the command's own clock is the real one: the period lies in the past, so as-of is its end
    assert main([*data, "report", "incoming-status", "--from", "01/02/2026", "--to", "10/03/2026"]) == 0
    out = capsys.readouterr().out
    assert "1\tPhòng TCCB\t2\t1\t1\t0\t0" in out and "1\tBà Trần Thị B\t1\t0\t0\t1\t0" in out
    for name in ("followup", "outgoing-status", "casefile-list"):
        target = tmp_path / f"{name}.pdf"
        assert main([*data, "report", name, "--from", "2026-02-01", "--to", "2026-03-10", "--out", str(target)]) == 0
        assert pdf_text(target).strip()
    assert main([*data, "report", "followup", "--from", "10/03/2026", "--to", "01/02/2026"]) == 2
    assert main([*data, "export", "register", "--year", "2026", "--out", str(tmp_path / "r.xlsx")]) == 0
    assert main([*data, "export", "outgoing", "--year", "2026", "--out", str(tmp_path / "o.xlsx")]) == 0
    ws = load_workbook(tmp_path / "o.xlsx").worksheets[0]
    assert any(r[0] == "Số, ký hiệu văn bản" for r in ws.iter_rows(values_only=True))


def test_search_result_to_excel(office, tmp_path, capsys):
    out = tmp_path / "tim.xlsx"
    assert main(["--data-dir", str(office.data_dir), "search", "quyet toan", "--out", str(out)]) == 0
    assert "Đã ghi 7 văn bản tìm thấy" in capsys.readouterr().err
    rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert tuple(c for c in rows[3] if c is not None) == ("Tìm: quyet toan",)
    body = [r for r in rows if isinstance(r[1], int)]
    assert len(body) == 7 and body[0][:2] == (datetime(2026, 3, 15), 7)  # newest first, as listed
    assert body[0][5] == "Công văn: Về việc quyết toán"

"""The printed register: cover, 10 columns in A4 landscape, header on every page, voids."""

from __future__ import annotations

from datetime import date

import pypdfium2 as pdfium
import pytest

from qlvb_desktop.domain.report import COLUMNS, Organization

ORG = Organization(name="Sở Tài chính", code="000.00.04.H57", parent="Ủy ban nhân dân tỉnh Tuyên Quang")


def page_texts(path):
    doc = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for page in doc:
            tp = page.get_textpage()
            texts.append(tp.get_text_range())
            tp.close()
            page.close()
        return texts, [doc[i].get_size() for i in range(len(doc))]
    finally:
        doc.close()


def fill(core, n):
    regs = []
    for i in range(n):
        regs.append(
            core.register.register(
                {
                    "issuer": "Ủy ban nhân dân huyện Hàm Yên",
                    "number": f"{i + 1}/UBND-VP",
                    "doc_type": "Công văn",
                    "subject": f"V/v đề nghị hỗ trợ kinh phí sửa chữa trường học số {i + 1}",
                    "issued_date": "2026-01-02",
                    "to_places": "Phòng Ngân sách",
                    "received_at": "2026-01-05T09:00:00+07:00",
                }
            )
        )
    return regs


def test_printed_register_has_cover_columns_and_vietnamese_text(core, tmp_path):
    regs = fill(core, 60)
    core.register.void(regs[4].id, "Vào sổ trùng")
    report = core.reports.book_report(ORG, 2026, volume=2)
    out = core.reports.print_book(report, tmp_path / "so-den.pdf")
    texts, sizes = page_texts(out)
    assert len(texts) >= 3, "60 rows span several pages"
    cover = texts[0]
    for line in (
        "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG",
        "SỞ TÀI CHÍNH",
        "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN",
        "Năm: 2026",
        "Từ ngày 05/01/2026 đến ngày 05/01/2026",
        "Từ số 1 đến số 60",
        "Quyển số: 2",
    ):
        assert line in cover, line
    for w, h in sizes:
        assert w > h, "A4 landscape"
        assert (round(w), round(h)) == (842, 595)
    flat = [t.replace("\r\n", " ").replace("\n", " ") for t in texts[1:]]
    for page in flat:  # the header repeats on every page of the table
        for column in ("Ngày đến", "Số đến", "Tác giả", "Ký nhận", "Ghi chú"):
            assert column in page, column
    body = " ".join(flat)
    assert "Hủy: Vào sổ trùng" in body
    assert "đề nghị hỗ trợ kinh phí" in body
    assert "05/01/2026" in body


def test_printed_register_pixels_show_a_table(core, tmp_path):
    fill(core, 3)
    out = core.reports.print_book(core.reports.book_report(ORG, 2026), tmp_path / "p.pdf")
    doc = pdfium.PdfDocument(str(out))
    image = doc[1].render(scale=1).to_pil().convert("L")
    doc.close()
    dark = sum(image.histogram()[:128])
    assert dark > 2000, "grid lines and text are drawn"


def test_empty_period_prints_a_clear_line(core, tmp_path):
    out = core.reports.print_book(
        core.reports.book_report(ORG, 2026, date_from=date(2026, 3, 1), date_to=date(2026, 3, 31)), tmp_path / "e.pdf"
    )
    texts, _ = page_texts(out)
    assert "Không có văn bản nào trong kỳ này." in texts[1]
    assert "Từ ngày 01/03/2026 đến ngày 31/03/2026" in texts[0]


def test_period_and_book_selection(core, tmp_path):
    fill(core, 2)
    core.register.register(
        {
            "issuer": "Bộ Công an",
            "doc_type": "Công văn",
            "subject": "V/v bảo mật",
            "confidentiality": "Mật",
            "received_at": "2026-01-06T09:00:00+07:00",
        }
    )
    secret = core.reports.book_report(ORG, 2026, book="mat-den")
    assert [r.cells[1] for r in secret.rows] == ["1"]
    assert secret.book_name == "Sổ văn bản mật đến"
    with pytest.raises(Exception, match="Ngày bắt đầu"):
        core.reports.book_report(ORG, 2026, date_from=date(2026, 2, 1), date_to=date(2026, 1, 1))
    assert len(COLUMNS) == 10


def test_unwritable_output_is_a_clear_error(core, tmp_path):
    from qlvb_desktop.domain.errors import EnvironmentProblem

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(EnvironmentProblem):
        core.reports.print_book(core.reports.book_report(ORG, 2026), blocker / "sub" / "x.pdf")

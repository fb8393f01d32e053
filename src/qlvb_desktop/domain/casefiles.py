"""Case files (hồ sơ, SPEC §11; Nghị định 30/2020 Điều 28–31, Phụ lục V and VI).

- The yearly list "Danh mục hồ sơ": headings with Roman numerals, sub-headings with Arabic
  numerals, then rows: code (`01.TCCB`) · title · retention (years or "Vĩnh viễn") · creator ·
  note. Typed or imported from a spreadsheet (`parse_list_rows`).
- A case file is opened from the list or ad hoc; a document (incoming registration or outgoing
  entry) joins it with FileCode = organization code + year + file notation and DocOrdinal = its
  order in the file, given in the order of filing. One document may be in several case files.
- Closing checks (`closing_problems`): no document not final (voided, or still waiting for its
  number), duplicates flagged, retention known; the "Mục lục văn bản" numbers the sheets.

Pure Python: the repository stores these, the printers and the Excel writer render `Table`s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, ValidationError
from qlvb_desktop.domain.tabular import Cell, Column, Heading, Kind, Row, Table
from qlvb_desktop.domain.text import fold_marks, identity_key, nfc

CTX = "Errors"

PERMANENT = "Vĩnh viễn"
MAX_LENGTH = {"notation": 20, "title": 500, "creator": 200, "note": 500, "description": 500}
LABELS = {
    "notation": "Số và ký hiệu hồ sơ",
    "title": "Tiêu đề hồ sơ",
    "retention": "Thời hạn bảo quản",
    "creator": "Đơn vị/người lập hồ sơ",
    "note": "Ghi chú",
    "description": "Chú giải",
    "organ_id": "Mã cơ quan",
}
# A file notation: letters, digits and . - _ / (e.g. 01.TCCB, 2.15-VP); no spaces.
_NOTATION = re.compile(r"^[0-9A-Za-zĐđ][0-9A-Za-zĐđ.\-_/]*$")
_ROMAN = re.compile(r"^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})\.?$")
_ARABIC = re.compile(r"^\d{1,3}\.?$")
# 000.00.04.G14: three groups of digits and a letter with two digits (SPEC §9)
_ORGAN_ID = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")


class CaseFileStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


STATUS_LABELS = {CaseFileStatus.OPEN: "Đang lập", CaseFileStatus.CLOSED: "Đã kết thúc"}


class DocKind(StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"


KIND_LABELS = {DocKind.INCOMING: "Văn bản đến", DocKind.OUTGOING: "Văn bản đi"}


def _fail(name: str, template: str, **params: object) -> ValidationError:
    return ValidationError(name, template, **params)


def clean_text(name: str, value: str | None, *, required: bool = False) -> str:
    value = nfc(value or "").strip()
    if required and not value:
        raise _fail(name, QT_TRANSLATE_NOOP(CTX, "Chưa nhập {label}."), label=LABELS[name])
    limit = MAX_LENGTH.get(name)
    if limit is not None and len(value) > limit:
        raise _fail(
            name,
            QT_TRANSLATE_NOOP(CTX, "{label} dài {length} ký tự, vượt giới hạn {limit} ký tự."),
            label=LABELS[name], length=len(value), limit=limit,
        )
    return value


def parse_notation(raw: str | None) -> str:
    value = clean_text("notation", raw, required=True).replace(" ", "")
    if not _NOTATION.match(value):
        raise _fail(
            "notation",
            QT_TRANSLATE_NOOP(CTX, "Số và ký hiệu hồ sơ “{value}” chỉ gồm chữ, số và dấu . - _ / (ví dụ 01.TCCB)."),
            value=value,
        )
    return value


def parse_retention(raw: str | int | None) -> int | None:
    """Years to keep, or None for "Vĩnh viễn" (permanent). Accepts "10", "10 năm", "Vĩnh viễn"."""
    text = nfc(str(raw if raw is not None else "")).strip()
    if fold_marks(text) in ("vinh vien", "vv"):
        return None
    match = re.fullmatch(r"(\d{1,3})\s*(năm)?", text, flags=re.IGNORECASE)
    if not match or int(match.group(1)) <= 0:
        raise _fail(
            "retention",
            QT_TRANSLATE_NOOP(CTX, "Thời hạn bảo quản “{value}” phải là số năm (ví dụ 10 năm) hoặc “Vĩnh viễn”."),
            value=text,
        )
    return int(match.group(1))


def retention_text(years: int | None) -> str:
    return PERMANENT if years is None else f"{years} năm"


def file_code(organ_id: str, year: int, notation: str) -> str:
    """FileCode (Phụ lục VI): organization code (13) + year (4) + file notation (20)."""
    return ".".join(p for p in (organ_id, str(year), notation) if p)


def check_organ_id(organ_id: str) -> str:
    if organ_id and not _ORGAN_ID.match(organ_id):
        raise _fail(
            "organ_id",
            QT_TRANSLATE_NOOP(CTX, "Mã cơ quan “{value}” không đúng dạng 000.00.04.G14 (cài đặt Cơ quan)."),
            value=organ_id,
        )
    return organ_id


# --- the yearly list ("Danh mục hồ sơ") ------------------------------------------------------


@dataclass(frozen=True)
class ListEntry:
    """One row of the list: a heading (level 0, Roman numeral; level 1, Arabic numeral) or a
    planned case file (level 2, with its code)."""

    level: int
    label: str  # "I", "1" for headings; "" for a case file
    title: str
    notation: str = ""
    retention: int | None = None
    creator: str = ""
    note: str = ""


def _cell(row: Sequence[object], index: int) -> str:
    if index >= len(row) or row[index] is None:
        return ""
    value = row[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def parse_list_rows(rows: Iterable[Sequence[object]]) -> list[ListEntry]:
    """The list as typed in a spreadsheet: columns Số và ký hiệu hồ sơ · Tên đề mục và tiêu đề
    hồ sơ · Thời hạn bảo quản · Đơn vị/người lập hồ sơ · Ghi chú. Rows whose first cell is a
    Roman (I, II) or Arabic (1, 2) numeral with no retention are headings; the column-title rows
    and empty rows are skipped. A bad row is refused naming its line."""
    entries: list[ListEntry] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=1):
        code, title, retention, creator, note = (_cell(row, i) for i in range(5))
        if not code and not title:
            continue
        if not title and " " in code:
            continue  # the sheet's own title row ("DANH MỤC HỒ SƠ NĂM 2026")
        if identity_key(code).startswith(identity_key("Số và ký hiệu")) or code in ("(1)", "1)"):
            continue
        try:
            if _ROMAN.match(code.upper()) and not retention:
                entries.append(ListEntry(0, code.rstrip(".").upper(), clean_text("title", title, required=True)))
                continue
            if _ARABIC.match(code) and not retention:
                entries.append(ListEntry(1, code.rstrip("."), clean_text("title", title, required=True)))
                continue
            notation = parse_notation(code)
            if notation in seen:
                raise _fail(
                    "notation",
                    QT_TRANSLATE_NOOP(CTX, "Số và ký hiệu hồ sơ {code} đã có ở dòng {line}."),
                    code=notation, line=seen[notation],
                )
            seen[notation] = line
            entries.append(ListEntry(
                2, "", clean_text("title", title, required=True), notation, parse_retention(retention),
                clean_text("creator", creator), clean_text("note", note),
            ))
        except ValidationError as exc:
            raise ValidationError(
                exc.field, QT_TRANSLATE_NOOP(CTX, "Dòng {line}: {reason}"), line=line, reason=exc.message
            ) from exc
    return entries


LIST_COLUMNS = (
    Column("Số và ký hiệu hồ sơ", 30),
    Column("Tên đề mục và tiêu đề hồ sơ", 95),
    Column("Thời hạn bảo quản", 25),
    Column("Đơn vị/người lập hồ sơ", 45),
    Column("Ghi chú", 25),
)


def list_table(entries: Sequence[ListEntry], year: int, header_lines: tuple[str, ...]) -> Table:
    rows: list[Row] = []
    for e in entries:
        if e.level < 2:
            rows.append(Heading(f"{e.label}. {e.title}"))
        else:
            rows.append((e.notation, e.title, retention_text(e.retention), e.creator, e.note))
    return Table(
        "DANH MỤC HỒ SƠ", LIST_COLUMNS, rows, header_lines=header_lines, subtitle_lines=(f"Năm {year}",),
        landscape=False, sheet_name="Danh mục hồ sơ",
    )


# --- case files and their documents -----------------------------------------------------------


@dataclass(frozen=True)
class CaseFile:
    id: int
    year: int
    notation: str
    title: str
    retention: int | None
    creator: str
    organ_id: str
    start_date: date
    status: CaseFileStatus = CaseFileStatus.OPEN
    end_date: date | None = None
    description: str = ""
    language: str = "Tiếng Việt"
    rights: str = "Công khai"
    listed: bool = False  # opened from the year's list, not ad hoc
    uid: str = ""

    @property
    def code(self) -> str:
        return file_code(self.organ_id, self.year, self.notation)


@dataclass(frozen=True)
class FiledDocument:
    """A document in a case file, with what the "Mục lục văn bản" and the package need."""

    ordinal: int  # DocOrdinal
    kind: DocKind
    ref_id: int
    number: str  # "15/QĐ-UBND"
    issued_date: date | None
    doc_type: str
    subject: str
    author: str  # issuing body (incoming) or the organization (outgoing)
    page_count: int | None
    final: bool  # registered/issued with its number; False: voided or waiting for a number
    duplicate_key: str  # number + notation + issuer, folded
    note: str = ""
    files: tuple[tuple[str, str, int], ...] = ()  # (sha256, name, size)

    @property
    def kind_and_subject(self) -> str:
        return f"{self.doc_type}: {self.subject}" if self.doc_type else self.subject


@dataclass(frozen=True)
class ClosingProblem:
    blocking: bool
    message: str


def closing_problems(case_file: CaseFile, docs: Sequence[FiledDocument]) -> list[ClosingProblem]:
    """What stands in the way of closing (blocking) or must be looked at (flagged)."""
    problems: list[ClosingProblem] = []
    if case_file.status is CaseFileStatus.CLOSED:
        problems.append(ClosingProblem(True, f"Hồ sơ {case_file.notation} đã kết thúc."))
    if not docs:
        problems.append(ClosingProblem(True, f"Hồ sơ {case_file.notation} chưa có văn bản nào."))
    for d in docs:
        if not d.final:
            problems.append(ClosingProblem(
                True, f"Văn bản thứ {d.ordinal} ({d.number or d.subject}) đã hủy hoặc chưa có số: "
                "bỏ ra khỏi hồ sơ trước khi kết thúc.",
            ))
    first: dict[str, FiledDocument] = {}
    for d in docs:
        if not d.duplicate_key:
            continue
        if d.duplicate_key in first:
            problems.append(ClosingProblem(
                False, f"Văn bản thứ {d.ordinal} trùng văn bản thứ {first[d.duplicate_key].ordinal} ({d.number}).",
            ))
        else:
            first[d.duplicate_key] = d
    return problems


def closing_dates(case_file: CaseFile, docs: Sequence[FiledDocument], today: date) -> tuple[date, date]:
    """StartDate and EndDate at closing (Phụ lục VI): from the earliest to the latest document's
    date, the day the file was opened counting as its start when earlier."""
    dates = [d.issued_date for d in docs if d.issued_date]
    start = min([case_file.start_date, *dates])
    end = max(dates) if dates else today
    return start, max(start, end)


def sheet_ranges(docs: Sequence[FiledDocument]) -> list[str]:
    """"Tờ/Trang số" of each document: pages numbered on from 1 across the file (a document
    without a page count takes one page)."""
    out, page = [], 1
    for d in docs:
        count = d.page_count or 1
        out.append(str(page) if count == 1 else f"{page}-{page + count - 1}")
        page += count
    return out


CONTENTS_COLUMNS = (
    Column("STT", 13, Kind.NUMBER),
    Column("Số, ký hiệu văn bản", 30),
    Column("Ngày tháng văn bản", 22, Kind.DATE),
    Column("Tên loại và trích yếu nội dung văn bản", 54),
    Column("Tác giả văn bản", 32),
    Column("Tờ/Trang số", 21),
    Column("Ghi chú", 18),
)


def contents_table(case_file: CaseFile, docs: Sequence[FiledDocument], header_lines: tuple[str, ...]) -> Table:
    """"Mục lục văn bản" of one case file (Phụ lục V)."""
    sheets = sheet_ranges(docs)
    rows: list[Row] = [
        (d.ordinal, d.number, d.issued_date, d.kind_and_subject, d.author, sheets[i], d.note)
        for i, d in enumerate(docs)
    ]
    subtitle = (
        f"Hồ sơ số: {case_file.code}",
        f"Tiêu đề: {case_file.title}",
        f"Thời hạn bảo quản: {retention_text(case_file.retention)}",
    )
    total_pages = sum(d.page_count or 1 for d in docs)
    footer = (f"Hồ sơ gồm {len(docs)} văn bản, {total_pages} trang.",)
    return Table(
        "MỤC LỤC VĂN BẢN", CONTENTS_COLUMNS, rows, header_lines=header_lines, subtitle_lines=subtitle,
        footer_lines=footer, landscape=False, sheet_name="Mục lục văn bản",
    )


HANDOVER_COLUMNS = (
    Column("STT", 13, Kind.NUMBER),
    Column("Số và ký hiệu hồ sơ", 34),
    Column("Tiêu đề hồ sơ", 78),
    Column("Thời gian bắt đầu", 22, Kind.DATE),
    Column("Thời gian kết thúc", 22, Kind.DATE),
    Column("Thời hạn bảo quản", 22),
    Column("Số văn bản", 16, Kind.NUMBER),
    Column("Số trang", 16, Kind.NUMBER),
    Column("Ghi chú", 30),
)


def handover_rows(files: Sequence[tuple[CaseFile, Sequence[FiledDocument]]]) -> list[tuple[Cell, ...]]:
    return [
        (i, cf.code, cf.title, cf.start_date, cf.end_date, retention_text(cf.retention), len(docs),
         sum(d.page_count or 1 for d in docs), cf.description)
        for i, (cf, docs) in enumerate(files, start=1)
    ]


def handover_list_table(
    files: Sequence[tuple[CaseFile, Sequence[FiledDocument]]], creator: str, header_lines: tuple[str, ...]
) -> Table:
    """"Mục lục hồ sơ, tài liệu nộp lưu" (Điều 30) of closed case files."""
    return Table(
        "MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU", HANDOVER_COLUMNS, handover_rows(files), header_lines=header_lines,
        subtitle_lines=(f"Đơn vị nộp lưu: {creator}" if creator else "",),
        footer_lines=(f"Tổng số: {len(files)} hồ sơ.",), sheet_name="Mục lục nộp lưu",
    )


def handover_record_table(
    files: Sequence[tuple[CaseFile, Sequence[FiledDocument]]], giver: str, receiver: str, on: date,
    header_lines: tuple[str, ...],
) -> Table:
    """"Biên bản giao nhận hồ sơ, tài liệu" (Điều 31): who hands over what to whom, signed by
    both sides, in two copies; the list of files follows."""
    docs = sum(len(d) for _cf, d in files)
    lines = (
        f"Hôm nay, ngày {on.day:02d} tháng {on.month:02d} năm {on.year},",
        f"Bên giao: {giver or '……………………………'}",
        f"Bên nhận: {receiver or 'Lưu trữ cơ quan'}",
        f"Thống nhất giao nhận {len(files)} hồ sơ ({docs} văn bản) theo mục lục dưới đây.",
        "Biên bản lập thành hai bản, mỗi bên giữ một bản.",
    )
    return Table(
        "BIÊN BẢN GIAO NHẬN HỒ SƠ, TÀI LIỆU", HANDOVER_COLUMNS, handover_rows(files),
        header_lines=header_lines, subtitle_lines=lines,
        footer_lines=("ĐẠI DIỆN BÊN GIAO                                        ĐẠI DIỆN BÊN NHẬN",
                      "(Ký, ghi rõ họ tên)                                          (Ký, ghi rõ họ tên)"),
        sheet_name="Biên bản giao nhận",
    )


CASEFILE_LIST_COLUMNS = (
    Column("Số và ký hiệu hồ sơ", 45),
    Column("Tiêu đề hồ sơ", 90),
    Column("Thời hạn bảo quản", 25),
    Column("Đơn vị/người lập", 40),
    Column("Ngày bắt đầu", 22, Kind.DATE),
    Column("Ngày kết thúc", 22, Kind.DATE),
    Column("Số văn bản", 13, Kind.NUMBER),
    Column("Trạng thái", 20),
)


def casefile_list_table(
    files: Sequence[tuple[CaseFile, int]], date_from: date, date_to: date, header_lines: tuple[str, ...]
) -> Table:
    """The case files open at some time in a period (opened before its end, not closed before
    its start), with their state and document counts."""
    rows: list[Row] = [
        (cf.code, cf.title, retention_text(cf.retention), cf.creator, cf.start_date, cf.end_date, n,
         STATUS_LABELS[cf.status])
        for cf, n in files
        if cf.start_date <= date_to and (cf.end_date is None or cf.end_date >= date_from)
    ]
    return Table(
        "DANH SÁCH HỒ SƠ", CASEFILE_LIST_COLUMNS, rows, header_lines=header_lines,
        subtitle_lines=(f"Từ ngày {date_from:%d/%m/%Y} đến ngày {date_to:%d/%m/%Y}",),
        footer_lines=(f"Tổng số: {len(rows)} hồ sơ.",), sheet_name="Danh sách hồ sơ",
    )

"""Case files and handing them over to the archive (issue 17, SPEC §11). No Qt.

The yearly list is typed or imported from a spreadsheet and printed as "Danh mục hồ sơ"; case
files are opened from it or ad hoc; registrations (incoming) and outgoing entries are filed
into them; a case file is closed after its checks and prints its "Mục lục văn bản"; closed
files are handed over with "Mục lục hồ sơ, tài liệu nộp lưu", "Biên bản giao nhận" and one
archive package each, which `check_package` verifies against its manifest.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from qlvb_desktop.domain.casefiles import (
    CaseFile,
    CaseFileStatus,
    ClosingProblem,
    DocKind,
    FiledDocument,
    ListEntry,
    casefile_list_table,
    check_organ_id,
    clean_text,
    closing_dates,
    closing_problems,
    contents_table,
    handover_list_table,
    handover_record_table,
    list_table,
    parse_list_rows,
    parse_notation,
    parse_retention,
)
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, FlaggedError, NotFoundError, UserError
from qlvb_desktop.domain.ports import Clock
from qlvb_desktop.domain.report import Organization
from qlvb_desktop.domain.tabular import Table

CTX = "Errors"


class CaseFileStore(Protocol):
    def replace_list(
        self, year: int, entries: Sequence[ListEntry], *, actor: str = "", now: datetime | None = None
    ) -> None: ...
    def list_entries(self, year: int) -> list[ListEntry]: ...
    def open(self, case_file: CaseFile, *, actor: str, now: datetime) -> CaseFile: ...
    def get(self, casefile_id: int) -> CaseFile: ...
    def find(self, year: int | None, notation: str) -> list[CaseFile]: ...
    def case_files(
        self, *, year: int | None = None, status: CaseFileStatus | None = None
    ) -> list[tuple[CaseFile, int]]: ...
    def files_of(self, kind: DocKind, ref_id: int) -> list[tuple[CaseFile, int]]: ...
    def add(self, casefile_id: int, kind: DocKind, ref_id: int, *, actor: str, now: datetime) -> int: ...
    def remove(self, casefile_id: int, ordinal: int, *, actor: str, now: datetime) -> None: ...
    def documents(self, casefile_id: int, own_name: str = "") -> list[FiledDocument]: ...
    def close(self, casefile_id: int, start: date, end: date, *, actor: str, now: datetime) -> CaseFile: ...


class TableOutput(Protocol):
    """Writes a table to .pdf or .xlsx by the file's suffix (one printer, one Excel writer)."""

    def __call__(self, tables: list[Table], out: Path) -> Path: ...


class ArchivePackager(Protocol):
    def build(
        self, case_file: CaseFile, docs: Sequence[FiledDocument], organization: Organization,
        printed: Sequence[Path], out: Path,
    ) -> Path: ...

    def check(self, package: Path) -> list[str]: ...


class CaseFileService:
    def __init__(
        self, store: CaseFileStore, output: TableOutput, packager: ArchivePackager,
        read_rows: Callable[[Path], Iterable[Sequence[object]]], clock: Clock,
        organization: Organization, actor: str,
    ) -> None:
        self.store = store
        self.output = output
        self.packager = packager
        self.read_rows = read_rows
        self.clock = clock
        self.organization = organization
        self.actor = actor

    def _header(self) -> tuple[str, ...]:
        org = self.organization
        return tuple(x.upper() for x in (org.parent, org.name) if x)

    # --- the yearly list ---------------------------------------------------------------------------

    def import_list(self, year: int, source: Path) -> list[ListEntry]:
        """Replace the year's list with the one in a spreadsheet (nothing changes on a bad row)."""
        entries = parse_list_rows(self.read_rows(source))
        if not any(e.level == 2 for e in entries):
            raise UserError(
                QT_TRANSLATE_NOOP(
                    CTX, "Tệp {path} không có dòng hồ sơ nào (cột đầu là số và ký hiệu hồ sơ, ví dụ 01.TCCB)."
                ),
                path=str(source),
            )
        self.store.replace_list(year, entries, actor=self.actor, now=self.clock.now())
        return entries

    def add_to_list(self, year: int, notation: str, title: str, retention: str, creator: str = "",
                    heading: str = "") -> list[ListEntry]:
        """Type one more row (and optionally a heading "I. Title" before it) into the year's list."""
        entries = self.store.list_entries(year)
        typed: list[Sequence[object]] = []
        if heading:
            label, _, head_title = heading.partition(".")
            typed.append((label.strip(), head_title.strip()))
        typed.append((notation, title, retention, creator))
        new = parse_list_rows([*([e.label, e.title] if e.level < 2 else
                                  [e.notation, e.title, e.retention or "Vĩnh viễn", e.creator, e.note]
                                  for e in entries), *typed])
        self.store.replace_list(year, new, actor=self.actor, now=self.clock.now())
        return new

    def list_entries(self, year: int) -> list[ListEntry]:
        return self.store.list_entries(year)

    def list_table(self, year: int) -> Table:
        return list_table(self.store.list_entries(year), year, self._header())

    # --- case files ------------------------------------------------------------------------------------

    def resolve(self, ref: str, year: int | None = None) -> CaseFile:
        """A case file by its id (digits) or its notation (`01.TCCB`, the latest year by default)."""
        ref = ref.strip()
        if ref.isdigit():
            return self.store.get(int(ref))
        found = self.store.find(year, parse_notation(ref))
        if not found:
            raise NotFoundError(QT_TRANSLATE_NOOP(CTX, "Không tìm thấy hồ sơ {code}."), code=ref)
        return found[0]

    def case_files(self, year: int | None = None, status: CaseFileStatus | None = None) -> list[tuple[CaseFile, int]]:
        return self.store.case_files(year=year, status=status)

    def open(
        self, year: int, notation: str, *, title: str = "", retention: str = "", creator: str = "",
        start: date | None = None, description: str = "",
    ) -> CaseFile:
        """Open a case file of the year's list (title and retention from the list) or, with a
        title and a retention, one not listed."""
        notation = parse_notation(notation)
        listed = next((e for e in self.store.list_entries(year) if e.level == 2 and e.notation == notation), None)
        if listed is None and not (title and retention):
            raise UserError(
                QT_TRANSLATE_NOOP(
                    CTX, "Hồ sơ {code} không có trong danh mục năm {year}: nhập tiêu đề và thời hạn bảo quản "
                    "để mở hồ sơ ngoài danh mục."
                ),
                code=notation, year=year,
            )
        today = self.clock.now().date()
        case_file = CaseFile(
            id=0, year=year, notation=notation,
            title=clean_text("title", title, required=True) if title else listed.title if listed else "",
            retention=parse_retention(retention) if retention else listed.retention if listed else None,
            creator=clean_text("creator", creator) or (listed.creator if listed else ""),
            organ_id=check_organ_id(self.organization.code), start_date=start or today,
            description=clean_text("description", description), listed=listed is not None,
        )
        return self.store.open(case_file, actor=self.actor, now=self.clock.now())

    def add(self, case_file: CaseFile, kind: DocKind, ref_id: int) -> int:
        return self.store.add(case_file.id, kind, ref_id, actor=self.actor, now=self.clock.now())

    def remove(self, case_file: CaseFile, ordinal: int) -> None:
        self.store.remove(case_file.id, ordinal, actor=self.actor, now=self.clock.now())

    def files_of(self, kind: DocKind, ref_id: int) -> list[tuple[CaseFile, int]]:
        return self.store.files_of(kind, ref_id)

    def documents(self, case_file: CaseFile) -> list[FiledDocument]:
        return self.store.documents(case_file.id, self.organization.name)

    def contents_table(self, case_file: CaseFile) -> Table:
        return contents_table(case_file, self.documents(case_file), self._header())

    def closing_problems(self, case_file: CaseFile) -> list[ClosingProblem]:
        return closing_problems(case_file, self.documents(case_file))

    def close(self, case_file: CaseFile, *, confirm: bool = False) -> CaseFile:
        """Close after the checks: anything blocking refuses; duplicates are flagged and need
        `confirm`. The dates run from the earliest to the latest document."""
        docs = self.documents(case_file)
        problems = closing_problems(case_file, docs)
        blocking = [p for p in problems if p.blocking]
        if blocking:
            raise UserError(QT_TRANSLATE_NOOP(CTX, "{reason}"), reason=blocking[0].message)
        if problems and not confirm:
            raise FlaggedError(
                QT_TRANSLATE_NOOP(CTX, "{reason} Xác nhận nếu vẫn muốn kết thúc hồ sơ."),
                reason=" ".join(p.message for p in problems),
            )
        start, end = closing_dates(case_file, docs, self.clock.now().date())
        return self.store.close(case_file.id, start, end, actor=self.actor, now=self.clock.now())

    def casefile_list_table(self, date_from: date | None = None, date_to: date | None = None) -> Table:
        today = self.clock.now().date()
        date_from, date_to = date_from or date(today.year, 1, 1), date_to or today
        if date_from > date_to:
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Ngày bắt đầu sau ngày kết thúc."))
        return casefile_list_table(self.store.case_files(), date_from, date_to, self._header())

    def write(self, tables: list[Table], out: Path) -> Path:
        return self.output(tables, out)

    # --- handing over -------------------------------------------------------------------------------------

    def _closed(self, refs: Sequence[CaseFile] | None, year: int | None) -> list[tuple[CaseFile, list[FiledDocument]]]:
        closed = CaseFileStatus.CLOSED
        files = list(refs) if refs else [cf for cf, _n in self.store.case_files(year=year, status=closed)]
        for cf in files:
            if cf.status is not CaseFileStatus.CLOSED:
                raise UserError(
                    QT_TRANSLATE_NOOP(CTX, "Hồ sơ {code} chưa kết thúc, chưa nộp lưu được."), code=cf.notation
                )
        if not files:
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Không có hồ sơ đã kết thúc nào để nộp lưu."))
        return [(cf, self.documents(cf)) for cf in files]

    def handover_tables(
        self, refs: Sequence[CaseFile] | None = None, year: int | None = None, receiver: str = ""
    ) -> list[Table]:
        files = self._closed(refs, year)
        creator = self.organization.name
        header = self._header()
        today = self.clock.now().date()
        return [
            handover_list_table(files, creator, header),
            handover_record_table(files, creator, receiver, today, header),
        ]

    def export_package(self, case_file: CaseFile, out: Path) -> Path:
        """One ZIP per closed case file (layout in docs/casefiles.md)."""
        (cf, docs), = self._closed([case_file], None)
        with tempfile.TemporaryDirectory(prefix="qlvb-package-") as tmp:
            printed = [
                self.output([contents_table(cf, docs, self._header())], Path(tmp) / "muc-luc-van-ban.pdf"),
                self.output([contents_table(cf, docs, self._header())], Path(tmp) / "muc-luc-van-ban.xlsx"),
            ]
            return self.packager.build(cf, docs, self.organization, printed, out)

    def check_package(self, package: Path) -> list[str]:
        return self.packager.check(package)


def table_output(pdf: Any, xlsx: Any) -> TableOutput:
    """`.pdf` → the table printer, `.xlsx` → the Excel writer; anything else is refused."""

    def write(tables: list[Table], out: Path) -> Path:
        suffix = out.suffix.lower()
        if suffix == ".pdf":
            first, *rest = tables
            if rest:
                first = replace(first, extra=[*first.extra, *rest])
            return Path(pdf.render(first, out))
        if suffix == ".xlsx":
            return Path(xlsx.write(out, tables))
        raise UserError(
            QT_TRANSLATE_NOOP(CTX, "Tệp {path} phải có đuôi .pdf hoặc .xlsx."), path=str(out)
        )

    return write

"""`qlvb casefile …` (case files, handing over to the archive) and `qlvb export register|outgoing`
(issue 17), headless."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from qlvb_desktop.domain.casefiles import (
    KIND_LABELS,
    STATUS_LABELS,
    CaseFileStatus,
    DocKind,
    retention_text,
)
from qlvb_desktop.domain.command_line import DATE_FORMS
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.registration import parse_date
from qlvb_desktop.domain.tabular import Heading, Table, cell_text

COMMANDS = ("casefile", "export")


# A case file on the command line: its number and notation, or the id `qlvb casefile open` printed.
CASEFILE_HELP = "hồ sơ: số và ký hiệu (ví dụ 01.TCCB) hoặc mã số (qlvb casefile open in ra)"
YEAR_HELP = "năm của hồ sơ (mặc định: năm gần nhất có hồ sơ này)"


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("casefile", help="hồ sơ: danh mục, mở, thêm văn bản, kết thúc, nộp lưu")
    cs = p.add_subparsers(dest="casefile_command", required=True, metavar="LỆNH")

    q = cs.add_parser("list", help="danh mục hồ sơ của năm: xem, nhập từ Excel, thêm dòng, in")
    q.add_argument("--year", type=int, metavar="NĂM", help="năm (mặc định năm nay)")
    q.add_argument(
        "--import", dest="import_file", type=Path, metavar="TỆP_XLSX",
        help="nhập danh mục từ tệp .xlsx (thay danh mục cũ)",
    )
    q.add_argument(
        "--add", dest="add_code", metavar="SỐ_KÝ_HIỆU",
        help="thêm một hồ sơ vào danh mục: số và ký hiệu, ví dụ 01.TCCB",
    )
    q.add_argument("--title", default="", metavar="TIÊU_ĐỀ", help="tiêu đề hồ sơ (với --add)")
    q.add_argument(
        "--retention", default="", metavar="THỜI_HẠN",
        help="thời hạn bảo quản: số năm hoặc “Vĩnh viễn” (với --add)",
    )
    q.add_argument("--creator", default="", metavar="NGƯỜI_LẬP", help="đơn vị/người lập hồ sơ (với --add)")
    q.add_argument(
        "--heading", default="", metavar="ĐỀ_MỤC", help="đề mục đặt trước dòng thêm, ví dụ “I. Tổ chức cán bộ”"
    )
    q.add_argument("--out", type=Path, metavar="TỆP", help="in “Danh mục hồ sơ” ra .pdf hoặc .xlsx")

    q = cs.add_parser("open", help="mở hồ sơ theo danh mục, hoặc ngoài danh mục (kèm tiêu đề, thời hạn)")
    q.add_argument("code", metavar="SỐ_KÝ_HIỆU", help="số và ký hiệu hồ sơ, ví dụ 01.TCCB")
    q.add_argument("--year", type=int, metavar="NĂM", help="năm (mặc định năm nay)")
    q.add_argument(
        "--title", default="", metavar="TIÊU_ĐỀ", help="tiêu đề (hồ sơ ngoài danh mục; mặc định: theo danh mục)"
    )
    q.add_argument(
        "--retention", default="", metavar="THỜI_HẠN",
        help="thời hạn bảo quản: số năm hoặc “Vĩnh viễn” (hồ sơ ngoài danh mục)",
    )
    q.add_argument(
        "--creator", default="", metavar="NGƯỜI_LẬP", help="đơn vị/người lập hồ sơ (mặc định: theo danh mục)"
    )
    q.add_argument(
        "--start", metavar="NGÀY", help=f"ngày bắt đầu ({DATE_FORMS}; mặc định hôm nay)"
    )
    q.add_argument("--description", default="", metavar="CHÚ_GIẢI", help="chú giải")

    q = cs.add_parser("add", help="đưa một văn bản vào một hoặc nhiều hồ sơ")
    q.add_argument("codes", nargs="+", metavar="HỒ_SƠ", help=CASEFILE_HELP)
    q.add_argument(
        "--id", type=int, required=True, metavar="MÃ",
        help="mã văn bản: cột đầu của qlvb search, hoặc số sau dấu # của qlvb outgoing list (với --outgoing)",
    )
    q.add_argument("--outgoing", action="store_true", help="văn bản đi (mặc định: văn bản đến)")
    q.add_argument("--year", type=int, metavar="NĂM", help=YEAR_HELP)

    q = cs.add_parser("remove", help="bỏ một văn bản ra khỏi hồ sơ (ví dụ văn bản đã hủy)")
    q.add_argument("code", metavar="HỒ_SƠ", help=CASEFILE_HELP)
    q.add_argument(
        "ordinal", type=int, metavar="SỐ_THỨ_TỰ", help="số thứ tự văn bản trong hồ sơ (xem qlvb casefile contents)"
    )
    q.add_argument("--year", type=int, metavar="NĂM", help=YEAR_HELP)

    q = cs.add_parser("close", help="kết thúc hồ sơ (kiểm tra văn bản hủy, trùng, thời hạn)")
    q.add_argument("code", metavar="HỒ_SƠ", help=CASEFILE_HELP)
    q.add_argument("--year", type=int, metavar="NĂM", help=YEAR_HELP)
    q.add_argument("--yes", action="store_true", help="vẫn kết thúc khi có văn bản trùng")

    q = cs.add_parser("contents", help="mục lục văn bản của hồ sơ")
    q.add_argument("code", metavar="HỒ_SƠ", help=CASEFILE_HELP)
    q.add_argument("--year", type=int, metavar="NĂM", help=YEAR_HELP)
    q.add_argument("--out", type=Path, metavar="TỆP", help="in ra .pdf hoặc .xlsx; bỏ trống: in ra màn hình")

    q = cs.add_parser(
        "export", help="gói nộp lưu (.zip) của hồ sơ đã kết thúc, hoặc mục lục nộp lưu và biên bản giao nhận"
    )
    q.add_argument(
        "codes", nargs="*", metavar="HỒ_SƠ",
        help="hồ sơ (số và ký hiệu, hoặc mã số); bỏ trống: mọi hồ sơ đã kết thúc của năm",
    )
    q.add_argument("--year", type=int, metavar="NĂM", help="năm của hồ sơ")
    q.add_argument("--out", type=Path, required=True, metavar="ĐÍCH",
                   help="gói .zip (một hồ sơ), thư mục (một gói mỗi hồ sơ), "
                   "hoặc .pdf/.xlsx (mục lục nộp lưu và biên bản)")
    q.add_argument(
        "--receiver", default="", metavar="BÊN_NHẬN",
        help="bên nhận trong biên bản giao nhận (mặc định Lưu trữ cơ quan)",
    )

    q = cs.add_parser("check", help="kiểm tra gói nộp lưu theo bản kê METS (SHA-256 từng tệp)")
    q.add_argument("package", type=Path, metavar="TỆP_ZIP", help="gói nộp lưu .zip")

    p = sub.add_parser("export", help="xuất sổ đăng ký ra Excel")
    es = p.add_subparsers(dest="export_command", required=True, metavar="LỆNH")
    for name, help_text in (("register", "sổ đăng ký văn bản đến"), ("outgoing", "sổ đăng ký văn bản đi")):
        q = es.add_parser(name, help=help_text)
        q.add_argument("--year", type=int, required=True, metavar="NĂM", help="năm của sổ")
        q.add_argument("--book", metavar="SỔ", help="mã hoặc tên sổ (mặc định: sổ không mật)")
        q.add_argument("--out", type=Path, required=True, metavar="TỆP", help="tệp .xlsx (hoặc .pdf)")


def print_table(table: Table) -> int:
    """A table as tab-separated lines on stdout; returns its row count."""
    count = 0
    print("\t".join(c.title for c in table.columns))
    for row in table.rows:
        if isinstance(row, Heading):
            print(row.text)
        else:
            print("\t".join(cell_text(v) for v in row))
            count += 1
    return count


def run(core: Any, args: argparse.Namespace) -> int | None:
    if args.command not in COMMANDS:
        return None
    if args.command == "export":
        reports = core.period_reports
        if args.export_command == "register":
            table = reports.register_table(args.year, args.book)
        else:
            table = reports.outgoing_table(args.year, args.book)
        out = reports.write([table], args.out)
        print(f"Đã xuất sổ ra {out}.")
        return 0
    svc = core.casefiles
    year = getattr(args, "year", None)
    today = core.clock.now().date()
    cmd = args.casefile_command
    if cmd == "list":
        year = year or today.year
        if args.import_file:
            entries = svc.import_list(year, args.import_file)
            print(f"Đã nhập danh mục hồ sơ năm {year}: {sum(e.level == 2 for e in entries)} hồ sơ.")
        if args.add_code:
            svc.add_to_list(year, args.add_code, args.title, args.retention, args.creator, args.heading)
            print(f"Đã thêm hồ sơ {args.add_code} vào danh mục năm {year}.")
        table = svc.list_table(year)
        if args.out:
            print(f"Đã in danh mục hồ sơ ra {svc.write([table], args.out)}.")
        elif not (args.import_file or args.add_code):
            opened = {cf.notation: (cf, n) for cf, n in svc.case_files(year)}
            for e in svc.list_entries(year):
                if e.level < 2:
                    print(f"{e.label}. {e.title}")
                    continue
                state = ""
                if e.notation in opened:
                    cf, n = opened.pop(e.notation)
                    state = f"\t[{STATUS_LABELS[cf.status]}, {n} văn bản]"
                print(f"  {e.notation}\t{e.title}\t{retention_text(e.retention)}\t{e.creator}{state}")
            for cf, n in opened.values():
                print(f"  {cf.notation}\t{cf.title}\t{retention_text(cf.retention)}\t{cf.creator}"
                      f"\t[ngoài danh mục, {STATUS_LABELS[cf.status]}, {n} văn bản]")
    elif cmd == "open":
        cf = svc.open(year or today.year, args.code, title=args.title, retention=args.retention,
                      creator=args.creator, start=parse_date("start", args.start), description=args.description)
        print(f"Đã mở hồ sơ {cf.code} (mã {cf.id}): {cf.title}.")
    elif cmd == "add":
        kind = DocKind.OUTGOING if args.outgoing else DocKind.INCOMING
        targets = [svc.resolve(code, year) for code in args.codes]
        for cf in targets:
            ordinal = svc.add(cf, kind, args.id)
            print(f"Đã đưa {KIND_LABELS[kind].lower()} {args.id} vào hồ sơ {cf.code}, số thứ tự {ordinal}.")
    elif cmd == "remove":
        cf = svc.resolve(args.code, year)
        svc.remove(cf, args.ordinal)
        print(f"Đã bỏ văn bản thứ {args.ordinal} ra khỏi hồ sơ {cf.code}.")
    elif cmd == "close":
        cf = svc.close(svc.resolve(args.code, year), confirm=args.yes)
        print(f"Đã kết thúc hồ sơ {cf.code} ngày {cf.end_date:%d/%m/%Y}.")
    elif cmd == "contents":
        table = svc.contents_table(svc.resolve(args.code, year))
        if args.out:
            print(f"Đã in mục lục văn bản ra {svc.write([table], args.out)}.")
        else:
            print_table(table)
            for line in table.footer_lines:
                print(line)
    elif cmd == "export":
        return _export(svc, args, year)
    elif cmd == "check":
        problems = svc.check_package(args.package)
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"Gói {args.package} không toàn vẹn: {len(problems)} vấn đề.", file=sys.stderr)
            return 2
        print(f"Gói {args.package} toàn vẹn: mọi tệp đúng bản kê METS (SHA-256).")
    return 0


def _export(svc: Any, args: argparse.Namespace, year: int | None) -> int:
    refs = [svc.resolve(code, year) for code in args.codes]
    out: Path = args.out
    suffix = out.suffix.lower()
    if suffix in (".pdf", ".xlsx"):
        tables = svc.handover_tables(refs or None, year, args.receiver)
        print(f"Đã in mục lục hồ sơ nộp lưu và biên bản giao nhận ra {svc.write(tables, out)}.")
        return 0
    if suffix == ".zip":
        if len(refs) != 1:
            raise UserError(QT_TRANSLATE_NOOP(
                "Errors", "Tệp .zip chứa đúng một hồ sơ: nêu một hồ sơ, hoặc cho --out là thư mục."
            ))
        print(f"Đã tạo gói nộp lưu {svc.export_package(refs[0], out)}.")
        return 0
    if not refs:
        refs = [cf for cf, _n in svc.case_files(year, CaseFileStatus.CLOSED)]
    if not refs:
        raise UserError(QT_TRANSLATE_NOOP("Errors", "Không có hồ sơ đã kết thúc nào để nộp lưu."))
    for cf in refs:
        package = svc.export_package(cf, out / f"{cf.code}.zip")
        print(f"Đã tạo gói nộp lưu {package}.")
    return 0


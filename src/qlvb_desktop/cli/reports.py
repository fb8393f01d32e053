"""`qlvb report followup|incoming-status|outgoing-status|casefile-list` (SPEC §12, issue 17):
printed to the screen, or to a .pdf or .xlsx with --out."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from qlvb_desktop.cli.casefiles import print_table
from qlvb_desktop.domain.command_line import DATE_FORMS
from qlvb_desktop.domain.registration import parse_date

COMMANDS = ("report",)
REPORTS = {
    "followup": "sổ theo dõi giải quyết văn bản đến",
    "incoming-status": "báo cáo tình hình giải quyết văn bản đến theo đơn vị, cá nhân",
    "outgoing-status": "báo cáo tình hình văn bản đi theo đơn vị, người ký",
    "casefile-list": "danh sách hồ sơ trong kỳ",
}


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("report", help="báo cáo, sổ theo dõi (in ra .pdf hoặc .xlsx)")
    rs = p.add_subparsers(dest="report_command", required=True, metavar="BÁO_CÁO")
    for name, help_text in REPORTS.items():
        q = rs.add_parser(name, help=help_text)
        q.add_argument(
            "--from", dest="date_from", metavar="NGÀY", help=f"từ ngày ({DATE_FORMS}; mặc định 1/1 năm nay)"
        )
        q.add_argument(
            "--to", dest="date_to", metavar="NGÀY", help=f"đến hết ngày ({DATE_FORMS}; mặc định hôm nay)"
        )
        q.add_argument(
            "--out", type=Path, metavar="TỆP", help="tệp .pdf hoặc .xlsx; bỏ trống: in ra màn hình"
        )


def run(core: Any, args: argparse.Namespace) -> int | None:
    if args.command not in COMMANDS:
        return None
    dfrom, dto = parse_date("date_from", args.date_from), parse_date("date_to", args.date_to)
    reports = core.period_reports
    name = args.report_command
    if name == "followup":
        tables = [reports.followup_table(dfrom, dto)]
    elif name == "incoming-status":
        tables = reports.incoming_status_tables(dfrom, dto)
    elif name == "outgoing-status":
        tables = reports.outgoing_status_tables(dfrom, dto)
    else:
        tables = [core.casefiles.casefile_list_table(dfrom, dto)]
    if args.out:
        print(f"Đã in {REPORTS[name]} ra {reports.write(tables, args.out)}.")
        return 0
    for table in tables:
        for line in (table.title, *table.subtitle_lines):
            if line:
                print(line)
        print_table(table)
        for line in table.footer_lines:
            print(line)
    return 0

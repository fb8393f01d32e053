"""`qlvb due`, `overdue`, `handled`, `slip`, `worktime`: the clerk's daily follow-up, headless."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from qlvb_desktop.domain.clock import format_date_vn, to_vn
from qlvb_desktop.domain.command_line import DATE_FORMS, INCOMING_ID_HELP
from qlvb_desktop.domain.daily import STATE_LABELS
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.registration import parse_date, parse_timestamp

COMMANDS = ("due", "overdue", "handled", "slip", "worktime")




def add_parsers(sub: Any) -> None:
    for name, help_text in (
        ("due", "văn bản sắp đến hạn giải quyết (khẩn trước)"),
        ("overdue", "văn bản quá hạn giải quyết (khẩn trước)"),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p = sub.add_parser("handled", help="đánh dấu đã giải quyết, hoặc liệt kê văn bản đã giải quyết")
    p.add_argument(
        "id", type=int, nargs="?", metavar="MÃ",
        help="mã văn bản đến cần đánh dấu (cột đầu của qlvb search); bỏ trống để liệt kê",
    )
    p.add_argument("--note", default="", metavar="GHI_CHÚ", help="ghi chú (ví dụ số văn bản trả lời)")
    p.add_argument(
        "--from", dest="date_from", metavar="NGÀY", help=f"liệt kê: giải quyết từ ngày ({DATE_FORMS})"
    )
    p.add_argument(
        "--to", dest="date_to", metavar="NGÀY", help=f"liệt kê: giải quyết đến hết ngày ({DATE_FORMS})"
    )
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p = sub.add_parser("slip", help="in phiếu giải quyết văn bản đến ra PDF")
    p.add_argument("id", type=int, metavar="MÃ", help=INCOMING_ID_HELP)
    p.add_argument("--out", type=Path, required=True, metavar="TỆP_PDF", help="tệp PDF phiếu giải quyết")
    p = sub.add_parser("worktime", help="tính thời gian làm việc: giờ đến tính hạn, hạn giải quyết")
    p.add_argument(
        "--at", required=True, metavar="NGÀY_GIỜ",
        help="ngày giờ đến, ví dụ 2026-05-29T17:30 hoặc 29/05/2026 (0 giờ)",
    )
    p.add_argument(
        "--days", type=int, default=None, metavar="SỐ_NGÀY",
        help="số ngày làm việc để giải quyết (mặc định theo cài đặt)",
    )


def _rows(core: Any, ids: list[int]) -> list[dict[str, Any]]:
    daily = core.daily
    regs = core.register.get_many(ids)
    deadlines = daily.deadlines(regs)
    out = []
    for reg in regs:
        dl = deadlines[reg.id]
        row = reg.to_json()
        row["deadline"] = dl.due.isoformat()
        row["deadline_explicit"] = dl.explicit
        row["deadline_state"] = dl.state.value
        out.append(row)
    return out


def _print_rows(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        mark = f"[{r['urgency'].upper()}] " if r["urgency"] else ""
        due = format_date_vn(datetime.fromisoformat(r["deadline"]).date())
        print(f"{r['id']}\t{r['arrival_number']}/{r['year']}\t{due}\t{mark}{r['number']}\t{r['issuer']}\t{r['subject']}")


def run(core: Any, args: argparse.Namespace) -> int | None:
    if args.command not in COMMANDS:
        return None
    daily = core.daily
    if args.command in ("due", "overdue"):
        ids = daily.due_soon() if args.command == "due" else daily.overdue()
        _print_rows(_rows(core, ids), args.json)
        label = "sắp đến hạn" if args.command == "due" else "quá hạn"
        if not args.json:
            import sys

            print(f"{len(ids)} văn bản {label}.", file=sys.stderr)
    elif args.command == "handled":
        if args.id is not None:
            reg = daily.mark_handled(args.id, args.note)
            print(f"Đã đánh dấu giải quyết xong số đến {reg.arrival_number}/{reg.year}.")
        else:
            ids = daily.handled(parse_date("date_from", args.date_from), parse_date("date_to", args.date_to))
            _print_rows(_rows(core, ids), args.json)
    elif args.command == "slip":
        out = daily.print_slip(args.id, args.out)
        print(f"Đã in phiếu giải quyết văn bản đến ra {out}.")
    elif args.command == "worktime":
        arrival = parse_timestamp("received_at", args.at)
        days = args.days if args.days is not None else daily.policy.handling_days
        if days < 0:
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Số ngày làm việc phải từ 0 trở lên."))
        schedule = daily.policy.schedule
        eff = to_vn(schedule.effective_arrival(arrival))
        due = schedule.deadline(arrival, days)
        today = daily.today()
        state = daily.policy.state(due, today)
        print(f"Đến lúc: {arrival:%d/%m/%Y %H:%M}")
        print(f"Tính hạn từ: {eff:%d/%m/%Y %H:%M}")
        print(f"Hạn giải quyết ({days} ngày làm việc): {format_date_vn(due)} — {STATE_LABELS[state]} so với hôm nay")
    return 0

"""The `qlvb` command: every capability, headless.

Each area adds its subcommands from its own module in this package (`add_parsers(sub)` and
`run(core, args) -> int | None`, listed in AREAS), so areas do not edit one another's code.

Errors a clerk can fix are one sentence on stderr and a non-zero exit, never a traceback:
2 = refused input, 3 = likely duplicate (confirm with --yes), 4 = a problem of the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from qlvb_desktop.app import Core, build_core
from qlvb_desktop.cli import capture as capture_cli
from qlvb_desktop.cli import casefiles as casefiles_cli
from qlvb_desktop.cli import daily as daily_cli
from qlvb_desktop.cli import desk as desk_cli
from qlvb_desktop.cli import exchange as exchange_cli
from qlvb_desktop.cli import extract as extract_cli
from qlvb_desktop.cli import reports as reports_cli
from qlvb_desktop.cli import signing as signing_cli
from qlvb_desktop.cli import sync as sync_cli
from qlvb_desktop.domain.clock import format_date_vn
from qlvb_desktop.domain.command_line import (
    DATE_FORMS,
    INCOMING_ID_HELP,
    JSON_HELP,
    CommandParser,
    add_data_dir,
)
from qlvb_desktop.domain.errors import DuplicateError, EnvironmentProblem, FlaggedError, UserError, storage_problem
from qlvb_desktop.domain.registration import FILE_ROLE_NAMES, LABELS, Registration, parse_date, parse_urgency
from qlvb_desktop.domain.report import Organization
from qlvb_desktop.domain.search import SearchQuery
from qlvb_desktop.domain.vocab import CHANNEL_LABELS, STATUS_LABELS, Status

# Modules adding subcommands: each has add_parsers(subparsers) and run(core, args) -> int | None.
AREAS: list[Any] = [
    signing_cli, sync_cli, capture_cli, extract_cli, daily_cli, desk_cli, casefiles_cli, reports_cli, exchange_cli,
]

# Register fields settable from the command line: option name -> (placeholder, help). The
# option's dest is the JSON key (`issued-date` -> `issued_date`).
FIELD_OPTIONS = {
    "issuer": ("TÊN", "cơ quan ban hành (tác giả)"),
    "issuer-parent": ("TÊN", "cơ quan chủ quản của cơ quan ban hành"),
    "number": ("SỐ_KÝ_HIỆU", "số, ký hiệu văn bản, ví dụ 15/QĐ-UBND"),
    "issued-date": ("NGÀY", f"ngày văn bản ({DATE_FORMS})"),
    "place": ("ĐỊA_DANH", "địa danh ghi cạnh ngày văn bản"),
    "doc-type": ("TÊN_LOẠI", "tên loại văn bản, ví dụ 'Quyết định', 'Công văn'"),
    "subject": ("TRÍCH_YẾU", "trích yếu nội dung"),
    "signer-name": ("HỌ_TÊN", "họ tên người ký"),
    "signer-title": ("CHỨC_VỤ", "chức vụ người ký"),
    "signer-authority": ("THẨM_QUYỀN", "thẩm quyền ký (KT. CHỦ TỊCH…)"),
    "urgency": ("ĐỘ_KHẨN", "độ khẩn: Khẩn, Thượng khẩn, Hỏa tốc"),
    "confidentiality": ("ĐỘ_MẬT", "độ mật: Mật, Tối mật, Tuyệt mật"),
    "page-count": ("SỐ_TRANG", "số trang"),
    "language": ("NGÔN_NGỮ", "ngôn ngữ (mặc định Tiếng Việt)"),
    "note": ("GHI_CHÚ", "ghi chú"),
    "to-places": ("NƠI_NHẬN", "đơn vị hoặc người nhận"),
    "due-date": ("NGÀY", f"hạn giải quyết ({DATE_FORMS})"),
    "channel": ("HÌNH_THỨC", "hình thức nhận: paper (giấy, mặc định), electronic, email, hand"),
    "document-id": ("MÃ_ĐỊNH_DANH", "mã định danh văn bản (văn bản điện tử)"),
    "file-organ-id": ("MÃ_CƠ_QUAN", "mã cơ quan lập hồ sơ"),
    "file-catalog": ("NĂM", "năm hồ sơ"),
    "file-notation": ("KÝ_HIỆU", "ký hiệu hồ sơ"),
    "doc-ordinal": ("SỐ_THỨ_TỰ", "số thứ tự văn bản trong hồ sơ"),
}
REGISTER_ONLY = {
    "book": ("SỔ", "sổ đăng ký (mã hoặc tên, ví dụ den, mat-den); mặc định theo độ mật"),
    "received-at": (
        "NGÀY_GIỜ", "ngày giờ đến, ví dụ 2026-05-29T08:30 hoặc 29/05/2026 (0 giờ); mặc định bây giờ"
    ),
    "instruction": ("Ý_KIẾN", "ý kiến chỉ đạo ban đầu"),
}


def _add_field_options(p: argparse.ArgumentParser, with_register_only: bool) -> None:
    options = {**FIELD_OPTIONS, **(REGISTER_ONLY if with_register_only else {})}
    for name, (metavar, help_text) in options.items():
        p.add_argument(f"--{name}", dest=name.replace("-", "_"), default=None, metavar=metavar, help=help_text)


def _field_values(args: argparse.Namespace, with_register_only: bool) -> dict[str, Any]:
    names = list(FIELD_OPTIONS) + (list(REGISTER_ONLY) if with_register_only else [])
    out = {}
    for name in names:
        value = getattr(args, name.replace("-", "_"))
        if value is not None:
            out[name.replace("-", "_")] = value
    return out


FROM_HELP = f"từ ngày (theo ngày đến; {DATE_FORMS})"
TO_HELP = f"đến hết ngày (theo ngày đến; {DATE_FORMS})"


def build_parser() -> argparse.ArgumentParser:
    parser = CommandParser(prog="qlvb", description="Sổ đăng ký văn bản đến, dòng lệnh.")
    add_data_dir(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")

    p = sub.add_parser("register", help="vào sổ một văn bản đến")
    p.add_argument(
        "--json", dest="json_file", default=None, metavar="TỆP",
        help="tệp JSON các trường (như qlvb extract --json in ra), hoặc - để đọc từ stdin",
    )
    p.add_argument(
        "--file", dest="files", action="append", default=[], type=Path, metavar="TỆP",
        help="tệp đính kèm (lặp lại được)",
    )
    p.add_argument("--yes", action="store_true", help="vẫn vào sổ khi có văn bản trùng")
    _add_field_options(p, True)

    p = sub.add_parser("search", help="tìm văn bản")
    p.add_argument(
        "query", nargs="?", default="", metavar="TỪ_KHÓA",
        help="từ cần tìm trong số ký hiệu, cơ quan ban hành, trích yếu… (có dấu hay không đều được); "
        "bỏ trống: mọi văn bản",
    )
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.add_argument("--year", type=int, metavar="NĂM", help="năm của sổ, ví dụ 2026")
    p.add_argument("--book", metavar="SỔ", help="mã sổ, ví dụ den hoặc mat-den (xem qlvb book list)")
    p.add_argument("--from", dest="date_from", metavar="NGÀY", help=FROM_HELP)
    p.add_argument("--to", dest="date_to", metavar="NGÀY", help=TO_HELP)
    p.add_argument("--urgency", metavar="ĐỘ_KHẨN", help="chỉ văn bản có độ khẩn này: Khẩn, Thượng khẩn, Hỏa tốc")
    p.add_argument(
        "--status", choices=[s.value for s in Status],
        help="registered: đã vào sổ, voided: đã hủy (mặc định: cả hai)",
    )
    p.add_argument(
        "--limit", type=int, default=100, metavar="SỐ", help="số văn bản tối đa (mặc định 100; 0: không giới hạn)"
    )
    p.add_argument("--out", type=Path, metavar="TỆP", help="ghi kết quả ra tệp .xlsx hoặc .pdf")

    p = sub.add_parser("show", help="xem một văn bản")
    p.add_argument("id", type=int, metavar="MÃ", help=INCOMING_ID_HELP)
    p.add_argument("--json", action="store_true", help=JSON_HELP)

    p = sub.add_parser("void", help="hủy một số đến (số vẫn giữ trong sổ, ghi “Hủy”)")
    p.add_argument("id", type=int, metavar="MÃ", help=INCOMING_ID_HELP)
    p.add_argument("--reason", required=True, metavar="LÝ_DO", help="lý do hủy, ghi vào sổ")

    p = sub.add_parser("update", help="sửa các trường của một văn bản đã vào sổ (kỳ chưa khóa)")
    p.add_argument("id", type=int, metavar="MÃ", help=INCOMING_ID_HELP)
    _add_field_options(p, False)

    p = sub.add_parser("correct", help="vào sổ bản đính chính cho một văn bản thuộc kỳ đã khóa")
    p.add_argument("id", type=int, metavar="MÃ", help=INCOMING_ID_HELP)
    _add_field_options(p, False)

    p = sub.add_parser("trace", help="ghi ý kiến chỉ đạo hoặc tình hình xử lý")
    p.add_argument("id", type=int, metavar="MÃ", help=INCOMING_ID_HELP)
    p.add_argument(
        "text", metavar="NỘI_DUNG", help="ý kiến chỉ đạo hoặc tình hình xử lý, ví dụ “Chuyển Phòng Kế hoạch”"
    )

    p = sub.add_parser(
        "attach", help="gắn một tệp vào văn bản đã vào sổ: bản đóng dấu ĐẾN, bản đã ký, hoặc thêm bản gốc"
    )
    p.add_argument("id", type=int, metavar="MÃ", help=INCOMING_ID_HELP)
    p.add_argument("file", type=Path, metavar="TỆP", help="tệp cần gắn")
    p.add_argument(
        "--role", required=True, metavar="VAI_TRÒ",
        help="stamped (bản đóng dấu ĐẾN), signed (bản đóng dấu ĐẾN đã ký số) hoặc original (thêm bản gốc); "
        "bản đóng dấu hoặc đã ký thay bản cùng loại trước đó, bản gốc vẫn giữ",
    )

    p = sub.add_parser("book", help="in sổ, khóa sổ")
    book_sub = p.add_subparsers(dest="book_command", required=True, metavar="LỆNH")
    bp = book_sub.add_parser("print", help="in sổ đăng ký văn bản đến ra PDF")
    bp.add_argument("--book", metavar="SỔ", help="mã hoặc tên sổ (mặc định: Sổ đăng ký văn bản đến)")
    bp.add_argument("--year", type=int, required=True, metavar="NĂM", help="năm của sổ")
    bp.add_argument("--from", dest="date_from", metavar="NGÀY", help=FROM_HELP)
    bp.add_argument("--to", dest="date_to", metavar="NGÀY", help=TO_HELP)
    bp.add_argument("--volume", type=int, default=1, metavar="SỐ", help="quyển số (mặc định 1)")
    bp.add_argument("--out", type=Path, required=True, metavar="TỆP", help="tệp PDF kết quả")
    bc = book_sub.add_parser("close", help="khóa sổ đến hết một ngày")
    bc.add_argument("--book", metavar="SỔ", help="mã hoặc tên sổ (mặc định: Sổ đăng ký văn bản đến)")
    bc.add_argument("--year", type=int, required=True, metavar="NĂM", help="năm của sổ")
    bc.add_argument(
        "--through", "--to", dest="through", required=True, metavar="NGÀY",
        help=f"khóa các văn bản đến đến hết ngày này ({DATE_FORMS})",
    )
    book_sub.add_parser("list", help="liệt kê các sổ")

    p = sub.add_parser("audit", help="nhật ký thay đổi")
    audit_sub = p.add_subparsers(dest="audit_command", required=True, metavar="LỆNH")
    audit_sub.add_parser("verify", help="kiểm tra nhật ký và sổ không bị sửa ngoài ứng dụng")

    for area in AREAS:
        area.add_parsers(sub)

    p = sub.add_parser("settings", help="xem hoặc đặt thông tin cơ quan")
    p.add_argument("--org-name", metavar="TÊN", help="tên cơ quan (in trên bìa sổ, dấu ĐẾN)")
    p.add_argument("--org-code", metavar="MÃ", help="mã định danh của cơ quan")
    p.add_argument("--org-parent", metavar="TÊN", help="tên cơ quan chủ quản")
    p.add_argument("--clerk", metavar="HỌ_TÊN", help="tên văn thư ghi vào nhật ký")
    return parser


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _reg_json(reg: Registration) -> dict[str, Any]:
    """A registration for scripts: a number not given yet is null with "waiting_for_number",
    never the stored placeholder (scripts would print or file it as a number)."""
    data = reg.to_json()
    data["waiting_for_number"] = reg.waiting_for_number
    if reg.waiting_for_number:
        data["arrival_number"] = None
    return data


def _read_json(source: str) -> tuple[dict[str, Any], Path]:
    if source == "-":
        raw, base = sys.stdin.read(), Path.cwd()
    else:
        path = Path(source)
        try:
            raw = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise UserError("Không đọc được tệp {path}: {reason}.", path=source, reason=exc.strerror) from exc
        base = path.parent
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise UserError("Tệp JSON không hợp lệ (dòng {line}): {reason}.", line=exc.lineno, reason=exc.msg) from exc
    if not isinstance(data, dict):
        raise UserError("Tệp JSON phải là một đối tượng {{…}} chứa các trường.")
    return data, base


def _describe(reg: Registration, present: Callable[[str], bool] = lambda _sha: True) -> str:
    """The registration as lines of text; `present(sha256)`: whether a file is on this machine
    (a received entry whose file the server lost shows it "đang chờ tải lại")."""
    d = reg.draft
    lines = [
        f"Số đến: {reg.number_label} ({reg.book})"
        + (f" — {STATUS_LABELS[reg.status].upper()}: {reg.void_reason}" if reg.status is Status.VOIDED else ""),
        f"Ngày đến: {d.received_at.strftime('%d/%m/%Y %H:%M')} ({CHANNEL_LABELS[d.channel]})",
        f"{LABELS['issuer']}: {d.issuer}",
        f"{LABELS['number']}: {d.number}",
        f"{LABELS['issued_date']}: {format_date_vn(d.issued_date) if d.issued_date else ''}",
        f"{LABELS['doc_type']}: {d.doc_type}",
        f"{LABELS['subject']}: {d.subject}",
    ]
    optional = [
        ("signer_title", d.signer_title),
        ("signer_name", d.signer_name),
        ("urgency", d.urgency.value),
        ("confidentiality", d.confidentiality.value),
        ("to_places", d.to_places),
        ("due_date", format_date_vn(d.due_date) if d.due_date else ""),
        ("note", d.note),
    ]
    lines += [f"{LABELS[k]}: {v}" for k, v in optional if v]
    lines += [
        f"Tệp ({FILE_ROLE_NAMES.get(f.role, '')}): {f.name} ({f.size} byte, {f.sha256[:12]}…)"
        + ("" if present(f.sha256) else " — đang chờ tải lại")
        for f in reg.files
    ]
    lines += [f"{t.at.strftime('%d/%m/%Y %H:%M')} {t.actor}: {t.text}" for t in reg.trace]
    return "\n".join(lines)


def _run(core: Core, args: argparse.Namespace) -> int:
    # The areas first: their commands (extract, capture, signing) never open the register.
    for area in AREAS:
        result = area.run(core, args)
        if result is not None:
            return int(result)
    if args.command == "settings":
        return _run_settings(core, args)
    svc = core.register
    if args.command == "register":
        data: dict[str, Any] = {}
        files = list(args.files)
        if args.json_file:
            data, base = _read_json(args.json_file)
            for name in data.get("files") or []:
                p = Path(name)
                files.append(p if p.is_absolute() or p.exists() else base / p)
        data.update(_field_values(args, True))
        reg = svc.register(data, files, confirm_duplicate=args.yes)
        _print_json(_reg_json(reg))
        if reg.waiting_for_number:
            print(
                "Đã vào sổ nhưng máy đã dùng hết số đến nhận trước từ máy chủ: văn bản đang chờ cấp số, "
                "sẽ có số ở lần đồng bộ tới (chạy qlvb sync); dấu ĐẾN và phiếu giải quyết làm sau khi có số.",
                file=sys.stderr,
            )
    elif args.command == "search":
        query = SearchQuery(
            text=args.query,
            year=args.year,
            book=args.book,
            date_from=parse_date("date_from", args.date_from),
            date_to=parse_date("date_to", args.date_to),
            urgency=parse_urgency(args.urgency) if args.urgency else None,
            status=Status(args.status) if args.status else None,
            limit=args.limit,
        )
        found = svc.get_many(svc.search(query))
        if args.out:
            reports = core.period_reports
            out = reports.write([reports.search_table(found, f"Tìm: {args.query}" if args.query else "")], args.out)
            print(f"Đã ghi {len(found)} văn bản tìm thấy ra {out}.", file=sys.stderr)
        elif args.json:
            _print_json([_reg_json(r) for r in found])
        else:
            for r in found:
                d = r.draft
                mark = " [HỦY]" if r.status is Status.VOIDED else ""
                print(
                    f"{r.id}\t{r.number_label}\t{d.received_at:%d/%m/%Y}\t{d.number}\t{d.issuer}\t{d.subject}{mark}"
                )
            print(f"{len(found)} văn bản.", file=sys.stderr)
    elif args.command == "show":
        reg = svc.get(args.id)
        if args.json:
            _print_json(_reg_json(reg))
        else:
            print(_describe(reg, lambda sha: core.files.path_of(sha).is_file()))
    elif args.command == "void":
        _print_json(_reg_json(svc.void(args.id, args.reason)))
    elif args.command == "update":
        _print_json(_reg_json(svc.update(args.id, _field_values(args, False))))
    elif args.command == "correct":
        _print_json(_reg_json(svc.correct(args.id, _field_values(args, False))))
    elif args.command == "trace":
        _print_json(_reg_json(svc.add_trace(args.id, args.text)))
    elif args.command == "attach":
        _print_json(_reg_json(svc.attach(args.id, args.file, args.role)))
    elif args.command == "book":
        return _run_book(core, args)
    elif args.command == "audit":
        from qlvb_desktop.services.audit import verify_audit

        problems = verify_audit(core.repo)
        if not problems:
            print(f"Nhật ký toàn vẹn: {len(core.repo.audit_events())} sự kiện, không có thay đổi ngoài ứng dụng.")
            return 0
        for problem in problems:
            print(problem.message, file=sys.stderr)
        print(f"Phát hiện {len(problems)} vấn đề trong sổ và nhật ký.", file=sys.stderr)
        return 1
    else:
        raise AssertionError(f"unhandled command {args.command}")
    return 0


def _run_book(core: Core, args: argparse.Namespace) -> int:
    if args.book_command == "list":
        for b in core.register.books():
            print(f"{b.code}\t{b.name}" + ("\t(mật)" if b.secret else ""))
    elif args.book_command == "print":
        report = core.reports.book_report(
            core.settings.organization,
            args.year,
            book=args.book,
            date_from=parse_date("date_from", args.date_from),
            date_to=parse_date("date_to", args.date_to),
            volume=args.volume,
        )
        out = core.reports.print_book(report, args.out)
        print(f"Đã in {len(report.rows)} dòng sổ ra {out}.")
    elif args.book_command == "close":
        through = parse_date("through", args.through)
        assert through is not None
        closure = core.reports.close_period(args.year, through, book=args.book)
        print(f"Đã khóa sổ {closure.book} năm {closure.year} đến hết ngày {format_date_vn(closure.through)}.")
    return 0


def _run_settings(core: Core, args: argparse.Namespace) -> int:
    s = core.settings
    org = s.organization
    changed = False
    if args.org_name is not None or args.org_code is not None or args.org_parent is not None:
        s.organization = Organization(
            name=args.org_name if args.org_name is not None else org.name,
            code=args.org_code if args.org_code is not None else org.code,
            parent=args.org_parent if args.org_parent is not None else org.parent,
        )
        changed = True
    if args.clerk is not None:
        s.clerk = args.clerk
        changed = True
    if changed:
        core.settings_store.save(s)
    _print_json(s.to_json())
    return 0


def _stdout_closed() -> int:
    """The reader of our output went away (`qlvb search --json | head`): not an error of ours.
    Point stdout at /dev/null so the interpreter's final flush stays silent too."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return 141  # what a shell reports for a process ended by SIGPIPE


def _stop_cleanly(signum: int, _frame: object) -> None:
    """SIGTERM (a service manager, `kill`) ends the command like Ctrl+C: the open transaction is
    rolled back and every `finally` removes its temporary files (.incoming-*, .qlvb-intake-*)."""
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _stop_cleanly)
    core: Core | None = None
    try:
        core = build_core(args.data_dir, open_register=False)
        if core.settings_notice is not None:  # a damaged settings file set aside: say so, go on
            print(core.settings_notice.message, file=sys.stderr)
        return _run(core, args)
    except BrokenPipeError:
        return _stdout_closed()
    except DuplicateError as exc:
        print(f"{exc.message} (dùng --yes để vẫn vào sổ)", file=sys.stderr)
        return 3
    except FlaggedError as exc:
        print(f"{exc.message} (dùng --yes để xác nhận)", file=sys.stderr)
        return 3
    except UserError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except EnvironmentProblem as exc:
        print(exc.message, file=sys.stderr)
        return 4
    except OSError as exc:
        # A file of the machine that no adapter sorted (an output folder, a settings file): the
        # same kinds and sentences as the data folder's, never a traceback.
        print(storage_problem(exc, exc.filename or args.data_dir or "").message, file=sys.stderr)
        return 4
    except KeyboardInterrupt:
        return 130
    finally:
        if core is not None:
            core.close()
        if previous is not None:  # main() called inside another program (the tests)
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    raise SystemExit(main())

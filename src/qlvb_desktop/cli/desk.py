"""`qlvb outgoing next|issue|list|void|print`, `qlvb refuse FILE --reason`, `qlvb refused`,
`qlvb receive FILE|FOLDER` (issue 7: outgoing issue and electronic intake)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from qlvb_desktop.cli.signing import EnvPin
from qlvb_desktop.domain.clock import format_date_vn
from qlvb_desktop.domain.command_line import DATE_FORMS, JSON_HELP, OUTGOING_ID_HELP
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.outgoing import OutgoingEntry, OutgoingStatus, make_draft
from qlvb_desktop.domain.registration import parse_date, parse_doc_type
from qlvb_desktop.domain.signing import parse_position
from qlvb_desktop.services.verify import verification_json


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("outgoing", help="sổ văn bản đi: cấp số, ký số, phát hành")
    osub = p.add_subparsers(dest="outgoing_command", required=True, metavar="LỆNH")
    n = osub.add_parser("next", help="số tiếp theo của sổ văn bản đi")
    n.add_argument("--book", default="di", metavar="SỔ", help="di (Sổ văn bản đi, mặc định) hoặc mat-di")
    n.add_argument(
        "--doc-type", default="Công văn", metavar="TÊN_LOẠI", help="tên loại văn bản (mặc định 'Công văn')"
    )
    n.add_argument("--unit", default="", metavar="ĐƠN_VỊ", help="đơn vị soạn thảo (công văn: UBND-VP)")
    n.add_argument("--normative", action="store_true", help="văn bản quy phạm pháp luật (dãy số riêng)")
    n.add_argument("--json", action="store_true", help=JSON_HELP)

    i = osub.add_parser("issue", help="cấp số và ký số của cơ quan cho văn bản lãnh đạo đã ký")
    i.add_argument("input", type=Path, metavar="TỆP_PDF", help="tệp PDF đã có chữ ký của lãnh đạo")
    i.add_argument("--book", default="di", metavar="SỔ", help="di (Sổ văn bản đi, mặc định) hoặc mat-di")
    i.add_argument(
        "--doc-type", required=True, metavar="TÊN_LOẠI", help="tên loại, ví dụ 'Quyết định', 'Công văn'"
    )
    i.add_argument("--subject", required=True, metavar="TRÍCH_YẾU", help="trích yếu")
    i.add_argument("--signer-name", default="", metavar="HỌ_TÊN", help="họ tên người ký")
    i.add_argument("--signer-title", default="", metavar="CHỨC_VỤ", help="chức vụ người ký")
    i.add_argument("--recipients", default="", metavar="NƠI_NHẬN", help="nơi nhận")
    i.add_argument("--archive-unit", default="", metavar="NƠI_LƯU", help="đơn vị, người nhận bản lưu")
    i.add_argument("--copies", type=int, default=None, metavar="SỐ", help="số lượng bản")
    i.add_argument("--unit", default="", metavar="ĐƠN_VỊ", help="đơn vị soạn thảo (công văn)")
    i.add_argument(
        "--abbreviation", default=None, metavar="TÊN_VIẾT_TẮT", help="tên viết tắt cơ quan (mặc định: cài đặt)"
    )
    i.add_argument("--normative", action="store_true", help="văn bản quy phạm pháp luật (ký hiệu có năm)")
    i.add_argument(
        "--out-dir", type=Path, default=None, metavar="THƯ_MỤC",
        help="thư mục lưu tệp đã ký (mặc định: cài đặt, hoặc van-ban-di trong thư mục dữ liệu)",
    )
    i.add_argument(
        "--pin-env", default=None, metavar="BIẾN", help="tên biến môi trường chứa mã PIN (mặc định: hỏi)"
    )
    i.add_argument(
        "--number-at", default=None, metavar="X,Y",
        help="vị trí x,y (mm, từ góc trên bên trái) ghi số và ngày trên trang 1 (mặc định 20,38)",
    )
    i.add_argument(
        "--seal-offset", default=None, metavar="DX,DY", help="dịch con dấu dx,dy (mm), ví dụ 3,-2"
    )
    i.add_argument("--no-tsa", action="store_true", help="ký không có dấu thời gian")
    i.add_argument("--json", action="store_true", help=JSON_HELP)

    ls = osub.add_parser("list", help="liệt kê văn bản đi")
    ls.add_argument("--book", default=None, metavar="SỔ", help="di hoặc mat-di (mặc định: mọi sổ)")
    ls.add_argument("--year", type=int, default=None, metavar="NĂM", help="năm của sổ (mặc định: mọi năm)")
    ls.add_argument(
        "--from", dest="date_from", default=None, metavar="NGÀY", help=f"ngày văn bản từ ngày ({DATE_FORMS})"
    )
    ls.add_argument(
        "--to", dest="date_to", default=None, metavar="NGÀY", help=f"ngày văn bản đến hết ngày ({DATE_FORMS})"
    )
    ls.add_argument("--json", action="store_true", help=JSON_HELP)

    v = osub.add_parser("void", help="hủy một số văn bản đi (số vẫn giữ trong sổ, ghi “Hủy”)")
    v.add_argument("id", type=int, metavar="MÃ", help=OUTGOING_ID_HELP)
    v.add_argument("--reason", required=True, metavar="LÝ_DO", help="lý do hủy, ghi vào sổ")

    pr = osub.add_parser("print", help="in sổ đăng ký văn bản đi (PDF) cho một kỳ")
    pr.add_argument("output", type=Path, metavar="TỆP_PDF", help="tệp PDF kết quả")
    pr.add_argument("--book", default="di", metavar="SỔ", help="di (Sổ văn bản đi, mặc định) hoặc mat-di")
    pr.add_argument(
        "--year", type=int, default=None, metavar="NĂM", help="năm của sổ (mặc định: năm của --from/--to, hoặc năm nay)"
    )
    pr.add_argument(
        "--from", dest="date_from", default=None, metavar="NGÀY", help=f"ngày văn bản từ ngày ({DATE_FORMS})"
    )
    pr.add_argument(
        "--to", dest="date_to", default=None, metavar="NGÀY", help=f"ngày văn bản đến hết ngày ({DATE_FORMS})"
    )

    p = sub.add_parser(
        "receive", help="kiểm tra văn bản điện tử nhận được (tệp PDF, thư mục, hoặc gói edXML) mà không vào sổ"
    )
    p.add_argument(
        "inputs", type=Path, nargs="+", metavar="TỆP",
        help="tệp PDF đã ký, thư mục chứa chúng, hoặc gói edXML (không trộn gói với PDF)",
    )
    p.add_argument("--json", action="store_true", help=JSON_HELP)

    p = sub.add_parser("refuse", help="từ chối văn bản điện tử (ghi lý do, không cấp số đến)")
    p.add_argument("input", type=Path, metavar="TỆP_PDF", help="tệp PDF văn bản điện tử bị từ chối")
    p.add_argument("--reason", required=True, metavar="LÝ_DO", help="lý do từ chối, để báo lại nơi gửi")
    p.add_argument("--json", action="store_true", help=JSON_HELP)

    p = sub.add_parser("refused", help="các văn bản điện tử đã từ chối, để báo lại nơi gửi")
    p.add_argument("--untold", action="store_true", help="chỉ những văn bản chưa báo nơi gửi")
    p.add_argument(
        "--told", type=int, default=None, metavar="MÃ",
        help="đánh dấu đã báo nơi gửi văn bản có mã này (số sau dấu # của qlvb refused)",
    )
    p.add_argument("--json", action="store_true", help=JSON_HELP)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _line(e: OutgoingEntry) -> str:
    mark = f"  [Hủy: {e.void_reason}]" if e.status is OutgoingStatus.VOIDED else ""
    return (
        f"#{e.id} {e.book} {e.number_text} ngày {format_date_vn(e.draft.issued)} — {e.draft.doc_type}: "
        f"{e.draft.subject} — {e.export_path or e.file_name}{mark}"
    )


def run(core: Any, args: argparse.Namespace) -> int | None:
    if args.command == "outgoing":
        return _outgoing(core, args)
    if args.command == "receive":
        from qlvb_desktop.adapters.edxml.reader import looks_like_package
        from qlvb_desktop.cli.exchange import inspect_packages

        # pyHanko logs every failed path building with its traceback; the clerk (and a script
        # reading stderr) gets the verdict's sentence instead.
        for name in ("pyhanko", "pyhanko_certvalidator"):
            logging.getLogger(name).addHandler(logging.NullHandler())
            logging.getLogger(name).propagate = False
        # An edXML package (SPEC §9) or a signed PDF: told apart by content, not by name.
        packages = [
            p for p in args.inputs
            if p.is_file() and (p.suffix.lower() in (".edxml", ".xml") or looks_like_package(p))
        ]
        if packages:
            if len(packages) != len(args.inputs):
                raise UserError(QT_TRANSLATE_NOOP(
                    "Errors", "Hãy kiểm tra gói edXML và tệp PDF trong hai lệnh riêng."))
            return inspect_packages(core, packages, args.json)
        intake = core.desk.electronic
        results = [intake.inspect(p) for p in intake.expand(args.inputs)]
        if args.json:
            _print_json(
                [{"file": str(r.path), "acceptable": r.acceptable, **verification_json(r.report)} for r in results]
            )
        else:
            for r in results:
                print(f"{r.path.name}: {'nhận được' if r.acceptable else 'KHÔNG HỢP LỆ'} — {r.report.reason}")
        return 0 if all(r.acceptable for r in results) else 1
    desk = core.desk
    if args.command == "refuse":
        intake = desk.electronic
        refusal = intake.refuse(intake.inspect(args.input), args.reason)
        if args.json:
            _print_json(refusal.to_json())
        else:
            print(f"Đã từ chối {refusal.file.name} (mã {refusal.id}): {refusal.reason}. Hãy báo lại nơi gửi.")
        return 0
    if args.command == "refused":
        intake = desk.electronic
        if args.told is not None:
            r = intake.mark_told(args.told)
            print(f"Đã ghi nhận: đã báo nơi gửi văn bản {r.file.name}.")
            return 0
        items = intake.refused(untold_only=args.untold)
        if args.json:
            _print_json([r.to_json() for r in items])
            return 0
        for r in items:
            told = f"đã báo {format_date_vn(r.told_at.date())}" if r.told_at else "CHƯA BÁO nơi gửi"
            print(
                f"#{r.id} {r.received_at:%d/%m/%Y %H:%M} {r.file.name} — gửi bởi: {r.sender or '?'} — "
                f"lý do: {r.reason} — {told}"
            )
        if not items:
            print("Không có văn bản nào bị từ chối.")
        return 0
    return None


def _outgoing(core: Any, args: argparse.Namespace) -> int:
    desk = core.desk
    service = desk.outgoing
    cmd = args.outgoing_command
    if cmd == "next":
        doc_type = parse_doc_type(args.doc_type)
        from qlvb_desktop.domain.outgoing import notation, series_of

        year = service.today().year if args.normative else None
        number, day = service.propose(
            args.book, notation(doc_type, desk.abbreviation, args.unit, year=year),
            series_of(doc_type, args.normative),
        )
        if args.json:
            _print_json({"book": service.book(args.book).code, "number": number, "date": day.isoformat()})
        else:
            print(f"Số tiếp theo: {number}, ngày {format_date_vn(day)}")
        return 0
    if cmd == "issue":
        draft = make_draft(
            book=service.book(args.book),
            doc_type=parse_doc_type(args.doc_type),
            subject=args.subject,
            issued=service.today(),
            abbreviation=args.abbreviation or desk.abbreviation,
            drafting_unit=args.unit,
            signer_name=args.signer_name,
            signer_title=args.signer_title,
            recipients=args.recipients,
            archive_unit=args.archive_unit,
            copies=args.copies,
            normative=args.normative,
        )
        spec = desk.sign_spec(
            seal_offset_mm=parse_position(args.seal_offset) if args.seal_offset else (0.0, 0.0),
            number_at_mm=parse_position(args.number_at) if args.number_at else (20.0, 38.0),
        )
        if args.no_tsa:
            spec.tsa_url = None
        issued = service.issue(args.input, draft, spec, EnvPin(args.pin_env), out_dir=args.out_dir)
        if args.json:
            _print_json({**issued.entry.to_json(), "path": str(issued.path), "level": issued.result.level})
        else:
            print(f"Đã cấp số {issued.entry.number_text}, ký ({issued.result.level}) và lưu {issued.path}")
            for note in issued.result.notes:
                print(f"  lưu ý: {note}", file=sys.stderr)
        return 0
    if cmd == "list":
        entries = service.entries(
            book=args.book, year=args.year, date_from=parse_date("date_from", args.date_from),
            date_to=parse_date("date_to", args.date_to),
        )
        if args.json:
            _print_json([e.to_json() for e in entries])
        else:
            for e in entries:
                print(_line(e))
            if not entries:
                print("Chưa có văn bản đi nào.")
        return 0
    if cmd == "void":
        e = service.void(args.id, args.reason)
        print(f"Đã hủy số {e.number_text} (số vẫn giữ trong sổ): {e.void_reason}")
        return 0
    if cmd == "print":
        date_from = parse_date("date_from", args.date_from)
        date_to = parse_date("date_to", args.date_to)
        year = args.year or (date_from or date_to or service.today()).year
        org = core.settings.organization
        out = service.print_register(args.book, year, date_from, date_to, args.output, org.name, org.parent)
        print(f"Đã in sổ văn bản đi ra {out}")
        return 0
    raise UserError(QT_TRANSLATE_NOOP("Errors", "Lệnh không hợp lệ."))

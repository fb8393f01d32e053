"""`qlvb stamp-arrival`, `qlvb sign`, `qlvb verify`, `qlvb token list` (issue 5)."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from qlvb_desktop.domain.command_line import DATE_FORMS
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.registration import parse_date
from qlvb_desktop.domain.signing import (
    CHANGE_LABELS,
    PIN_STATE_WARNINGS,
    OutgoingNumber,
    SignatureKind,
    SignSpec,
    TimeStyle,
    parse_position,
)

DEFAULT_TSA = "http://ca.gov.vn/tsa"


KIND_HELP = (
    "main: văn bản chính phát hành (dấu đỏ đè lên chữ ký), attachment: phụ lục, tệp kèm theo "
    "(dòng “Số: …”), copy: bản sao y điện tử (dòng “SAO Y; cơ quan; thời gian”)"
)
TRUST_HELP = "thêm chứng thư gốc tin cậy (tệp PEM/DER; lặp lại được)"
MODULE_HELP = "thư viện PKCS#11 của token (tệp .so/.dll; mặc định: cài đặt, hoặc tự tìm)"


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("stamp-arrival", help="đóng dấu ĐẾN vào trang 1 của văn bản PDF")
    p.add_argument("input", type=Path, metavar="TỆP_PDF", help="văn bản PDF cần đóng dấu")
    p.add_argument("output", type=Path, metavar="TỆP_KẾT_QUẢ", help="tệp PDF đã đóng dấu ĐẾN")
    p.add_argument("--number", default=None, metavar="SỐ_ĐẾN", help="số đến (bắt buộc, trừ khi --fill)")
    p.add_argument(
        "--date", default=None, metavar="NGÀY", help=f"ngày đến ({DATE_FORMS}; bắt buộc, trừ khi --fill)"
    )
    p.add_argument(
        "--fill", action="store_true", help="ghi thêm Chuyển / Số và ký hiệu HS vào dấu ĐẾN đã đóng"
    )
    p.add_argument("--org", default=None, metavar="TÊN", help="tên cơ quan (mặc định: cài đặt)")
    p.add_argument("--forward-to", default="", metavar="NƠI_NHẬN", help="chuyển cho đơn vị, cá nhân")
    p.add_argument("--case-file", default="", metavar="KÝ_HIỆU", help="số và ký hiệu hồ sơ")
    p.add_argument(
        "--at", default=None, metavar="X,Y",
        help="vị trí x,y (mm, tính từ góc trên bên trái), ví dụ 20,40; mặc định tự tìm chỗ trống",
    )
    p.add_argument(
        "--label", type=Path, default=None, metavar="TỆP", help="in thêm dấu ra tệp PDF nhãn 50×35 mm"
    )

    p = sub.add_parser("sign", help="ký số của cơ quan (USB token)")
    p.add_argument("inputs", type=Path, nargs="+", metavar="TỆP_PDF", help="các tệp PDF cần ký")
    p.add_argument("--kind", choices=[k.value for k in SignatureKind], required=True, help=KIND_HELP)
    p.add_argument(
        "--out-dir",
        type=Path,
        default=None,
        metavar="THƯ_MỤC",
        help="thư mục ghi tệp đã ký (mặc định: cạnh tệp gốc, tên thêm -signed)",
    )
    p.add_argument("--pkcs11-module", default=None, metavar="TỆP", help=MODULE_HELP)
    p.add_argument(
        "--token-label", default=None, metavar="NHÃN",
        help="nhãn của token cần dùng (xem qlvb token list); mặc định: token đầu tiên tìm thấy",
    )
    p.add_argument(
        "--pin-env", default=None, metavar="BIẾN", help="tên biến môi trường chứa mã PIN (mặc định: hỏi)"
    )
    tsa = p.add_mutually_exclusive_group()
    tsa.add_argument(
        "--tsa", default=None, metavar="ĐỊA_CHỈ",
        help=f"máy chủ dấu thời gian (mặc định: QLVB_TSA_URL, cài đặt, hoặc {DEFAULT_TSA})",
    )
    tsa.add_argument("--no-tsa", action="store_true", help="ký không có dấu thời gian")
    p.add_argument(
        "--if-tsa-down",
        choices=["stop", "sign"],
        default="stop",
        help="khi không kết nối được máy chủ dấu thời gian: stop dừng (mặc định) hoặc sign vẫn ký",
    )
    p.add_argument(
        "--number", default=None, metavar="SỐ_KÝ_HIỆU",
        help="số, ký hiệu văn bản (văn bản đi; phụ lục: số văn bản chính)",
    )
    p.add_argument(
        "--date", default=None, metavar="NGÀY", help=f"ngày văn bản đi ({DATE_FORMS}; mặc định hôm nay)"
    )
    p.add_argument(
        "--number-at", default=None, metavar="X,Y",
        help="vị trí x,y (mm, từ góc trên bên trái) ghi số và ngày trên trang 1 (mặc định 20,38)",
    )
    p.add_argument(
        "--seal", type=Path, default=None, metavar="TỆP_PNG",
        help="ảnh con dấu PNG (bản chính; mặc định: cài đặt)",
    )
    p.add_argument(
        "--seal-offset", default=None, metavar="DX,DY", help="dịch con dấu dx,dy (mm), ví dụ 3,-2"
    )
    p.add_argument(
        "--org", default=None, metavar="TÊN", help="tên cơ quan ghi trong chữ ký (mặc định: cài đặt)"
    )
    p.add_argument(
        "--trust", type=Path, action="append", default=[], metavar="TỆP", help=TRUST_HELP
    )
    p.add_argument("--iso-time", action="store_true", help="ghi thời gian ký dạng ISO 8601")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    p = sub.add_parser("verify", help="kiểm tra chữ ký số trong tệp PDF")
    p.add_argument("input", type=Path, metavar="TỆP_PDF", help="tệp PDF cần kiểm tra")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.add_argument("--trust", type=Path, action="append", default=[], metavar="TỆP", help=TRUST_HELP)
    p.add_argument("--online", action="store_true", help="kiểm tra thu hồi trực tuyến (OCSP/CRL)")

    p = sub.add_parser("token", help="USB token")
    tsub = p.add_subparsers(dest="token_command", required=True, metavar="LỆNH")
    tl = tsub.add_parser("list", help="liệt kê thư viện, khe, token, chứng thư")
    tl.add_argument("--pkcs11-module", default=None, metavar="TỆP", help=MODULE_HELP)
    tl.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


class EnvPin:
    """PIN handler of the CLI: from an environment variable, or asked on the terminal."""

    def __init__(self, var: str | None) -> None:
        self.var = var
        self.asked = 0

    def get_pin(self, token_label: str, tries_left: int | None, last_try: bool) -> str | None:
        self.asked += 1
        if self.var:
            if self.asked > 1:
                raise UserError(QT_TRANSLATE_NOOP("Errors", "Mã PIN trong biến {var} sai."), var=self.var)
            pin = os.environ.get(self.var)
            if not pin:
                raise UserError(
                    QT_TRANSLATE_NOOP("Errors", "Biến môi trường {var} không có mã PIN."), var=self.var
                )
            return pin
        if not sys.stdin.isatty():
            raise UserError(
                QT_TRANSLATE_NOOP("Errors", "Cần mã PIN: dùng --pin-env BIẾN khi chạy không có bàn phím.")
            )
        warn = " (LẦN THỬ CUỐI)" if last_try else ""
        return getpass.getpass(f"Mã PIN của token {token_label}{warn}: ") or None

    def wrong_pin(self, tries_left: int | None, low: bool) -> None:
        if not self.var:
            print(
                "Mã PIN sai." + (" Chỉ còn ít lần thử trước khi token bị khóa." if low else ""),
                file=sys.stderr,
            )


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def run(core: Any, args: argparse.Namespace) -> int | None:
    if args.command == "stamp-arrival" and args.fill:
        core.signing_area.stamps.fill_arrival(
            args.input, args.output, forward_to=args.forward_to, case_file=args.case_file
        )
        print(f"Đã ghi thêm vào dấu ĐẾN trong {args.output}.")
        return 0
    if args.command == "stamp-arrival":
        if not args.number or not args.date:
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Đóng dấu ĐẾN cần --number và --date."))
        day = parse_date("date", args.date)
        assert day is not None
        box = core.signing_area.stamps.stamp_arrival(
            args.input,
            args.output,
            args.number,
            day,
            organization=args.org or None,
            forward_to=args.forward_to,
            case_file=args.case_file,
            at_mm=parse_position(args.at) if args.at else None,
            label=args.label,
        )
        print(
            f"Đã đóng dấu ĐẾN vào {args.output} tại x={box.x / 72 * 25.4:.0f} mm, "
            f"y={box.y / 72 * 25.4:.0f} mm (từ góc dưới trái)."
        )
        return 0
    if args.command == "verify":
        from qlvb_desktop.services.verify import verification_json

        core.signing_area.verifier.online = args.online
        report = core.signing_area.verify.verify(args.input, args.trust)
        if args.json:
            _print_json(verification_json(report))
        else:
            print(report.reason)
            for c in report.checks:
                print(f"- {c.sentence}")
                if c.later_changes:
                    print("  sau khi ký: " + "; ".join(CHANGE_LABELS[k] for k in c.later_changes))
        return {"valid": 0, "warning": 0, "indeterminate": 1, "invalid": 1}[report.verdict.value]
    if args.command == "token":
        return _token_list(core, args)
    if args.command == "sign":
        return _sign(core, args)
    return None


def _token_list(core: Any, args: argparse.Namespace) -> int:
    from qlvb_desktop.adapters.pkcs11.batch import token_report
    from qlvb_desktop.adapters.pkcs11.driver import KNOWN_MODULES, detect_modules, resolve_module

    module = resolve_module(args.pkcs11_module or core.settings.pkcs11_module or None)
    tokens = token_report(core.signing_area.signer.thread, module)
    if args.json:
        _print_json(
            {"known_modules": KNOWN_MODULES, "detected": detect_modules(), "module": module, "tokens": tokens}
        )
        return 0
    print(f"Thư viện: {module}")
    for t in tokens:
        print(f"Khe {t['slot']}: token “{t['label']}” ({t['manufacturer']} {t['model']}, số {t['serial']})")
        if t.get("pin_state") in PIN_STATE_WARNINGS:
            print(f"  {PIN_STATE_WARNINGS[t['pin_state']]}")
        for c in t["certificates"]:
            print(
                f"  - {c['subject']} — hiệu lực {c['not_before'][:10]} → {c['not_after'][:10]}"
                + ("" if c["has_key"] else " (không có khóa)")
            )
    if not tokens:
        print("Không có token nào.")
    return 0


def _sign(core: Any, args: argparse.Namespace) -> int:
    settings = core.settings
    kind = SignatureKind(args.kind)
    number = None
    if kind is SignatureKind.MAIN and args.number:
        day = parse_date("date", args.date) if args.date else core.signing_area.clock.now().date()
        assert day is not None
        number = OutgoingNumber(args.number, day)
    tsa = (
        None
        if args.no_tsa
        else (args.tsa or os.environ.get("QLVB_TSA_URL") or settings.tsa_url or DEFAULT_TSA)
    )
    spec = SignSpec(
        kind,
        organization=args.org or settings.organization.name,
        number=number,
        main_number=args.number or "",
        style=TimeStyle.ISO if (args.iso_time or settings.signing_time_iso) else TimeStyle.VN,
        seal_png=args.seal or (Path(settings.seal_png) if settings.seal_png else None),
        seal_offset_mm=parse_position(args.seal_offset) if args.seal_offset else (0.0, 0.0),
        number_at_mm=parse_position(args.number_at) if args.number_at else (20.0, 38.0),
        tsa_url=tsa,
        extra_trust=list(args.trust),
        pkcs11_module=args.pkcs11_module or settings.pkcs11_module or None,
        token_label=args.token_label,
    )
    result = core.signing_area.signing.sign(
        args.inputs,
        spec,
        EnvPin(args.pin_env),
        out_dir=args.out_dir,
        sign_without_tsa=lambda _reason: args.if_tsa_down == "sign",
    )
    failed = [f for f in result.files if not f.ok]
    if args.json:
        _print_json(
            {
                "certificate": result.certificate.to_json() if result.certificate else None,
                "stopped": result.stopped,
                "files": [
                    {
                        "input": str(f.src),
                        "output": str(f.dst) if f.ok else None,
                        "signed": f.ok,
                        "level": f.level,
                        "message": f.message,
                        "notes": f.notes,
                    }
                    for f in result.files
                ],
            }
        )
    else:
        for f in result.files:
            if f.ok:
                print(f"Đã ký {f.dst} ({f.level})" + (f" — {'; '.join(f.notes)}" if f.notes else ""))
            else:
                print(f"CHƯA KÝ {f.src}: {f.message}", file=sys.stderr)
    if result.stopped:
        print(result.stopped, file=sys.stderr)
    return 0 if not failed else 4 if result.stopped else 2

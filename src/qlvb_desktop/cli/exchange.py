"""`qlvb exchange …` (issue 15): edXML packages between organizations, every step scriptable.

`qlvb receive PACKAGE.edxml --json` (in cli/desk.py, which dispatches on content) reads and
verifies without recording; `qlvb exchange receive` records in the inbox (status 01), then
`register`, `refuse`, `accept`, `reject` (revocation/update), `report` (04/05/06), `statuses`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from qlvb_desktop.domain.command_line import JSON_HELP, OUTGOING_ID_HELP
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem, UserError
from qlvb_desktop.domain.exchange import (
    BUSINESS_LABELS,
    INBOX_STATE_LABELS,
    STATUS_LABELS,
    BusinessType,
    StatusCode,
)

INBOX_ID_HELP = "mã gói trong hộp thư đến (số sau dấu # của qlvb exchange inbox)"


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("exchange", help="gói edXML liên thông giữa các cơ quan: nhận, vào sổ, từ chối, trạng thái")
    esub = p.add_subparsers(dest="exchange_command", required=True, metavar="LỆNH")
    r = esub.add_parser("receive", help="nhận gói edXML vào hộp thư đến (báo trạng thái 01)")
    r.add_argument("inputs", type=Path, nargs="+", metavar="TỆP", help="các gói edXML cần nhận")
    r.add_argument("--json", action="store_true", help=JSON_HELP)
    rl = esub.add_parser("relay", help="gửi hộp thư đi và nhận gói mới qua máy chủ của cơ quan")
    rl.add_argument("--json", action="store_true", help=JSON_HELP)
    w = esub.add_parser("folder", help="nhận mọi gói trong thư mục trao đổi (cổng liên thông thả tệp vào)")
    w.add_argument(
        "folder", type=Path, metavar="THƯ_MỤC",
        help="thư mục trao đổi; gói đã nhận chuyển vào da-nhan, tệp không đọc được vào khong-doc-duoc",
    )
    w.add_argument("--json", action="store_true", help=JSON_HELP)
    i = esub.add_parser("inbox", help="hộp thư đến: các gói đã nhận")
    i.add_argument("--pending", action="store_true", help="chỉ các gói chờ xử lý")
    i.add_argument("--json", action="store_true", help=JSON_HELP)
    s = esub.add_parser("show", help="xem một gói đã nhận và các trường sẽ vào sổ")
    s.add_argument("id", type=int, metavar="MÃ", help=INBOX_ID_HELP)
    s.add_argument("--json", action="store_true", help=JSON_HELP)
    g = esub.add_parser("register", help="vào sổ văn bản của một gói (báo trạng thái 03)")
    g.add_argument("id", type=int, metavar="MÃ", help=INBOX_ID_HELP)
    g.add_argument("--set", dest="changes", action="append", default=[], metavar="TRƯỜNG=GIÁ_TRỊ",
                   help="sửa một trường trước khi vào sổ, ví dụ --set doc_type='Công văn' (lặp lại được)")
    g.add_argument("--yes", action="store_true", help="vẫn vào sổ khi có văn bản trùng")
    f = esub.add_parser("refuse", help="từ chối văn bản của một gói (báo trạng thái 02 với lý do)")
    f.add_argument("id", type=int, metavar="MÃ", help=INBOX_ID_HELP)
    f.add_argument("--reason", required=True, metavar="LÝ_DO", help="lý do từ chối, gửi cho nơi gửi")
    a = esub.add_parser("accept", help="đồng ý đề nghị thu hồi/cập nhật/thay thế (báo 15)")
    a.add_argument("id", type=int, metavar="MÃ", help="mã gói đề nghị trong hộp thư đến (qlvb exchange inbox)")
    j = esub.add_parser("reject", help="từ chối đề nghị thu hồi/cập nhật/thay thế (báo 16 với lý do)")
    j.add_argument("id", type=int, metavar="MÃ", help="mã gói đề nghị trong hộp thư đến (qlvb exchange inbox)")
    j.add_argument("--reason", required=True, metavar="LÝ_DO", help="lý do từ chối, gửi cho nơi gửi")
    t = esub.add_parser("report", help="báo nơi gửi tình hình xử lý: 04 đã phân công, 05 đang xử lý, 06 xong")
    t.add_argument(
        "registration_id", type=int, metavar="MÃ",
        help="mã văn bản đến đã vào sổ từ một gói (cột đầu của qlvb search)",
    )
    t.add_argument(
        "--code", required=True, choices=["04", "05", "06"],
        help="04 đã phân công, 05 đang xử lý, 06 đã xử lý xong",
    )
    t.add_argument("--note", default="", metavar="GHI_CHÚ", help="ghi chú gửi kèm trạng thái")
    sd = esub.add_parser("send", help="gửi một văn bản đi đã phát hành thành gói edXML tới các nơi nhận")
    sd.add_argument("outgoing_id", type=int, metavar="MÃ", help=OUTGOING_ID_HELP)
    sd.add_argument(
        "--to", required=True, metavar="MÃ_NƠI_NHẬN",
        help="mã định danh các nơi nhận, cách nhau bởi dấu phẩy",
    )
    sd.add_argument(
        "--appendix", action="append", default=[], type=Path, metavar="TỆP", help="phụ lục (lặp lại được)"
    )
    sd.add_argument("--priority", type=int, choices=range(5), default=0,
                    help="độ khẩn: 0 thường (mặc định), 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ")
    sd.add_argument("--revoke", default=None, metavar="LÝ_DO", help="đề nghị thu hồi văn bản đã gửi, với lý do")
    sd.add_argument("--json", action="store_true", help=JSON_HELP)
    st = esub.add_parser("statuses", help="các gói trạng thái đã gửi và đã nhận")
    st.add_argument(
        "--document", default=None, metavar="MÃ_ĐỊNH_DANH",
        help="chỉ các gói của văn bản có mã định danh này",
    )
    st.add_argument(
        "--direction", choices=["in", "out"], default=None, help="in: đã nhận, out: đã gửi (mặc định: cả hai)"
    )
    st.add_argument("--json", action="store_true", help=JSON_HELP)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def inspect_packages(core: Any, paths: list[Path], as_json: bool) -> int:
    """`qlvb receive PACKAGE…`: read and verify, record nothing. Exit 0 once read."""
    service = core.exchange
    results = []
    for path in paths:
        try:
            inspection = service.inspect(path)
        except (UserError, EnvironmentProblem):
            raise
        except Exception as exc:
            raise UserError(
                QT_TRANSLATE_NOOP("Errors", "Không đọc được gói {name} ({reason}); không nhận."),
                name=path.name, reason=type(exc).__name__,
            ) from exc
        try:
            results.append(inspection.to_json())
        finally:
            inspection.package.close()
    if as_json:
        _print_json(results[0] if len(results) == 1 else results)
        return 0
    for r in results:
        print(describe(r))
    return 0


def describe(r: dict[str, Any]) -> str:
    if r["kind"] == "status":
        code = r["status_code"]
        label = STATUS_LABELS.get(StatusCode(code), "") if code in set(StatusCode) else ""
        lines = [
            f"Gói trạng thái {code} {label} từ {r['from']['organ_name'] or r['from']['organ_id']}"
            f" cho văn bản {r['response_for']['document_id']}",
            f"  {r['description']}" if r["description"] else "",
        ]
    else:
        business = BUSINESS_LABELS[BusinessType(r["business_type"])]
        lines = [
            f"{business}: {r['number']} ngày {r['issued_date']} của {r['issuer']} — {r['doc_type']}: {r['subject']}",
            f"  Mã định danh: {r['document_id']}" + (f"; độ khẩn: {r['urgency']}" if r["urgency"] else ""),
            f"  Kết quả kiểm tra: {r['verdict']}",
        ]
        lines += [f"  Tệp: {a['name']} ({a['size']} byte) — {a['verdict']}"
                  + (f": {a['reason']}" if a.get("reason") else "") for a in r["attachments"]]
    lines += [f"  Chữ ký XML của gói: {r['xml_signature']['reason']}"]
    lines += [f"  Lưu ý: {p}" for p in r["problems"]]
    return "\n".join(x for x in lines if x)


def _changes(raw: list[str]) -> dict[str, str]:
    out = {}
    for item in raw:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UserError(QT_TRANSLATE_NOOP("Errors", "“{value}” phải có dạng TRƯỜNG=GIÁ_TRỊ."), value=item)
        out[key.strip()] = value
    return out


def run(core: Any, args: argparse.Namespace) -> int | None:
    if args.command != "exchange":
        return None
    service = core.exchange
    cmd = args.exchange_command
    if cmd == "receive":
        items = [service.receive(p) for p in args.inputs]
        if args.json:
            _print_json([i.to_json() for i in items])
        else:
            for i in items:
                print(f"Đã nhận gói #{i.id} ({i.package_name}): {i.sender_name or i.sender_id} — "
                      f"{i.number} {i.subject} — {INBOX_STATE_LABELS[i.state]}")
        return 0
    if cmd == "relay":
        return _relay(core, args)
    if cmd == "folder":
        received, refused = service.take_folder(args.folder)
        if args.json:
            _print_json({"received": [i.to_json() for i in received],
                         "refused": [{"file": str(p), "reason": r} for p, r in refused]})
        else:
            print(f"Đã nhận {len(received)} gói; {len(refused)} tệp không đọc được (xem thư mục khong-doc-duoc).")
        return 0
    if cmd == "inbox":
        items = service.inbox(pending_only=args.pending)
        if args.json:
            _print_json([i.to_json() for i in items])
            return 0
        for i in items:
            loud = "" if i.business_type is BusinessType.NEW else f"[{BUSINESS_LABELS[i.business_type].upper()}] "
            urgent = f"[{i.urgency.value.upper()}] " if i.urgency.value else ""
            print(f"#{i.id} {loud}{urgent}{i.received_at:%d/%m/%Y %H:%M} {i.sender_name or i.sender_id} — "
                  f"{i.number} {i.subject} — kiểm tra: {i.verdict} — {INBOX_STATE_LABELS[i.state]}")
        if not items:
            print("Hộp thư đến trống.")
        return 0
    if cmd == "show":
        item = service.item(args.id)
        data: dict[str, Any] = {**item.summary, "inbox": item.to_json()}
        if item.kind == "document" and item.state.value == "received":
            data["proposal"] = service.proposal(item)
        concerned = service.concerned(item)
        if concerned is not None:
            data["concerns"] = concerned.to_json()
        if args.json:
            _print_json(data)
        else:
            print(describe(data))
            if concerned is not None:
                print(f"  Liên quan đến số đến {concerned.arrival_number}/{concerned.year}: {concerned.draft.subject}")
        return 0
    if cmd == "register":
        reg = service.register(args.id, _changes(args.changes), confirm_duplicate=args.yes)
        _print_json(reg.to_json())
        return 0
    if cmd == "refuse":
        item = service.refuse(args.id, args.reason)
        print(f"Đã từ chối gói #{item.id} và báo nơi gửi (trạng thái 02): {item.reason}")
        return 0
    if cmd == "accept":
        reg = service.accept_revision(args.id)
        _print_json(reg.to_json())
        return 0
    if cmd == "reject":
        item = service.refuse_revision(args.id, args.reason)
        print(f"Đã từ chối đề nghị của gói #{item.id} và báo nơi gửi (trạng thái 16): {item.reason}")
        return 0
    if cmd == "report":
        record = service.report(args.registration_id, StatusCode(args.code), args.note)
        print(f"Đã báo nơi gửi: {STATUS_LABELS[StatusCode(record.status_code)]} ({record.package_name}).")
        return 0
    if cmd == "send":
        return _send(core, args)
    if cmd == "statuses":
        records = service.statuses(args.document, args.direction)
        if args.json:
            _print_json([r.to_json() for r in records])
            return 0
        for r in records:
            arrow = "→" if r.direction == "out" else "←"
            label = STATUS_LABELS.get(StatusCode(r.status_code), "") if r.status_code in set(StatusCode) else ""
            print(f"{r.at:%d/%m/%Y %H:%M} {arrow} {r.organ_name or r.organ_id} {r.status_code} {label} "
                  f"{r.document_id} {r.description}".rstrip())
        if not records:
            print("Chưa có gói trạng thái nào.")
        return 0
    raise UserError(QT_TRANSLATE_NOOP("Errors", "Lệnh không hợp lệ."))


def _send(core: Any, args: argparse.Namespace) -> int:
    """An issued outgoing document as a package in the outbox (SPEC §9; file names SPEC §10)."""
    codes = [c.strip() for c in args.to.split(",") if c.strip()]
    sent = core.desk.exchange_sender.send(args.outgoing_id, codes, appendices=args.appendix,
                                          priority=args.priority, revoke=args.revoke)
    if args.json:
        _print_json({"package": str(sent.path), "document_id": sent.document_id,
                     "to": [o.to_json() for o in sent.recipients]})
    else:
        print(f"Đã tạo gói {sent.path.name} gửi {len(sent.recipients)} nơi nhận; "
              f"gói nằm trong hộp thư đi {sent.path.parent}.")
    return 0


def _relay(core: Any, args: argparse.Namespace) -> int:
    """The outbox sent and new packages fetched through the organization's server, as the
    window's background sync does every interval (same step, same login)."""
    from qlvb_desktop.adapters.credentials import KeyringCredentials
    from qlvb_desktop.adapters.sync_client import HttpSyncServer
    from qlvb_desktop.app import build_relay_step

    s = core.settings
    outbox = core.data_dir / "exchange" / "outbox"
    if not s.server_url:
        raise UserError(QT_TRANSLATE_NOOP(
            "Errors", "Chưa đặt máy chủ của cơ quan; các gói vẫn nằm trong hộp thư đi {path}."), path=str(outbox))
    token = KeyringCredentials(core.data_dir).get(s.server_url, s.server_user) or ""
    server = HttpSyncServer(s.server_url, station=s.station_id, token=token,
                            ca_file=Path(s.ca_file) if s.ca_file else None, timeout=120)
    try:
        report = build_relay_step(core, server).relay()
    finally:
        server.close()
    if args.json:
        _print_json(report.to_json())
    else:
        print(f"Đã gửi {report.sent} gói, nhận {report.documents} văn bản và {report.statuses} gói trạng thái; "
              f"{report.refused} gói bị máy chủ từ chối (xem {outbox / 'refused'}).")
    return 0

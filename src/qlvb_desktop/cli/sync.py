"""`qlvb login`, `qlvb sync`, `qlvb sync-status`: the station and the central server.

`qlvb sync` exits 0 when everything queued was accepted by the server, 1 when the server
rejected some operations (each is printed with its reason), 4 when the server cannot be reached
or could not take everything yet (nothing is lost: the queue stays), 2 when not logged in.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid
from pathlib import Path
from typing import Any

from qlvb_desktop.app import Core, build_sync
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.sync import Notice

COMMANDS = ("login", "sync", "sync-status")


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("login", help="đăng nhập máy chủ trung tâm để đồng bộ")
    p.add_argument(
        "--server", required=True, metavar="ĐỊA_CHỈ",
        help="địa chỉ máy chủ, ví dụ https://vanthu.example.gov.vn:8800",
    )
    p.add_argument(
        "--user", required=True, metavar="TÊN",
        help="tên đăng nhập (tên@mã-cơ-quan nếu tên này có ở nhiều cơ quan)",
    )
    p.add_argument("--password-env", required=True, metavar="BIẾN", help="tên biến môi trường chứa mật khẩu")
    p.add_argument(
        "--ca-file", type=Path, default=None, metavar="TỆP",
        help="tệp CA (PEM) của cơ quan, nếu máy chủ dùng CA riêng",
    )
    p.add_argument(
        "--lease-block", type=int, default=None, metavar="SỐ",
        help="số lượng số đến nhận trước để làm việc khi mất mạng (mặc định: như cài đặt, ban đầu 20)",
    )
    p = sub.add_parser("sync", help="đồng bộ một lần với máy chủ")
    p.add_argument(
        "--password-env", default=None, metavar="BIẾN",
        help="tên biến môi trường chứa mật khẩu, để đăng nhập lại khi cần (máy không có keyring)",
    )
    p.add_argument("--release", action="store_true", help="trả lại máy chủ các số đến chưa dùng")
    p.add_argument("--acknowledge", action="store_true", help="đã xem các thao tác bị từ chối: không báo lại nữa")
    p = sub.add_parser("sync-status", help="tình trạng đồng bộ")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def notice_text(n: Notice) -> str:
    """One line telling the clerk what the server decided about an entry."""
    what = f"“{n.subject[:60]}”"
    if n.kind == "numbered":
        return f"Văn bản chờ số {what} đã được cấp số đến {n.new_number}; hãy đóng dấu ĐẾN với số này."
    if n.kind == "renumbered":
        return (
            f"Văn bản {what}: số đến {n.old_number} đã bị máy chủ thu hồi, số mới là {n.new_number}; "
            "hãy sửa dấu ĐẾN nếu đã đóng."
        )
    reason = n.reason.rstrip(".")
    return f"Văn bản {what} (số đến {n.new_number}) bị máy chủ từ chối nên đã bị hủy: {reason}. Hãy vào sổ lại nếu cần."


def _password(var: str) -> str:
    value = os.environ.get(var, "")
    if not value:
        raise UserError(QT_TRANSLATE_NOOP("Errors", "Biến môi trường {var} chưa có mật khẩu."), var=var)
    return value


def _login(core: Core, password: str) -> str:
    from qlvb_desktop.adapters.credentials import KeyringCredentials
    from qlvb_desktop.adapters.sync_client import HttpSyncServer

    s = core.settings
    server = HttpSyncServer(s.server_url, station=s.station_id, ca_file=Path(s.ca_file) if s.ca_file else None)
    try:
        token = str(server.login(s.server_user, password)["token"])
    finally:
        server.close()
    creds = KeyringCredentials(core.data_dir)
    if not creds.set(s.server_url, s.server_user, token):
        _, why = creds.available()
        print(f"Không lưu được phiên đăng nhập: {why}; mỗi lần đồng bộ cần --password-env.", file=sys.stderr)
    return token


def run(core: Core, args: argparse.Namespace) -> int | None:
    if args.command not in COMMANDS:
        return None
    s = core.settings
    if args.command == "login":
        if not args.server.startswith(("https://", "http://")):
            raise UserError(
                QT_TRANSLATE_NOOP("Errors", "Địa chỉ máy chủ “{url}” phải bắt đầu bằng https://."),
                url=args.server,
            )
        if args.ca_file is not None and not args.ca_file.is_file():
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Không tìm thấy tệp CA {path}."), path=str(args.ca_file))
        password = _password(args.password_env)
        previous = (s.server_url, s.server_user, s.ca_file, s.station_id)
        s.server_url, s.server_user = args.server.rstrip("/"), args.user
        s.ca_file = str(args.ca_file.resolve()) if args.ca_file else ""
        s.station_id = s.station_id or uuid.uuid4().hex
        try:
            _login(core, password)
        except BaseException:
            s.server_url, s.server_user, s.ca_file, s.station_id = previous
            raise
        if args.lease_block is not None:
            s.lease_block = max(1, args.lease_block)
        first = not previous[0]
        core.settings_store.save(s)
        if first:
            from qlvb_desktop.adapters.db.sync_journal import adopt_local_registrations

            queued = adopt_local_registrations(core.repo.engine)
            if queued:
                print(f"{queued} văn bản đã vào sổ trên máy này sẽ được gửi lên máy chủ và nhận số đến của máy chủ.")
        print(f"Đã đăng nhập {s.server_url} với tài khoản {s.server_user}.")
        return 0
    if not s.server_url:
        raise UserError(QT_TRANSLATE_NOOP("Errors", "Chưa cấu hình máy chủ; dùng “qlvb login --server …” trước."))
    if args.command == "sync-status":
        service = build_sync(core)
        try:
            status = service.status(online=False)
            rejected = service.journal.rejected()
        finally:
            service.server.close()
        data = {
            "server": s.server_url,
            "user": s.server_user,
            "pending": status.pending,
            "waiting_for_number": status.waiting_for_number,
            "rejected": status.rejected,
            "last_sync": status.last_sync,
            "last_error": status.last_error,
            "files_awaited": status.files_awaited,
            "rejected_operations": [
                {"op_id": r.op_id, "kind": r.kind, "uid": r.uid, "error": r.error} for r in rejected
            ],
            "notices": [n.to_json() for n in status.notices],
        }
        if args.json:
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            print(
                f"Máy chủ: {s.server_url} ({s.server_user})\nChờ gửi: {status.pending}\n"
                f"Chờ cấp số: {status.waiting_for_number}\nBị từ chối: {status.rejected}\n"
                f"Đồng bộ lần cuối: {status.last_sync or 'chưa'}"
                + (f"\nLỗi gần nhất: {status.last_error}" if status.last_error else "")
                + (f"\nTệp đang chờ tải lại: {status.files_awaited}" if status.files_awaited else "")
            )
            for r in rejected:
                print(f"  Bị từ chối: thao tác {r.kind} ({r.uid[:8]}): {r.error}")
            for n in status.notices:
                print("  " + notice_text(n))
            if rejected or status.notices:
                print("Dùng “qlvb sync --acknowledge” sau khi đã xem để không báo lại.")
        return 0
    return _sync(core, args)


def _sync(core: Core, args: argparse.Namespace) -> int:
    from qlvb_desktop.adapters.credentials import KeyringCredentials
    from qlvb_desktop.adapters.db.sync_journal import SqliteSyncJournal
    from qlvb_desktop.adapters.sync_client import NotLoggedIn

    s = core.settings
    creds = KeyringCredentials(core.data_dir)
    token = creds.get(s.server_url, s.server_user)
    if not token:
        if not args.password_env:
            _, why = creds.available()
            reason = why or "chưa có phiên đăng nhập được lưu"
            raise NotLoggedIn(
                QT_TRANSLATE_NOOP("Errors", "Cần mật khẩu để đồng bộ ({reason}); dùng --password-env."),
                reason=reason,
            )
        token = _login(core, _password(args.password_env))
    service = build_sync(core, token)
    try:
        try:
            report = service.sync_once()
        except NotLoggedIn:
            if not args.password_env:
                raise
            service.server.token = _login(core, _password(args.password_env))  # type: ignore[attr-defined]
            report = service.sync_once()
        released = service.release_numbers() if args.release else 0
    except Exception as exc:
        message = getattr(exc, "message", None)
        if message:
            SqliteSyncJournal(core.repo.engine).set_state("last_error", message)
        raise
    finally:
        service.server.close()
    print(
        f"Đã gửi {report.sent} thao tác ({report.applied} được nhận), nhận về {report.pulled} thay đổi, "
        f"{report.files_up} tệp gửi lên, {report.files_down} tệp tải về"
        + (f", trả lại {released} số chưa dùng" if released else "")
        + "."
    )
    if report.revoked:
        print(
            f"Máy chủ đã thu hồi {report.revoked} số đến chưa dùng của máy này (quá hạn giữ số khi mất kết nối).",
        )
    if report.outgoing_revoked:
        print(
            f"Máy chủ đã hủy {report.outgoing_revoked} số văn bản đi chưa dùng của máy này "
            "(quá hạn giữ số khi mất kết nối); các số đó không cấp lại.",
        )
    seen = {(u, n) for u, n in report.numbered + report.renumbered + report.voided}
    notices = [n for n in service.journal.notices() if (n.uid, n.new_number) in seen]
    for n in notices:
        print(notice_text(n))
    if report.directory is not None:
        print(f"Đã cập nhật danh bạ {report.directory} cơ quan từ máy chủ.")
    if report.files_reoffered:
        print(f"Đã gửi lại {report.files_reoffered} tệp mà máy chủ bị hỏng (máy này còn giữ bản đúng).")
    if report.files_awaited:
        print(
            f"{report.files_awaited} tệp của văn bản đã nhận đang chờ tải lại: máy chủ chưa có bản đúng "
            "(đang chờ máy trạm còn giữ tệp gửi lại); văn bản vẫn dùng được, tệp sẽ được tải về sau."
        )
    rejected = service.journal.rejected()
    for r in rejected:
        print(f"Máy chủ từ chối thao tác {r.kind} ({r.uid[:8]}): {r.error}", file=sys.stderr)
    if args.acknowledge:
        acknowledged = SqliteSyncJournal(core.repo.engine).acknowledge()
        if acknowledged:
            print(f"Đã ghi nhận {acknowledged} thông báo đồng bộ.", file=sys.stderr)
    elif rejected:
        return 1
    if report.pending:
        print(
            f"Còn {report.pending} thao tác chưa gửi được (máy chủ chưa nhận được tệp); sẽ thử lại.",
            file=sys.stderr,
        )
        return 4
    return 0

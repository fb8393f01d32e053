"""`qlvb-server`: run the central server, or administer it from the command line.

qlvb-server --data-dir DIR [--host 127.0.0.1 --port 8800] [--db postgresql://…]
            [--certfile cert.pem --keyfile key.pem] [--lease-hours 72] [--token-hours 12]
qlvb-server init --data-dir DIR --org-code CODE --org-name NAME --admin USER --password-env VAR
qlvb-server useradd --data-dir DIR --org-code CODE USER --password-env VAR [--role clerk|admin]
qlvb-server fsck --data-dir DIR [--db …]   (check every stored file; quarantine damaged ones)
qlvb-server backup --data-dir DIR [--db …] [--out FILE.tar]      (backup.py)
qlvb-server restore --data-dir DIR [--db …] FILE.tar [--check]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from qlvb_desktop.domain.command_line import CommandParser, vietnamese
from qlvb_server import backup
from qlvb_server.database import database_url, open_engine
from qlvb_server.principal import Refused
from qlvb_server.store import ServerStore


def _common(p: argparse.ArgumentParser, required: bool) -> None:
    # Required everywhere; the main parser cannot say so to argparse, or `qlvb-server init
    # --data-dir …` would need it twice. main() checks it there.
    p.add_argument(
        "--data-dir", type=Path, required=required, metavar="THƯ_MỤC",
        help="thư mục dữ liệu của máy chủ (tệp, SQLite); bắt buộc",
    )
    p.add_argument(
        "--db", default=None, metavar="ĐỊA_CHỈ_CSDL",
        help="cơ sở dữ liệu, ví dụ postgresql://user@host/db (mặc định: SQLite trong thư mục dữ liệu)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = CommandParser(
        prog="qlvb-server", description="Máy chủ trung tâm của phần mềm văn thư."
    )
    _common(parser, False)
    parser.add_argument(
        "--host", default="127.0.0.1", metavar="ĐỊA_CHỈ",
        help="địa chỉ lắng nghe (mặc định 127.0.0.1; 0.0.0.0: mọi địa chỉ của máy)",
    )
    parser.add_argument("--port", type=int, default=8800, metavar="CỔNG", help="cổng (mặc định 8800)")
    parser.add_argument(
        "--certfile", type=Path, default=None, metavar="TỆP_PEM", help="chứng thư TLS (PEM) để phục vụ HTTPS"
    )
    parser.add_argument(
        "--keyfile", type=Path, default=None, metavar="TỆP_PEM", help="khóa riêng của chứng thư TLS (PEM)"
    )
    parser.add_argument(
        "--token-hours", type=float, default=12.0, metavar="GIỜ",
        help="thời hạn phiên đăng nhập (giờ, mặc định 12)",
    )
    parser.add_argument(
        "--lease-hours",
        type=float,
        default=72.0,
        metavar="GIỜ",
        help="số đến đã cấp cho máy trạm mà quá thời hạn này không được gia hạn thì thu hồi (giờ, mặc định 72)",
    )
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")
    p = sub.add_parser("init", help="tạo cơ quan và tài khoản quản trị")
    _common(p, True)
    p.add_argument("--org-code", required=True, metavar="MÃ", help="mã định danh của cơ quan, ví dụ 000.00.04.G14")
    p.add_argument("--org-name", required=True, metavar="TÊN", help="tên cơ quan")
    p.add_argument("--org-parent", default="", metavar="TÊN", help="tên cơ quan chủ quản")
    p.add_argument("--admin", required=True, metavar="TÊN", help="tên đăng nhập của tài khoản quản trị")
    p.add_argument("--password-env", required=True, metavar="BIẾN", help="tên biến môi trường chứa mật khẩu")
    p = sub.add_parser("useradd", help="thêm tài khoản văn thư")
    _common(p, True)
    p.add_argument("--org-code", required=True, metavar="MÃ", help="mã định danh của cơ quan (như khi init)")
    p.add_argument("user", metavar="TÊN", help="tên đăng nhập của tài khoản mới")
    p.add_argument("--password-env", required=True, metavar="BIẾN", help="tên biến môi trường chứa mật khẩu")
    p.add_argument(
        "--role", choices=["clerk", "admin"], default="clerk",
        help="clerk: văn thư (mặc định), admin: quản trị",
    )
    p = sub.add_parser(
        "fsck", help="kiểm tra mọi tệp đã lưu; tệp hỏng được cách ly để máy trạm gửi lại"
    )
    _common(p, True)
    backup.add_parsers(sub, _common)
    return parser


def _password(var: str) -> str:
    value = os.environ.get(var)
    if not value:
        raise Refused(2, f"Biến môi trường {var} chưa có mật khẩu.")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.data_dir is None:
        parser.error(vietnamese("the following arguments are required: %s") % "--data-dir")
    if args.command in ("backup", "restore"):
        return backup.run(args)
    try:
        args.data_dir.mkdir(parents=True, exist_ok=True)
        engine = open_engine(database_url(args.data_dir, args.db))
        if args.lease_hours <= 0 or args.token_hours <= 0:
            print("--lease-hours và --token-hours phải lớn hơn 0.", file=sys.stderr)
            return 2
        store = ServerStore(
            engine, token_seconds=int(args.token_hours * 3600), lease_seconds=max(1, int(args.lease_hours * 3600))
        )
        if args.command == "init":
            store.create_organization(args.org_code, args.org_name, args.org_parent)
            store.add_user(args.org_code, args.admin, _password(args.password_env), "admin")
            print(f"Đã tạo cơ quan {args.org_code} và tài khoản quản trị {args.admin}.")
            return 0
        if args.command == "useradd":
            store.add_user(args.org_code, args.user, _password(args.password_env), args.role)
            print(f"Đã thêm tài khoản {args.user} ({args.role}).")
            return 0
        if args.command == "fsck":
            return _fsck(args.data_dir, store)
    except Refused as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except (SQLAlchemyError, OSError) as exc:
        print(f"Không mở được cơ sở dữ liệu: {exc}", file=sys.stderr)
        return 4
    return _serve(args, store)


def _fsck(data_dir: Path, store: ServerStore) -> int:
    """Hash every stored file against its name and recorded size. A damaged or missing one is
    moved to quarantine/ and forgotten, so the next upload of those bytes (a station still has
    them) stores them again; the registrations that hold it are listed. 0 clean, 1 damage found."""
    from qlvb_server.blobs import BlobStore

    wanted = store.file_sizes()
    damaged = BlobStore(data_dir).check_all(wanted)
    for d in damaged:
        store.forget_file(d.sha256)
        where = ", ".join(f"{org} sổ {book}/{year} số {n}" for org, book, year, n in store.files_used_by(d.sha256))
        moved = f"; đã chuyển vào {d.moved_to}" if d.moved_to else ""
        print(f"Tệp {d.sha256} hỏng ({d.problem}){moved}. Văn bản có tệp này: {where or 'không có'}.")
    print(f"Đã kiểm tra {len(wanted)} tệp: {len(damaged)} tệp hỏng.")
    return 1 if damaged else 0


def _serve(args: argparse.Namespace, store: ServerStore) -> int:
    import uvicorn

    from qlvb_server.app import create_app

    if (args.certfile is None) != (args.keyfile is None):
        print("Cần cả --certfile và --keyfile để phục vụ HTTPS.", file=sys.stderr)
        return 2
    app = create_app(store, args.data_dir)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        ssl_certfile=str(args.certfile) if args.certfile else None,
        ssl_keyfile=str(args.keyfile) if args.keyfile else None,
        log_level="warning",
        timeout_keep_alive=30,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

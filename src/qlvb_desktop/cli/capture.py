"""`qlvb ingest`, `qlvb scan`, `qlvb watch`, `qlvb separator-sheet`: capture from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from qlvb_desktop.domain.capture import CancelToken, IntakeResult, ScanError, ScanSettings, Source
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError

COMMANDS = {"ingest", "scan", "watch", "separator-sheet"}


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("ingest", help="số hóa tệp (PDF, JPEG, PNG, TIFF) thành PDF/A có lớp chữ")
    p.add_argument(
        "files", nargs="+", type=Path, metavar="TỆP", help="các tệp là các trang của một văn bản, theo thứ tự"
    )
    p.add_argument(
        "--out", type=Path, required=True, metavar="TỆP_PDF",
        help="tệp PDF kết quả (tách thành nhiều văn bản: các văn bản sau thêm -2, -3… vào tên)",
    )
    p.add_argument(
        "--json", action="store_true", help="in kết quả dạng JSON (trang, góc xoay, độ nghiêng, trang trắng…)"
    )
    p.add_argument("--no-split", action="store_true", help="không tách văn bản tại tờ phân cách")

    p = sub.add_parser("scan", help="quét từ máy quét thành PDF/A có lớp chữ")
    p.add_argument("--list", action="store_true", help="liệt kê máy quét")
    p.add_argument(
        "--device", metavar="MÃ_MÁY_QUÉT",
        help="mã máy quét (xem --list), ví dụ sane:test:0 hoặc escl:http://…/eSCL",
    )
    p.add_argument(
        "--source", choices=[s.value for s in Source], default=Source.FEEDER.value,
        help="feeder: khay nạp giấy (mặc định), flatbed: mặt kính",
    )
    p.add_argument("--duplex", action="store_true", help="quét hai mặt")
    p.add_argument(
        "--dpi", type=int, default=300, metavar="ĐỘ_PHÂN_GIẢI", help="độ phân giải, điểm/inch (mặc định 300)"
    )
    colour = p.add_mutually_exclusive_group()
    colour.add_argument("--color", dest="color", action="store_true", default=True, help="quét màu (mặc định)")
    colour.add_argument("--gray", dest="color", action="store_false", help="quét đen trắng (xám)")
    p.add_argument("--out", type=Path, metavar="TỆP_PDF", help="tệp PDF kết quả (bắt buộc, trừ khi --list)")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    p = sub.add_parser("watch", help="theo dõi thư mục: số hóa mọi tệp được thả vào")
    p.add_argument("folder", type=Path, metavar="THƯ_MỤC", help="thư mục cần theo dõi")
    p.add_argument("--once", action="store_true", help="xử lý các tệp đã sẵn sàng rồi thoát")
    p.add_argument(
        "--settle", type=float, default=2.0, metavar="GIÂY",
        help="số giây tệp phải đứng yên trước khi xử lý (mặc định 2)",
    )
    p.add_argument(
        "--interval", type=float, default=1.0, metavar="GIÂY", help="số giây giữa hai lần xem thư mục (mặc định 1)"
    )

    p = sub.add_parser("separator-sheet", help="in tờ phân cách văn bản (mã QR)")
    p.add_argument("--out", type=Path, required=True, metavar="TỆP_PDF", help="tệp PDF tờ phân cách")


def _summary(result: IntakeResult) -> str:
    lines = []
    for d in result.documents:
        blank = [p.number for p in d.pages if p.blank]
        warn = sum(1 for p in d.pages if p.warnings)
        extra = f"; trang trắng: {', '.join(map(str, blank))}" if blank else ""
        extra += f"; {warn} trang cần xem lại chất lượng" if warn else ""
        lines.append(f"Đã tạo {d.pdf} ({len(d.pages)} trang, {d.kind}){extra}.")
    return "\n".join(lines)


def _print(result: IntakeResult, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(_summary(result))


def run(core: Any, args: argparse.Namespace) -> int | None:
    if args.command not in COMMANDS:
        return None
    cap = core.capture
    if args.command == "separator-sheet":
        from qlvb_desktop.adapters.capture.separator import write_separator_sheet

        if not args.out.parent.resolve().is_dir():
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Thư mục {path} không tồn tại."), path=str(args.out.parent))
        print(f"Đã tạo tờ phân cách {write_separator_sheet(args.out)}.")
        return 0
    if args.command == "ingest":
        _print(cap.intake.ingest_files(args.files, args.out, split=not args.no_split), args.json)
        return 0
    if args.command == "scan":
        return _scan(cap, args)
    return _watch(cap, args)


def _scan(cap: Any, args: argparse.Namespace) -> int:
    if args.list:
        for info in cap.scanners.devices():
            print(info.describe())
        return 0
    if not args.device or not args.out:
        raise UserError(QT_TRANSLATE_NOOP("Errors", "Cần --device và --out (hoặc --list để xem máy quét)."))
    settings = ScanSettings(Source(args.source), args.duplex, args.dpi, args.color)

    def arrived(page: Any) -> None:
        print(f"Đã quét: {page.origin}", file=sys.stderr)

    try:
        pages = cap.scanners.scan(args.device, settings, on_page=arrived)
    except ScanError as exc:
        if not exc.pages:
            raise
        # Keep what was scanned before the device stopped, then report the problem.
        result = cap.intake.ingest_pages(exc.pages, args.out)
        _print(result, args.json)
        print(exc.message, file=sys.stderr)
        return 4
    _print(cap.intake.ingest_pages(pages, args.out), args.json)
    return 0


def _watch(cap: Any, args: argparse.Namespace) -> int:
    from qlvb_desktop.services.watch import FolderWatcher, WatchEvent

    if not args.folder.is_dir():
        raise UserError(QT_TRANSLATE_NOOP("Errors", "Thư mục {path} không tồn tại."), path=str(args.folder))

    def report(event: WatchEvent) -> None:
        stream = sys.stdout if event.ok else sys.stderr
        print(f"{'xong' if event.ok else 'lỗi'}\t{event.name}\t{event.message}", file=stream, flush=True)

    watcher = FolderWatcher(
        args.folder,
        lambda files, out: cap.intake.ingest_files(files, out),
        settle_seconds=args.settle,
        on_event=report,
    )
    if args.once:
        # Two passes `settle` apart: a file is taken only once it has stopped growing.
        import time

        watcher.poll()
        time.sleep(args.settle)
        events = watcher.poll()
        return 0 if all(e.ok for e in events) else 1
    print(f"Đang theo dõi {watcher.folder} (Ctrl+C để dừng).", file=sys.stderr)
    watcher.run(CancelToken(), args.interval)
    return 0

"""`qlvb extract FILE... [--json]`: propose the register entry of a scanned document;
`qlvb extract-learn PROPOSED.json CONFIRMED.json`: remember the clerk's corrections."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from qlvb_desktop.app import Core
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.extraction.model import CERTAIN, FIELDS
from qlvb_desktop.domain.registration import LABELS

LABELS_EXTRA = {"recipients": "Nơi nhận"}


def add_parsers(sub: Any) -> None:
    p = sub.add_parser("extract", help="đọc văn bản quét, đề xuất các trường vào sổ")
    p.add_argument(
        "files", nargs="+", type=Path, metavar="TỆP", help="các trang của một văn bản (PDF, JPEG, PNG, TIFF)"
    )
    p.add_argument("--json", action="store_true", help="in một đối tượng JSON (dùng cho qlvb register --json)")
    p.add_argument(
        "--lang", default=None, metavar="MÔ_HÌNH", help="mô hình Tesseract: vie (mặc định) hoặc Vietnamese"
    )
    p.add_argument(
        "--issuers", type=Path, default=None, metavar="TỆP_CSV",
        help="danh bạ cơ quan (CSV); mặc định issuers.csv trong thư mục dữ liệu",
    )
    p = sub.add_parser("extract-learn", help="ghi nhớ các trường văn thư đã sửa so với đề xuất")
    p.add_argument("proposed", type=Path, metavar="TỆP_ĐỀ_XUẤT", help="JSON do qlvb extract --json in ra")
    p.add_argument(
        "confirmed", type=Path, metavar="TỆP_XÁC_NHẬN", help="JSON các trường đã được văn thư xác nhận"
    )


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(
            QT_TRANSLATE_NOOP("Errors", "Không đọc được tệp {path}: {reason}."), path=str(path), reason=exc.strerror
        ) from None
    except json.JSONDecodeError as exc:
        raise UserError(
            QT_TRANSLATE_NOOP("Errors", "Tệp JSON {path} không hợp lệ (dòng {line})."), path=path.name, line=exc.lineno
        ) from None
    if not isinstance(data, dict):
        raise UserError(QT_TRANSLATE_NOOP("Errors", "Tệp JSON {path} phải là một đối tượng."), path=path.name)
    return data


def run(core: Core, args: argparse.Namespace) -> int | None:
    if args.command not in ("extract", "extract-learn"):
        return None
    assert core.extractor is not None
    if args.command == "extract-learn":
        service = core.extractor()
        changed = service.remember(_load(args.proposed), _load(args.confirmed))
        names = ", ".join(LABELS.get(n, n) for n in changed) or "không có trường nào"
        print(f"Đã ghi nhớ: {names}.")
        return 0
    service = core.extractor(language=args.lang, directory_csv=args.issuers)
    result = service.extract(args.files)
    data = result.to_json()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for name in FIELDS:
        value = data[name]
        if isinstance(value, list):
            value = "; ".join(value)
        conf = data["confidence"][name]
        mark = "" if conf >= CERTAIN else "  (cần kiểm tra)"
        print(f"{LABELS.get(name, LABELS_EXTRA.get(name, name))}: {value}  [{conf:.2f}]{mark}")
    if data["issuer_code"]:
        print(f"Mã cơ quan: {data['issuer_code']}")
    return 0

"""Benchmark of the incoming register. Prints figures; not part of the test suite.

    .venv/bin/python bench/register.py [--rows 1000000] [--cache DIR] [--registrations 2000]

1. Registrations per second through the service API, each its own durable transaction
   (validation, duplicate check, numbering, audit event, search index). Goal >= 500/s on one core.
2. Search latency p50/p95 over a register of --rows registrations (built once with bulk SQL
   inserts in --cache and reused) for 20 typical queries typed with and without marks.
   Goal p95 <= 50 ms.
3. Time until the GUI shows the first page of that register (bench/register_gui.py, in its
   own process), when the GUI is installed. Goal <= 2 s.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from qlvb_desktop.app import build_core
from qlvb_desktop.domain.clock import VN_TZ
from qlvb_desktop.domain.registration import parse_draft
from qlvb_desktop.domain.search import SearchQuery, indexed_text
from qlvb_desktop.domain.text import identity_key

ISSUERS = [
    "Ủy ban nhân dân tỉnh Tuyên Quang", "Sở Tài chính", "Sở Nội vụ", "Sở Kế hoạch và Đầu tư", "Bộ Nội vụ",
    "Văn phòng Chính phủ", "Sở Giáo dục và Đào tạo", "Ủy ban nhân dân huyện Hàm Yên", "Sở Y tế",
    "Công an tỉnh", "Sở Tài nguyên và Môi trường", "Ban Quản lý dự án Đầu tư xây dựng", "Kho bạc Nhà nước",
    "Sở Xây dựng", "Sở Giao thông vận tải", "Thanh tra tỉnh", "Đài Phát thanh và Truyền hình",
]
NOTATIONS = ["QĐ-UBND", "UBND-VP", "TB-STC", "KH-SNV", "BC-SYT", "TTr-SKHĐT", "CV-BQLDA", "HD-SGDĐT", "GM-UBND"]
TYPES = ["Quyết định", "Công văn", "Thông báo", "Kế hoạch", "Báo cáo", "Tờ trình", "Hướng dẫn", "Giấy mời"]
WORDS = str.split(
    "về việc ban hành quy chế công tác văn thư lưu trữ triển khai kế hoạch cải cách hành chính năm đề nghị hỗ trợ "
    "kinh phí sửa chữa trường học tổ chức hội nghị tổng kết phòng chống dịch bệnh đầu tư xây dựng đường giao thông "
    "nông thôn quyết toán ngân sách tuyển dụng công chức đánh giá xếp loại chất lượng thi đua khen thưởng bồi thường "
    "giải phóng mặt bằng chuyển đổi số cấp giấy chứng nhận quyền sử dụng đất phê duyệt dự toán mua sắm tài sản công"
)
SIGNERS = ["Đặng Văn Hùng", "Nguyễn Thị Lan", "Trần Quốc Bảo", "Lê Minh Đức", "Phạm Thu Hà", "Hoàng Đình Khải"]
QUERIES = [
    "quyết định số 15", "quyet dinh so 15", "Sở Tài chính", "so tai chinh", "Đặng", "dang", "kinh phí sửa chữa",
    "kinh phi sua chua", "15/QĐ-UBND", "15 qd ubnd", "hội nghị tổng kết", "hoi nghi tong ket", "chuyển đổi số",
    "chuyen doi so", "Nguyễn Thị Lan", "nguyen thi lan", "UBND-VP", "ubnd vp 120", "giải phóng mặt bằng Hàm Yên",
    "giai phong mat bang ham yen",
]


def synthetic(rng: random.Random, i: int, start: datetime) -> dict[str, object]:
    received = start + timedelta(minutes=i // 3)
    notation = rng.choice(NOTATIONS)
    return {
        "issuer": rng.choice(ISSUERS),
        "number": f"{rng.randint(1, 3000)}/{notation}",
        "doc_type": rng.choice(TYPES),
        "subject": " ".join(rng.choices(WORDS, k=rng.randint(8, 18))).capitalize(),
        "signer_name": rng.choice(SIGNERS),
        "signer_title": "PHÓ GIÁM ĐỐC",
        "to_places": rng.choice(["Phòng Hành chính", "Phòng Kế hoạch", "Văn phòng", "Phòng Tài chính"]),
        "received_at": received.isoformat(),
        "urgency": rng.choice(["", "", "", "", "", "", "", "", "Khẩn", "Hỏa tốc"]),
    }


def bench_throughput(n: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        core = build_core(Path(tmp))
        rng = random.Random(1)
        start = datetime.now(VN_TZ) - timedelta(days=200)
        docs = [synthetic(rng, i, start) for i in range(n)]
        for d in docs[:20]:  # warm up
            core.register.register(d, confirm_duplicate=True)
        t0 = time.perf_counter()
        for d in docs[20:]:
            core.register.register(d, confirm_duplicate=True)
        return (n - 20) / (time.perf_counter() - t0)


def build_big_register(cache: Path, rows: int) -> Path:
    """A register of `rows` registrations made with bulk inserts (same columns, same index)."""
    db = cache / "qlvb.sqlite3"
    marker = cache / f".rows-{rows}"
    if marker.exists():
        return cache
    if cache.exists():
        shutil.rmtree(cache)
    build_core(cache)  # schema and books
    rng = random.Random(7)
    start = datetime(2026, 1, 1, 7, 30, tzinfo=VN_TZ)
    now = datetime(2026, 12, 31, tzinfo=VN_TZ)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    t0 = time.perf_counter()
    batch: list[tuple[object, ...]] = []
    sql = (
        "INSERT INTO registrations (book, year, arrival_number, status, received_at, received_date, channel, issuer, "
        "code_number, code_notation, doc_type, subject, signer_name, signer_title, to_places, urgency, priority, "
        "duplicate_key, search_text, created_at, created_by) VALUES "
        "(?, ?, ?, 'registered', ?, ?, 'paper', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench')"
    )
    for i in range(rows):
        d = parse_draft(synthetic(rng, i, start), now=now)
        year = d.received_at.year
        batch.append(
            (
                "den", year, i + 1, d.received_at.isoformat(), d.received_at.date().isoformat(), d.issuer,
                d.code_number, d.code_notation, d.doc_type, d.subject, d.signer_name, d.signer_title, d.to_places,
                d.urgency.value, d.urgency.priority, d.duplicate_key or identity_key(""), indexed_text(d, i + 1),
                d.received_at.isoformat(),
            )
        )
        if len(batch) == 20_000:
            conn.executemany(sql, batch)
            conn.commit()
            batch.clear()
            print(f"  building: {i + 1:,} rows, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    conn.executemany(sql, batch)
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    marker.touch()
    return cache


def bench_search(cache: Path) -> tuple[float, float, float, list[tuple[str, float, int]]]:
    core = build_core(cache)
    per_query: list[tuple[str, float, int]] = []
    samples: list[float] = []
    for q in QUERIES:  # warm the page cache once, as a running app would be
        core.register.search(SearchQuery(text=q, limit=200))
    for _ in range(5):
        for q in QUERIES:
            t0 = time.perf_counter()
            ids = core.register.search(SearchQuery(text=q, limit=200))
            rows = core.register.get_many(ids[:50])  # the first screen of results
            ms = (time.perf_counter() - t0) * 1000
            samples.append(ms)
            per_query.append((q, ms, len(rows)))
    samples.sort()
    p50 = statistics.median(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    return p50, p95, max(samples), per_query[-len(QUERIES) :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--registrations", type=int, default=2000)
    parser.add_argument("--cache", type=Path, default=Path(".tmp/bench-register"))
    args = parser.parse_args()

    rate = bench_throughput(args.registrations)
    print(f"registrations/s through the service API (one core, durable commits): {rate:,.0f}  (goal >= 500)")

    t0 = time.perf_counter()
    cache = build_big_register(args.cache.resolve(), args.rows)
    built = time.perf_counter() - t0
    print(f"register of {args.rows:,} rows ready in {built:.1f} s ({cache})")
    p50, p95, worst, last = bench_search(cache)
    print(f"search over {args.rows:,} rows, 20 queries x 5, with the first 50 rows loaded: "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms  (goal p95 <= 50 ms)")
    for q, ms, n in last:
        print(f"    {ms:7.1f} ms  {n:3d} rows  {q}")

    gui = Path(__file__).with_name("register_gui.py")
    if gui.exists():
        result = subprocess.run([sys.executable, str(gui), str(cache)], capture_output=True, text=True, timeout=600)
        print(result.stdout.strip() or result.stderr.strip())
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()

"""Reports and Excel exports over large registers (issue 17). Prints figures; not a test.

    .venv/bin/python bench/reports.py [--report-rows 100000] [--export-rows 1000000] [--cache DIR]

1. "Báo cáo tình hình giải quyết văn bản đến" over a register of --report-rows registrations
   (ten years, a third marked handled), the whole span as the period: read, deadlines in
   working time, counts by unit and person. Goal <= 1 s. The follow-up book of the same
   period written to .xlsx is timed too.
2. The incoming register of --export-rows registrations exported to .xlsx through the real
   path (SQLite rows streamed into the constant-memory Excel writer), in a child process whose
   peak resident memory is read from the kernel. Goals <= 60 s, <= 300 MB.

The registers are filled with direct SQL by bench/register_gui.py's `fill` and kept in --cache.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _fill():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("register_gui_bench", ROOT / "bench" / "register_gui.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.fill


def prepare(data_dir: Path, rows: int) -> None:
    _fill()(data_dir, rows, first_year=2017)
    with sqlite3.connect(data_dir / "qlvb.sqlite3") as conn:
        if conn.execute("SELECT count(*) FROM handling").fetchone()[0] == 0:
            conn.execute(
                "INSERT INTO handling (registration_id, handled_at, handled_by) "
                "SELECT id, date(received_at, '+' || (id % 25) || ' days') || 'T10:00:00+07:00', 'bench' "
                "FROM registrations WHERE id % 3 = 0"
            )
            conn.execute("UPDATE registrations SET to_places = CASE id % 4 WHEN 0 THEN 'Văn phòng' "
                         "WHEN 1 THEN 'Phòng Tổ chức cán bộ' WHEN 2 THEN 'Ông Nguyễn Văn A' ELSE 'Phòng Kế hoạch' END")


def report_bench(data_dir: Path) -> None:
    from qlvb_desktop.app import build_core

    core = build_core(data_dir)
    reports = core.period_reports
    times = []
    for _ in range(5):
        reports.policy._cache.clear()
        reports.policy._days.clear()
        t = time.perf_counter()
        report = reports.incoming_status(date(2017, 1, 1), date(2026, 12, 31))
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    reference = reports.incoming_status_reference(date(2017, 1, 1), date(2026, 12, 31))
    print(f"the same report in Python over every document (the reference): {time.perf_counter() - t:.2f} s, "
          f"{'same figures' if reference == report else 'DIFFERENT FIGURES'}")
    best, worst = min(times), max(times)
    verdict = "met" if best <= 1.0 else "MISSED"
    print(f"incoming-status over {report.total.received:,} registrations: best {best:.2f} s, "
          f"worst {worst:.2f} s of 5 (goal <= 1 s: {verdict})")
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        reports.write([reports.followup_table(date(2017, 1, 1), date(2026, 12, 31))], Path(tmp) / "td.xlsx")
        print(f"follow-up book of the same period to .xlsx: {time.perf_counter() - t:.1f} s")


def export_child(data_dir: Path, out: Path) -> None:
    """In a child process: every year of the register as one sheet's rows, streamed."""
    from qlvb_desktop.app import build_core
    from qlvb_desktop.domain.tabular import Table

    core = build_core(data_dir)
    reports = core.period_reports
    first = reports.register_table(2017)
    years = [reports.register_table(y).rows for y in range(2017, 2027)]
    table = Table(first.title, first.columns, itertools.chain.from_iterable(years), header_lines=first.header_lines)
    t, cpu = time.perf_counter(), time.process_time()
    reports.write([table], out)
    elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{elapsed:.1f} {cpu:.1f} {peak:.0f}")


def export_bench(data_dir: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "so.xlsx"
        done = subprocess.run(
            [sys.executable, __file__, "--child-export", str(data_dir), str(out)], check=True, capture_output=True,
            text=True,
        )
        elapsed, cpu, peak = (float(x) for x in done.stdout.split()[-3:])
        with sqlite3.connect(data_dir / "qlvb.sqlite3") as conn:
            rows = conn.execute("SELECT count(*) FROM registrations").fetchone()[0]
        size = out.stat().st_size / 1024 / 1024
    print(f"register export of {rows:,} rows to .xlsx: {elapsed:.1f} s wall, {cpu:.1f} s CPU (goal <= 60 s: "
          f"{'met' if elapsed <= 60 else 'MISSED'}), peak memory {peak:.0f} MB (goal <= 300 MB: "
          f"{'met' if peak <= 300 else 'MISSED'}), file {size:.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--report-rows", type=int, default=100_000)
    parser.add_argument("--export-rows", type=int, default=1_000_000)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "qlvb-bench-reports")
    parser.add_argument("--child-export", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--skip-export", action="store_true", help="only the report figures")
    args = parser.parse_args()
    if args.child_export:
        export_child(*args.child_export)
        return 0
    small, large = args.cache / f"r{args.report_rows}", args.cache / f"r{args.export_rows}"
    t = time.perf_counter()
    prepare(small, args.report_rows)
    if not args.skip_export:
        prepare(large, args.export_rows)
    print(f"registers ready in {time.perf_counter() - t:.0f} s ({small}, {large})")
    report_bench(small)
    if not args.skip_export:
        export_bench(large)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

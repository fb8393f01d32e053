"""Issue 16: what attaching the stamped and signed copy costs, and what printing the follow-up
book costs, on a real station (SQLite, content store, the real report writer, pypdfium2).

    python bench/entry_copy.py [--entries N] [--rounds N]

Figures printed:
- `attach`: storing a signed copy on an entry (checked at the door, copied, hashed, audit event),
  median and worst of `--rounds` attaches of distinct copies, against registering the same file
  as a new entry (the work a registration already did before issue 16), interleaved;
- `followup`: "Sổ theo dõi giải quyết văn bản đến" of `--entries` entries written to PDF (the
  read pool's first job), then its pages rendered at 200 dpi for the printer (the second), and
  the rendered pages' memory.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from scratch import scratch_dir

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    from qlvb_desktop.app import build_core
    from tests.samples import tiny_pdf
    from tests.ui.daily_sample import CORPUS_PDF, stamped_pdf

    tmp = scratch_dir("qlvb-bench-copy-")
    core = build_core(tmp / "data")
    assert core.station is not None
    core.station.apply({"organization": {"name": "SỞ TÀI CHÍNH", "code": "000.00.04.G14",
                                         "parent": "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG"}})
    source = CORPUS_PDF if CORPUS_PDF.exists() else tiny_pdf(tmp / "scan.pdf", "scan", pages=2)
    base = stamped_pdf(core, source, tmp / "stamped.pdf").read_bytes()
    doc = {"issuer": "Sở Tài chính tỉnh Tuyên Quang", "doc_type": "Công văn", "subject": "Về việc thử",
           "received_at": "2026-03-02T08:00:00+07:00"}
    entry = core.register.register(doc, [source])
    attach_s, register_s = [], []
    for i in range(args.rounds):
        copy = tmp / f"ky-{i}.pdf"
        copy.write_bytes(base + f"\n% copy {i}\n".encode())  # distinct bytes: a real new revision
        t = time.perf_counter()
        core.register.attach(entry.id, copy, "signed")
        attach_s.append(time.perf_counter() - t)
        again = tmp / f"reg-{i}.pdf"
        again.write_bytes(base + f"\n% reg {i}\n".encode())
        t = time.perf_counter()
        core.register.register({**doc, "subject": f"Văn bản {i}"}, [again], confirm_duplicate=True)
        register_s.append(time.perf_counter() - t)
    size_kb = len(base) / 1024
    print(f"attach a {size_kb:.0f} KB signed copy: median {statistics.median(attach_s) * 1000:.0f} ms, "
          f"worst {max(attach_s) * 1000:.0f} ms ({args.rounds} rounds)")
    print(f"register the same file as a new entry: median {statistics.median(register_s) * 1000:.0f} ms, "
          f"worst {max(register_s) * 1000:.0f} ms")

    for i in range(args.entries - args.rounds - 1):
        core.register.register({**doc, "subject": f"Văn bản số {i} về việc quyết toán ngân sách",
                                "to_places": "Phòng Kế hoạch" if i % 3 else ""}, confirm_duplicate=True)
    from datetime import date

    from qlvb_desktop.ui.printing import render_for_print

    t = time.perf_counter()
    table = core.period_reports.followup_table(date(2026, 1, 1), date(2026, 12, 31))
    pdf = Path(core.period_reports.write([table], tmp / "followup.pdf"))
    written = time.perf_counter() - t
    t = time.perf_counter()
    pages = render_for_print(pdf)
    rendered = time.perf_counter() - t
    memory = sum(p.sizeInBytes() for p in pages) / 1024 / 1024
    print(f"follow-up book of {args.entries} entries: PDF written in {written:.2f} s, "
          f"{len(pages)} pages rendered at 200 dpi in {rendered:.2f} s ({memory:.0f} MB of page images)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

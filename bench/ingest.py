"""Intake benchmark: the whole path (`qlvb ingest`) against bare Tesseract and OCRmyPDF.

    .venv/bin/python bench/ingest.py [CORPUS] [--limit N] [--no-ocrmypdf] [--long PAGES]

For each document of the corpus (`truth.jsonl` lists the files of each; otherwise one file is
one document), in one run and interleaved document by document so a shared machine's noise
hits all three alike:
  (a) qlvb:      `qlvb ingest FILES --out X.pdf` (load, clean, OCR, PDF/A), one process;
  (b) tesseract: bare `tesseract PAGE out -l vie` on the same page images, pages two at a time
                 with OMP_THREAD_LIMIT=1: the OCR alone, the floor;
  (c) ocrmypdf:  `ocrmypdf --deskew --rotate-pages -l vie --output-type pdfa` on the same pages.
Prints seconds per page, the ratios, and the peak memory (max RSS) of each.
`--long N` also runs qlvb alone on one N-page document to check that memory stays flat.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cv2
import img2pdf

from qlvb_desktop.adapters.capture.inputs import read_inputs

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
WORKERS = os.cpu_count() or 2
ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB of the process tree's largest member, exit code)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 and proc.stderr is not None:
        sys.stderr.write(f"  ! {' '.join(cmd[:3])}…: {proc.stderr.read().decode(errors='replace')[-300:]}\n")
    if proc.stderr is not None:
        proc.stderr.close()
    return wall, usage.ru_maxrss / 1024, proc.returncode


def documents(corpus: Path) -> list[list[Path]]:
    truth = corpus / "truth.jsonl"
    if truth.exists():
        return [
            [corpus / f for f in json.loads(line)["files"]] for line in truth.read_text(encoding="utf-8").splitlines()
        ]
    return [
        [p] for p in sorted(corpus.iterdir()) if p.suffix.lower() in (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff")
    ]


def prepare(files: list[Path], work: Path) -> tuple[list[Path], Path]:
    """The page images as PNG (for bare Tesseract) and one PDF of them (for OCRmyPDF). Untimed."""
    batch = read_inputs(files, 1 << 40)
    pages, layout = [], []
    for i, source in enumerate(batch.pages):
        raw = source.load()
        png = work / f"page{i:03d}.png"
        cv2.imwrite(str(png), raw.image)
        pages.append(png)
        layout.append(raw.dpi)
    pdf = work / "input.pdf"
    if len(files) == 1 and files[0].suffix.lower() == ".pdf":
        pdf = files[0]
    else:
        with pdf.open("wb") as f:
            f.write(
                img2pdf.convert([str(p) for p in pages], layout_fun=img2pdf.get_fixed_dpi_layout_fun((layout[0],) * 2))
            )
    return pages, pdf


def bare_tesseract(pages: list[Path], work: Path) -> tuple[float, float]:
    def one(p: Path) -> tuple[float, float, int]:
        return run(["tesseract", str(p), str(work / p.stem), "-l", "vie"])

    t0 = time.perf_counter()
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(one, pages))
    return time.perf_counter() - t0, max(r[1] for r in results)


def qlvb(files: list[Path], out: Path, data: Path) -> tuple[float, float, int]:
    return run(
        [
            sys.executable,
            "-m",
            "qlvb_desktop.cli",
            "--data-dir",
            str(data),
            "ingest",
            *map(str, files),
            "--out",
            str(out),
        ]
    )


def ocrmypdf(pdf: Path, out: Path) -> tuple[float, float, int]:
    exe = str(Path(sys.executable).with_name("ocrmypdf"))
    return run(
        [
            exe,
            "--deskew",
            "--rotate-pages",
            "-l",
            "vie",
            "--output-type",
            "pdfa",
            "-j",
            str(WORKERS),
            "-q",
            str(pdf),
            str(out),
        ]
    )


def long_document(corpus: Path, n: int, work: Path, data: Path) -> None:
    jpgs = sorted(p for p in corpus.glob("*.jpg") if p.stat().st_size < 200_000)
    pdf = work / f"long-{n}.pdf"
    with pdf.open("wb") as f:
        f.write(
            img2pdf.convert(
                [str(jpgs[i % len(jpgs)]) for i in range(n)], layout_fun=img2pdf.get_fixed_dpi_layout_fun((200, 200))
            )
        )
    wall, rss, code = qlvb([pdf], work / "long-out.pdf", data)
    print(
        f"\n{n}-page document ({pdf.stat().st_size / 1e6:.0f} MB): qlvb {wall:.0f} s, {wall / n:.2f} s/page, "
        f"peak memory {rss:.0f} MB, exit {code}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    ap.add_argument("--no-ocrmypdf", action="store_true")
    ap.add_argument("--long", type=int, default=0, help="also one document of this many pages, qlvb only")
    args = ap.parse_args()
    docs = documents(args.corpus)[: args.limit or None]
    with tempfile.TemporaryDirectory(prefix="qlvb-bench-") as tmp:
        work = Path(tmp)
        data = work / "data"
        data.mkdir()
        (data / "settings.json").write_text(json.dumps({"max_file_mb": 1000}))
        totals = {"pages": 0, "qlvb": 0.0, "tess": 0.0, "ocrmypdf": 0.0}
        peaks = {"qlvb": 0.0, "tess": 0.0, "ocrmypdf": 0.0}
        head = f"{'document':<16}{'pages':>6}{'qlvb s':>9}{'tess s':>9}{'ocrmypdf s':>12}"
        print(head + f"{'qlvb/tess':>11}{'ocrmypdf/qlvb':>15}")
        for i, files in enumerate(docs):
            d = work / f"d{i}"
            d.mkdir()
            pages, pdf = prepare(files, d)
            q_wall, q_rss, q_code = qlvb(files, d / "qlvb.pdf", data)
            t_wall, t_rss = bare_tesseract(pages, d)
            o_wall, o_rss = (0.0, 0.0)
            if not args.no_ocrmypdf:
                o_wall, o_rss, _ = ocrmypdf(pdf, d / "ocrmypdf.pdf")
            n = len(pages)
            totals["pages"] += n
            totals["qlvb"] += q_wall
            totals["tess"] += t_wall
            totals["ocrmypdf"] += o_wall
            peaks = {
                "qlvb": max(peaks["qlvb"], q_rss),
                "tess": max(peaks["tess"], t_rss),
                "ocrmypdf": max(peaks["ocrmypdf"], o_rss),
            }
            mark = "" if q_code == 0 else f"  (qlvb exit {q_code})"
            print(
                f"{files[0].stem:<16}{n:>6}{q_wall:>9.2f}{t_wall:>9.2f}{o_wall:>12.2f}{q_wall / t_wall:>11.2f}"
                f"{(o_wall / q_wall if o_wall else 0):>15.2f}{mark}",
                flush=True,
            )
        n = totals["pages"]
        print(f"\n{len(docs)} documents, {n} pages, {WORKERS} workers")
        print(
            f"seconds per page: qlvb {totals['qlvb'] / n:.2f} · bare tesseract {totals['tess'] / n:.2f}"
            + (f" · ocrmypdf {totals['ocrmypdf'] / n:.2f}" if totals["ocrmypdf"] else "")
        )
        print(f"qlvb / bare tesseract = {totals['qlvb'] / totals['tess']:.2f} (goal ≤ 1.3)")
        if totals["ocrmypdf"]:
            print(f"ocrmypdf / qlvb = {totals['ocrmypdf'] / totals['qlvb']:.2f} (goal ≥ 1.5)")
        print(
            f"peak memory MB: qlvb {peaks['qlvb']:.0f} · tesseract {peaks['tess']:.0f}"
            + (f" · ocrmypdf {peaks['ocrmypdf']:.0f}" if peaks["ocrmypdf"] else "")
        )
        if args.long:
            long_document(args.corpus, args.long, work, data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Intake benchmark: the whole path against bare Tesseract and OCRmyPDF, side by side.

    .venv/bin/python bench/ingest.py [CORPUS] [--limit N] [--no-ocrmypdf] [--long PAGES]

For each document of the corpus (`truth.jsonl` lists the files of each; otherwise one file is
one document), in one run and interleaved document by document so a shared machine's noise
hits all three alike:
  (a) qlvb:      `qlvb ingest FILES --out X.pdf`'s work (check, load, clean, OCR, PDF/A, words
                 JSON) done by the intake service in one long-lived process, as the GUI and the
                 watched folder run it; the cold start of the `qlvb` command itself is printed apart;
  (b) tesseract: bare `tesseract PAGE out -l vie` on the same page images, two pages at a time with
                 OMP_THREAD_LIMIT=1: the OCR alone, the floor;
  (c) ocrmypdf:  `ocrmypdf --deskew --rotate-pages -l vie --output-type pdfa` on the same pages
                 (`--pdfa-backend internal -O 0`: Ghostscript is not installed).
Prints seconds per page, the ratios and peak memory. `--long N` also runs `qlvb ingest` on one
N-page document to check that memory stays flat.

Peak memory of a child process is read from wait4(); children are started by a small spawner
process, because a child forked from this (large) process would report this process's peak.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

SPAWNER = r"""
import json, os, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor
def one(job):
    t0 = time.perf_counter()
    p = subprocess.Popen(job["cmd"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=job["env"])
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.stderr.close()
    return {"wall": time.perf_counter() - t0, "rss": usage.ru_maxrss / 1024,
            "code": os.waitstatus_to_exitcode(status), "err": err.decode(errors="replace")[-400:]}
for line in sys.stdin:
    req = json.loads(line)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(req["parallel"]) as pool:
        results = list(pool.map(one, req["jobs"]))
    print(json.dumps({"wall": time.perf_counter() - t0, "results": results}), flush=True)
"""
# Started before the heavy imports below, so its own peak (inherited by its children) stays small.
_spawner = subprocess.Popen([sys.executable, "-c", SPAWNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

import argparse  # noqa: E402
import resource  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import cv2  # noqa: E402
import img2pdf  # noqa: E402

from qlvb_desktop.adapters.capture.inputs import read_inputs  # noqa: E402
from qlvb_desktop.adapters.capture.wiring import CaptureCore, build_capture  # noqa: E402
from qlvb_desktop.domain.errors import QlvbError  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
WORKERS = os.cpu_count() or 2
ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


def spawn(cmds: list[list[str]], parallel: int = 1) -> tuple[float, float, int]:
    """Run commands (at most `parallel` at once): (wall seconds, largest peak RSS MB, worst exit code)."""
    assert _spawner.stdin is not None and _spawner.stdout is not None
    _spawner.stdin.write(json.dumps({"parallel": parallel, "jobs": [{"cmd": c, "env": ENV} for c in cmds]}) + "\n")
    _spawner.stdin.flush()
    reply = json.loads(_spawner.stdout.readline())
    for r in reply["results"]:
        if r["code"] != 0:
            sys.stderr.write(f"  ! exit {r['code']}: {r['err'].strip()[-300:]}\n")
    results = reply["results"]
    return reply["wall"], max(r["rss"] for r in results), max(r["code"] for r in results)


def documents(corpus: Path) -> list[list[Path]]:
    truth = corpus / "truth.jsonl"
    if truth.exists():
        lines = truth.read_text(encoding="utf-8").splitlines()
        return [[corpus / f for f in json.loads(line)["files"]] for line in lines]
    suffixes = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff")
    return [[p] for p in sorted(corpus.iterdir()) if p.suffix.lower() in suffixes]


def prepare(files: list[Path], work: Path) -> tuple[list[Path], Path]:
    """The page images as PNG (for bare Tesseract) and one PDF of them (for OCRmyPDF). Untimed."""
    batch = read_inputs(files, 1 << 40)
    pages, dpis = [], []
    for i, source in enumerate(batch.pages):
        raw = source.load()
        png = work / f"page{i:03d}.png"
        cv2.imwrite(str(png), raw.image)
        pages.append(png)
        dpis.append(raw.dpi)
    if len(files) == 1 and files[0].suffix.lower() == ".pdf":
        return pages, files[0]
    pdf = work / "input.pdf"
    layout = img2pdf.get_fixed_dpi_layout_fun((dpis[0], dpis[0]))
    pdf.write_bytes(img2pdf.convert([str(p) for p in pages], layout_fun=layout))
    return pages, pdf


def bare_tesseract(pages: list[Path], work: Path) -> tuple[float, float, int]:
    return spawn([["tesseract", str(p), str(work / p.stem), "-l", "vie"] for p in pages], parallel=WORKERS)


def ocrmypdf(pdf: Path, out: Path) -> tuple[float, float, int]:
    exe = str(Path(sys.executable).with_name("ocrmypdf"))
    opts = ["--deskew", "--rotate-pages", "-l", "vie", "--output-type", "pdfa", "--pdfa-backend", "internal", "-O", "0"]
    return spawn([[exe, *opts, "-j", str(WORKERS), "-q", str(pdf), str(out)]])


def qlvb_cli(files: list[Path], out: Path, data: Path) -> tuple[float, float, int]:
    cmd = [sys.executable, "-m", "qlvb_desktop.cli", "--data-dir", str(data), "ingest", *map(str, files)]
    return spawn([[*cmd, "--out", str(out)]])


def qlvb(capture: CaptureCore, files: list[Path], out: Path) -> tuple[float, float, int]:
    t0 = time.perf_counter()
    code = 0
    try:
        capture.intake.ingest_files(files, out)
    except QlvbError as exc:
        sys.stderr.write(f"  ! qlvb {files[0].name}: {exc}\n")
        code = 2
    return time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, code


def long_document(corpus: Path, n: int, work: Path, data: Path) -> None:
    jpgs = sorted(p for p in corpus.glob("*.jpg") if p.stat().st_size < 200_000)
    pdf = work / f"long-{n}.pdf"
    layout = img2pdf.get_fixed_dpi_layout_fun((200, 200))
    pdf.write_bytes(img2pdf.convert([str(jpgs[i % len(jpgs)]) for i in range(n)], layout_fun=layout))
    wall, rss, code = qlvb_cli([pdf], work / "long-out.pdf", data)
    print(
        f"\n{n}-page document ({pdf.stat().st_size / 1e6:.0f} MB): `qlvb ingest` {wall:.0f} s, {wall / n:.2f} s/page, "
        f"peak memory {rss:.0f} MB (largest process: qlvb or one tesseract), exit {code}"
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
        capture = build_capture(1 << 30, escl_urls=[], workers=WORKERS, data_dir=data)
        sums = {"qlvb": 0.0, "tess": 0.0, "ocrmypdf": 0.0}
        peaks = {"qlvb": 0.0, "tess": 0.0, "ocrmypdf": 0.0}
        pages_total = 0
        head = f"{'document':<16}{'pages':>6}{'qlvb s':>9}{'tess s':>9}{'ocrmypdf s':>12}"
        print(head + f"{'qlvb/tess':>11}{'ocrmypdf/qlvb':>15}")
        for i, files in enumerate(docs):
            d = work / f"d{i}"
            d.mkdir()
            pages, pdf = prepare(files, d)
            row = {"qlvb": qlvb(capture, files, d / "qlvb.pdf"), "tess": bare_tesseract(pages, d)}
            row["ocrmypdf"] = (0.0, 0.0, 0) if args.no_ocrmypdf else ocrmypdf(pdf, d / "ocrmypdf.pdf")
            pages_total += len(pages)
            for k, (wall, rss, _code) in row.items():
                sums[k] += wall
                peaks[k] = max(peaks[k], rss)
            q, t, o = row["qlvb"][0], row["tess"][0], row["ocrmypdf"][0]
            bad = [k for k, r in row.items() if r[2] != 0]
            print(
                f"{files[0].stem:<16}{len(pages):>6}{q:>9.2f}{t:>9.2f}{o:>12.2f}"
                + f"{q / t:>11.2f}{(o / q if o else 0):>15.2f}"
                + (f"  failed: {', '.join(bad)}" if bad else ""),
                flush=True,
            )
        n = pages_total
        print(f"\n{len(docs)} documents, {n} pages, {WORKERS} workers")
        line = f"seconds per page: qlvb {sums['qlvb'] / n:.2f} · bare tesseract {sums['tess'] / n:.2f}"
        print(line + (f" · ocrmypdf {sums['ocrmypdf'] / n:.2f}" if sums["ocrmypdf"] else ""))
        print(f"qlvb / bare tesseract = {sums['qlvb'] / sums['tess']:.2f} (goal ≤ 1.3)")
        if sums["ocrmypdf"]:
            print(f"ocrmypdf / qlvb = {sums['ocrmypdf'] / sums['qlvb']:.2f} (goal ≥ 1.5)")
        print(
            f"peak memory MB: qlvb process {peaks['qlvb']:.0f} (plus one tesseract per worker)"
            f" · one tesseract {peaks['tess']:.0f}"
            + (f" · ocrmypdf {peaks['ocrmypdf']:.0f}" if peaks["ocrmypdf"] else "")
        )
        cli_wall = qlvb_cli(docs[0], work / "cli.pdf", data)[0]
        warm = qlvb(capture, docs[0], work / "warm.pdf")[0]
        print(f"`qlvb ingest` cold start (interpreter, imports, data directory): {cli_wall - warm:.2f} s per command")
        if args.long:
            long_document(args.corpus, args.long, work, data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

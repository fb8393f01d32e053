#!/usr/bin/env python3
"""Accuracy and speed of `qlvb extract` on the sample corpus, for both Tesseract models.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/extract.py [CORPUS_DIR...] [--langs vie,Vietnamese] [--keep DIR]

Without CORPUS_DIR: the real documents (`../shared/corpus/real-dev`) and the generated ones
(`../shared/corpus/dev`), one after the other.

Runs `../shared/corpus/score.py` (per-field accuracy, documents fully right, wall seconds per
page) once per model, side by side, and from the same runs: CPU seconds per page (all the
processes of the run: Python and Tesseract) and the calibration the issue asks for, among the
fields reported with confidence >= 0.9 the share that is right. Each document runs as its own
`qlvb extract` process, as the scorer runs it, so start-up counts. The CPU is shared with other
work: compare the two models' seconds within one run rather than across runs. `--keep DIR`
keeps every proposal (DIR/<model>/<first file>.json) to study the misses.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPORA = [HERE.parent.parent / "shared" / "corpus" / name for name in ("real-dev", "dev")]


def _tee(argv: list[str]) -> int:
    """Score's command: run the extractor in-process, print its JSON and keep a copy."""
    out_dir, lang, files = Path(argv[0]), argv[1], argv[2:]
    import contextlib
    import io

    from qlvb_desktop.cli import main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(["--data-dir", str(out_dir / "data"), "extract", "--json", "--lang", lang, *files])
    sys.stdout.write(buf.getvalue())
    (out_dir / (Path(files[0]).name + ".json")).write_text(buf.getvalue(), encoding="utf-8")
    return code


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # every waited-for descendant
    return usage.ru_utime + usage.ru_stime


def _calibration(corpus: Path, out_dir: Path) -> tuple[int, int, list[str]]:
    sys.path.insert(0, str(corpus.parent))
    import score  # type: ignore[import-not-found]

    sure = right = 0
    wrong: list[str] = []
    for line in (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        truth = json.loads(line)
        path = out_dir / (truth["files"][0] + ".json")
        if not path.exists() or not path.read_text().strip():
            continue
        pred = json.loads(path.read_text(encoding="utf-8"))
        for field in score.FIELDS:
            if pred.get("confidence", {}).get(field, 0) >= 0.9:
                sure += 1
                good, _ = score.ok(field, truth.get(field, ""), pred.get(field, ""))
                right += bool(good)
                if not good:
                    wrong.append(f"{truth['files'][0]} {field}: want {truth.get(field)!r} got {pred.get(field)!r}")
    return sure, right, wrong


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["--tee"]:
        return _tee(args[1:])
    langs = ["vie", "Vietnamese"]
    keep: Path | None = None
    if "--langs" in args:
        i = args.index("--langs")
        langs = args[i + 1].split(",")
        del args[i : i + 2]
    if "--keep" in args:
        i = args.index("--keep")
        keep = Path(args[i + 1])
        del args[i : i + 2]
    corpora = [Path(a) for a in args] or DEFAULT_CORPORA
    for corpus in corpora:
        _bench(corpus, langs, keep / corpus.name if keep is not None and len(corpora) > 1 else keep)
    return 0


def _bench(corpus: Path, langs: list[str], keep: Path | None) -> None:
    scorer = corpus.parent / "score.py"
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    print(f"corpus {corpus} ({os.cpu_count()} cores, shared with other work: timings are indicative)")
    pages = sum(json.loads(line)["page_count"] for line in (corpus / "truth.jsonl").read_text().splitlines())
    results = {}
    cpu: dict[str, float] = {}
    fitted: dict[str, float] = {}
    for lang in langs:
        with tempfile.TemporaryDirectory(prefix=f"bench-extract-{lang}-") as tmp:
            cmd = [sys.executable, str(scorer), str(corpus), "--", sys.executable, __file__, "--tee", tmp, lang]
            # The pen-digit model is fitted once per station (then kept in the data dir): fitted
            # here before the clock starts, so the figures are a clerk's every day, and timed apart.
            warm = time.perf_counter()
            model = Path(tmp) / "data" / "extract" / "pen-digits-v4.npz"
            fit = "import sys, pathlib; from qlvb_desktop.adapters.extract.digit_model import load_model as f; "
            fit += "f(pathlib.Path(sys.argv[1]))"
            subprocess.run([sys.executable, "-c", fit, str(model)], check=True, env=env)
            fitted[lang] = time.perf_counter() - warm
            before = _cpu_seconds()
            proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
            cpu[lang] = (_cpu_seconds() - before) / max(1, pages)
            sure, right, wrong = _calibration(corpus, Path(tmp))
            if keep is not None:
                shutil.copytree(tmp, keep / lang, dirs_exist_ok=True, ignore=shutil.ignore_patterns("data"))
        results[lang] = (proc.stdout.strip().splitlines(), sure, right, wrong, proc.stderr.strip())
    # Side by side: score.py's lines "field  P%" of each model.
    table: dict[str, dict[str, str]] = {}
    for lang in langs:
        for line in results[lang][0]:
            parts = line.split()
            if len(parts) == 2 and parts[1].endswith("%"):
                table.setdefault(parts[0], {})[lang] = parts[1]
    print(f"{'':24s}" + "".join(f"{lang:>14s}" for lang in langs))
    for name, row in table.items():
        print(f"{name:24s}" + "".join(f"{row.get(lang, '?'):>14s}" for lang in langs))
    for lang in langs:
        lines, sure, right, wrong, err = results[lang]
        print(f"\n[{lang}] {lines[-1]} cpu_secs_per_page={cpu[lang]:.2f}")
        print(f"[{lang}] pen-digit model fitted once per station, not counted above: {fitted[lang]:.1f} s")
        print(f"[{lang}] {lines[-2]}")
        share = 100 * right / sure if sure else 0.0
        print(f"[{lang}] confidence >= 0.9: {right}/{sure} right ({share:.1f} %)")
        for w in wrong:
            print(f"  sure but wrong: {w}")
        if err and os.environ.get("VERBOSE"):
            print(err)


if __name__ == "__main__":
    raise SystemExit(main())

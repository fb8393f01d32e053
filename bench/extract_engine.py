#!/usr/bin/env python3
"""Tesseract in the process (libtesseract) against the executable, interleaved, same outputs.

    .venv/bin/python bench/extract_engine.py [CORPUS_DIR] [--rounds N] [--before SRC_DIR] [--one-process]

For each document of the corpus (default `../shared/corpus/real-dev`), each round runs
`qlvb extract --json` twice, once per engine, in turn (A B, then B A in the next round, so a
drift of the shared machine's load falls on both alike). Prints per engine the wall and CPU
seconds per page (every process of the run: Python and, for the executable, each
`tesseract`), the load average before and after, and whether both engines printed the same
JSON for every document (the issue's "accuracy must not move", checked byte for byte).
`QLVB_TESSERACT_PROCESS=1` is what makes a run use the executable. `--before SRC_DIR` (the
`src` of another checkout, e.g. `git archive main src | tar -x -C /tmp/main`) runs that code as
the second engine instead, as it is: the whole change before and after. `--one-process`: each
run extracts every document of the corpus in one long-lived process, one after the other (the
engines stay loaded from one document to the next); the run's seconds are divided by the
corpus's pages.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "real-dev"
ENGINES = {"library": {}, "executable": {"QLVB_TESSERACT_PROCESS": "1"}}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# One process extracting the documents one after the other (`--one-process`): argv is the data dir
# then the documents, their files joined by os.pathsep; prints each proposal's JSON.
ONE_PROCESS = """
import json, os, sys
from pathlib import Path
from qlvb_desktop.adapters.extract.wiring import build_extractor
service = build_extractor(Path(sys.argv[1]))
for doc in sys.argv[2:]:
    print(json.dumps(service.extract([Path(f) for f in doc.split(os.pathsep)]).to_json(), ensure_ascii=False))
"""


def _run(
    files: list[Path], data: Path, extra: dict[str, str], docs: list[str] | None = None
) -> tuple[float, float, str]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1", **extra)
    cmd = [sys.executable, "-m", "qlvb_desktop.cli", "--data-dir", str(data), "extract", "--json", *map(str, files)]
    if docs is not None:
        cmd = [sys.executable, "-c", ONE_PROCESS, str(data), *docs]
    cpu, wall = _children_cpu(), time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False).stdout
    return time.perf_counter() - wall, _children_cpu() - cpu, out


def main() -> int:
    args = sys.argv[1:]
    rounds = 2
    if "--rounds" in args:
        i = args.index("--rounds")
        rounds = int(args[i + 1])
        del args[i : i + 2]
    engines = dict(ENGINES)
    if "--before" in args:
        i = args.index("--before")
        engines = {"after": {}, "before": {"PYTHONPATH": str(Path(args[i + 1]).resolve())}}
        del args[i : i + 2]
    one_process = "--one-process" in args
    if one_process:
        args.remove("--one-process")
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    docs = [json.loads(line) for line in (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    pages = sum(d["page_count"] for d in docs)
    print(f"corpus {corpus}: {len(docs)} documents, {pages} pages, {rounds} rounds, {os.cpu_count()} cores")
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    wall = {e: [0.0] * rounds for e in engines}
    cpu = {e: [0.0] * rounds for e in engines}
    differ: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="bench-engine-") as tmp:
        data = Path(tmp) / "data"
        # The pen-digit model is fitted once per station: fitted before the clock starts.
        _run([corpus / docs[0]["files"][0]], data, {})
        for r in range(rounds):
            order = list(engines) if r % 2 == 0 else list(reversed(engines))
            if one_process:
                joined = [os.pathsep.join(str(corpus / f) for f in doc["files"]) for doc in docs]
                outs = {}
                for engine in order:
                    wall[engine][r], cpu[engine][r], outs[engine] = _run([], data, engines[engine], joined)
                if len(set(outs.values())) != 1 or not outs[order[0]].strip():
                    differ.add("(one process)")
                continue
            for doc in docs:
                files = [corpus / f for f in doc["files"]]
                outs = {}
                for engine in order:
                    w, c, outs[engine] = _run(files, data, engines[engine])
                    wall[engine][r] += w
                    cpu[engine][r] += c
                if len(set(outs.values())) != 1:
                    differ.add(doc["files"][0])
    print("load average after:  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    for engine in engines:
        w = [x / pages for x in wall[engine]]
        c = [x / pages for x in cpu[engine]]
        print(
            f"{engine:11s} wall s/page median {statistics.median(w):.2f} (rounds {', '.join(f'{x:.2f}' for x in w)})"
            f"  cpu s/page median {statistics.median(c):.2f}"
        )
    first, second = engines
    ratio = [a / b for a, b in zip(wall[first], wall[second], strict=True)]
    print(f"wall {first}/{second} per round: {', '.join(f'{x:.2f}' for x in ratio)}")
    print("same JSON for every document" if not differ else f"JSON differs: {sorted(differ)}")
    return 0 if not differ else 1


if __name__ == "__main__":
    raise SystemExit(main())

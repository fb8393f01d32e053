"""Real signed documents through `qlvb verify --json`, against poppler's pdfsig (issue 14).

For every PDF of a folder (default: /work/shared/corpus/real-dev): each signature's indication,
chain, time and algorithm as `qlvb verify` reports it, next to pdfsig's integrity verdict; then
a tampered copy (one byte flipped inside the first signed range, in a stream's data) must be
FAILED by us and not "valid" for pdfsig. Prints a table and the totals; not a timed test.

Usage: .venv/bin/python bench/verify_real.py [FOLDER]
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from scratch import scratch_dir

ROOT = Path(__file__).resolve().parents[1]
CLI = "from qlvb_desktop.cli import main; raise SystemExit(main())"
FOLDER = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/corpus/real-dev")


def qlvb_verify(pdf: Path, data: Path) -> tuple[int, dict]:
    env = {**os.environ, "QLVB_DATA_DIR": str(data)}
    r = subprocess.run(
        [sys.executable, "-c", CLI, "verify", str(pdf), "--json"],
        capture_output=True, text=True, env=env, timeout=300, cwd=ROOT,
    )
    return r.returncode, json.loads(r.stdout)


def pdfsig(pdf: Path) -> list[str]:
    """pdfsig's "Signature Validation" line of each signature."""
    r = subprocess.run(["pdfsig", "-nocert", str(pdf)], capture_output=True, text=True, timeout=120)
    return re.findall(r"Signature Validation: (.*)", r.stdout)


def tampered(pdf: Path, out: Path) -> Path:
    data = bytearray(pdf.read_bytes())
    first = re.search(rb"/ByteRange\s*\[\s*0\s+(\d+)", data)
    assert first is not None
    end = int(first.group(1))
    starts = [m.end() for m in re.finditer(rb"(?<!end)stream\r?\n", data[:end])]
    at = starts[len(starts) // 2] + 10  # inside a content stream's bytes, well within the range
    data[at] ^= 0x01
    out.write_bytes(bytes(data))
    return out


def main() -> None:
    pdfs = sorted(FOLDER.glob("*.pdf"))
    work = scratch_dir("qlvb-verify-real-")
    print(f"{'file':15} {'#':>2} {'indication':14} {'sub-indication':20} {'chain':8} {'digest':7} "
          f"{'time (source)':32} {'pdfsig':10} signer")
    sigs = agree = chained = invalid_docs = tamper_failed = 0
    t0 = time.perf_counter()
    for pdf in pdfs:
        rc, report = qlvb_verify(pdf, work / "data")
        poppler = pdfsig(pdf)
        invalid_docs += report["verdict"] == "invalid"
        for i, s in enumerate(report["signatures"]):
            sigs += 1
            ok_poppler = i < len(poppler) and poppler[i].startswith("Signature is Valid")
            agree += ok_poppler == (s["intact"] and s["signature_valid"])
            chained += s["hierarchy"] in ("G1", "G2")
            when = f"{(s['signing_time'] or '?')[:19]} ({s['time_source']})"
            print(f"{pdf.name:15} {i + 1:>2} {s['indication']:14} {s['sub_indication'] or '':20} "
                  f"{s['hierarchy'] or '-':8} {s['digest_algorithm']:7} {when:32} "
                  f"{'valid' if ok_poppler else 'NOT valid':10} {s['signer']}")
        print(f"{'':15}    -> {report['verdict']} (exit {rc})")
        bad = tampered(pdf, work / f"tampered-{pdf.name}")
        _, treport = qlvb_verify(bad, work / "data")
        tpoppler = pdfsig(bad)
        first = treport["signatures"][0] if treport["signatures"] else {}
        failed = first.get("indication") == "FAILED" and treport["verdict"] == "invalid"
        tamper_failed += failed
        print(f"{'':15}    tampered copy: {treport['verdict']} / {first.get('sub_indication')}; "
              f"pdfsig: {tpoppler[0] if tpoppler else '?'}")
    print()
    print(f"{len(pdfs)} documents, {sigs} signatures, {time.perf_counter() - t0:.1f} s")
    print(f"integrity agrees with pdfsig: {agree}/{sigs}")
    print(f"chained to a VGCA root (G1/G2): {chained}/{sigs}")
    print(f"documents called invalid: {invalid_docs}/{len(pdfs)}")
    print(f"tampered copies FAILED: {tamper_failed}/{len(pdfs)}")


if __name__ == "__main__":
    main()

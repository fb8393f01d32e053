"""edXML exchange figures (issue 15): read + verify + register one package carrying a signed
20 MB PDF (goal ≤ 1 s, peak memory ≤ 3 × the package), beside the electronic intake of the same
PDF on its own (what the station did before packages), interleaved in one run.

Each measurement runs in a fresh child process: the child imports everything and warms up on a
small package first, then measures wall time, CPU time and the highest resident set (sampled
every 2 ms from /proc/self/statm) above the warmed-up process's. The PDF is signed by the test suite's leader token on
the loopback test PKI (SoftHSM2, TSA in its own process), trusted by the station.

    .venv/bin/python bench/exchange.py [ROUNDS] [MB]
    .venv/bin/python bench/exchange.py --relay [N]     # server relay throughput between two organizations
    QLVB_BENCH_PROFILE=1 .venv/bin/python bench/exchange.py 1   # and where each run's wall time goes
"""

from __future__ import annotations

import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tests.adapters.signing.conftest as signing_conftest  # noqa: E402 - sets SOFTHSM2_CONF first
from tests.adapters.signing.pki import USER_PIN, init_token, start_pki  # noqa: E402


def big_signed_pdf(pki, tmp: Path, mb: int) -> Path:  # type: ignore[no-untyped-def]
    """A one-page document carrying `mb` MB of incompressible data, signed by the leader."""
    import pikepdf
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
    from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

    from tests.adapters.signing.pki import SOFTHSM_MODULE
    from tests.adapters.signing.test_signing import make_doc

    doc = make_doc(tmp / "draft.pdf")
    with pikepdf.open(doc) as pdf:
        pdf.Root.BenchPayload = pikepdf.Stream(pdf, os.urandom(mb << 20))  # like a scanned page's image
        pdf.save(tmp / "big.pdf")
    session = open_pkcs11_session(SOFTHSM_MODULE, token_criteria=TokenCriteria(label="Leader Token"),
                                  user_pin=USER_PIN)
    try:
        w = IncrementalPdfFileWriter(io.BytesIO((tmp / "big.pdf").read_bytes()))
        fields.append_signature_field(w, fields.SigFieldSpec("LanhDao", on_page=0, box=(340, 120, 500, 190)))
        meta = signers.PdfSignatureMetadata(field_name="LanhDao", subfilter=fields.SigSeedSubFilter.PADES)
        signer = PKCS11Signer(session, key_id=b"\x01", cert_id=b"\x01", ca_chain=[pki.cert("interm")])
        out = tmp / "big-signed.pdf"
        with out.open("wb") as f:
            signers.PdfSigner(meta, signer, timestamper=HTTPTimeStamper(pki.tsa_url)).sign_pdf(w, output=f)
    finally:
        session.close()
    return out


def write_package(pdf: Path, out: Path, n: int) -> Path:
    from qlvb_desktop.adapters.edxml.writer import OutFile, write_document
    from qlvb_desktop.domain.exchange import DocumentHeader, Organ

    header = DocumentHeader(
        sender=Organ("000.00.04.G14", "Văn phòng Chính phủ"), recipients=(Organ("000.00.12.H42", "Sở Nội vụ"),),
        document_id=f"000.00.04.G14,2026/05/20,{n}/VPCP-TTĐT", code_number=str(n), code_notation="VPCP-TTĐT",
        place="Hà Nội", issued_date=date(2026, 5, 20), doc_type="Công văn", subject=f"Văn bản thử số {n}",
        signer_name="Nguyễn Văn An", priority=1,
    )
    return write_document(out, header, [OutFile("cv.pdf", "application/pdf", pdf)],
                          trace_organ="000.00.04.G14", timestamp="2026/05/20 10:00:00")


def _child(kind: str, data_dir: str, warm: str, target: str, pki_root: str) -> None:
    import json
    import logging
    import shutil

    logging.disable(logging.WARNING)  # pyHanko's path-building notes

    from qlvb_desktop.app import build_core

    core = build_core(Path(data_dir))
    trust = core.data_dir / "trust"
    trust.mkdir(exist_ok=True)
    for name in ("test-root.pem", "test-interm.pem"):
        shutil.copy(Path(pki_root) / name, trust / name)

    def run(path: Path) -> None:
        if kind == "package":
            ex = core.exchange
            item = ex.receive(path)
            ex.register(item.id, confirm_duplicate=True)
        else:
            intake = core.desk.electronic
            inspection = intake.inspect(path)
            intake.register(inspection, {"issuer": "Văn phòng Chính phủ", "doc_type": "Công văn",
                                         "subject": "Văn bản thử", "number": f"{time.time_ns() % 10**9}/VPCP"},
                            confirm_duplicate=True)

    import threading

    def rss() -> int:
        return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize()

    core.exchange  # noqa: B018 - built before the clock starts, as in the window
    run(Path(warm))
    base = rss()
    samples = [base]
    stop = threading.Event()

    def sample() -> None:  # the resident set while the work runs, every 2 ms
        while not stop.is_set():
            samples.append(rss())
            time.sleep(0.002)

    sampler = threading.Thread(target=sample)
    sampler.start()
    profile = None
    if os.environ.get("QLVB_BENCH_PROFILE"):  # where the wall time goes (cProfile's clock is the wall clock)
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    t0, c0 = time.perf_counter(), time.process_time()
    run(Path(target))
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    if profile is not None:
        import pstats

        profile.disable()
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
    stop.set()
    sampler.join()
    print(json.dumps([elapsed, max(samples) - base, cpu]))


def measure(kind: str, warm: Path, target: Path, tmp: Path, pki_root: Path) -> tuple[float, int, float]:
    data = Path(tempfile.mkdtemp(prefix="data-", dir=tmp))
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(data), str(warm), str(target), str(pki_root)],
        capture_output=True, text=True, check=True, timeout=600,
    )
    if os.environ.get("QLVB_BENCH_PROFILE"):
        print(done.stderr, file=sys.stderr)
    elapsed, rise, cpu = json.loads(done.stdout.strip().splitlines()[-1])
    return float(elapsed), int(rise), float(cpu)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    mb = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    base = signing_conftest._BASE
    pki = start_pki(base / "pki")
    init_token(pki, signing_conftest.TOKEN_DIR, signing_conftest.SOFTHSM_CONF, label="Leader Token",
               entities=("leader",))
    tmp = Path(tempfile.mkdtemp(prefix="qlvb-bench-exchange-"))
    roots = tmp / "roots"
    roots.mkdir()
    import shutil

    shutil.copy(pki.pem("root"), roots / "test-root.pem")
    shutil.copy(pki.pem("interm"), roots / "test-interm.pem")
    (tmp / "small").mkdir()
    small = big_signed_pdf(pki, tmp / "small", 0)
    big_dir = tmp / "big"
    big_dir.mkdir()
    big = big_signed_pdf(pki, big_dir, mb)
    warm_pkg = write_package(small, tmp / "warm.edxml", 1)
    pkg = write_package(big, tmp / "big.edxml", 2)
    size = pkg.stat().st_size
    results: dict[str, list[tuple[float, int, float]]] = {"package": [], "pdf": []}
    for _ in range(rounds):  # A and B interleaved
        results["package"].append(measure("package", warm_pkg, pkg, tmp, roots))
        results["pdf"].append(measure("pdf", small, big, tmp, roots))
    print(f"package {size / 1e6:.1f} MB carrying a signed PDF of {big.stat().st_size / 1e6:.1f} MB, {rounds} rounds")
    for kind, label in (("package", "A edXML: read + verify + register"),
                        ("pdf", "B signed PDF alone: verify + register")):
        times = [t for t, _, _ in results[kind]]
        peaks = [m for _, m, _ in results[kind]]
        cpus = [c for _, _, c in results[kind]]
        print(f"{label}: median {statistics.median(times):.2f} s (max {max(times):.2f} s), "
              f"CPU {statistics.median(cpus):.2f} s; "
              f"peak RSS rise over the warmed-up process, median {statistics.median(peaks) / 1e6:.0f} MB "
              f"= {statistics.median(peaks) / size:.2f} × the package")
    pki.stop()
    shutil.rmtree(tmp, ignore_errors=True)


def relay(n: int) -> None:
    """Server relay throughput: `n` packages (a 1 MB PDF each) from organization A's station to
    B's through one server (the real app in-process over TestClient, SQLite): A sends them all,
    B lists, fetches and acknowledges them all (no verification: the relay alone)."""
    from fastapi.testclient import TestClient

    from qlvb_desktop.adapters.edxml.writer import OutFile, write_document
    from qlvb_desktop.adapters.exchange_relay import ServerRelay
    from qlvb_desktop.domain.exchange import DocumentHeader, Organ
    from qlvb_server.app import create_app
    from qlvb_server.database import database_url, open_engine
    from qlvb_server.store import ServerStore
    from tests.server.conftest import ORG_A, ORG_B, login, seed

    tmp = Path(tempfile.mkdtemp(prefix="qlvb-bench-relay-"))
    store = ServerStore(open_engine(database_url(tmp, None)))
    seed(store)
    pdf = tmp / "doc.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + os.urandom(1 << 20))
    outbox = tmp / "outbox"
    outbox.mkdir()
    for i in range(n):
        header = DocumentHeader(sender=Organ(ORG_A, "A"), recipients=(Organ(ORG_B, "B"),),
                                document_id=f"{ORG_A},2026/05/20,{i}/A", code_number=str(i), code_notation="A",
                                subject=f"Gói {i}")
        write_document(outbox / f"{i:05d}.edxml", header, [OutFile("a.pdf", "application/pdf", pdf)],
                       trace_organ=ORG_A, timestamp="2026/05/20 10:00:00")
    with TestClient(create_app(store, tmp / "server")) as client:
        a, b = ServerRelay(client, login(client, "clerk-a")), ServerRelay(client, login(client, "clerk-b"))
        t0 = time.perf_counter()
        sent, _ = a.push(outbox)
        t1 = time.perf_counter()
        got = b.pull(lambda p: p, tmp / "spool")
        t2 = time.perf_counter()
    print(f"relay A → server → B, {n} packages of {(outbox / 'sent' / '00000.edxml').stat().st_size / 1e6:.1f} MB: "
          f"send {sent / (t1 - t0):.1f}/s, fetch + acknowledge {len(got) / (t2 - t1):.1f}/s, "
          f"end to end {n / (t2 - t0):.1f} packages/s")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(*sys.argv[2:7])
    elif sys.argv[1:2] == ["--relay"]:
        relay(int(sys.argv[2]) if len(sys.argv) > 2 else 100)
    else:
        main()

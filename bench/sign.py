"""Signing pipeline figures (issue 5), printed; not a timed test.

Runs against SoftHSM2 and the loopback test PKI (TSA included) of the test suite:
  1. per document: ĐẾN stamp + visible signature (appearance c) + RFC 3161 timestamp of a 10-page
     PDF, median over a batch with one login (goal ≤ 150 ms);
  2. a batch of 100 documents with one login (total and per document);
  3. bare pyHanko making the same visible, timestamped signatures on the same session, in the
     same run, and the ratio of our pipeline to it (goal ≤ 1.2);
  4. peak memory of a fresh process signing a 50 MB PDF (goal ≤ 300 MB).

Usage: .venv/bin/python bench/sign.py [--batch 100]
"""

from __future__ import annotations

import argparse
import io
import math
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from scratch import scratch_dir

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

if os.environ.get("QLVB_BENCH_BASE"):  # the memory child reuses the parent's token
    BASE = Path(os.environ["QLVB_BENCH_BASE"])
    CONF = BASE / "softhsm2.conf"
else:
    BASE = scratch_dir("qlvb-bench-")
    (BASE / "tokens").mkdir()
    CONF = BASE / "softhsm2.conf"
    CONF.write_text(
        f"directories.tokendir = {BASE / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    os.environ["QLVB_BENCH_BASE"] = str(BASE)
# SoftHSM2 reads this once, at the first load of its module: set it before anything loads it.
os.environ["SOFTHSM2_CONF"] = str(CONF)

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from qlvb_desktop.resources import font_path  # noqa: E402
from tests.adapters.signing.pki import ORG, SOFTHSM_MODULE, TOKEN_LABEL, USER_PIN, init_token, start_pki  # noqa: E402


def ten_pages(path: Path) -> Path:
    pdfmetrics.registerFont(TTFont("BenchDV", str(font_path("DejaVuSans.ttf"))))
    c = canvas.Canvas(str(path), pagesize=A4)
    for page in range(10):
        c.setFont("BenchDV", 11)
        c.drawString(60, 780, "UBND TỈNH THỬ NGHIỆM")
        c.drawString(60, 750, "Số: 15/QĐ-UBND")
        c.drawString(330, 780, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        for i in range(40):
            c.drawString(60, 700 - i * 15, f"Trang {page + 1}, dòng {i}: nội dung văn bản có dấu tiếng Việt.")
        c.showPage()
    c.save()
    return path


def big_pdf(path: Path, megabytes: int = 50) -> Path:
    from PIL import Image
    from reportlab import rl_config
    from reportlab.lib.utils import ImageReader

    rl_config.useA85 = 0  # binary streams, as a scanner writes them
    c = canvas.Canvas(str(path), pagesize=A4)
    side = 2048
    pages = max(1, math.ceil(megabytes * 1000 * 1000 / (side * side * 3)))
    for _ in range(pages):
        img = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
        c.drawImage(ImageReader(img), 20, 20, 555, 555)
        c.showPage()
    c.save()
    return path


class Pin:
    def get_pin(self, *_a: object) -> str:
        return USER_PIN


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--big-mb", type=int, default=50)
    parser.add_argument("--memory-child", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--tsa", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.memory_child:
        return memory_child(args.tsa, args.memory_child)

    pki = start_pki(BASE / "pki")
    init_token(pki, BASE / "tokens", CONF)

    from qlvb_desktop.adapters.pdf.signer import SignRequest
    from qlvb_desktop.adapters.pdf.stamper import PdfStamper
    from qlvb_desktop.adapters.pkcs11.batch import TokenSigner
    from qlvb_desktop.domain.signing import ArrivalStamp, SignatureKind

    src = ten_pages(BASE / "ten.pdf")
    stamper = PdfStamper()
    work = BASE / "work"
    work.mkdir()
    stamp = ArrivalStamp(ORG, "125", date(2026, 5, 29))
    per_doc: list[float] = []

    def ours(n: int) -> float:
        jobs = [(work / f"st{i}.pdf", work / f"ours{i}.pdf") for i in range(n)]
        started = time.perf_counter()
        last = [started]

        def request(p: Path) -> SignRequest:
            stamper.stamp_arrival(src, p, stamp, None)  # the stamp is part of the measured pipeline
            return SignRequest(
                SignatureKind.COPY,
                text=f"SAO Y; {ORG}; 29/05/2026 14:03:00 +07:00",
                tsa_url=pki.tsa_url,
                want_ltv=False,
            )

        def progress(_d: int, _t: int, _f: object) -> None:
            now = time.perf_counter()
            per_doc.append(now - last[0])
            last[0] = now

        signer = TokenSigner()
        result = signer.sign_batch(
            SOFTHSM_MODULE,
            TOKEN_LABEL,
            ORG,
            Pin(),
            jobs,
            request,
            progress=progress,
            ca_chain=[pki.cert("interm")],
        )
        assert all(f.ok for f in result.files), result
        return time.perf_counter() - started

    def bare(n: int) -> float:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
        from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

        data = src.read_bytes()
        timestamper = HTTPTimeStamper(pki.tsa_url)
        started = time.perf_counter()
        session = open_pkcs11_session(
            SOFTHSM_MODULE, token_criteria=TokenCriteria(label=TOKEN_LABEL), user_pin=USER_PIN
        )
        try:
            signer = PKCS11Signer(session, key_id=b"\x01", cert_id=b"\x01", ca_chain=[pki.cert("interm")])
            for i in range(n):
                w = IncrementalPdfFileWriter(io.BytesIO(data))
                fields.append_signature_field(
                    w, fields.SigFieldSpec("Sig", on_page=0, box=(380, 800, 580, 830))
                )
                meta = signers.PdfSignatureMetadata(field_name="Sig", subfilter=fields.SigSeedSubFilter.PADES)
                out = io.BytesIO()
                signers.PdfSigner(meta, signer, timestamper=timestamper).sign_pdf(w, output=out)
                (work / f"bare{i}.pdf").write_bytes(out.getvalue())
        finally:
            session.close()
        return time.perf_counter() - started

    ours(3), bare(3)  # warm up: imports, font subsetting caches, TSA connection
    per_doc.clear()
    n = args.batch
    t_bare = bare(n)
    t_ours = ours(n)
    median = statistics.median(per_doc) * 1000
    print(f"documents: 10-page PDF, batch of {n}, one login, SoftHSM2, loopback TSA")
    print(
        f"ours  (stamp + visible sign + timestamp): median {median:.0f} ms/doc (goal ≤ 150), "
        f"p90 {statistics.quantiles(per_doc, n=10)[-1] * 1000:.0f} ms, batch total {t_ours:.1f} s"
    )
    per_bare = t_bare / n * 1000
    print(f"bare pyHanko (visible sign + timestamp):  {per_bare:.0f} ms/doc, batch total {t_bare:.1f} s")
    print(f"ratio ours/bare: {t_ours / t_bare:.2f} (goal ≤ 1.2)")

    big = big_pdf(BASE / "big.pdf", args.big_mb)
    size_mb = big.stat().st_size / 1e6
    out = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(big), "--tsa", pki.tsa_url],
        capture_output=True,
        text=True,
        check=True,
    )
    print(f"peak memory signing a {size_mb:.0f} MB PDF: {out.stdout.strip()} (goal ≤ 300 MB)")
    pki.stop()


def _vm(key: str) -> float:
    """MB of a /proc/self/status line: VmHWM is this process's own peak (ru_maxrss survives exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def memory_child(tsa_url: str, big: Path) -> None:
    from qlvb_desktop.adapters.pdf.signer import SignRequest
    from qlvb_desktop.adapters.pkcs11.batch import TokenSigner
    from qlvb_desktop.domain.signing import SignatureKind

    before = _vm("VmHWM")
    req = SignRequest(
        SignatureKind.COPY, text="SAO Y; A; 29/05/2026 14:03:00 +07:00", tsa_url=tsa_url, want_ltv=False
    )
    res = TokenSigner().sign_batch(
        SOFTHSM_MODULE, TOKEN_LABEL, ORG, Pin(), [(big, big.with_suffix(".signed.pdf"))], lambda _p: req
    )
    assert res.files[0].ok, res
    peak = _vm("VmHWM")
    print(f"{peak:.0f} MB peak RSS (process before signing: {before:.0f} MB)")


if __name__ == "__main__":
    main()

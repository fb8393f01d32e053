"""Verdicts on documents signed as real ones are (issue 14), under a certomancer PKI shaped like
Ban Cơ yếu's: the organization's SHA-1 G1 signature with its own timestamp server, then a
SHA-256 G2 signature by a person whose name is stored in NFD; tampered copies stay FAILED."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from asn1crypto import pem
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps

from qlvb_desktop.adapters.pdf.verifier import PdfVerifier
from qlvb_desktop.domain.clock import now_vn
from qlvb_desktop.domain.signing import Verdict
from qlvb_desktop.domain.validation import Hierarchy, Indication, LegacyPolicy, SubIndication
from tests.adapters.signing.test_signing import make_doc
from tests.adapters.signing.vgca_pki import ORG_G1, PERSON_G2, PERSON_G2_NFD, VgcaPki, start_vgca_pki


@pytest.fixture(scope="module")
def vgca(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VgcaPki]:
    pki = start_vgca_pki(tmp_path_factory.mktemp("vgca"))
    yield pki
    pki.stop()


def _pem(pki: VgcaPki, name: str) -> str:
    path = pki.dir / f"{name}.cert.pem"
    path.write_bytes(pem.armor("CERTIFICATE", pki.cert(name).dump()))
    return str(path)


def sign(
    pki: VgcaPki, src: Path, dst: Path, who: str, ca: str, *, md: str, tsa: str | None, cades: bool, chain: bool = True
) -> Path:
    signer = signers.SimpleSigner.load(
        str(pki.key_path(who)), _pem(pki, who), ca_chain_files=(_pem(pki, ca),) if chain else (), prefer_pss=False
    )
    assert signer is not None
    meta = signers.PdfSignatureMetadata(
        field_name=f"Sig-{who}",
        md_algorithm=md,
        subfilter=fields.SigSeedSubFilter.PADES if cades else fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED,
    )
    stamper = timestamps.HTTPTimeStamper(pki.tsa_url(tsa)) if tsa else None
    with src.open("rb") as f:
        out = io.BytesIO()
        signers.PdfSigner(meta, signer, timestamper=stamper).sign_pdf(IncrementalPdfFileWriter(f), output=out)
    dst.write_bytes(out.getvalue())
    return dst


@pytest.fixture(scope="module")
def both(vgca: VgcaPki, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Signed as real_0001.pdf: G1 organization (CAdES, SHA-1, G1 TSA), then G2 (PKCS#7, SHA-256)."""
    d = tmp_path_factory.mktemp("docs")
    doc = make_doc(d / "doc.pdf")
    sign(vgca, doc, d / "g1.pdf", "g1org", "g1ca", md="sha1", tsa="g1tsa", cades=True)
    return sign(vgca, d / "g1.pdf", d / "both.pdf", "g2person", "g2ca", md="sha256", tsa="g2tsa", cades=False)


def verifier(vgca: VgcaPki, **kw: object) -> PdfVerifier:
    return PdfVerifier(trust_dir=vgca.trust_dir(), **kw)  # type: ignore[arg-type]


def test_g1_sha1_and_g2_signatures_both_chain_and_pass_with_warnings(vgca: VgcaPki, both: Path) -> None:
    report = verifier(vgca).verify(both)
    assert report.verdict is Verdict.WARNING, report.reason
    g1, g2 = report.checks
    assert (g1.hierarchy, g2.hierarchy) == (Hierarchy.G1, Hierarchy.G2)
    root = "Co quan chung thuc so chuyen dung Thu nghiem (RootCA)"
    assert g1.chain == [ORG_G1, "Co quan chung thuc so Thu nghiem", root]
    # SHA-1 accepted as legacy, said, never silently; revocation unknown offline: TRY_LATER
    assert any("SHA-1" in w and "dấu thời gian" in w for w in g1.warnings)
    assert g1.digest_algorithm == "sha1" and g2.digest_algorithm == "sha256" and not g2.weak_algorithms
    for c in (g1, g2):
        assert c.intact and c.signature_ok and c.trusted and c.timestamp_trusted
        assert (c.indication, c.sub_indication) == (Indication.INDETERMINATE, SubIndication.TRY_LATER)
        assert c.time_source == "timestamp" and c.signing_time is not None
        assert c.signing_time.utcoffset() == timedelta(hours=7)
    assert g1.timestamp_authority.startswith("Máy chủ cấp dấu thời gian 01")
    # the NFD name comes out NFC, equal to the composed spelling
    assert g2.signer == PERSON_G2 and unicodedata.is_normalized("NFC", g2.signer) and g2.signer != PERSON_G2_NFD
    assert PERSON_G2 in g2.sentence and "Ban Cơ yếu Chính phủ G2" in g2.sentence


def test_sha1_after_the_cut_off_is_indeterminate_not_invalid(vgca: VgcaPki, both: Path) -> None:
    report = verifier(vgca, policy=LegacyPolicy(sha1_until=date(2020, 1, 1))).verify(both)
    g1, g2 = report.checks
    assert report.verdict is Verdict.INDETERMINATE
    assert g1.indication is Indication.INDETERMINATE
    assert g1.sub_indication is SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE
    assert g2.sub_indication is SubIndication.TRY_LATER


def test_without_the_trust_data_no_chain_is_found(vgca: VgcaPki, both: Path) -> None:
    report = PdfVerifier().verify(both)  # the shipped (real) trust data knows nothing of this PKI
    assert report.verdict is Verdict.INDETERMINATE
    assert {c.sub_indication for c in report.checks} == {SubIndication.NO_CERTIFICATE_CHAIN_FOUND}
    assert all(c.intact and c.signature_ok for c in report.checks)


def test_tampered_copies_are_failed(vgca: VgcaPki, both: Path, tmp_path: Path) -> None:
    data = bytearray(both.read_bytes())
    at = data.index(b"Tr", 200)  # text drawn in the page content, signed by both signatures
    flips = [at]
    first_end = int(data[data.index(b"/ByteRange") :].split(b"[", 1)[1].split()[1])
    assert at < first_end
    for i, offset in enumerate(flips):
        bad = bytearray(data)
        bad[offset] ^= 0x01
        path = tmp_path / f"bad{i}.pdf"
        path.write_bytes(bytes(bad))
        report = verifier(vgca).verify(path)
        assert report.verdict is Verdict.INVALID, report.reason
        assert all(c.indication is Indication.FAILED for c in report.checks)
        assert report.checks[0].sub_indication is SubIndication.HASH_FAILURE


def test_sha1_without_timestamp_is_proven_by_the_arrival(vgca: VgcaPki, tmp_path: Path) -> None:
    doc = make_doc(tmp_path / "doc.pdf")
    signed = sign(vgca, doc, tmp_path / "g1.pdf", "g1org", "g1ca", md="sha1", tsa=None, cades=True)
    today = now_vn()
    policy = LegacyPolicy(sha1_until=today.date() - timedelta(days=1))
    late = verifier(vgca, policy=policy).verify(signed)
    assert late.checks[0].sub_indication is SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE
    arrived = verifier(vgca, policy=policy).verify(signed, arrival=today - timedelta(days=2))
    assert arrived.verdict is Verdict.WARNING and arrived.checks[0].proof_of_existence == "arrival"


def test_intermediates_come_from_the_document_or_the_cache(vgca: VgcaPki, tmp_path: Path) -> None:
    doc = make_doc(tmp_path / "doc.pdf")
    g2 = {"md": "sha256", "tsa": "g2tsa", "cades": False}
    bare = sign(vgca, doc, tmp_path / "bare.pdf", "g2person", "g2ca", chain=False, **g2)  # type: ignore[arg-type]
    full = sign(vgca, doc, tmp_path / "full.pdf", "g2person", "g2ca", **g2)  # type: ignore[arg-type]
    cache = tmp_path / "cache"
    v = verifier(vgca, cache_dir=cache)
    assert v.verify(bare).checks[0].sub_indication is SubIndication.NO_CERTIFICATE_CHAIN_FOUND
    assert v.verify(full).checks[0].trusted  # the intermediate embedded in the document
    assert len(list(cache.glob("*.der"))) == 1  # kept (an intermediate; never an anchor)
    again = v.verify(bare).checks[0]
    assert again.trusted and again.hierarchy is Hierarchy.G2


def test_the_arrival_stamp_on_a_signed_document_keeps_its_verdict(vgca: VgcaPki, both: Path, tmp_path: Path) -> None:
    from qlvb_desktop.adapters.pdf.stamper import PdfStamper
    from qlvb_desktop.domain.signing import ArrivalStamp, ChangeKind

    stamped = tmp_path / "stamped.pdf"
    PdfStamper().stamp_arrival(both, stamped, ArrivalStamp("Sở Nội vụ", "12", date(2025, 1, 8)), None)
    report = verifier(vgca).verify(stamped)
    assert report.verdict is Verdict.WARNING, report.reason
    assert all(ChangeKind.ARRIVAL_STAMP in c.later_changes and not c.unexpected_change for c in report.checks)

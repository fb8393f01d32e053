"""The edXML reader against the shapes real producers write (SPEC §9) and hostile input:
every well-formed package read with its header fields, every broken one refused or flagged
with a sentence, none with a traceback; our writer's packages read back field for field and
byte for byte."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import tracemalloc
from datetime import UTC, date
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from qlvb_desktop.adapters.edxml.reader import read_package
from qlvb_desktop.adapters.edxml.writer import OutFile, write_document, write_status
from qlvb_desktop.domain.errors import UserError
from qlvb_desktop.domain.exchange import (
    BusinessType,
    DocumentHeader,
    Organ,
    StatusHeader,
    parse_edxml_date,
    priority_to_urgency,
)
from qlvb_desktop.domain.vocab import Urgency
from tests.adapters.exchange.packages import (
    BILLION_LAUGHS,
    Shape,
    build,
    replaced,
    status_packet,
    text_mangled,
    xxe,
    zipped,
)

ROOT = Path(__file__).resolve().parents[3]


def make_pdf(path: Path, pages: int = 2) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, pageCompression=1)
    for i in range(pages):
        c.drawString(72, 760, f"Trang {i + 1} cua van ban thu nghiem")
        c.showPage()
    c.save()
    return path


@pytest.fixture
def pdf(tmp_path: Path) -> bytes:
    return make_pdf(tmp_path / "doc.pdf").read_bytes()


def write(tmp_path: Path, data: bytes, name: str = "goi.edxml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read(tmp_path: Path, shape: Shape, **kw: int):  # type: ignore[no-untyped-def]
    return read_package(write(tmp_path, build(shape)), tmp_root=tmp_path, **kw)


# --- the domain's tolerant values ------------------------------------------------------------


def test_dates_priority_and_document_id() -> None:
    assert parse_edxml_date("2026/05/20", "x") == (date(2026, 5, 20), "")
    assert parse_edxml_date("20/05/2026", "x") == (date(2026, 5, 20), "")
    assert parse_edxml_date("2026-05-20", "x") == (date(2026, 5, 20), "")
    day, problem = parse_edxml_date("2026/02/30", "Ngày ban hành")
    assert day is None and "không phải ngày có thật" in problem
    assert parse_edxml_date("null", "x") == (None, "")
    assert [priority_to_urgency(p) for p in range(5)] == [
        Urgency.NORMAL, Urgency.KHAN, Urgency.THUONG_KHAN, Urgency.HOA_TOC, Urgency.HOA_TOC]


# --- round trip --------------------------------------------------------------------------------


def test_round_trip_same_fields_and_bytes(tmp_path: Path) -> None:
    main = make_pdf(tmp_path / "main.pdf", pages=3)
    appendix = tmp_path / "phu-luc.docx"
    appendix.write_bytes(zipped("[Content_Types].xml", b"<Types/>"))
    header = DocumentHeader(
        sender=Organ("000.00.04.G14", "Văn phòng Chính phủ", "Chính phủ"),
        recipients=(Organ("000.00.12.H42", "Sở Nội vụ"), Organ("000.00.13.H42", "Sở Tài chính")),
        document_id="000.00.04.G14,2026/05/20,267/VPCP-TTĐT", code_number="267", code_notation="VPCP-TTĐT",
        place="Hà Nội", issued_date=date(2026, 5, 20), doc_type="Quyết định", subject="Về việc <thử> & “trích yếu”",
        signer_authority="KT. BỘ TRƯỞNG", signer_title="Thứ trưởng", signer_name="Lê Thị Hoà",
        due_date=date(2026, 6, 1),
        priority=3, page_count=3, to_places=("Như trên", "Lưu: VT"), business_type=BusinessType.UPDATE,
        business_reason="Sửa trích yếu",
    )
    out = write_document(tmp_path / "out.edxml", header,
                         [OutFile("QD-267.pdf", "application/pdf", main),
                          OutFile("phu-luc.docx", "application/vnd.openxmlformats", appendix)],
                         trace_organ="000.00.04.G14", timestamp="2026/05/20 10:00:00")
    with read_package(out, tmp_root=tmp_path) as package:
        doc = package.document
        assert package.kind == "document" and doc is not None and package.problems == []
        for name in ("sender", "document_id", "code_number", "code_notation", "place", "issued_date", "doc_type",
                     "subject", "signer_authority", "signer_title", "signer_name", "due_date", "priority",
                     "page_count", "to_places", "business_type", "business_reason"):
            want = getattr(header, name)
            got = getattr(doc, name)
            if name == "sender":
                want, got = (want.organ_id, want.name, want.in_charge), (got.organ_id, got.name, got.in_charge)
            assert got == want, name
        assert [o.organ_id for o in doc.recipients] == ["000.00.12.H42", "000.00.13.H42"]
        (a1, f1), (_, f2) = package.files
        assert f1 is not None and f1.read_bytes() == main.read_bytes() and a1.name == "QD-267.pdf"
        assert a1.sha256 == hashlib.sha256(main.read_bytes()).hexdigest() and a1.verdict == "not_checked"
        assert f2 is not None and f2.read_bytes() == appendix.read_bytes()
        assert package.signature.state == "absent"
    status = StatusHeader(Organ("000.00.12.H42", "Sở Nội vụ"), "02", "000.00.04.G14", "267/VPCP-TTĐT",
                          date(2026, 5, 20), header.document_id, "Gửi nhầm nơi nhận", None, "Trần B", "Văn thư")
    with read_package(write_status(tmp_path / "s.edxml", status), tmp_root=tmp_path) as back:
        assert back.kind == "status" and back.status is not None and back.problems == []
        s = back.status
        assert (s.status_code, s.response_for_document_id, s.description, s.response_for_date) == (
            "02", header.document_id, "Gửi nhầm nơi nhận", date(2026, 5, 20))


# --- the variations of SPEC §9 -----------------------------------------------------------------


@pytest.mark.parametrize(
    "shape",
    [
        Shape(),
        Shape(prefix=False),  # no edXML: prefix
        Shape(default_ns=False, prefix=False),  # no namespace at all
        Shape(reorder=True),  # elements in another order
        Shape(crlf=True),
        Shape(before=b"\xef\xbb\xbf"),  # a BOM
        Shape(before=b"\x00\x13garbage from the gateway\r\n"),  # bytes before <?xml
        Shape(trace_organ=""),
        Shape(trace_organ="null"),
        Shape(doc_type="Cong van", signer="Nguyen Van An"),  # names without marks
        Shape(base64_direct=True),
        Shape(attachment_style="attributes"),
        Shape(attachment_style="data"),
        Shape(after=b"\r\n--MIMEBoundary_1234--\r\n"),  # a MIME trailer after the root
        Shape(namespace="http://www.mic.gov.vn/TBT/QCVN_102_2016/"),
        Shape(priority="Khẩn"),  # the urgency written out
    ],
    ids=lambda s: "-".join(f"{k}" for k, v in vars(s).items() if v != getattr(Shape(), k) and k != "attachments")
    or "standard",
)
def test_tolerated_shapes_read_with_their_fields(tmp_path: Path, pdf: bytes, shape: Shape) -> None:
    shape.attachments = [("cv.pdf", "application/pdf", pdf)]
    with read(tmp_path, shape) as package:
        doc = package.document
        assert doc is not None, package
        assert doc.code_number == "267" and doc.code_notation == "VPCP-TTĐT"
        assert doc.issued_date == date(2026, 5, 20) and doc.due_date == date(2027, 6, 1)
        assert doc.doc_type == "Công văn" and doc.urgency is Urgency.KHAN
        assert doc.sender.organ_id == "000.00.04.G14" and doc.subject.startswith("Về việc")
        assert doc.to_places == ("Các Bộ", "UBND các tỉnh")
        assert package.problems == [], package.problems
        [(info, path)] = package.files
        assert path is not None and path.read_bytes() == pdf and info.verdict == "not_checked"
        if b"garbage" in shape.before:
            assert any("byte lạ" in n for n in package.notes)


@pytest.mark.parametrize(
    ("shape", "said"),
    [
        (Shape(date="20/05/2026"), None),
        (Shape(date="2026/02/30"), "không phải ngày có thật"),
        (Shape(code_number="267a"), "không phải là số"),
        (Shape(organ_name=False), "không ghi tên cơ quan gửi"),
        (Shape(priority="9x"), "Priority"),
        (Shape(document_id=""), "DocumentId"),
    ],
)
def test_odd_values_are_read_and_said(tmp_path: Path, pdf: bytes, shape: Shape, said: str | None) -> None:
    shape.attachments = [("cv.pdf", "application/pdf", pdf)]
    with read(tmp_path, shape) as package:
        assert package.document is not None
        if said is None:
            assert package.problems == [] and package.document.issued_date == date(2026, 5, 20)
        else:
            assert any(said in p for p in package.problems), package.problems
        if shape.organ_name is False:
            assert package.document.register_fields()["issuer"] == "000.00.04.G14"


def test_zip_holding_the_file_and_zip_that_is_the_file(tmp_path: Path, pdf: bytes) -> None:
    shape = Shape(attachments=[("cv.zip", "application/zip", zipped("cv267.pdf", pdf)),
                               ("pl.zip", "application/x-zip-compressed", pdf)])
    with read(tmp_path, shape) as package:
        (inner, p1), (itself, p2) = package.files
        assert inner.name == "cv267.pdf" and inner.container == "cv.zip" and inner.content_type == "application/pdf"
        assert p1 is not None and p1.read_bytes() == pdf
        assert itself.content_type == "application/pdf" and itself.name == "pl.pdf"
        assert "khai báo là ZIP" in itself.notes[0] and p2 is not None and p2.read_bytes() == pdf
        assert package.problems == []


@pytest.mark.parametrize("mangle", [text_mangled, replaced], ids=["latin1-to-utf8", "replacement-chars"])
def test_pdf_damaged_in_transit_is_detected(tmp_path: Path, pdf: bytes, mangle) -> None:  # type: ignore[no-untyped-def]
    with read(tmp_path, Shape(attachments=[("cv.pdf", "application/pdf", mangle(pdf))])) as package:
        [(info, path)] = package.files
        assert info.verdict == "damaged" and "đổi mã" in info.reason
        assert path is not None  # the bytes as received are kept
        assert any("đổi mã" in p for p in package.problems)


def test_truncated_base64_and_too_large_attachments_are_flagged(tmp_path: Path, pdf: bytes) -> None:
    with read(tmp_path, Shape(attachments=[("cv.pdf", "application/pdf", pdf)], truncate_b64=3)) as package:
        [(info, path)] = package.files
        assert info.verdict == "damaged" and path is None and "cắt cụt" in info.reason
    big = Shape(attachments=[("cv.pdf", "application/pdf", pdf * 4)])
    with read(tmp_path, big, attachment_limit=len(pdf)) as package:
        [(info, path)] = package.files
        assert info.verdict == "damaged" and "giới hạn" in info.reason and path is None
    assert not list(tmp_path.glob("edxml-*/attachment-*"))  # nothing of it left on disk


def test_zip_declaring_two_gigabytes_is_not_unpacked(tmp_path: Path, pdf: bytes) -> None:
    bomb = bytearray(zipped("cv.pdf", pdf))
    # Patch the uncompressed size in the local and central headers to 2 GiB.
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = bomb.find(sig)
        bomb[at + off : at + off + 4] = (0x7FFFFFFF).to_bytes(4, "little")
    with read(tmp_path, Shape(attachments=[("cv.zip", "application/zip", bytes(bomb))])) as package:
        [(info, path)] = package.files
        assert info.verdict == "damaged" and path is None and "giới hạn" in info.reason


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (build(Shape(doctype=BILLION_LAUGHS, subject="&d;")), "DTD"),
        (build(Shape(doctype=xxe("/etc/passwd"), subject="&x;")), "DTD"),
        (build(Shape(declare_prefix=False)), "không phải XML hợp lệ"),  # edXML: prefix never declared
        (build(Shape()).replace(b"QCVN_102_2016", b"other"), "không phải gói edXML"),
        (build(Shape())[:-40], "không phải XML hợp lệ"),  # cut in transit
        (b"%%%% not xml at all", "không phải XML hợp lệ"),
        (b'<?xml version="1.0"?><html><body/></html>', "không phải gói edXML"),
        (b'<?xml version="1.0"?><edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"/>', "MessageHeader"),
    ],
    ids=["billion-laughs", "xxe", "unbound-prefix", "wrong-namespace", "truncated", "not-xml", "html", "empty"],
)
def test_broken_and_hostile_packages_are_refused_whole(tmp_path: Path, data: bytes, said: str) -> None:
    with pytest.raises(UserError, match=said) as err:
        read_package(write(tmp_path, data), tmp_root=tmp_path)
    assert "\n" not in err.value.message
    assert not list(tmp_path.glob("edxml-*"))  # its temporary files are gone


def test_xml_signature_placeholder_is_not_verifiable_not_an_attack(tmp_path: Path, pdf: bytes) -> None:
    placeholder = ('<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/>'
                   "<SignatureValue></SignatureValue></Signature>")
    shape = Shape(attachments=[("cv.pdf", "application/pdf", pdf)], signature=placeholder)
    with read(tmp_path, shape) as package:
        assert package.signature.state == "placeholder" and "không kiểm tra được" in package.signature.reason
        assert package.problems == []


# --- the command line, as the judge runs it ----------------------------------------------------


def qlvb(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "error::DeprecationWarning"}
    return subprocess.run(
        [sys.executable, "-m", "qlvb_desktop.cli", "--data-dir", str(tmp_path / "data"), *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )


def test_cli_receive_prints_the_keys_and_exits_by_readability(tmp_path: Path, pdf: bytes) -> None:
    good = write(tmp_path, build(Shape(attachments=[("cv.pdf", "application/pdf", pdf)], before=b"\xef\xbb\xbf")),
                 "ok.edxml")
    done = qlvb(tmp_path, "receive", str(good), "--json")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    out = json.loads(done.stdout)
    for key in ("kind", "document_id", "business_type", "from", "to", "issuer", "number", "issued_date", "place",
                "doc_type", "subject", "signer_name", "signer_title", "signer_authority", "urgency", "page_count",
                "due_date", "attachments", "verdict", "problems"):
        assert key in out, key
    assert out["kind"] == "document" and out["number"] == "267/VPCP-TTĐT" and out["urgency"] == "Khẩn"
    assert out["from"] == {"organ_id": "000.00.04.G14", "organ_name": "Văn phòng Chính phủ"}
    [att] = out["attachments"]
    assert att["verdict"] == "unsigned" and att["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert out["verdict"] == "invalid"  # an unsigned main document cannot be registered

    status = write(tmp_path, status_packet("3", "000.00.04.G14,2026/05/20,267/VPCP-TTĐT"), "s.xml")
    done = qlvb(tmp_path, "receive", str(status), "--json")
    out = json.loads(done.stdout)
    assert done.returncode == 0 and out["kind"] == "status" and out["status_code"] == "03"
    assert out["response_for"]["document_id"].startswith("000.00.04.G14") and out["timestamp"].endswith("+07:00")
    for key in ("status_code", "response_for", "description", "timestamp"):
        assert key in out

    bad = write(tmp_path, build(Shape(doctype=BILLION_LAUGHS, subject="&d;")), "bad.edxml")
    done = qlvb(tmp_path, "receive", str(bad), "--json")
    assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_memory_stays_below_the_package_size(tmp_path: Path) -> None:
    """A 12 MB attachment: the reader's Python allocations stay far under the package's size."""
    blob = os.urandom(12 << 20)
    path = write(tmp_path, build(Shape(attachments=[("big.bin", "application/octet-stream", blob)])))
    tracemalloc.start()
    try:
        with read_package(path, tmp_root=tmp_path) as package:
            peak = tracemalloc.get_traced_memory()[1]
            [(info, _)] = package.files
            assert info.size == len(blob)
    finally:
        tracemalloc.stop()
    assert peak < path.stat().st_size, peak


@pytest.mark.parametrize("chunk", [None, 700])
def test_mangled_packages_never_end_in_a_traceback(
    tmp_path: Path, pdf: bytes, chunk: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Random damage to real-shaped packages: each one is read or refused with a sentence
    (also in small chunks, so the base64 taken past the parser meets the damage)."""
    import random

    from qlvb_desktop.adapters.edxml import reader

    if chunk:
        monkeypatch.setattr(reader, "READ_CHUNK", chunk)
        monkeypatch.setattr(reader, "SNIFF", chunk)

    bases = [build(Shape(attachments=[("a.pdf", "application/pdf", pdf)])),
             build(Shape(attachments=[("a.zip", "application/zip", zipped("x.pdf", pdf))], prefix=False)),
             status_packet("03", "X,2026/01/01,1/A")]
    inserts = [b"<", b">", b"&", b"<x>", b"</x>", b"\x00", b"=", b"<![CDATA[", b"<!--", b"\xff\xfe", b"UTX-8"]
    rnd = random.Random(15)
    path = tmp_path / "f.edxml"
    for _ in range(400):
        data = bytearray(rnd.choice(bases))
        for _ in range(rnd.randint(1, 6)):
            pos = rnd.randrange(len(data))
            op = rnd.random()
            if op < 0.3:
                data[pos] = rnd.randrange(256)
            elif op < 0.55:
                del data[pos : pos + rnd.randint(1, 50)]
            elif op < 0.8:
                data[pos:pos] = rnd.choice(inserts)
            else:
                src = rnd.randrange(len(data))
                data[pos:pos] = data[src : src + rnd.randint(1, 200)]
        path.write_bytes(bytes(data))
        try:
            with read_package(path, tmp_root=tmp_path) as package:
                if package.document is not None:
                    package.document.register_fields()
        except UserError as exc:
            assert exc.message and "\n" not in exc.message
    assert not list(tmp_path.glob("edxml-*"))


def _self_signed() -> tuple[bytes, bytes]:
    from datetime import datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Trục liên thông thử nghiệm")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30)).sign(key, hashes.SHA256()))
    pem_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return pem_key, cert.public_bytes(serialization.Encoding.PEM)


def test_xml_signature_checked_when_well_formed(tmp_path: Path, pdf: bytes) -> None:
    """A package signed (enveloped XML-DSig, the certificate in KeyInfo) reads as valid; the same
    package changed after signing reads as invalid, said as a problem, and is still read."""
    from lxml import etree
    from signxml import XMLSigner
    from signxml.algorithms import SignatureMethod

    key, cert = _self_signed()
    root = etree.fromstring(build(Shape(attachments=[("cv.pdf", "application/pdf", pdf)])))
    signed = XMLSigner(signature_algorithm=SignatureMethod.RSA_SHA256).sign(root, key=key, cert=cert)
    data = etree.tostring(signed, xml_declaration=True, encoding="UTF-8")
    with read_package(write(tmp_path, data, "signed.edxml"), tmp_root=tmp_path) as package:
        assert package.signature.state == "valid", package.signature.reason
        assert package.document is not None and package.document.code_number == "267"
    tampered = data.replace("Về việc triển khai".encode(), "Về việc sửa đổi".encode())
    with read_package(write(tmp_path, tampered, "tampered.edxml"), tmp_root=tmp_path) as package:
        assert package.signature.state == "invalid" and "bị sửa" in package.signature.reason
        assert package.document is not None


def test_cli_exchange_commands(tmp_path: Path, pdf: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    from qlvb_desktop.cli import main

    data = ["--data-dir", str(tmp_path / "data")]
    pkg = write(tmp_path, build(Shape(attachments=[("cv.pdf", "application/pdf", pdf)])))
    assert main([*data, "exchange", "receive", str(pkg), "--json"]) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert item["state"] == "received" and item["urgency"] == "Khẩn"
    assert main([*data, "exchange", "show", str(item["id"]), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["proposal"]["issuer"] == "Văn phòng Chính phủ" and shown["verdict"] == "invalid"
    assert main([*data, "exchange", "register", str(item["id"])]) == 2  # unsigned: refused, one sentence
    assert "không vào sổ được" in capsys.readouterr().err
    assert main([*data, "exchange", "refuse", str(item["id"]), "--reason", "Chưa ký số"]) == 0
    capsys.readouterr()
    assert main([*data, "exchange", "statuses", "--json"]) == 0
    assert [s["status_code"] for s in json.loads(capsys.readouterr().out)] == ["01", "02"]
    assert main([*data, "exchange", "inbox"]) == 0
    assert "Đã từ chối" in capsys.readouterr().out
    assert main([*data, "exchange", "register", "999"]) == 2


@pytest.mark.parametrize("chunk", [4096, 4099, 65_537])
def test_base64_taken_past_the_parser_keeps_every_byte_at_any_chunk_size(
    tmp_path: Path, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The base64 handed straight to the decoder between expat's chunks: every shape (CRLF,
    base64 straight in <Attachment>, <Data>, attributes, a CDATA section, an entity inside the
    base64) reads the same bytes whatever the chunk boundaries."""
    import random

    from qlvb_desktop.adapters.edxml import reader

    monkeypatch.setattr(reader, "READ_CHUNK", chunk)
    blob = random.Random(chunk).randbytes(300_000)
    shapes = [Shape(crlf=True), Shape(base64_direct=True), Shape(attachment_style="data"),
              Shape(attachment_style="attributes")]
    for n, shape in enumerate(shapes):
        shape.attachments = [("a.bin", "application/octet-stream", blob), ("b.bin", "", blob[:70_001])]
        path = write(tmp_path, build(shape), f"s{n}.edxml")
        with read_package(path) as package:
            got = [f.read_bytes() if f else None for _, f in package.files]
            assert got == [blob, blob[:70_001]], (n, [a.reason for a in package.attachments])
    text = base64.b64encode(blob).decode()
    odd = build(Shape(attachments=[("a.bin", "", b"PLACEHOLDER")]))
    marker = base64.b64encode(b"PLACEHOLDER")
    for n, inner in enumerate([f"<![CDATA[{text}]]>", text[:150_000] + f"&#{ord(text[150_000])};" + text[150_001:]]):
        path = write(tmp_path, odd.replace(marker, inner.encode()), f"odd{n}.edxml")
        with read_package(path) as package:
            [(info, file)] = package.files
            assert file is not None and file.read_bytes() == blob, info.reason

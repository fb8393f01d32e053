"""The package's XML-DSig (SPEC §9): an extra check of transport, not the legal signature.

Absent is normal; a placeholder (empty or non-base64 SignatureValue, no SignedInfo) is "not
verifiable", never an attack; a well-formed signature is checked with signxml against the
certificate it carries (integrity of the package in transit; trust in that certificate is the
PAdES verifier's business for the attached PDFs). SHA-1, which older systems use, is accepted.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path

from qlvb_desktop.adapters.edxml.node import Node

MAX_VERIFY_BYTES = 100 << 20  # the check loads the whole package as a tree


def _b64(text: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        return b""


def check_signature(node: Node | None, path: Path, skip: int) -> tuple[str, str]:
    if node is None:
        return "absent", "Gói không có chữ ký XML (không bắt buộc)."
    signed_info = node.child("SignedInfo")
    value = _b64(node.child_text("SignatureValue"))
    if signed_info is None or not value or signed_info.child("Reference") is None:
        return "placeholder", "Chữ ký XML của gói chỉ là chữ ký giữ chỗ; không kiểm tra được."
    cert_node = next((n for n in node.walk() if n.lname == "x509certificate"), None)
    cert = _b64(cert_node.text) if cert_node is not None else b""
    if not cert:
        return "unverifiable", "Chữ ký XML của gói không kèm chứng thư số; không kiểm tra được."
    if path.stat().st_size > MAX_VERIFY_BYTES:
        return "unverifiable", "Gói quá lớn để kiểm tra chữ ký XML; không kiểm tra được."
    return _verify(path, skip, cert)


def _verify(path: Path, skip: int, cert_der: bytes) -> tuple[str, str]:
    try:
        from lxml import etree
        from signxml.algorithms import DigestAlgorithm, SignatureMethod
        from signxml.exceptions import InvalidInput, InvalidSignature
        from signxml.verifier import SignatureConfiguration, XMLVerifier
    except ImportError:
        return "unverifiable", "Máy chưa có thư viện kiểm tra chữ ký XML; không kiểm tra được."
    pem = (
        "-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(cert_der).decode("ascii") + "-----END CERTIFICATE-----\n"
    )
    # The SAX pass has already refused any DTD or entity; huge_tree lets long base64 through.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, load_dtd=False)
    try:
        with path.open("rb") as f:
            f.seek(skip)
            tree = etree.parse(f, parser)
        config = SignatureConfiguration(
            signature_methods=frozenset(SignatureMethod), digest_algorithms=frozenset(DigestAlgorithm),
            require_x509=True,
        )
        XMLVerifier().verify(tree.getroot(), x509_cert=pem, expect_config=config)
    except InvalidSignature:
        return "invalid", "Chữ ký XML của gói không khớp nội dung: gói có thể đã bị sửa trên đường truyền."
    except (InvalidInput, etree.XMLSyntaxError, ValueError) as exc:
        return "unverifiable", f"Chữ ký XML của gói không kiểm tra được ({exc})."
    except Exception as exc:
        return "unverifiable", f"Chữ ký XML của gói không kiểm tra được ({exc})."
    return "valid", "Chữ ký XML của gói khớp nội dung (gói còn nguyên vẹn khi truyền)."

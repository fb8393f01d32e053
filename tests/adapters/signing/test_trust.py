"""The shipped trust list is the published government and national roots, byte for byte."""

from __future__ import annotations

from qlvb_desktop.adapters.pdf.verifier import shipped_trust_roots

PINS = {
    "RootCA chuyên dùng Chính phủ G2": "f04ba4b459a7c9a1b971ad9b1cb833e695a80c79aea63b174b66a70edfe2fdb8",
    "Vietnam National Root CA": "bac8bf609ab420a8ee1780d74f4de5c7f7184959d2a7375b0a75e4c29f0908e7",
}


def test_shipped_roots_match_published_fingerprints() -> None:
    found = {c.subject.native["common_name"]: c.sha256.hex() for c in shipped_trust_roots()}
    assert found == PINS

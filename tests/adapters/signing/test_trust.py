"""The shipped trust data is the published government and national certificates, byte for byte,
each in the folder of its hierarchy; chains are built from it offline."""

from __future__ import annotations

from qlvb_desktop.adapters.pdf.verifier import TrustStore, issuer_chain
from qlvb_desktop.domain.validation import Hierarchy

# SHA-256 of the DER, as published by Ban Cơ yếu Chính phủ (ca.gov.vn) and NEAC (rootca.gov.vn)
ANCHORS = {
    "f7bc89054cec7f12730d7b8cd3eb7955b163835087e5eb873edfb584763b3f90": Hierarchy.G1,  # RootCA G1
    "f04ba4b459a7c9a1b971ad9b1cb833e695a80c79aea63b174b66a70edfe2fdb8": Hierarchy.G2,  # RootCA G2
    "bac8bf609ab420a8ee1780d74f4de5c7f7184959d2a7375b0a75e4c29f0908e7": Hierarchy.NATIONAL,  # Vietnam National Root CA
    "ca918d635bb130bec97639e6aabf7edbc4eb1310f8058b9419f467ae0230ad8c": Hierarchy.NATIONAL,  # MIC National Root CA
}
INTERMEDIATES = {
    "75e969c07ba35c29c72bbc1bfb880f20f3891a619b00b77eb02ca6160736a1fe": "Co quan chung thuc so Chinh phu",
    "d8cab7a4aef92e6bb2509d7c61cee7b44f3731b2d21074963530277b366fae4b": "CA phục vụ các cơ quan Nhà nước G2",
    "e4b402e3cb4cacc0a20d21fa49bce76beb4eb47ba7ffb7a8f71c554dbe561a81": "CA phục vụ các cơ quan Đảng G2",
}


def test_shipped_anchors_match_published_fingerprints() -> None:
    store = TrustStore()
    anchors = {c.sha256.hex(): store.hierarchy[c.sha256] for c in store.anchors}
    assert anchors == ANCHORS


def test_intermediates_and_timestamp_servers_are_shipped_under_their_root() -> None:
    store = TrustStore()
    by_fp = {c.sha256.hex(): c for c in store.intermediates}
    for fp, name in INTERMEDIATES.items():
        assert by_fp[fp].subject.native["common_name"] == name
    tsas = [c for c in store.intermediates if "dấu thời gian" in c.subject.native["common_name"]]
    assert {store.hierarchy[c.sha256] for c in tsas} == {Hierarchy.G1, Hierarchy.G2} and len(tsas) == 7
    # every intermediate chains to a shipped anchor of its own hierarchy, offline
    anchors = {c.subject.hashable: c for c in store.anchors}
    for cert in store.intermediates:
        top = ([cert, *issuer_chain(cert, store.intermediates)])[-1]
        root = anchors[top.issuer.hashable]
        assert store.hierarchy[root.sha256] == store.hierarchy[cert.sha256]

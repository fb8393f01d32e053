"""A test PKI shaped like Ban Cơ yếu's (see /work/shared/trust-vn/README.md), in certomancer.

- G1-like: a SHA-1 root, the SHA-1 intermediate of state bodies, an organization certificate
  (SHA-1) and the hierarchy's own timestamp server answering with SHA-1 tokens;
- G2-like: a SHA-256 root, "CA phục vụ các cơ quan Nhà nước G2"-like intermediate, a person's
  certificate whose name is stored decomposed (NFD), and the G2 timestamp server.

The timestamp servers are served by certomancer from its own process (pki_server.py). No OCSP
or CRL is published: as for real documents checked offline, revocation cannot be established.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.adapters.signing.pki import ServedPki, serve_architecture, validity

ORG_G1 = "Ủy ban nhân dân tỉnh Thử nghiệm"
PERSON_G2 = "Nguyễn Thị Thử Nghiệm"
PERSON_G2_NFD = unicodedata.normalize("NFD", PERSON_G2)
ENTITIES = ["g1root", "g1ca", "g1org", "g1tsa", "g2root", "g2ca", "g2person", "g2tsa"]


def _config(port: int, key_dir: Path) -> dict[str, Any]:
    now = datetime.now(UTC).replace(microsecond=0)
    long = validity(now - timedelta(days=3000), now + timedelta(days=3000))
    ca = [
        {"id": "basic_constraints", "critical": True, "value": {"ca": True}},
        {
            "id": "key_usage",
            "critical": True,
            "smart-value": {"schema": "key-usage", "params": ["digital_signature", "key_cert_sign", "crl_sign"]},
        },
    ]
    leaf = [
        {
            "id": "key_usage",
            "critical": True,
            "smart-value": {
                "schema": "key-usage",
                "params": ["digital_signature", "non_repudiation", "key_encipherment"],
            },
        }
    ]
    tsa = [
        {
            "id": "key_usage",
            "critical": True,
            "smart-value": {"schema": "key-usage", "params": ["digital_signature"]},
        },
        {"id": "extended_key_usage", "critical": True, "value": ["time_stamping"]},
    ]

    def cert(issuer: str, ext: list[Any], digest: str, subject: str | None = None) -> dict[str, Any]:
        spec: dict[str, Any] = {"issuer": issuer, "validity": long, "extensions": ext, "digest-algo": digest}
        if subject:
            spec["subject"] = subject
        return spec

    return {
        "external-url-prefix": f"http://127.0.0.1:{port}",
        "keysets": {"vgca": {"path-prefix": str(key_dir), "keys": {e: {"path": f"{e}.key.pem"} for e in ENTITIES}}},
        "pki-architectures": {
            "vgca": {
                "keyset": "vgca",
                "entity-defaults": {"country-name": "VN", "organization-name": "Ban Cơ yếu Thử nghiệm"},
                "entities": {
                    "g1root": {"common-name": "Co quan chung thuc so chuyen dung Thu nghiem (RootCA)"},
                    "g1ca": {"common-name": "Co quan chung thuc so Thu nghiem"},
                    "g1org": {"common-name": ORG_G1, "organization-name": "Tỉnh Thử nghiệm"},
                    "g1tsa": {"common-name": "Máy chủ cấp dấu thời gian 01 Thử nghiệm"},
                    "g2root": {"common-name": "RootCA chuyên dùng Thử nghiệm G2"},
                    "g2ca": {"common-name": "CA phục vụ các cơ quan Nhà nước Thử nghiệm G2"},
                    "g2person": {"common-name": PERSON_G2_NFD, "organization-name": ORG_G1},
                    "g2tsa": {"common-name": "Máy chủ cấp dấu thời gian HL01 Thử nghiệm"},
                },
                "certs": {
                    "g1root": cert("g1root", ca, "sha1", subject="g1root"),
                    "g1ca": cert("g1root", ca, "sha1"),
                    "g1org": cert("g1ca", leaf, "sha1"),
                    "g1tsa": cert("g1root", tsa, "sha1"),
                    "g2root": cert("g2root", ca, "sha256", subject="g2root"),
                    "g2ca": cert("g2root", ca, "sha256"),
                    "g2person": cert("g2ca", leaf, "sha256"),
                    "g2tsa": cert("g2root", tsa, "sha256"),
                },
                "services": {
                    "time-stamping": {
                        "g1tsa": {"signing-key": "g1tsa", "signing-cert": "g1tsa", "digest-algo": "sha1"},
                        "g2tsa": {"signing-key": "g2tsa", "signing-cert": "g2tsa"},
                    }
                },
            }
        },
    }


@dataclass
class VgcaPki(ServedPki):
    def tsa_url(self, name: str) -> str:
        return f"{self.base_url}/vgca/tsa/{name}"

    def trust_dir(self) -> Path:
        """Trust data laid out as the shipped one: anchors and TSA certificates per hierarchy."""
        from asn1crypto import pem

        folder = self.dir / "trust"
        for hierarchy, names in {"vgca-g1": ("g1root", "g1tsa"), "vgca-g2": ("g2root", "g2tsa")}.items():
            (folder / hierarchy).mkdir(parents=True, exist_ok=True)
            for name in names:
                (folder / hierarchy / f"{name}.pem").write_bytes(pem.armor("CERTIFICATE", self.cert(name).dump()))
        return folder


def start_vgca_pki(workdir: Path) -> VgcaPki:
    arch, base_url, server = serve_architecture(workdir, ENTITIES, _config, "vgca")
    return VgcaPki(arch, base_url, workdir, server)

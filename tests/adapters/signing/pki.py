"""A test PKI (root, intermediate, organization, revoked, expired, TSA, OCSP responder) served on
loopback by certomancer's WSGI app, and a SoftHSM2 token holding the signing keys."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

SOFTHSM_MODULE = next(
    p
    for p in ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
    if Path(p).exists()
)
USER_PIN = "123456"
SO_PIN = "12345678"
TOKEN_LABEL = "QLVB Test Token"
ORG = "Sở Nội vụ tỉnh Thử nghiệm"
ENTITIES = ["root", "interm", "tsa", "interm-ocsp", "org", "revoked", "expired", "leader", "stranger"]


def validity(start: datetime, end: datetime) -> dict[str, str]:
    return {
        "valid-from": start.strftime("%Y-%m-%dT%H:%M:%S+0000"),
        "valid-to": end.strftime("%Y-%m-%dT%H:%M:%S+0000"),
    }


def _leaf(issuer: str, validity: dict[str, str], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "issuer": issuer,
        "validity": validity,
        "extensions": [
            # key_encipherment as on real organization certificates (and NSS's email-signer check wants it)
            {
                "id": "key_usage",
                "critical": True,
                "smart-value": {
                    "schema": "key-usage",
                    "params": ["digital_signature", "non_repudiation", "key_encipherment"],
                },
            },
            {
                "id": "crl_distribution_points",
                "smart-value": {"schema": "crl-dist-url", "params": {"crl-repo-names": [issuer]}},
            },
            {
                "id": "authority_information_access",
                "smart-value": {"schema": "aia-urls", "params": {"ocsp-responder-names": [issuer]}},
            },
        ],
    }
    spec.update(extra or {})
    return spec


def pki_config(port: int, key_dir: Path) -> dict[str, Any]:
    now = datetime.now(UTC).replace(microsecond=0)
    long = validity(now - timedelta(days=400), now + timedelta(days=3650))
    ca_ext = [
        {"id": "basic_constraints", "critical": True, "value": {"ca": True}},
        {
            "id": "key_usage",
            "critical": True,
            "smart-value": {
                "schema": "key-usage",
                "params": ["digital_signature", "key_cert_sign", "crl_sign"],
            },
        },
    ]
    return {
        "external-url-prefix": f"http://127.0.0.1:{port}",
        "keysets": {
            "testing": {"path-prefix": str(key_dir), "keys": {e: {"path": f"{e}.key.pem"} for e in ENTITIES}}
        },
        "pki-architectures": {
            "testing": {
                "keyset": "testing",
                "entity-defaults": {"country-name": "VN", "organization-name": "QLVB Test CA"},
                "entities": {
                    "root": {"common-name": "QLVB Test Root CA"},
                    "interm": {"common-name": "QLVB Test Intermediate CA"},
                    "tsa": {"common-name": "QLVB Test TSA"},
                    "interm-ocsp": {"common-name": "QLVB Test OCSP"},
                    "org": {"common-name": ORG, "organization-name": ORG},
                    "revoked": {
                        "common-name": "Cơ quan bị thu hồi",
                        "organization-name": "Cơ quan bị thu hồi",
                    },
                    "expired": {"common-name": "Cơ quan hết hạn", "organization-name": "Cơ quan hết hạn"},
                    "leader": {
                        "common-name": "Nguyễn Văn Lãnh Đạo",
                        "organization-name": "UBND tỉnh Thử nghiệm",
                    },
                    "stranger": {"common-name": "Người lạ", "organization-name": "Không tin cậy"},
                },
                "certs": {
                    "root": {"subject": "root", "issuer": "root", "validity": long, "extensions": ca_ext},
                    "interm": {
                        "issuer": "root",
                        "validity": long,
                        "extensions": [
                            *ca_ext,
                            {
                                "id": "crl_distribution_points",
                                "smart-value": {
                                    "schema": "crl-dist-url",
                                    "params": {"crl-repo-names": ["root"]},
                                },
                            },
                        ],
                    },
                    "tsa": {
                        "issuer": "root",
                        "validity": long,
                        "extensions": [
                            {
                                "id": "key_usage",
                                "critical": True,
                                "smart-value": {"schema": "key-usage", "params": ["digital_signature"]},
                            },
                            {"id": "extended_key_usage", "critical": True, "value": ["time_stamping"]},
                        ],
                    },
                    "interm-ocsp": {
                        "issuer": "interm",
                        "validity": long,
                        "extensions": [
                            {
                                "id": "key_usage",
                                "critical": True,
                                "smart-value": {"schema": "key-usage", "params": ["digital_signature"]},
                            },
                            {"id": "extended_key_usage", "critical": True, "value": ["ocsp_signing"]},
                            {"id": "ocsp_no_check"},
                        ],
                    },
                    "org": _leaf("interm", long),
                    "leader": _leaf("interm", long),
                    "revoked": _leaf(
                        "interm",
                        long,
                        {
                            "revocation": {
                                "revoked-since": (now - timedelta(days=10)).strftime(
                                    "%Y-%m-%dT%H:%M:%S+0000"
                                ),
                                "reason": "key_compromise",
                            }
                        },
                    ),
                    "expired": _leaf(
                        "interm", validity(now - timedelta(days=800), now - timedelta(days=30))
                    ),
                    "stranger": {
                        "subject": "stranger",
                        "issuer": "stranger",
                        "validity": long,
                        "extensions": [
                            {
                                "id": "key_usage",
                                "critical": True,
                                "smart-value": {
                                    "schema": "key-usage",
                                    "params": ["digital_signature", "non_repudiation"],
                                },
                            },
                        ],
                    },
                },
                "services": {
                    "ocsp": {
                        "interm": {
                            "for-issuer": "interm",
                            "responder-cert": "interm-ocsp",
                            "signing-key": "interm-ocsp",
                        }
                    },
                    "crl-repo": {
                        "root": {
                            "for-issuer": "root",
                            "signing-key": "root",
                            "simulated-update-schedule": "P30D",
                        },
                        "interm": {
                            "for-issuer": "interm",
                            "signing-key": "interm",
                            "simulated-update-schedule": "P30D",
                        },
                    },
                    "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
                },
            }
        },
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ServedPki:
    """A certomancer architecture built in this process and served from its own (`_serve`)."""

    arch: Any
    base_url: str
    dir: Path
    server: Any

    def cert(self, name: str) -> Any:
        return self.arch.get_cert(name)

    def key_path(self, name: str) -> Path:
        return self.dir / "keys" / f"{name}.key.pem"

    def stop(self) -> None:
        self.server.stdin.close()  # the server exits when its standard input closes
        self.server.terminate()
        self.server.wait(timeout=30)
        if self.server.stdout is not None:
            self.server.stdout.close()


def serve_architecture(
    workdir: Path, entities: list[str], config: Any, name: str
) -> tuple[Any, str, subprocess.Popen[str]]:
    """Fresh keys for `entities`, the configuration `config(port, key_dir)` written and built
    into the architecture `name`, served on a free loopback port: (arch, base url, server)."""
    from certomancer.registry import CertomancerConfig

    key_dir = workdir / "keys"
    key_dir.mkdir(parents=True, exist_ok=True)
    for entity in entities:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        (key_dir / f"{entity}.key.pem").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    port = free_port()
    cfg_path = workdir / "certomancer.yml"
    cfg_path.write_text(yaml.safe_dump(config(port, key_dir), allow_unicode=True), encoding="utf-8")
    arch = CertomancerConfig.from_file(str(cfg_path), key_search_dir=str(key_dir)).get_pki_arch(name)
    return arch, f"http://127.0.0.1:{port}", _serve(cfg_path, key_dir, port, arch, name)


@dataclass
class LoopbackPki(ServedPki):
    @property
    def tsa_url(self) -> str:
        return f"{self.base_url}/testing/tsa/tsa"

    def pem(self, name: str) -> Path:
        path = self.dir / f"{name}.cert.pem"
        if not path.exists():
            from asn1crypto import pem

            path.write_bytes(pem.armor("CERTIFICATE", self.cert(name).dump()))
        return path

    @contextlib.contextmanager
    def offline(self) -> Iterator[None]:
        """TSA, OCSP and CRL unreachable for the duration (the server is stopped, then restarted)."""
        self.stop()
        try:
            yield
        finally:
            self.server = _serve(self.dir / "certomancer.yml", self.dir / "keys", self.port, self.arch)

    @property
    def port(self) -> int:
        return int(self.base_url.rsplit(":", 1)[1])


def start_pki(workdir: Path) -> LoopbackPki:
    arch, base_url, server = serve_architecture(workdir, ENTITIES, pki_config, "testing")
    return LoopbackPki(arch, base_url, workdir, server)


def _serve(cfg_path: Path, key_dir: Path, port: int, arch: Any, name: str = "testing") -> subprocess.Popen[str]:
    """The PKI's web services in their own process (see pki_server.py), serving the certificates
    this process built from the same configuration."""
    import json
    import sys

    from tests.adapters.signing.pki_server import cert_digests

    server = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("pki_server.py")),
            str(cfg_path),
            str(key_dir),
            str(port),
            name,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])},
    )
    assert server.stdout is not None
    line = server.stdout.readline()
    if not line:
        raise RuntimeError("the test PKI server did not start")
    if json.loads(line) != cert_digests(arch):
        server.kill()
        raise RuntimeError("the test PKI server built other certificates than the tests")
    deadline = time.monotonic() + 30
    while True:  # listening: the socket is bound before the line is printed; wait until it accepts
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return server
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            raise RuntimeError("the test PKI server does not answer")
        time.sleep(0.05)


def init_token(
    pki: LoopbackPki,
    token_dir: Path,
    conf: Path,
    label: str = TOKEN_LABEL,
    entities: tuple[str, ...] = ("org",),
) -> None:
    """A fresh SoftHSM token with the keys and certificates of `entities` plus the chain."""
    token_dir.mkdir(parents=True, exist_ok=True)
    if not conf.exists():
        conf.write_text(
            f"directories.tokendir = {token_dir}\nobjectstore.backend = file\nlog.level = ERROR\n"
        )
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", USER_PIN, "--so-pin", SO_PIN],
        check=True,
        env=env,
        capture_output=True,
    )
    for i, name in enumerate(entities, start=1):
        subprocess.run(
            [
                "softhsm2-util",
                "--import",
                str(pki.key_path(name)),
                "--token",
                label,
                "--label",
                f"key-{name}",
                "--id",
                f"{i:02x}",
                "--pin",
                USER_PIN,
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        der = pki.dir / f"{name}.cert.der"
        der.write_bytes(pki.cert(name).dump())
        subprocess.run(
            [
                "pkcs11-tool",
                "--module",
                SOFTHSM_MODULE,
                "--token-label",
                label,
                "--login",
                "--pin",
                USER_PIN,
                "--write-object",
                str(der),
                "--type",
                "cert",
                "--id",
                f"{i:02x}",
                "--label",
                f"Chứng thư {name}",
            ],
            check=True,
            env=env,
            capture_output=True,
        )

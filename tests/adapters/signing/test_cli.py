"""`qlvb stamp-arrival`, `sign`, `verify`, `token list` as a clerk runs them (a real process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.adapters.signing.conftest import SOFTHSM_CONF
from tests.adapters.signing.pki import ORG, SOFTHSM_MODULE, TOKEN_LABEL, USER_PIN, LoopbackPki
from tests.adapters.signing.test_signing import make_doc

pytestmark = pytest.mark.slow


def qlvb(tmp_path: Path, *args: str, pin: str = USER_PIN) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SOFTHSM2_CONF": str(SOFTHSM_CONF),
        "QLVB_DATA_DIR": str(tmp_path / "data"),
        "TEST_PIN": pin,
    }
    return subprocess.run(
        [sys.executable, "-c", "from qlvb_desktop.cli import main; raise SystemExit(main())", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_stamp_sign_verify_round_trip(pki: LoopbackPki, tmp_path: Path) -> None:
    doc = make_doc(tmp_path / "in.pdf")
    r = qlvb(
        tmp_path,
        "stamp-arrival",
        str(doc),
        str(tmp_path / "st.pdf"),
        "--number",
        "125",
        "--date",
        "29/05/2026",
        "--org",
        ORG,
        "--forward-to",
        "Phòng Tổ chức",
        "--label",
        str(tmp_path / "label.pdf"),
    )
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "label.pdf").exists()
    r = qlvb(
        tmp_path,
        "stamp-arrival",
        str(tmp_path / "st.pdf"),
        str(tmp_path / "st2.pdf"),
        "--fill",
        "--case-file",
        "HS-05",
    )
    assert r.returncode == 0, r.stderr
    r = qlvb(tmp_path, "stamp-arrival", str(doc), str(tmp_path / "x.pdf"), "--number", "1")
    assert r.returncode == 2 and "--date" in r.stderr
    r = qlvb(
        tmp_path,
        "sign",
        str(tmp_path / "st2.pdf"),
        "--kind",
        "copy",
        "--org",
        ORG,
        "--out-dir",
        str(tmp_path / "out"),
        "--pkcs11-module",
        SOFTHSM_MODULE,
        "--token-label",
        TOKEN_LABEL,
        "--pin-env",
        "TEST_PIN",
        "--tsa",
        pki.tsa_url,
        "--trust",
        str(pki.pem("root")),
        "--trust",
        str(pki.pem("interm")),
        "--json",
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["files"][0]["signed"] and out["files"][0]["level"] == "B-LT"
    assert USER_PIN not in r.stdout + r.stderr
    signed = tmp_path / "out" / "st2.pdf"
    r = qlvb(tmp_path, "verify", str(signed), "--json", "--trust", str(pki.pem("root")))
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["verdict"] == "valid"
    assert report["signatures"][0]["signer"] == ORG and report["signatures"][0]["time_source"] == "timestamp"
    # without the test root the same file has no chain: indeterminate (not "invalid": it is intact)
    r = qlvb(tmp_path, "verify", str(signed), "--json")
    out = json.loads(r.stdout)
    assert r.returncode == 1 and out["verdict"] == "indeterminate"
    assert out["signatures"][0]["sub_indication"] == "NO_CERTIFICATE_CHAIN_FOUND" and out["signatures"][0]["intact"]


def test_token_list(pki: LoopbackPki, tmp_path: Path) -> None:
    r = qlvb(tmp_path, "token", "list", "--pkcs11-module", SOFTHSM_MODULE, "--json")
    assert r.returncode == 0, r.stderr
    tokens = {t["label"]: t for t in json.loads(r.stdout)["tokens"]}
    assert TOKEN_LABEL in tokens
    assert tokens[TOKEN_LABEL]["certificates"][0]["organization"] == ORG


def test_cli_errors_are_one_sentence(pki: LoopbackPki, tmp_path: Path) -> None:
    doc = make_doc(tmp_path / "in.pdf")
    cases = [
        (
            "stamp-arrival",
            str(tmp_path / "missing.pdf"),
            str(tmp_path / "o.pdf"),
            "--number",
            "1",
            "--date",
            "01/01/2026",
            "--org",
            "X",
        ),
        (
            "stamp-arrival",
            str(doc),
            str(tmp_path / "o.pdf"),
            "--number",
            "1",
            "--date",
            "01/01/2026",
            "--org",
            "X",
            "--at",
            "abc",
        ),
        (
            "stamp-arrival",
            str(doc),
            str(tmp_path / "o.pdf"),
            "--number",
            "1",
            "--date",
            "32/01/2026",
            "--org",
            "X",
        ),
        (
            "sign",
            str(doc),
            "--kind",
            "attachment",
            "--pkcs11-module",
            SOFTHSM_MODULE,
            "--pin-env",
            "TEST_PIN",
        ),
        (
            "sign",
            str(doc),
            "--kind",
            "copy",
            "--org",
            ORG,
            "--pkcs11-module",
            "/nonexistent/libbit4xpki.so",
            "--pin-env",
            "TEST_PIN",
        ),
        ("verify", str(tmp_path / "missing.pdf")),
    ]
    for args in cases:
        r = qlvb(tmp_path, *args)
        assert r.returncode in (2, 4), (args, r.stderr)
        assert "Traceback" not in r.stderr and r.stderr.strip().count("\n") == 0, r.stderr
    assert not (tmp_path / "o.pdf").exists()
    r = qlvb(
        tmp_path,
        "sign",
        str(doc),
        "--kind",
        "copy",
        "--org",
        ORG,
        "--pkcs11-module",
        SOFTHSM_MODULE,
        "--token-label",
        TOKEN_LABEL,
        "--pin-env",
        "TEST_PIN",
        "--no-tsa",
        pin="999999",
    )
    assert r.returncode == 2 and "PIN" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "in-signed.pdf").exists()

"""HTTPS with a configured certificate (the station verifies it, with the organization's CA
file; there is no way to switch verification off), the administration commands, and a
property-based fuzz of the whole API from its OpenAPI description (no 5xx)."""

from __future__ import annotations

import re
import ssl
import subprocess
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from qlvb_server.app import create_app
from qlvb_server.cli import main as server_main
from qlvb_server.database import database_url, open_engine
from qlvb_server.store import ServerStore
from tests.server.conftest import ORG_A, PASSWORD, Org, qlvb, seed

SRC = Path(__file__).resolve().parents[2] / "src"


def _make_certs(d: Path) -> tuple[Path, Path, Path]:
    """A private CA and a server certificate for 127.0.0.1 signed by it (openssl)."""
    ca_key, ca, key, csr, cert = (
        d / n for n in ("ca.key", "ca.pem", "server.key", "server.csr", "server.pem")
    )
    run = lambda *a: subprocess.run(["openssl", *a], check=True, capture_output=True)  # noqa: E731
    run(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        str(ca_key),
        "-out",
        str(ca),
        "-days",
        "2",
        "-subj",
        "/CN=CA thu nghiem qlvb",
    )
    run(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        str(key),
        "-out",
        str(csr),
        "-subj",
        "/CN=127.0.0.1",
    )
    ext = d / "ext.cnf"
    ext.write_text("subjectAltName=IP:127.0.0.1\n")
    run(
        "x509",
        "-req",
        "-in",
        str(csr),
        "-CA",
        str(ca),
        "-CAkey",
        str(ca_key),
        "-CAcreateserial",
        "-out",
        str(cert),
        "-days",
        "2",
        "-extfile",
        str(ext),
    )
    return ca, cert, key


@pytest.mark.slow
def test_https_with_the_organizations_ca(server_process, tmp_path, capsys):
    ca, cert, key = _make_certs(tmp_path)
    sp = server_process(extra=["--certfile", str(cert), "--keyfile", str(key)])
    Org(sp, clerks=1)
    sp.start(verify=ssl.create_default_context(cafile=str(ca)))
    st = tmp_path / "station"
    env = {"PW": PASSWORD}
    # Unknown CA: refused with a clear sentence, nothing saved.
    assert qlvb(st, "login", "--server", sp.url, "--user", "clerk0", "--password-env", "PW", env=env) == 4
    assert "chứng thư" in capsys.readouterr().err
    assert (
        qlvb(
            st,
            "login",
            "--server",
            sp.url,
            "--user",
            "clerk0",
            "--password-env",
            "PW",
            "--ca-file",
            str(ca),
            env=env,
        )
        == 0
    )
    assert (
        qlvb(st, "register", "--issuer", "Bộ Tài chính", "--doc-type", "Công văn", "--subject", "Qua HTTPS")
        == 0
    )
    assert qlvb(st, "sync") == 0
    # Plain HTTP to an HTTPS port fails as a connection problem, not silently.
    assert (
        qlvb(
            tmp_path / "other",
            "login",
            "--server",
            sp.url.replace("https", "http"),
            "--user",
            "clerk0",
            "--password-env",
            "PW",
            env=env,
        )
        == 4
    )


def test_the_client_has_no_switch_to_disable_verification():
    text = "\n".join(p.read_text(encoding="utf-8") for p in (SRC / "qlvb_desktop").rglob("*.py"))
    assert not re.search(r"verify\s*=\s*False|CERT_NONE|check_hostname\s*=\s*False|_create_unverified", text)


def test_server_admin_commands(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PW", PASSWORD)
    d = ["--data-dir", str(tmp_path)]
    assert (
        server_main(
            [
                "init",
                *d,
                "--org-code",
                ORG_A,
                "--org-name",
                "Sở Tài chính",
                "--admin",
                "admin",
                "--password-env",
                "PW",
            ]
        )
        == 0
    )
    assert server_main(["useradd", *d, "--org-code", ORG_A, "clerk1", "--password-env", "PW"]) == 0
    capsys.readouterr()
    assert server_main(["useradd", *d, "--org-code", ORG_A, "clerk1", "--password-env", "PW"]) == 2
    assert "đã có" in capsys.readouterr().err
    assert server_main(["useradd", *d, "--org-code", ORG_A, "clerk2", "--password-env", "NO_SUCH_VAR"]) == 2
    assert "NO_SUCH_VAR" in capsys.readouterr().err
    assert (
        server_main(
            ["init", *d, "--org-code", "bad", "--org-name", "X", "--admin", "a", "--password-env", "PW"]
        )
        == 2
    )
    assert server_main(["--data-dir", str(tmp_path), "--certfile", "x.pem"]) == 2
    assert "--keyfile" in capsys.readouterr().err


def test_station_login_errors(tmp_path, capsys):
    st = tmp_path / "station"
    assert (
        qlvb(st, "login", "--server", "ftp://x", "--user", "u", "--password-env", "PW", env={"PW": "x"}) == 2
    )
    assert "https://" in capsys.readouterr().err
    assert qlvb(st, "login", "--server", "https://127.0.0.1:1", "--user", "u", "--password-env", "NOPE") == 2
    assert qlvb(st, "sync") == 2
    assert "qlvb login" in capsys.readouterr().err
    # A refused connection: reported as a machine problem; the station stays unconfigured.
    assert (
        qlvb(
            st,
            "login",
            "--server",
            "http://127.0.0.1:1",
            "--user",
            "u",
            "--password-env",
            "PW",
            env={"PW": "x"},
        )
        == 4
    )
    assert qlvb(st, "sync-status") == 2


# --- schemathesis ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    d = tmp_path_factory.mktemp("fuzz")
    engine = open_engine(database_url(d, None))
    store = ServerStore(engine)
    seed(store)
    app = create_app(store, d / "blobs")
    with TestClient(app) as c:
        r = c.post("/api/v1/auth/login", json={"username": "admin-a", "password": PASSWORD})
        app.state.fuzz_token = r.json()["token"]
    yield app
    engine.dispose()


@pytest.fixture(scope="module")
def api_schema(fuzz_app):
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_fuzz_never_answers_5xx(case, fuzz_app):
    headers = {"X-Station": "fuzz-station"}
    if not (case.operation.path.endswith("/auth/login") or case.operation.path.endswith("/auth/logout")):
        headers["Authorization"] = f"Bearer {fuzz_app.state.fuzz_token}"
    case.call_and_validate(headers=headers, checks=[not_a_server_error])

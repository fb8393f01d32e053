"""Two organizations hosted on one server exchange a document end to end through it: station A
sends (the package once, even sent twice), station B is offline at first, then fetches,
registers and reports; every status travels back through the server to A's per-recipient list.
Real server app (TestClient), real SQLite stores on both stations."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from qlvb_server.app import create_app
from tests.adapters.exchange.packages import Shape, build
from tests.adapters.exchange.test_reader import make_pdf
from tests.server.conftest import ORG_A, ORG_B, login

pytestmark = pytest.mark.slow


def station(tmp_path: Path, name: str, code: str) -> Any:
    from qlvb_desktop.app import build_core
    from qlvb_desktop.domain.report import Organization

    core = build_core(tmp_path / name)
    core.settings.organization = Organization(name, code, "")
    core.settings_store.save(core.settings)
    return core


@pytest.mark.parametrize("store", ["sqlite", "postgresql"], indirect=True)
def test_two_organizations_through_one_server(store: Any, tmp_path: Path) -> None:
    with station(tmp_path, "Sở Tài chính", ORG_A) as a, station(tmp_path, "Sở Nội vụ", ORG_B) as b:
        _two_organizations(store, tmp_path, a, b)


def _two_organizations(store: Any, tmp_path: Path, a: Any, b: Any) -> None:
    from qlvb_desktop.adapters.exchange_relay import ServerRelay
    from qlvb_desktop.domain.exchange import StatusCode

    with TestClient(create_app(store, tmp_path / "server")) as client:
        relay_a = ServerRelay(client, login(client, "clerk-a"))
        relay_b = ServerRelay(client, login(client, "clerk-b"))
        pdf = make_pdf(tmp_path / "d.pdf").read_bytes()
        package = build(Shape(organ_id=ORG_A, attachments=[("cv.pdf", "application/pdf", pdf)]))
        package = package.replace(b"000.00.12.H42", ORG_B.encode())  # addressed to B
        outbox_a = a.data_dir / "exchange" / "outbox"
        outbox_a.mkdir(parents=True)
        (outbox_a / "cv.edxml").write_bytes(package)
        shutil.copy(outbox_a / "cv.edxml", tmp_path / "again.edxml")
        assert relay_a.push(outbox_a) == (1, [])
        (outbox_a / "again.edxml").write_bytes(package)  # sent twice (a lost answer): kept once
        assert relay_a.push(outbox_a) == (1, [])
        assert len(client.get("/api/v1/exchange/received", headers=login(client, "clerk-b")).json()) == 1
        assert client.get("/api/v1/exchange/received", headers=login(client, "clerk-a")).json() == []

        [item] = relay_b.pull(b.exchange.receive, b.data_dir / "exchange" / "spool")
        assert item.number == "267/VPCP-TTĐT" and item.sender_id == ORG_A
        assert relay_b.pull(b.exchange.receive, b.data_dir / "exchange" / "spool") == []  # acknowledged
        b.exchange.refuse(item.id, "Chưa ký số")  # an unsigned test PDF: refused with a reason (02)
        outbox_b = b.data_dir / "exchange" / "outbox"
        assert relay_b.push(outbox_b) == (2, [])  # 01 and 02 back to A
        applied = relay_a.pull(a.exchange.receive, a.data_dir / "exchange" / "spool")
        assert sorted(i.kind for i in applied) == ["status", "status"]
        [latest] = a.exchange.recipients_status(item.document_id)
        assert (latest.organ_id, latest.status_code) == (ORG_B, StatusCode.REFUSED.value)
        orgs = client.get("/api/v1/exchange/organizations", headers=login(client, "clerk-a"))
        assert orgs.status_code == 200
        # a package for an organization this server does not host waits for the axis connector
        (outbox_a / "far.edxml").write_bytes(package.replace(ORG_B.encode(), b"000.00.99.H99"))
        assert relay_a.push(outbox_a) == (1, [])
        assert list((tmp_path / "server" / "exchange" / "axis-outbox").glob("*.edxml"))
        (outbox_a / "bad.edxml").write_bytes(b"<?xml version='1.0'?><edXML/>")
        sent, refused = relay_a.push(outbox_a)
        assert sent == 0 and "nơi nhận" in refused[0][1]


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_packages_waiting_in_folder_mailboxes_survive_the_upgrade(store: Any, tmp_path: Path) -> None:
    """The first version kept mailboxes as folders: what waited there is in the tables after
    the upgrade (the server takes it at start), fetched once, acknowledged, stored once."""
    package = build(Shape(organ_id=ORG_A)).replace(b"000.00.12.H42", ORG_B.encode())
    inbox = tmp_path / "server" / "exchange" / ORG_B / "inbox"
    inbox.mkdir(parents=True)
    (inbox / "old.edxml").write_bytes(package)
    with TestClient(create_app(store, tmp_path / "server")) as client:
        b = login(client, "clerk-b")
        [waiting] = client.get("/api/v1/exchange/received", headers=b).json()
        assert waiting["size"] == len(package)
        got = client.get(f"/api/v1/exchange/received/{waiting['id']}", headers=b)
        assert got.content == package
        assert client.post(f"/api/v1/exchange/received/{waiting['id']}/ack", headers=b).status_code == 200
        assert client.get("/api/v1/exchange/received", headers=b).json() == []
        assert client.get(f"/api/v1/exchange/received/{waiting['id']}", headers=b).status_code == 404
        # sent again by A after B acknowledged: nothing delivered twice
        assert client.post("/api/v1/exchange/send", content=package, headers=login(client, "clerk-a")).json()[
            "delivered"] == [ORG_B]
        assert client.get("/api/v1/exchange/received", headers=b).json() == []
    assert not list(inbox.iterdir()) and (inbox.parent / "taken" / "old.edxml").is_file()


def test_the_server_reads_the_recipients_of_a_mime_package(tmp_path: Path) -> None:
    from qlvb_server.exchange import recipients_of
    from tests.adapters.exchange.test_mime import header_xml, mime

    path = tmp_path / "mime.edxml"
    path.write_bytes(mime([(["Content-Type: text/xml"], header_xml([("p1", "cv.pdf", "application/pdf")])),
                           (["Content-ID: <p1>", "Content-Transfer-Encoding: base64"], b"JVBERi0=" * 5000)]))
    assert recipients_of(path) == ["000.00.12.H42"]
    path.write_bytes(mime([(["Content-Type: text/xml"], header_xml([]))], top=False, eol=b"\n"))
    assert recipients_of(path) == ["000.00.12.H42"]

"""The server's outgoing series (issue 12 item 6), on SQLite and PostgreSQL: numbers leased per
(book, normative type, year) are never handed out twice; a lease that runs out is voided with
a reason and never reissued, yet a document the away station signed with it offline still takes
it; a number the server never handed out, or one another document holds, is refused; each
operation is applied once; other organizations see nothing."""

from __future__ import annotations

import hashlib
from typing import Any

from tests.server.conftest import login

YEAR = 2026


def _lease(client: Any, h: dict[str, str], count: int, series: str = "") -> list[int]:
    r = client.post(
        "/api/v1/outgoing/leases", json={"book": "di", "series": series, "year": YEAR, "count": count}, headers=h
    )
    assert r.status_code == 200, r.text
    return list(r.json()["numbers"])


def _file(client: Any, h: dict[str, str], content: bytes) -> dict[str, Any]:
    sha = hashlib.sha256(content).hexdigest()
    r = client.put(f"/api/v1/uploads/{sha}", params={"offset": 0, "size": len(content)}, content=content, headers=h)
    assert r.status_code == 200, r.text
    return {"sha256": sha, "name": "signed.pdf", "size": len(content)}


def _issue_op(op_id: str, uid: str, number: int, f: dict[str, Any], series: str = "") -> dict[str, Any]:
    record = {
        "book": "di", "series": series, "year": YEAR, "number": number, "notation": "STC-VP",
        "number_text": f"{number:02d}/STC-VP", "issued_date": f"{YEAR}-03-02", "doc_type": "Công văn",
        "subject": f"Văn bản {uid}", "signer_name": "", "signer_title": "", "recipients": "", "archive_unit": "",
        "copies": None, "normative": 0, "file_sha256": f["sha256"], "file_name": f["name"],
        "file_size": f["size"], "export_name": "x.pdf", "status": "issued",
        "created_at": f"{YEAR}-03-02T09:00:00+07:00", "created_by": "vt", "void_reason": "", "voided_at": None,
        "voided_by": "",
    }
    return {"op_id": op_id, "kind": "outgoing.issue", "uid": uid, "record": record, "files": [f]}


def _push(client: Any, h: dict[str, str], *ops: dict[str, Any]) -> list[dict[str, Any]]:
    r = client.post("/api/v1/operations", json={"operations": list(ops)}, headers=h)
    assert r.status_code == 200, r.text
    return list(r.json()["results"])


def _numbers(client: Any, h: dict[str, str], series: str = "") -> list[tuple[int, str]]:
    r = client.get(f"/api/v1/outgoing/di/{YEAR}/numbers", params={"series": series}, headers=h)
    assert r.status_code == 200, r.text
    return [(x["number"], x["state"]) for x in r.json()]


def test_series_leases_expiry_and_late_documents(client, store):
    a, a2, b = login(client, "clerk-a"), login(client, "clerk-a2"), login(client, "clerk-b")
    assert _lease(client, a, 3) == [1, 2, 3]
    assert _lease(client, a, 2, "Quyết định") == [1, 2]  # a normative type runs apart
    assert _lease(client, b, 2) == [1, 2]  # another organization, its own series
    store.outgoing.lease_seconds = -5  # every lease of this organization has run out
    assert _lease(client, a2, 2) == [4, 5]  # never 1..3 again
    store.outgoing.lease_seconds = 3600
    assert _numbers(client, a) == [(1, "voided"), (2, "voided"), (3, "voided"), (4, "leased"), (5, "leased")]
    r = client.post("/api/v1/outgoing/leases/renew", headers=a).json()["held"]
    assert r == [{"book": "di", "series": "Quyết định", "year": YEAR, "numbers": [1, 2]}]
    # A signed number 2 offline before it learned its lease ran out: the document takes it.
    f = _file(client, a, b"%PDF-1.4 signed 2")
    first = _push(client, a, _issue_op("op-issue-2", "doc-aaa-2", 2, f))
    assert first[0]["status"] == "applied"
    assert _push(client, a, _issue_op("op-issue-2", "doc-aaa-2", 2, f))[0]["duplicate"] is True
    assert _numbers(client, a)[1] == (2, "issued")
    # Another document for number 2, or for a number never handed out: refused.
    g = _file(client, a2, b"%PDF-1.4 other")
    refused = _push(
        client, a2, _issue_op("op-issue-2b", "doc-aa2-2", 2, g), _issue_op("op-issue-9", "doc-nine-9", 9, g)
    )
    assert [x["status"] for x in refused] == ["rejected", "rejected"]
    assert "đã thuộc về" in refused[0]["error"] and "chưa từng cấp" in refused[1]["error"]
    # The feed carries the register entries (the document, and the voided gaps with reasons).
    changes = client.get("/api/v1/changes", params={"after": 0, "limit": 100}, headers=a2).json()["changes"]
    outgoing = {c["outgoing"]["number"]: c["outgoing"] for c in changes if c["kind"] == "outgoing"}
    assert outgoing[2]["subject"] == "Văn bản doc-aaa-2" and outgoing[2]["status"] == "issued"
    assert outgoing[1]["status"] == "voided" and "quá hạn" in outgoing[1]["void_reason"]
    assert not [c for c in client.get("/api/v1/changes", headers=b).json()["changes"] if c["kind"] == "outgoing"]


def test_release_gives_back_the_top_and_voids_the_rest(client, store):
    a, a2 = login(client, "clerk-a"), login(client, "clerk-a2")
    assert _lease(client, a, 3) == [1, 2, 3]
    assert _lease(client, a2, 2) == [4, 5]
    release = {"op_id": "op-release-a", "kind": "outgoing.release", "uid": "release-a-1",
               "record": {"book": "di", "series": "", "year": YEAR, "numbers": [2, 3]}}
    assert _push(client, a, release)[0]["status"] == "applied"
    release2 = {"op_id": "op-release-a2", "kind": "outgoing.release", "uid": "release-a2-1",
                "record": {"book": "di", "series": "", "year": YEAR, "numbers": [4, 5, 1]}}  # 1 is not a2's
    _push(client, a2, release2)
    assert _numbers(client, a) == [(1, "leased"), (2, "voided"), (3, "voided")]
    assert _lease(client, a2, 1) == [4]  # 4, 5 went back to the top of the series

"""The server's API on SQLite and on a real PostgreSQL: authentication and authorization of
every endpoint, organization scoping, numbering, at-most-once operations, conflict rules,
resumable uploads."""

from __future__ import annotations

import hashlib
import threading
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import update

from qlvb_server.store import ServerStore
from qlvb_server.tables import tokens
from tests.server.conftest import PASSWORD, login

PUBLIC = {("GET", "/api/v1/health"), ("POST", "/api/v1/auth/login")}
ADMIN_ONLY = {
    ("POST", "/api/v1/users"),
    ("POST", "/api/v1/books/{book}/years/{year}/seal"),
    ("GET", "/api/v1/audit"),
    ("PUT", "/api/v1/directory"),
}
SHA = "a" * 64
SAMPLE = {"{book}": "den", "{year}": "2026", "{uid}": "uid-00000001", "{sha256}": SHA}
NOW = "2026-03-02T08:30:00+07:00"


def _routes(client: TestClient) -> list[tuple[str, str]]:
    out = []
    for r in client.app.routes:  # type: ignore[attr-defined]
        if isinstance(r, APIRoute):
            out += [(m, r.path) for m in r.methods]
    return sorted(out)


def _fill(path: str) -> str:
    for k, v in SAMPLE.items():
        path = path.replace(k, v)
    return path


def _op(n: int, **extra: Any) -> dict[str, Any]:
    base = {
        "op_id": f"op-{n:08d}",
        "kind": "register",
        "uid": f"uid-{n:08d}",
        "book": "den",
        "at": NOW,
        "fields": {
            "issuer": "UBND tỉnh",
            "doc_type": "Công văn",
            "subject": f"Văn bản {n}",
            "received_at": NOW,
        },
    }
    return {**base, **extra}


def _push(client: TestClient, h: dict[str, str], *ops: dict[str, Any]) -> list[dict[str, Any]]:
    r = client.post("/api/v1/operations", json={"operations": list(ops)}, headers=h)
    assert r.status_code == 200, r.text
    return list(r.json()["results"])


def test_every_endpoint_refuses_missing_bad_and_expired_tokens(
    client: TestClient, store: ServerStore
) -> None:
    h = login(client, "clerk-a")
    with store.engine.begin() as conn:
        conn.execute(update(tokens).values(expires_at=0))
    expired = h["Authorization"]
    routes = _routes(client)
    assert len(routes) >= 18
    for method, path in routes:
        if (method, path) in PUBLIC:
            continue
        for auth in (None, "Bearer not-a-token", expired, "Basic YWRtaW46eA=="):
            headers = {"X-Station": "s1", **({"Authorization": auth} if auth else {})}
            r = client.request(method, _fill(path), headers=headers, json={})
            assert r.status_code == 401, (method, path, auth, r.status_code)


def test_admin_endpoints_refuse_clerks_and_every_route_is_classified(client: TestClient) -> None:
    clerk = login(client, "clerk-a")
    admin = login(client, "admin-a")
    routes = set(_routes(client))
    assert routes >= ADMIN_ONLY
    for method, path in sorted(ADMIN_ONLY):
        r = client.request(method, _fill(path), headers=clerk, json={})
        assert r.status_code == 403, (method, path, r.text)
    r = client.post("/api/v1/users", json={"username": "new-clerk", "password": PASSWORD}, headers=admin)
    assert r.status_code == 201
    assert (
        client.post("/api/v1/auth/login", json={"username": "new-clerk", "password": PASSWORD}).status_code
        == 200
    )


def test_one_organization_never_sees_or_changes_another(client: TestClient) -> None:
    a, b = login(client, "clerk-a"), login(client, "clerk-b")
    content = b"%PDF-1.4 org A only"
    sha = hashlib.sha256(content).hexdigest()
    r = client.put(
        f"/api/v1/uploads/{sha}", params={"offset": 0, "size": len(content)}, content=content, headers=a
    )
    assert r.json()["complete"]
    files = [{"sha256": sha, "name": "a.pdf", "size": len(content)}]
    assert _push(client, a, _op(1, files=files))[0]["status"] == "applied"
    assert client.get("/api/v1/registrations/uid-00000001", headers=b).status_code == 404
    assert client.get(f"/api/v1/files/{sha}", headers=b).status_code == 404
    assert client.get(f"/api/v1/uploads/{sha}", headers=b).json() == {
        "sha256": sha,
        "received": 0,
        "complete": False,
    }
    assert client.get("/api/v1/changes", headers=b).json()["changes"] == []
    assert client.get("/api/v1/books/den/years/2026/numbers", headers=b).json() == []
    void = {"op_id": "op-b-void-1", "kind": "void", "uid": "uid-00000001", "reason": "phá", "at": NOW}
    assert _push(client, b, void)[0]["status"] == "rejected"
    # B's own register op with A's file hash is not applied: B never uploaded that file.
    assert _push(client, b, _op(2, files=files))[0]["status"] == "retry"
    assert client.get("/api/v1/registrations/uid-00000001", headers=a).json()["status"] == "registered"
    assert client.post(
        "/api/v1/leases", json={"book": "den", "year": 2026, "count": 2}, headers=b
    ).json() == {"numbers": [1, 2]}


def test_lockout_after_repeated_failures(client: TestClient) -> None:
    for _ in range(5):
        r = client.post("/api/v1/auth/login", json={"username": "clerk-a", "password": "sai-mat-khau"})
        assert r.status_code == 401
    r = client.post("/api/v1/auth/login", json={"username": "clerk-a", "password": PASSWORD})
    assert r.status_code == 423
    assert "khóa" in r.json()["detail"]
    assert client.post("/api/v1/auth/login", json={"username": "nobody", "password": "x"}).status_code == 401


def test_logout_ends_the_token(client: TestClient) -> None:
    h = login(client, "clerk-a")
    assert client.get("/api/v1/me", headers=h).json()["organization"] == "000.00.04.G14"
    assert client.post("/api/v1/auth/logout", headers=h).status_code == 200
    assert client.get("/api/v1/me", headers=h).status_code == 401


def test_operation_applied_at_most_once_even_when_retried_concurrently(client: TestClient) -> None:
    h = login(client, "clerk-a")
    first = _push(client, h, _op(1))[0]
    again = _push(client, h, _op(1))[0]
    assert first["arrival_number"] == again["arrival_number"] == 1
    assert (first["duplicate"], again["duplicate"]) == (False, True)
    answers: list[dict[str, Any]] = []
    threads = [threading.Thread(target=lambda: answers.extend(_push(client, h, _op(2)))) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(answers) == 6 and {a["arrival_number"] for a in answers} == {2}
    assert sum(not a["duplicate"] for a in answers) == 1
    listing = client.get("/api/v1/books/den/years/2026/numbers", headers=h).json()
    assert [r["arrival_number"] for r in listing] == [1, 2]


def test_leases_are_disjoint_and_returned_numbers_come_first(client: TestClient) -> None:
    a, b = login(client, "clerk-a"), login(client, "clerk-a2")

    def lease(h: dict[str, str], n: int) -> list[int]:
        return list(
            client.post("/api/v1/leases", json={"book": "den", "year": 2026, "count": n}, headers=h).json()[
                "numbers"
            ]
        )

    assert lease(a, 3) == [1, 2, 3]
    assert lease(b, 3) == [4, 5, 6]
    r = client.post(
        "/api/v1/leases/release", json={"book": "den", "year": 2026, "numbers": [2, 3, 5]}, headers=a
    )
    assert r.json() == {"released": 2}  # 5 is B's: A cannot give it back
    assert lease(b, 3) == [2, 3, 7]
    # A uses 1 (held); B offers 1 (not held: the server decides) and gets a fresh number.
    assert _push(client, a, _op(1, arrival_number=1))[0]["arrival_number"] == 1
    res = _push(client, b, _op(2, arrival_number=1))[0]
    assert res["arrival_number"] == 8 and res["renumbered"]
    # A waiting entry (no number) gets one too.
    assert _push(client, b, _op(3))[0]["arrival_number"] == 9
    threads_out: list[int] = []
    hs = [a, b]
    threads = [
        threading.Thread(target=lambda i=i: threads_out.extend(lease(hs[i % 2], 10))) for i in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(threads_out) == len(set(threads_out)) == 60


def test_conflict_rules(client: TestClient, store: ServerStore) -> None:
    a, b = login(client, "clerk-a"), login(client, "clerk-a2")
    _push(client, a, _op(1))
    uid = "uid-00000001"

    def edit(h: dict[str, str], n: int, at: str, **changes: Any) -> dict[str, Any]:
        return _push(
            client, h, {"op_id": f"edit-{n:08d}", "kind": "update", "uid": uid, "at": at, "changes": changes}
        )[0]

    # Different fields, concurrently: both apply.
    assert edit(a, 1, "2026-03-02T09:00:00+07:00", subject="Chủ đề mới")["status"] == "applied"
    assert edit(b, 2, "2026-03-02T09:00:05+07:00", to_places="Phòng Kế hoạch")["status"] == "applied"
    # Same field: the later edit wins even when it reaches the server first; the audit keeps both.
    assert edit(a, 3, "2026-03-02T10:00:00+07:00", note="sau")["status"] == "applied"
    late = edit(b, 4, "2026-03-02T09:30:00+07:00", note="trước")
    assert late["status"] == "superseded" and late["superseded_fields"] == ["note"]
    fields = client.get(f"/api/v1/registrations/{uid}", headers=a).json()["fields"]
    assert (fields["subject"], fields["to_places"], fields["note"]) == ("Chủ đề mới", "Phòng Kế hoạch", "sau")
    admin = login(client, "admin-a")
    audit = client.get("/api/v1/audit", params={"uid": uid}, headers=admin).json()
    notes = [e["detail"] for e in audit if e["action"] == "update"]
    assert {"note": "sau"} in [d["applied"] for d in notes] and {"note": "trước"} in [
        d["superseded"] for d in notes
    ]
    # A void wins over an edit, whichever comes first.
    assert (
        _push(client, b, {"op_id": "void-0001", "kind": "void", "uid": uid, "reason": "Trùng", "at": NOW})[0][
            "status"
        ]
        == "applied"
    )
    assert edit(a, 5, "2026-03-02T11:00:00+07:00", subject="Sửa sau hủy")["status"] == "superseded"
    snap = client.get(f"/api/v1/registrations/{uid}", headers=a).json()
    assert snap["status"] == "voided" and snap["fields"]["subject"] == "Chủ đề mới"


def test_a_rejected_operation_does_not_block_the_rest(client: TestClient) -> None:
    h = login(client, "clerk-a")
    bad = _op(1)
    bad["fields"] = {**bad["fields"], "subject": "x" * 501}
    results = _push(
        client,
        h,
        bad,
        _op(2),
        {
            "op_id": "edit-bad-1",
            "kind": "update",
            "uid": "uid-00000002",
            "changes": {"book": "mat-den"},
            "at": NOW,
        },
    )
    assert [r["status"] for r in results] == ["rejected", "applied", "rejected"]
    assert "500" in results[0]["error"] and results[0]["field"] == "subject"
    # The refused registration is kept voided under number 1 (test_leases_and_voids.py).
    assert results[0]["voided"] and results[0]["arrival_number"] == 1
    assert results[1]["arrival_number"] == 2


def test_resumable_upload_checks_the_hash(client: TestClient) -> None:
    h = login(client, "clerk-a")
    content = bytes(range(256)) * 4000
    sha = hashlib.sha256(content).hexdigest()
    url = f"/api/v1/uploads/{sha}"
    half = len(content) // 2
    r = client.put(url, params={"offset": 0, "size": len(content)}, content=content[:half], headers=h)
    assert r.json() == {"sha256": sha, "received": half, "complete": False}
    assert client.get(url, headers=h).json()["received"] == half
    r = client.put(url, params={"offset": 0, "size": len(content)}, content=content, headers=h)
    assert r.status_code == 409 and r.json()["received"] == half
    r = client.put(url, params={"offset": half, "size": len(content)}, content=content[half:], headers=h)
    assert r.json()["complete"]
    assert client.get(f"/api/v1/files/{sha}", headers=h).content == content
    wrong = b"not what the hash says"
    bad_sha = hashlib.sha256(b"other").hexdigest()
    r = client.put(
        f"/api/v1/uploads/{bad_sha}", params={"offset": 0, "size": len(wrong)}, content=wrong, headers=h
    )
    assert r.status_code == 422
    assert client.get(f"/api/v1/uploads/{bad_sha}", headers=h).json()["received"] == 0
    r = client.put(f"/api/v1/uploads/{bad_sha}", params={"offset": 0, "size": 3}, content=wrong, headers=h)
    assert r.status_code == 413
    assert client.get(f"/api/v1/uploads/{bad_sha}", headers=h).json()["received"] == 0


def test_changes_feed_pages_with_a_cursor(client: TestClient) -> None:
    h = login(client, "clerk-a")
    _push(client, h, *[_op(n) for n in range(1, 8)])
    seen: list[str] = []
    cursor = 0
    for _ in range(10):
        page = client.get("/api/v1/changes", params={"after": cursor, "limit": 3}, headers=h).json()
        seen += [c["registration"]["uid"] for c in page["changes"]]
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert seen == [f"uid-{n:08d}" for n in range(1, 8)]
    admin = login(client, "admin-a")
    r = client.put(
        "/api/v1/directory", json=[{"code": "000.00.01.H26", "name": "UBND tỉnh Tuyên Quang"}], headers=admin
    )
    assert r.status_code == 200
    page = client.get("/api/v1/changes", params={"after": cursor}, headers=h).json()
    assert page["changes"][0]["directory"] == [
        {"code": "000.00.01.H26", "name": "UBND tỉnh Tuyên Quang", "parent": "", "abbreviation": "", "place": ""}
    ]


def test_administration_refuses_bad_input(store: ServerStore) -> None:
    from qlvb_server.store import Refused

    with pytest.raises(Refused, match=r"000\.00\.04\.G14"):
        store.create_organization("G14", "Sai mã")
    with pytest.raises(Refused, match="đã có"):
        store.create_organization("000.00.04.G14", "Trùng")
    with pytest.raises(Refused, match="ít nhất"):
        store.add_user("000.00.04.G14", "ngan", "123")
    with pytest.raises(Refused, match="đã có"):
        store.add_user("000.00.04.G14", "clerk-a", PASSWORD)
    with pytest.raises(Refused, match="Không có cơ quan"):
        store.add_user("000.00.09.G99", "x", PASSWORD)


def test_attach_replaces_the_copy_of_its_role_and_waits_for_its_file(client: TestClient) -> None:
    """Issue 16: an `attach` operation adds the stamped/signed copy to an entry: refused to wait
    (retry) until its file is uploaded, replacing the copy of the same role, superseded on a
    voided entry or when the file is already there; a bad role is refused by the schema."""
    h = login(client, "clerk-a")
    uid = "uid-00000001"

    def upload(content: bytes) -> dict[str, Any]:
        sha = hashlib.sha256(content).hexdigest()
        r = client.put(f"/api/v1/uploads/{sha}", params={"offset": 0, "size": len(content)}, content=content,
                       headers=h)
        assert r.json()["complete"]
        return {"sha256": sha, "name": "ky.pdf", "size": len(content), "role": "signed"}

    def attach(n: int, ref: dict[str, Any], target: str = uid) -> dict[str, Any]:
        return _push(client, h, {"op_id": f"attach-{n:06d}", "kind": "attach", "uid": target, "at": NOW,
                                 "files": [ref], "actor": "clerk-a"})[0]

    original = upload(b"%PDF-1.4 original")
    original.pop("role")
    assert _push(client, h, _op(1, files=[{**original, "name": "scan.pdf"}]))[0]["status"] == "applied"
    first = {"sha256": hashlib.sha256(b"%PDF-1.4 signed 1").hexdigest(), "name": "ky.pdf", "size": 17,
             "role": "signed"}
    assert attach(1, first)["status"] == "retry"  # not uploaded yet: the station sends it, then again
    assert upload(b"%PDF-1.4 signed 1") == first
    assert attach(2, first)["status"] == "applied"
    assert attach(3, first)["status"] == "superseded"  # already there
    second = upload(b"%PDF-1.4 signed 2")
    assert attach(4, second)["status"] == "applied"
    files = client.get(f"/api/v1/registrations/{uid}", headers=h).json()["files"]
    assert [(f["name"], f.get("role", "")) for f in files] == [("scan.pdf", ""), ("ky.pdf", "signed")]
    assert files[1]["sha256"] == second["sha256"]
    r = client.post("/api/v1/operations", headers=h, json={"operations": [
        {"op_id": "attach-bad", "kind": "attach", "uid": uid, "at": NOW, "files": [{**second, "role": "x"}]}]})
    assert r.status_code == 422
    _push(client, h, {"op_id": "void-0001", "kind": "void", "uid": uid, "reason": "Trùng", "at": NOW})
    assert attach(5, upload(b"%PDF-1.4 signed 3"))["status"] == "superseded"

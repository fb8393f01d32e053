"""Lease expiry and renewal, and refused registrations voided with their number, on SQLite
and on a real PostgreSQL (store level and HTTP, in process)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update

from qlvb_server.store import ServerStore
from qlvb_server.tables import free_numbers
from tests.server.conftest import login
from tests.server.test_api import _op, _push

LONG_AGO = "2020-01-01T00:00:00+07:00"


def _lease(client: TestClient, h: dict[str, str], n: int, year: int = 2026) -> list[int]:
    r = client.post("/api/v1/leases", json={"book": "den", "year": year, "count": n}, headers=h)
    assert r.status_code == 200, r.text
    return list(r.json()["numbers"])


def _renew(client: TestClient, h: dict[str, str]) -> list[dict[str, Any]]:
    r = client.post("/api/v1/leases/renew", headers=h)
    assert r.status_code == 200, r.text
    return list(r.json()["held"])


def _age_leases(store: ServerStore, station: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(update(free_numbers).where(free_numbers.c.station == station).values(leased_at=LONG_AGO))


def test_expired_leases_are_revoked_reused_and_a_late_user_is_renumbered(
    client: TestClient, store: ServerStore
) -> None:
    a, b = login(client, "clerk-a"), login(client, "clerk-a2")
    assert _lease(client, a, 3) == [1, 2, 3]
    assert _renew(client, a) == [{"book": "den", "year": 2026, "numbers": [1, 2, 3]}]
    # A renewed lease is not revoked, however old it was before the renewal.
    _age_leases(store, a["X-Station"])
    assert _renew(client, a)[0]["numbers"] == [1, 2, 3]
    assert _lease(client, b, 2) == [4, 5]
    # A stays away longer than the lease time: its unused numbers go to the next station first.
    _age_leases(store, a["X-Station"])
    assert _lease(client, b, 2) == [1, 2]
    assert _renew(client, a) == []  # all three were taken back; 3 waits to be handed out again
    # A had used 1 offline: the server renumbers it, with the returned 3 first (1 is B's now).
    res = _push(client, a, _op(1, arrival_number=1))[0]
    assert res["status"] == "applied" and res["renumbered"] and res["arrival_number"] == 3
    assert _push(client, b, _op(2, arrival_number=1))[0]["arrival_number"] == 1
    # B's own leases are renewed by its sync; a waiting entry of A then gets a fresh number.
    assert _renew(client, b)[0]["numbers"] == [2, 4, 5]
    assert _push(client, a, _op(3))[0]["arrival_number"] == 6
    listing = client.get("/api/v1/books/den/years/2026/numbers", headers=a).json()
    assert sorted(r["arrival_number"] for r in listing) == [1, 3, 6]


def test_expiry_does_not_touch_other_years_books_or_organizations(client: TestClient, store: ServerStore) -> None:
    a, b = login(client, "clerk-a"), login(client, "clerk-b")
    assert _lease(client, a, 2, 2025) == [1, 2]
    assert _lease(client, b, 2) == [1, 2]
    _age_leases(store, a["X-Station"])
    other = login(client, "clerk-a2")
    assert _lease(client, other, 2) == [1, 2]  # 2026 of organization A: nothing was leased there
    assert _renew(client, b)[0]["numbers"] == [1, 2]
    # A's 2025 numbers were not handed out (nobody asked for 2025), so A's renewal keeps them.
    assert _renew(client, a) == [{"book": "den", "year": 2025, "numbers": [1, 2]}]


def test_renew_needs_a_station_and_a_token(client: TestClient) -> None:
    a = login(client, "clerk-a")
    assert client.post("/api/v1/leases/renew", headers={"X-Station": "x"}).status_code == 401
    r = client.post("/api/v1/leases/renew", headers={"Authorization": a["Authorization"]})
    assert r.status_code == 422


def test_a_refused_registration_is_voided_with_its_number(client: TestClient) -> None:
    a, admin = login(client, "clerk-a"), login(client, "admin-a")
    assert _lease(client, a, 3) == [1, 2, 3]
    bad = _op(1, arrival_number=2)
    bad["fields"] = {**bad["fields"], "subject": ""}
    waiting_bad = _op(3)
    waiting_bad["fields"] = {**waiting_bad["fields"], "issuer": ""}
    foreign_book = _op(4, book="khong-co")
    results = _push(client, a, bad, _op(2, arrival_number=1), waiting_bad, foreign_book)
    assert [r["status"] for r in results] == ["rejected", "applied", "rejected", "rejected"]
    # The leased number stays in the register, voided with the reason.
    assert results[0]["voided"] and results[0]["arrival_number"] == 2 and results[0]["uid"] == "uid-00000001"
    # A waiting entry that is refused gets a number too, so it is listed (voided), not lost.
    assert results[2]["voided"] and results[2]["arrival_number"] == 4  # 3 is still leased to A
    # A book that does not exist cannot hold it: refused only.
    assert not results[3].get("voided") and results[3].get("arrival_number") is None
    listing = {r["arrival_number"]: r for r in client.get("/api/v1/books/den/years/2026/numbers", headers=a).json()}
    assert sorted(listing) == [1, 2, 4]
    assert listing[2]["status"] == "voided" and "Máy chủ từ chối" in listing[2]["void_reason"]
    assert "Trích yếu" in listing[2]["void_reason"]
    # A retry gets the same answer and voids nothing more.
    again = _push(client, a, bad)[0]
    assert again["duplicate"] and again["arrival_number"] == 2
    # Later operations on the refused entry do not block the queue: the void wins.
    edit = {"op_id": "edit-00000001", "kind": "update", "uid": "uid-00000001", "changes": {"note": "x"}}
    assert _push(client, a, edit)[0]["status"] == "superseded"
    audit = client.get("/api/v1/audit", params={"uid": "uid-00000001"}, headers=admin).json()
    assert [e["outcome"] for e in audit][:1] == ["rejected"] and audit[0]["detail"]["voided_as"] == 2


def test_lease_hours_must_be_positive(tmp_path, capsys) -> None:
    from qlvb_server.cli import main

    assert main(["--data-dir", str(tmp_path), "--lease-hours", "0"]) == 2
    assert "--lease-hours" in capsys.readouterr().err


def test_concurrent_first_leases_of_a_new_year(client: TestClient) -> None:
    """Stations asking at once for numbers of a year nobody numbered yet: no error, disjoint."""
    import threading

    heads = [login(client, u) for u in ("clerk-a", "clerk-a2")]
    got: list[int] = []
    failures: list[str] = []

    def lease(k: int, year: int) -> None:
        r = client.post("/api/v1/leases", json={"book": "den", "year": year, "count": 5}, headers=heads[k % 2])
        if r.status_code != 200:
            failures.append(r.text)
        else:
            got.extend(r.json()["numbers"])

    for year in (2030, 2031):
        threads = [threading.Thread(target=lease, args=(k, year)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not failures
        assert sorted(got) == list(range(1, 41))
        got.clear()

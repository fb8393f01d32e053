"""Authentication that holds under concurrency and across organizations (issue 12): parallel
password guessing locks the account (counted in the database, SQLite and PostgreSQL), unknown
names get the same answers, user names are per organization without leaking another's, and a
session belongs to the station it was opened for."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from qlvb_server.store import Refused, ServerStore
from tests.server.conftest import ORG_A, ORG_B, PASSWORD, Org, login


def _guess(url: str, user: str, password: str) -> int:
    with httpx.Client(timeout=120) as c:
        return c.post(f"{url}/api/v1/auth/login", json={"username": user, "password": password}).status_code


def test_parallel_wrong_passwords_lock_the_account_on_a_real_server(server_process):
    """40 wrong passwords, 20 at a time: before the fix every guess read the same count and
    wrote back a stale one, the account never locked and the right password then logged in."""
    sp = server_process()
    Org(sp, clerks=1)
    sp.start()
    with ThreadPoolExecutor(20) as pool:
        codes = list(pool.map(lambda i: _guess(sp.url, "clerk0", f"sai-mat-khau-{i}"), range(40)))
    assert set(codes) <= {401, 423} and codes.count(401) <= 5, codes
    assert _guess(sp.url, "clerk0", PASSWORD) == 423


def _attempt(store: ServerStore, user: str, password: str) -> int:
    try:
        store.login(user, password)
    except Refused as exc:
        return exc.status
    return 200


def test_the_failure_count_is_atomic_in_the_database(store):
    """Two server processes on one database (two stores, each with its own per-name gate):
    only the database's atomic count keeps the limit."""
    other = ServerStore(store.engine)
    with ThreadPoolExecutor(20) as pool:
        codes = list(
            pool.map(lambda i: _attempt(store if i % 2 else other, "clerk-a", f"sai-{i}"), range(40))
        )
    assert set(codes) <= {401, 423}, codes
    assert _attempt(store, "clerk-a", PASSWORD) == 423
    assert _attempt(other, "clerk-a", PASSWORD) == 423
    assert _attempt(store, "clerk-a2", PASSWORD) == 200  # other accounts are not affected


def test_unknown_names_get_the_same_answers_as_real_ones(client):
    real = [client.post("/api/v1/auth/login", json={"username": "clerk-a", "password": f"sai-{i}"}) for i in range(6)]
    ghost = [client.post("/api/v1/auth/login", json={"username": "khong-co", "password": f"sai-{i}"}) for i in range(6)]
    assert [(r.status_code, r.json()) for r in real] == [(r.status_code, r.json()) for r in ghost]
    assert [r.status_code for r in real] == [401] * 5 + [423]


def test_user_names_are_per_organization_without_leaking_another_organizations(client):
    admin_b = login(client, "admin-b")
    r = client.post("/api/v1/users", json={"username": "clerk-a", "password": "mat-khau-cua-b"}, headers=admin_b)
    assert r.status_code == 201, r.text  # before: 409, telling B that A has a clerk-a
    r = client.post("/api/v1/users", json={"username": "clerk-a", "password": "mat-khau-cua-b"}, headers=admin_b)
    assert r.status_code == 409 and "Cơ quan đã có" in r.json()["detail"]
    # Each password opens its own organization's account.
    r = client.post("/api/v1/auth/login", json={"username": "clerk-a", "password": "mat-khau-cua-b"})
    assert r.status_code == 200 and r.json()["organization"]["code"] == ORG_B
    r = client.post("/api/v1/auth/login", json={"username": "clerk-a", "password": PASSWORD})
    assert r.status_code == 200 and r.json()["organization"]["code"] == ORG_A
    r = client.post(
        "/api/v1/auth/login", json={"username": "clerk-a", "password": PASSWORD, "organization": ORG_B}
    )
    assert r.status_code == 401


def test_the_same_name_and_password_in_two_organizations_asks_for_the_organization(client):
    admin_b = login(client, "admin-b")
    r = client.post("/api/v1/users", json={"username": "clerk-a", "password": PASSWORD}, headers=admin_b)
    assert r.status_code == 201
    r = client.post("/api/v1/auth/login", json={"username": "clerk-a", "password": PASSWORD})
    assert r.status_code == 401 and "mã cơ quan" in r.json()["detail"]
    r = client.post(
        "/api/v1/auth/login", json={"username": "clerk-a", "password": PASSWORD, "organization": ORG_B}
    )
    assert r.status_code == 200 and r.json()["organization"]["code"] == ORG_B


def test_a_session_belongs_to_its_station(client):
    r = client.post(
        "/api/v1/auth/login",
        json={"username": "clerk-a", "password": PASSWORD},
        headers={"X-Station": "station-1"},
    )
    bearer = {"Authorization": f"Bearer {r.json()['token']}"}
    ok = client.post(
        "/api/v1/leases", json={"book": "den", "year": 2026, "count": 1}, headers={**bearer, "X-Station": "station-1"}
    )
    assert ok.status_code == 200
    spoofed = client.post("/api/v1/leases/renew", headers={**bearer, "X-Station": "station-2"})
    assert spoofed.status_code == 403 and "máy trạm khác" in spoofed.json()["detail"]
    # A session opened without a station is bound to the first one that uses it.
    h = login(client, "clerk-a2")
    assert client.post("/api/v1/leases/renew", headers=h).status_code == 200
    assert client.post("/api/v1/leases/renew", headers={**h, "X-Station": "other"}).status_code == 403


@pytest.mark.parametrize("user", ["clerk-a@000.00.05.H26"])
def test_the_station_client_logs_in_with_an_organization_code(server_process, user):
    from qlvb_desktop.adapters.sync_client import HttpSyncServer, NotLoggedIn

    sp = server_process()
    Org(sp, clerks=1)
    sp.start()
    server = HttpSyncServer(sp.url, station="st-org")
    try:
        assert server.login("clerk0@" + ORG_A, PASSWORD)["organization"]["code"] == ORG_A
        assert server.renew() == []
        with pytest.raises(NotLoggedIn):
            server.login(user, PASSWORD)
    finally:
        server.close()

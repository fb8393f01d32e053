"""The s003_reliability migration on a database made by the previous schema (SQLite and
PostgreSQL): existing accounts keep working, names become unique per organization."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from qlvb_server import security
from qlvb_server.database import MIGRATIONS, database_url, open_engine
from qlvb_server.store import ServerStore
from tests.server.conftest import ORG_A, ORG_B, PASSWORD, _reset_postgres


def _upgrade(engine, revision: str) -> None:
    with engine.connect() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_upgrade_keeps_accounts_and_makes_names_per_organization(request, tmp_path, dialect):
    if dialect == "sqlite":
        url = database_url(tmp_path, None)
    else:
        url = database_url(tmp_path, request.getfixturevalue("postgres_url"))
        _reset_postgres(url)
    old = create_engine(url)
    _upgrade(old, "0002")
    with old.begin() as conn:
        orgs = text("INSERT INTO organizations (code, name) VALUES (:a, 'A'), (:b, 'B')")
        conn.execute(orgs, {"a": ORG_A, "b": ORG_B})
        conn.execute(
            text(
                "INSERT INTO users (org_id, username, password_hash, role, created_at) "
                "VALUES (1, 'vanthu', :h, 'clerk', '2026-01-01T00:00:00+07:00')"
            ),
            {"h": security.hash_password(PASSWORD)},
        )
    old.dispose()
    engine = open_engine(url)  # migrates to the head
    try:
        store = ServerStore(engine)
        assert store.login("vanthu", PASSWORD, station="st")["organization"]["code"] == ORG_A
        store.add_user(ORG_B, "vanthu", "mat-khau-khac-1")
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (org_id, username, password_hash, role, created_at) "
                    "VALUES (1, 'vanthu', 'x', 'clerk', 'now')"
                )
            )
    finally:
        engine.dispose()


def test_postgres_connections_have_timeouts(postgres_url, tmp_path):
    """No statement (a lock wait included) can hang a request for ever: 60 s, then 503."""
    url = database_url(tmp_path, postgres_url)
    _reset_postgres(url)
    engine = open_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SHOW statement_timeout")).scalar() == "1min"
    finally:
        engine.dispose()

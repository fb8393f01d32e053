"""Accounts, logins and sessions (issue 12: authentication that holds under concurrency).

- Failed logins are counted per login name in `login_attempts` with one atomic
  UPDATE … RETURNING, so parallel guesses cannot write back a stale count; unknown names are
  counted and locked exactly like real ones (the same answers, the same argon2 cost).
  Guesses for one name are also checked one at a time in this process, so no more than
  MAX_FAILED_LOGINS are ever tried per lockout period, however many arrive at once.
- User names are unique per organization. A name used in two organizations logs in with the
  organization's code, or without it when the password fits exactly one of them.
- A session belongs to one station: the X-Station given at login (or on its first station
  request) is stored with the token; a request with another one is refused.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from qlvb_desktop.domain.clock import iso, now_vn
from qlvb_server import security
from qlvb_server.database import inserted_id, transaction
from qlvb_server.principal import Principal, Refused
from qlvb_server.tables import login_attempts, organizations, tokens, users

USERNAME = re.compile(r"^[a-z0-9_.-]{1,64}$")
TOKEN_CACHE_SECONDS = 20.0  # a token found valid is trusted this long without a database read
WRONG = "Sai tên đăng nhập hoặc mật khẩu."
LOCKED = "Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần; thử lại sau 15 phút."
EXPIRED = "Phiên đăng nhập không hợp lệ hoặc đã hết hạn; hãy đăng nhập lại."
_DUMMY_HASH = security.hash_password("not-a-real-password")


def _now() -> str:
    return iso(now_vn())


class _NameGate:
    """One login check at a time per name (threads of this process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._names: dict[str, tuple[threading.Lock, int]] = {}

    @contextmanager
    def hold(self, name: str) -> Iterator[None]:
        with self._lock:
            lock, users = self._names.get(name, (threading.Lock(), 0))
            self._names[name] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._lock:
                lock, users = self._names[name]
                if users == 1:
                    del self._names[name]
                else:
                    self._names[name] = (lock, users - 1)


class AccountStore:
    def __init__(self, engine: Engine, token_seconds: int) -> None:
        self.engine = engine
        self.token_seconds = token_seconds
        self.postgres = engine.dialect.name == "postgresql"
        # token digest -> (principal, token expiry, cached until): a short cache, so a busy
        # station does not cost a database read per request. Logout drops the entry at once.
        self._token_cache: dict[str, tuple[Principal, float, float]] = {}
        self._gate = _NameGate()

    def add_user(self, org_id: int, username: str, password: str, role: str) -> int:
        if not USERNAME.match(username):
            raise Refused(422, "Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch (tối đa 64).")
        if len(password) < security.MIN_PASSWORD:
            raise Refused(422, f"Mật khẩu phải có ít nhất {security.MIN_PASSWORD} ký tự.")
        if role not in ("admin", "clerk"):
            raise Refused(422, "Vai trò phải là admin hoặc clerk.")
        password_hash = security.hash_password(password)
        with transaction(self.engine) as conn:
            if conn.execute(select(users.c.id).where(users.c.org_id == org_id, users.c.username == username)).first():
                raise Refused(409, f"Cơ quan đã có tài khoản {username}.")
            return inserted_id(
                conn.execute(
                    insert(users).values(
                        org_id=org_id, username=username, password_hash=password_hash, role=role, created_at=_now()
                    )
                )
            )

    # --- logging in -----------------------------------------------------------------------

    def login(self, username: str, password: str, organization: str | None = None, station: str = "") -> dict[str, Any]:
        name = username[:64]
        with self._gate.hold(name):
            now = int(time.time())
            if self._locked(name, now):
                raise Refused(423, LOCKED)
            query = (
                select(users, organizations.c.code, organizations.c.name.label("org_name"))
                .join(organizations, organizations.c.id == users.c.org_id)
                .where(users.c.username == name)
            )
            if organization:
                query = query.where(organizations.c.code == organization)
            with self.engine.connect() as conn:
                candidates = conn.execute(query).all()
                conn.rollback()
            if not candidates:
                security.verify_password(_DUMMY_HASH, password)  # the same cost as a real name
            matches = [c for c in candidates if security.verify_password(c.password_hash, password)]
            if len(matches) != 1:
                self._failed(name, now)
                if len(matches) > 1:
                    raise Refused(401, "Tên đăng nhập này có ở nhiều cơ quan; hãy ghi mã cơ quan.")
                raise Refused(401, WRONG)
            row = matches[0]
            token = security.new_token()
            expires = now + self.token_seconds
            with transaction(self.engine) as conn:
                conn.execute(
                    update(login_attempts).where(login_attempts.c.name == name).values(failures=0, updated=now)
                )
                conn.execute(
                    insert(tokens).values(
                        token_hash=security.token_digest(token),
                        user_id=row.id,
                        expires_at=expires,
                        created_at=_now(),
                        station=station[:64],
                    )
                )
                conn.execute(delete(tokens).where(tokens.c.expires_at < now))
                # Counters of names nobody tried for a lockout period: nothing left to remember.
                conn.execute(
                    delete(login_attempts).where(
                        login_attempts.c.updated < now - security.LOCKOUT_SECONDS,
                        login_attempts.c.locked_until < now,
                    )
                )
        return {
            "token": token,
            "expires_at": expires,
            "username": row.username,
            "role": row.role,
            "organization": {"code": row.code, "name": row.org_name},
        }

    def _locked(self, name: str, now: int) -> bool:
        with self.engine.connect() as conn:
            until = conn.execute(select(login_attempts.c.locked_until).where(login_attempts.c.name == name)).scalar()
            conn.rollback()
        return until is not None and until > now

    def _failed(self, name: str, now: int) -> None:
        """Count one failure atomically (the database adds, nobody writes back a count it read);
        the failure that reaches the limit locks the name and starts counting again."""
        with transaction(self.engine) as conn:
            if self.postgres:
                from sqlalchemy.dialects.postgresql import insert as pg_insert

                conn.execute(pg_insert(login_attempts).values(name=name).on_conflict_do_nothing())
            else:
                conn.execute(insert(login_attempts).prefix_with("OR IGNORE").values(name=name))
            failures = conn.execute(
                update(login_attempts)
                .where(login_attempts.c.name == name)
                .values(failures=login_attempts.c.failures + 1, updated=now)
                .returning(login_attempts.c.failures)
            ).scalar_one()
            if failures >= security.MAX_FAILED_LOGINS:
                conn.execute(
                    update(login_attempts)
                    .where(login_attempts.c.name == name)
                    .values(failures=0, locked_until=now + security.LOCKOUT_SECONDS)
                )

    # --- sessions ---------------------------------------------------------------------------

    def authenticate(self, token: str) -> Principal:
        digest = security.token_digest(token)
        now = time.time()
        hit = self._token_cache.get(digest)
        if hit is not None and hit[2] > now:
            if hit[1] <= now:
                raise Refused(401, EXPIRED)
            return hit[0]
        with self.engine.connect() as conn:
            row = conn.execute(
                select(
                    tokens.c.expires_at,
                    tokens.c.station,
                    users.c.id,
                    users.c.username,
                    users.c.role,
                    users.c.org_id,
                    organizations.c.code,
                )
                .join(users, users.c.id == tokens.c.user_id)
                .join(organizations, organizations.c.id == users.c.org_id)
                .where(tokens.c.token_hash == digest)
            ).first()
            conn.rollback()
        if row is None or row.expires_at <= now:
            raise Refused(401, EXPIRED)
        principal = Principal(row.id, row.username, row.org_id, row.code, row.role, row.station)
        self._cache(digest, principal, float(row.expires_at), now)
        return principal

    def _cache(self, digest: str, principal: Principal, expires: float, now: float) -> None:
        if len(self._token_cache) > 10_000:
            self._token_cache.clear()
        self._token_cache[digest] = (principal, expires, now + TOKEN_CACHE_SECONDS)

    def station_of(self, token: str, p: Principal, station: str) -> str:
        """The station a request may act as: the session's own. A session not bound yet (logged
        in without X-Station) is bound to the first station that uses it, atomically."""
        if not 1 <= len(station) <= 64:
            raise Refused(422, "Thiếu mã máy trạm (tiêu đề X-Station, tối đa 64 ký tự).")
        if p.station == station:
            return station
        if p.station == "":
            digest = security.token_digest(token)
            with transaction(self.engine) as conn:
                conn.execute(
                    update(tokens).where(tokens.c.token_hash == digest, tokens.c.station == "").values(station=station)
                )
                bound = conn.execute(select(tokens.c.station).where(tokens.c.token_hash == digest)).scalar()
            self._token_cache.pop(digest, None)
            if bound == station:
                return station
        raise Refused(403, "Phiên đăng nhập này thuộc một máy trạm khác; hãy đăng nhập lại trên máy này.")

    def logout(self, token: str) -> None:
        self._token_cache.pop(security.token_digest(token), None)
        with transaction(self.engine) as conn:
            conn.execute(delete(tokens).where(tokens.c.token_hash == security.token_digest(token)))

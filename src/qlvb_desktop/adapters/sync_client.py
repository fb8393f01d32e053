"""The central server over HTTPS (httpx). Certificates are always verified; an organization
with its own CA can add its file (`ca_file`), but there is no way to turn verification off."""

from __future__ import annotations

import hashlib
import os
import ssl
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem, UserError
from qlvb_desktop.domain.registration import FileRef

API = "/api/v1"
CHUNK = 1 << 20
PUSH_BATCH = 100


class ServerUnreachable(EnvironmentProblem):
    """The network or the server is down (or busy): work goes on offline, sync retries later."""


class NotLoggedIn(UserError):
    """No token, or the server refused it: log in again."""


def _ssl_context(ca_file: Path | None) -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    if ca_file is not None:
        ctx.load_verify_locations(cafile=str(ca_file))
    return ctx


class HttpSyncServer:
    """Implements `domain.sync.SyncServer`."""

    def __init__(
        self,
        base_url: str,
        *,
        station: str,
        token: str = "",
        ca_file: Path | None = None,
        timeout: float = 30.0,
    ) -> None:
        if not base_url.startswith(("https://", "http://")):
            raise UserError(
                QT_TRANSLATE_NOOP("Errors", "Địa chỉ máy chủ “{url}” phải bắt đầu bằng https://."),
                url=base_url,
            )
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.station = station
        self.client = httpx.Client(
            base_url=self.base_url + API,
            verify=_ssl_context(ca_file),
            timeout=httpx.Timeout(timeout, connect=10.0),
        )

    def close(self) -> None:
        self.client.close()

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "X-Station": self.station}

    def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            r = self.client.request(method, path, headers=self._headers(), **kwargs)
        except ssl.SSLError as exc:
            raise _tls_problem(self.base_url, exc) from exc
        except httpx.ConnectError as exc:
            if isinstance(exc.__cause__, ssl.SSLError) or "CERTIFICATE" in str(exc).upper():
                raise _tls_problem(self.base_url, exc) from exc
            raise _unreachable(self.base_url, exc) from exc
        except httpx.HTTPError as exc:
            raise _unreachable(self.base_url, exc) from exc
        return _check(r)

    def login(self, username: str, password: str) -> dict[str, Any]:
        try:
            r = self.client.post("/auth/login", json={"username": username, "password": password})
        except httpx.HTTPError as exc:
            if "CERTIFICATE" in str(exc).upper():
                raise _tls_problem(self.base_url, exc) from exc
            raise _unreachable(self.base_url, exc) from exc
        data: dict[str, Any] = _check(r).json()
        self.token = data["token"]
        return data

    def lease(self, book: str, year: int, count: int) -> list[int]:
        return list(
            self._call("POST", "/leases", json={"book": book, "year": year, "count": count}).json()["numbers"]
        )

    def renew(self) -> list[dict[str, Any]]:
        return list(self._call("POST", "/leases/renew").json()["held"])

    def release(self, book: str, year: int, numbers: list[int]) -> int:
        r = self._call("POST", "/leases/release", json={"book": book, "year": year, "numbers": numbers})
        return int(r.json()["released"])

    def push(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return list(self._call("POST", "/operations", json={"operations": ops}).json()["results"])

    def changes(self, after: int, limit: int) -> dict[str, Any]:
        data: dict[str, Any] = self._call("GET", "/changes", params={"after": after, "limit": limit}).json()
        return data

    def upload(self, path: Path, ref: FileRef) -> None:
        """Send what the server does not have yet, from where it stopped; bounded retries per call."""
        for _ in range(1000):
            state = self._call("GET", f"/uploads/{ref.sha256}").json()
            if state["complete"]:
                return
            r = self._put(path, ref, int(state["received"]))
            if r.json().get("complete"):
                return
        raise _unreachable(self.base_url, RuntimeError("upload made no progress"))

    def _put(self, path: Path, ref: FileRef, offset: int) -> httpx.Response:
        headers = {**self._headers(), "Content-Type": "application/octet-stream"}
        try:
            r = self.client.put(
                f"/uploads/{ref.sha256}",
                params={"offset": offset, "size": ref.size},
                content=_read_from(path, offset),
                headers=headers,
            )
        except httpx.HTTPError as exc:
            raise _unreachable(self.base_url, exc) from exc
        if r.status_code == 409:  # our idea of the offset was stale: ask again
            return r
        return _check(r)

    def download(self, sha256: str, target: Path) -> None:
        """Fetch a file into `target`, checking its hash; a partial download is not kept."""
        digest = hashlib.sha256()
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".download-")
        try:
            with (
                os.fdopen(fd, "wb") as out,
                self.client.stream("GET", f"/files/{sha256}", headers=self._headers()) as r,
            ):
                _check(r)
                for block in r.iter_bytes(CHUNK):
                    digest.update(block)
                    out.write(block)
            if digest.hexdigest() != sha256:
                raise _unreachable(self.base_url, RuntimeError("hash mismatch"))
            os.replace(tmp, target)
        except httpx.HTTPError as exc:
            raise _unreachable(self.base_url, exc) from exc
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def _read_from(path: Path, offset: int) -> Iterator[bytes]:
    with path.open("rb") as f:
        f.seek(offset)
        yield from iter(lambda: f.read(CHUNK), b"")


def _check(r: httpx.Response) -> httpx.Response:
    if r.status_code < 400:
        return r
    try:
        r.read()
        detail = str(r.json().get("detail", ""))
    except (ValueError, AttributeError, httpx.HTTPError):
        detail = r.reason_phrase
    if r.status_code == 401:
        raise NotLoggedIn(
            QT_TRANSLATE_NOOP("Errors", "Máy chủ từ chối phiên đăng nhập: {detail}"), detail=detail
        )
    if r.status_code >= 500 or r.status_code == 429:
        raise ServerUnreachable(
            QT_TRANSLATE_NOOP("Errors", "Máy chủ tạm thời không nhận được dữ liệu ({status}): {detail}"),
            status=r.status_code,
            detail=detail,
        )
    raise UserError(QT_TRANSLATE_NOOP("Errors", "Máy chủ từ chối yêu cầu: {detail}"), detail=detail)


def _unreachable(url: str, exc: BaseException) -> ServerUnreachable:
    return ServerUnreachable(
        QT_TRANSLATE_NOOP(
            "Errors", "Không kết nối được máy chủ {url} ({reason}); dữ liệu được giữ lại để gửi sau."
        ),
        url=url,
        reason=type(exc).__name__,
    )


def _tls_problem(url: str, exc: BaseException) -> ServerUnreachable:
    return ServerUnreachable(
        QT_TRANSLATE_NOOP(
            "Errors",
            "Không xác thực được chứng thư của máy chủ {url}; hãy kiểm tra địa chỉ hoặc tệp CA của cơ quan.",
        ),
        url=url,
    )

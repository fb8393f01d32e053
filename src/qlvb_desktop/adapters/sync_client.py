"""The central server over HTTPS (httpx). Certificates are always verified; an organization
with its own CA can add its file (`ca_file`), but there is no way to turn verification off."""

from __future__ import annotations

import hashlib
import logging
import re
import ssl
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem, FileNotOnServer, UserError
from qlvb_desktop.domain.registration import FileRef
from qlvb_desktop.services.atomic_file import atomic_output

API = "/api/v1"
CHUNK = 1 << 20
PUSH_BATCH = 100
ORG_CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
MAX_RESTARTS = 3  # a file the server refused (length or hash) is sent again from zero this often
log = logging.getLogger(__name__)


class ServerUnreachable(EnvironmentProblem):
    """The network or the server is down (or busy): work goes on offline, sync retries later."""


class NotLoggedIn(UserError):
    """No token, or the server refused it: log in again."""


class _Restart(Exception):
    """The server refused the bytes of an upload (413 longer than declared, 422 hash): it has
    discarded them, so the file is sent again from zero."""


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
        """`username`, or `username@<organization code>` when the same name exists in two
        organizations; the session is bound to this station (X-Station) by the server."""
        body: dict[str, str] = {"username": username, "password": password}
        name, _, org = username.rpartition("@")
        if name and ORG_CODE.match(org):
            body.update(username=name, organization=org)
        try:
            r = self.client.post("/auth/login", json=body, headers={"X-Station": self.station})
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

    def outgoing_lease(self, book: str, series: str, year: int, count: int) -> list[int]:
        body = {"book": book, "series": series, "year": year, "count": count}
        return list(self._call("POST", "/outgoing/leases", json=body).json()["numbers"])

    def outgoing_renew(self) -> list[dict[str, Any]]:
        return list(self._call("POST", "/outgoing/leases/renew").json()["held"])

    def push(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return list(self._call("POST", "/operations", json={"operations": ops}).json()["results"])

    def changes(self, after: int, limit: int) -> dict[str, Any]:
        data: dict[str, Any] = self._call("GET", "/changes", params={"after": after, "limit": limit}).json()
        return data

    def upload(self, path: Path, ref: FileRef) -> None:
        """Send what the server does not have yet, from where it stopped. A file the server
        refuses (its length or hash did not match: the bytes were damaged on the way, or two
        connections met) is sent again from zero, at most MAX_RESTARTS times, and logged."""
        restarts = 0
        for attempt in range(1000):
            state = self._call("GET", f"/uploads/{ref.sha256}").json()
            if state["complete"]:
                return
            try:
                r = self._put(path, ref, int(state["received"]))
            except _Restart as exc:
                restarts += 1
                log.warning("upload of %s refused (%s); sending it again from zero (%d)", ref.name, exc, restarts)
                if restarts > MAX_RESTARTS:
                    raise ServerUnreachable(
                        QT_TRANSLATE_NOOP(
                            "Errors",
                            "Máy chủ nhiều lần không nhận tệp {name} (nội dung không khớp); "
                            "tệp được giữ lại để gửi lại lần đồng bộ sau.",
                        ),
                        name=ref.name,
                    ) from exc
                continue
            if r.status_code == 409:
                # Another connection of ours (an earlier, stalled one) still held the file and
                # has just been told to stop: ask again, a little later each time.
                time.sleep(min(2.0, 0.05 * (attempt + 1)))
                continue
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
        if r.status_code in (413, 422):
            raise _Restart(f"{r.status_code} {_detail(r)}")
        return _check(r)

    def download(self, sha256: str, target: Path) -> None:
        """Fetch a file into `target`, checking its hash; a partial download is not kept."""
        digest = hashlib.sha256()
        try:
            with (
                atomic_output(target, prefix=".download-") as out,  # the one atomic writer
                self.client.stream("GET", f"/files/{sha256}", headers=self._headers()) as r,
            ):
                if r.status_code == 404:  # lost by the server (quarantined): waits for a re-upload
                    raise FileNotOnServer(sha256[:12])
                _check(r)
                for block in r.iter_bytes(CHUNK):
                    digest.update(block)
                    out.write(block)
                if digest.hexdigest() != sha256:  # inside the block: the partial file is not kept
                    raise ServerUnreachable(
                        QT_TRANSLATE_NOOP(
                            "Errors",
                            "Tệp {sha} tải về từ máy chủ không khớp mã SHA-256 (tệp trên máy chủ bị hỏng "
                            "hoặc đường truyền lỗi); tệp không được lưu, lần đồng bộ sau sẽ tải lại.",
                        ),
                        sha=sha256[:12],
                    )
        except httpx.HTTPError as exc:
            raise _unreachable(self.base_url, exc) from exc


    def missing_files(self) -> list[dict[str, Any]]:
        return [
            {"sha256": str(f["sha256"]), "size": int(f["size"])} for f in self._call("GET", "/missing-files").json()
        ]


def _read_from(path: Path, offset: int) -> Iterator[bytes]:
    with path.open("rb") as f:
        f.seek(offset)
        yield from iter(lambda: f.read(CHUNK), b"")


def _detail(r: httpx.Response) -> str:
    try:
        r.read()
        return str(r.json().get("detail", ""))
    except (ValueError, AttributeError, httpx.HTTPError):
        return r.reason_phrase


def _check(r: httpx.Response) -> httpx.Response:
    if r.status_code < 400:
        return r
    detail = _detail(r)
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

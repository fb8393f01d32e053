"""The station's side of the exchange through the organization's server (issue 15, item 6):
packages and status packets waiting in the outbox are sent (each moved to `outbox/sent/` only
once the server has it — the server keeps a package once by its hash, so a resend after a lost
answer delivers nothing twice); received packages are fetched, recorded in the inbox (once, by
their hash) and only then acknowledged. A station offline keeps both queues until next time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from qlvb_desktop.adapters.sync_client import API, ServerUnreachable
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.services.atomic_file import write_atomic


class ServerRelay:
    """`client` is an httpx.Client (or anything with its `get`/`post`); `headers` the station's
    token, or a function giving them (the sync's client, whose token a new login replaces);
    `prefix` the API path unless the client's base URL already ends with it."""

    def __init__(
        self, client: Any, headers: dict[str, str] | Callable[[], dict[str, str]], prefix: str = API
    ) -> None:
        self.client = client
        self.headers = headers
        self.prefix = prefix

    def _call(self, method: str, url: str, **kw: Any) -> Any:
        headers = self.headers() if callable(self.headers) else self.headers
        url = url.replace(API, self.prefix, 1)
        try:
            r = getattr(self.client, method)(url, headers=headers, **kw)
        except httpx.HTTPError as exc:
            raise ServerUnreachable(
                QT_TRANSLATE_NOOP("Errors", "Không kết nối được máy chủ ({reason}); gói vẫn chờ trong hộp thư đi."),
                reason=str(exc) or type(exc).__name__,
            ) from exc
        if r.status_code in (401, 403):
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Máy chủ từ chối đăng nhập; hãy đăng nhập lại."))
        if r.status_code >= 500:
            raise ServerUnreachable(
                QT_TRANSLATE_NOOP("Errors", "Máy chủ đang bận ({status}); gói vẫn chờ trong hộp thư đi."),
                status=r.status_code,
            )
        return r

    def push(self, outbox: Path) -> tuple[int, list[tuple[Path, str]]]:
        """Send every package of the outbox; (sent, [(refused file, the server's reason)])."""
        sent, refused = 0, []
        for path in sorted(outbox.glob("*.edxml")):
            with path.open("rb") as body:
                r = self._call("post", f"{API}/exchange/send", content=body.read())
            if r.status_code == 404:
                break  # a server without the exchange operations: the outbox waits
            if r.status_code >= 400:
                reason = r.json().get("detail", str(r.status_code)) if r.content else str(r.status_code)
                target = outbox / "refused" / path.name
                target.parent.mkdir(exist_ok=True)
                path.replace(target)
                write_atomic(target.with_suffix(".txt"), f"{reason}\n".encode(), shared=True)
                refused.append((target, str(reason)))
                continue
            target = outbox / "sent" / path.name
            target.parent.mkdir(exist_ok=True)
            path.replace(target)
            sent += 1
        return sent, refused

    def pull(self, receive: Callable[[Path], Any], spool: Path) -> list[Any]:
        """Fetch, record (`receive`), then acknowledge each received package."""
        spool.mkdir(parents=True, exist_ok=True)
        done: list[Any] = []
        listing = self._call("get", f"{API}/exchange/received")
        if listing.status_code == 404:
            return done  # a server without the exchange operations: nothing to fetch
        for entry in listing.json():
            package_id = entry["id"]
            path = spool / f"{package_id}.edxml"
            r = self._call("get", f"{API}/exchange/received/{package_id}")
            if r.status_code != 200:
                continue
            write_atomic(path, r.content, shared=True)  # the one atomic writer
            try:
                done.append(receive(path))
                result = "done"
            except UserError:
                result = "fail"  # kept in the spool for a person to look at
            self._call("post", f"{API}/exchange/received/{package_id}/ack", params={"result": result})
        return done

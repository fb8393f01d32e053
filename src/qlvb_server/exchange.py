"""edXML exchange through the organization's server (issue 15, SPEC §9 "Transport"): the
operations of the national axis for the server's stations — send, list received, fetch,
acknowledge, list organizations — and delivery between the organizations the server hosts.

A package a station sends is stored once (by SHA-256: a resend after a lost answer changes
nothing), its recipients are read from its header (To/OrganId, or ResponseFor/OrganId for a
status packet), and it is delivered into each hosted recipient's mailbox; a recipient the server
does not host is handed to the connector. `Connector` is where a real axis or provincial gateway
(LGSP) plugs in (its system id and secret are its settings); `QueueConnector`, the default,
keeps such packages in `exchange/axis-outbox/` for an operator or a connector to take.

Mailboxes are folders (`exchange/<organization code>/inbox|acked/`), each file written to a
temporary name, flushed and renamed, so a crash leaves a package delivered or not, never half.
"""


import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Protocol

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse
from sqlalchemy import select

from qlvb_server.store import Principal, Refused, ServerStore
from qlvb_server.tables import organizations

MAX_PACKAGE = 300 << 20
_ID = re.compile(r"^[0-9a-f]{64}$")
_CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")


class Connector(Protocol):
    """A national axis or provincial gateway: `send` a package on to organizations this server
    does not host. A real connector is configured with the axis' system id and secret."""

    def send(self, package: Path, recipients: list[str]) -> None: ...


class QueueConnector:
    """Keeps packages for organizations not hosted here in `axis-outbox/` (no axis configured)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def send(self, package: Path, recipients: list[str]) -> None:
        _place(package, self.root / "axis-outbox" / package.name)


def _place(source: Path, target: Path) -> None:
    """Copy into place through a synced temporary file (a hard link when it can)."""
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            while block := src.read(1 << 20):
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def recipients_of(path: Path) -> list[str]:
    """Organization codes a package is addressed to, read from its header only (DTDs and
    entities refused, parsing stops where the header ends)."""
    found: list[str] = []
    in_to = in_response = False
    try:
        for event, elem in iterparse(str(path), events=("start", "end"), forbid_dtd=True):
            name = elem.tag.rsplit("}", 1)[-1].lower()
            if event == "start":
                in_to = in_to or name == "to"
                in_response = in_response or name == "responsefor"
                continue
            if name == "organid" and (in_to or in_response) and elem.text and elem.text.strip():
                found.append(elem.text.strip())
            elif name == "to":
                in_to = False
            elif name == "responsefor":
                in_response = False
            elif name in ("edxmlheader", "messageheader"):
                break
            elem.clear()
    except (DefusedXmlException, SyntaxError, ValueError) as exc:
        raise Refused(422, f"Gói không đọc được: {exc}.") from None
    codes = list(dict.fromkeys(c for c in found if _CODE.match(c)))
    if not codes:
        raise Refused(422, "Gói không ghi nơi nhận nào có mã định danh cơ quan.")
    return codes


class Mailboxes:
    def __init__(self, root: Path, store: ServerStore, connector: Connector | None = None) -> None:
        self.root = root
        self.store = store
        self.connector = connector or QueueConnector(root)

    def hosted(self) -> set[str]:
        with self.store.engine.connect() as conn:
            return {row[0] for row in conn.execute(select(organizations.c.code))}

    def box(self, code: str, which: str) -> Path:
        if not _CODE.match(code):
            raise Refused(422, "Mã cơ quan không đúng dạng.")
        return self.root / code / which

    def send(self, sender: str, package: Path, sha: str) -> dict[str, Any]:
        recipients = recipients_of(package)
        hosted = self.hosted()
        delivered, forwarded = [], []
        name = f"{sha}.edxml"
        for code in recipients:
            if code in hosted:
                if not (self.box(code, "acked") / name).exists():
                    _place(package, self.box(code, "inbox") / name)
                delivered.append(code)
            else:
                forwarded.append(code)
        if forwarded:
            staged = self.root / "staging" / name
            _place(package, staged)
            self.connector.send(staged, forwarded)
        return {"id": sha, "from": sender, "delivered": delivered, "forwarded": forwarded}

    def received(self, code: str) -> list[dict[str, Any]]:
        inbox = self.box(code, "inbox")
        if not inbox.is_dir():
            return []
        out = []
        for p in sorted(inbox.glob("*.edxml"), key=lambda p: p.stat().st_mtime):
            st = p.stat()
            out.append({"id": p.stem, "size": st.st_size,
                        "received_at": datetime.fromtimestamp(st.st_mtime, UTC).isoformat()})
        return out

    def path(self, code: str, package_id: str) -> Path:
        if not _ID.match(package_id):
            raise Refused(422, "Mã gói không đúng dạng.")
        p = self.box(code, "inbox") / f"{package_id}.edxml"
        if not p.is_file():
            raise Refused(404, "Không có gói này trong hộp thư.")
        return p

    def ack(self, code: str, package_id: str, result: str) -> None:
        p = self.path(code, package_id)
        target = self.box(code, "acked") / p.name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(p, target)
        (target.with_suffix(".result")).write_text(result, encoding="utf-8")


def router(store: ServerStore, data_dir: Path, principal: Callable[..., Principal], api: str) -> APIRouter:
    """The exchange routes; the app factory includes them with its own authentication."""
    boxes = Mailboxes(data_dir / "exchange", store)
    User = Annotated[Principal, Depends(principal)]
    r = APIRouter()

    @r.post(f"{api}/exchange/send")
    async def send(request: Request, p: User) -> dict[str, Any]:
        """The station's package, as raw bytes, from the station's organization."""
        staging = boxes.root / "incoming"
        staging.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=staging, prefix=".up-")
        digest, size = hashlib.sha256(), 0
        try:
            with os.fdopen(fd, "wb") as out:
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > MAX_PACKAGE:
                        raise Refused(413, f"Gói lớn hơn {MAX_PACKAGE >> 20} MB.")
                    digest.update(chunk)
                    out.write(chunk)
            if size == 0:
                raise Refused(422, "Gói rỗng.")
            return boxes.send(p.org_code, Path(tmp), digest.hexdigest())
        finally:
            os.unlink(tmp)

    @r.get(f"{api}/exchange/received")
    def received(p: User) -> list[dict[str, Any]]:
        return boxes.received(p.org_code)

    @r.get(f"{api}/exchange/received/{{package_id}}", response_class=FileResponse)
    def fetch(package_id: str, p: User) -> FileResponse:
        return FileResponse(boxes.path(p.org_code, package_id), media_type="application/xml")

    @r.post(f"{api}/exchange/received/{{package_id}}/ack")
    def ack(package_id: str, p: User,
            result: Annotated[str, Query(pattern="^(done|fail)$")] = "done") -> dict[str, str]:
        boxes.ack(p.org_code, package_id, result)
        return {"detail": "Đã ghi nhận."}

    @r.get(f"{api}/exchange/organizations")
    def organizations_list(p: User) -> list[dict[str, str]]:
        """The organizations this server hosts (reachable at once) and its directory."""
        hosted = boxes.hosted()
        return [{**e, "hosted": "yes" if e.get("code") in hosted else "no"} for e in store.directory(p)]

    return r

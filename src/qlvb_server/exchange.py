"""edXML exchange through the organization's server (issue 15, SPEC §9 "Transport"): the
operations of the national axis for the server's stations — send, list received, fetch,
acknowledge, list organizations — and delivery between the organizations the server hosts.

A package a station sends is stored once (by SHA-256: a resend after a lost answer changes
nothing), its recipients are read from its header (To/OrganId, or ResponseFor/OrganId for a
status packet), and it is delivered into each hosted recipient's mailbox; a recipient the server
does not host is handed to the connector. `Connector` is where a real axis or provincial gateway
(LGSP) plugs in (its system id and secret are its settings); `QueueConnector`, the default,
keeps such packages in `exchange/axis-outbox/` for an operator or a connector to take.

Mailboxes are tables (`exchange_packages`, `exchange_deliveries`; migration s006_exchange): a
package's bytes once in the blob store, written to a temporary name, synced and renamed before
its rows are committed, so a crash leaves a package delivered or not, never half.
"""


import hashlib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Protocol

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse
from sqlalchemy import select, update

from qlvb_desktop.services.atomic_file import atomic_output, fsync_folder
from qlvb_server.blobs import BlobStore
from qlvb_server.principal import Principal, Refused
from qlvb_server.store import ServerStore
from qlvb_server.tables import exchange_deliveries, exchange_packages, organizations

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
    """Copy into place, whole or not at all (the one atomic writer)."""
    if target.exists():
        return
    with atomic_output(target) as out, source.open("rb") as src:
        shutil.copyfileobj(src, out, 1 << 20)


_MIME_BOUNDARY = re.compile(rb'boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^;\s"]{1,200}))', re.I)
MAX_MIME_XML = 16 << 20


def _header_source(path: Path) -> Any:
    """What to parse for the header: the file, or — a MIME multipart package (the XML, then the
    attachments as parts) — its XML part alone (at most 16 MB: it holds the header only)."""
    with path.open("rb") as f:
        head = f.read(1 << 16)
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if text.startswith(b"<"):
            return str(path)
        if text.startswith(b"--"):
            boundary = text[2:].split(b"\n", 1)[0].rstrip(b"\r \t")
        else:
            m = _MIME_BOUNDARY.search(re.sub(rb"\r?\n[ \t]+", b" ", head))
            boundary = (m.group(1) or m.group(2)) if m else b""
        start = head.find(b"<?xml")
        if not boundary or start < 0:
            return str(path)  # not a MIME package: the parser says what is wrong with it
        f.seek(start)
        data = f.read(MAX_MIME_XML)
    end = data.find(b"\n--" + boundary)
    return io.BytesIO(data if end < 0 else data[:end].rstrip(b"\r"))


def recipients_of(path: Path) -> list[str]:
    """Organization codes a package is addressed to, read from its header only (DTDs and
    entities refused, parsing stops where the header ends)."""
    found: list[str] = []
    in_to = in_response = False
    try:
        for event, elem in iterparse(_header_source(path), events=("start", "end"), forbid_dtd=True):
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
    """Each hosted organization's mailbox: its deliveries in the database, the package bytes
    once in the blob store (`files/`, by SHA-256: backed up and restored with the rest)."""

    def __init__(self, root: Path, store: ServerStore, connector: Connector | None = None,
                 blobs: BlobStore | None = None) -> None:
        self.root = root
        self.store = store
        self.connector = connector or QueueConnector(root)
        self.blobs = blobs or BlobStore(root.parent)
        self._take_folders()

    def hosted(self) -> set[str]:
        with self.store.engine.connect() as conn:
            return {row[0] for row in conn.execute(select(organizations.c.code))}

    def _deliver(self, sender: str, package: Path, sha: str, size: int, codes: list[str]) -> None:
        """The package once, a delivery per organization (none twice: a resend after a lost
        answer, or after the recipient acknowledged it, delivers nothing again)."""
        _place(package, self.blobs.path_of(sha))
        now = _now()
        with self.store.engine.begin() as conn:
            _insert_ignore(conn, exchange_packages, sha256=sha, size=size, sender=sender, stored_at=now)
            for code in codes:
                _insert_ignore(conn, exchange_deliveries, org_code=code, sha256=sha, delivered_at=now)

    def send(self, sender: str, package: Path, sha: str) -> dict[str, Any]:
        recipients = recipients_of(package)
        hosted = self.hosted()
        delivered = [c for c in recipients if c in hosted]
        forwarded = [c for c in recipients if c not in hosted]
        if delivered:
            self._deliver(sender, package, sha, package.stat().st_size, delivered)
        if forwarded:
            name = f"{sha}.edxml"
            staged = self.root / "staging" / name
            _place(package, staged)
            self.connector.send(staged, forwarded)
        return {"id": sha, "from": sender, "delivered": delivered, "forwarded": forwarded}

    def received(self, code: str) -> list[dict[str, Any]]:
        _check_code(code)
        d, p = exchange_deliveries.c, exchange_packages.c
        query = (
            select(d.sha256, p.size, d.delivered_at)
            .join(exchange_packages, p.sha256 == d.sha256)
            .where(d.org_code == code, d.acked_at.is_(None))
            .order_by(d.delivered_at, d.sha256)
        )
        with self.store.engine.connect() as conn:
            return [{"id": sha, "size": size, "received_at": at} for sha, size, at in conn.execute(query)]

    def path(self, code: str, package_id: str) -> Path:
        _check_code(code)
        if not _ID.match(package_id):
            raise Refused(422, "Mã gói không đúng dạng.")
        d = exchange_deliveries.c
        with self.store.engine.connect() as conn:
            waiting = conn.execute(
                select(d.sha256).where(d.org_code == code, d.sha256 == package_id, d.acked_at.is_(None))
            ).first()
        p = self.blobs.path_of(package_id)
        if waiting is None or not p.is_file():
            raise Refused(404, "Không có gói này trong hộp thư.")
        return p

    def ack(self, code: str, package_id: str, result: str) -> None:
        self.path(code, package_id)
        d = exchange_deliveries.c
        with self.store.engine.begin() as conn:
            conn.execute(
                update(exchange_deliveries)
                .where(d.org_code == code, d.sha256 == package_id, d.acked_at.is_(None))
                .values(acked_at=_now(), result=result)
            )

    def _take_folders(self) -> None:
        """Packages waiting in the folder mailboxes of the first version (`<code>/inbox/`) go
        into the tables, then to `<code>/taken/`: nothing waiting is lost by the upgrade."""
        if not self.root.is_dir():
            return
        for inbox in sorted(self.root.glob("*/inbox")):
            code = inbox.parent.name
            if not _CODE.match(code):
                continue
            taken = inbox.parent / "taken"
            packages = sorted(inbox.glob("*.edxml"))
            for p in packages:
                sha, size = _hash(p)
                self._deliver("", p, sha, size, [code])
                taken.mkdir(exist_ok=True)
                os.replace(p, taken / p.name)
            # Once per mailbox, not per package: a move lost to a power cut only delivers the
            # package again at the next start, which `_deliver` ignores.
            if packages:
                fsync_folder(taken)
                fsync_folder(inbox)


def _check_code(code: str) -> None:
    if not _CODE.match(code):
        raise Refused(422, "Mã cơ quan không đúng dạng.")


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _hash(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _insert_ignore(conn: Any, table: Any, **values: Any) -> None:
    """INSERT … ON CONFLICT DO NOTHING, on SQLite and PostgreSQL alike."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        conn.execute(pg_insert(table).values(**values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        conn.execute(sqlite_insert(table).values(**values).on_conflict_do_nothing())


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

"""The HTTP API (FastAPI). Every route but /health and /auth/login needs a bearer token, and
every query is scoped to the token's organization. The OpenAPI description is FastAPI's own,
generated from these routes and models, so it matches the implementation."""

import logging
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool

from qlvb_server import blobs, exchange, outgoing
from qlvb_server.principal import Principal, Refused
from qlvb_server.store import ServerStore
from qlvb_server.uploads import UploadReceiver

log = logging.getLogger("qlvb_server")
API = "/api/v1"
SHA = Annotated[str, PathParam(pattern=r"^[0-9a-f]{64}$")]
STATION = Annotated[str, Header(alias="X-Station", min_length=1, max_length=64)]
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_NUMBER = 9_999_999_999  # arrival number: number 10 (SPEC §3); also bounds cursors (int64 columns)


class Message(BaseModel):
    detail: str


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)
    # Needed only when the same user name exists in two organizations with the same password.
    organization: str | None = Field(default=None, pattern=r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")


class OrgOut(BaseModel):
    code: str
    name: str


class LoginOut(BaseModel):
    token: str
    expires_at: int
    username: str
    role: str
    organization: OrgOut


class MeOut(BaseModel):
    username: str
    role: str
    organization: str


class BookOut(BaseModel):
    code: str
    name: str
    secret: bool


class LeaseIn(BaseModel):
    book: str = Field(min_length=1, max_length=40)
    year: int = Field(ge=1900, le=9999)
    count: int = Field(default=20, ge=1, le=500)


class LeaseOut(BaseModel):
    numbers: list[int]


class HeldLease(BaseModel):
    book: str
    year: int
    numbers: list[int]


class RenewOut(BaseModel):
    held: list[HeldLease]


class ReleaseIn(BaseModel):
    book: str = Field(min_length=1, max_length=40)
    year: int = Field(ge=1900, le=9999)
    numbers: list[Annotated[int, Field(ge=1, le=MAX_NUMBER)]] = Field(max_length=500)


class ReleaseOut(BaseModel):
    released: int


class SealIn(BaseModel):
    reason: str = Field(min_length=1, max_length=500)


class SealOut(BaseModel):
    voided: list[int]


class FileIn(BaseModel):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    name: str = Field(max_length=200)
    size: int = Field(ge=0, le=MAX_FILE_BYTES)
    role: str = Field(default="", pattern=r"^(|stamped|signed)$")  # issue 16: the clerk's copy


class OperationIn(BaseModel):
    op_id: str = Field(min_length=8, max_length=64)
    kind: Literal[
        "register", "update", "void", "trace", "attach",
        "outgoing.issue", "outgoing.void", "outgoing.release", "refusal.add", "refusal.told",
        "casefile.list", "casefile.open", "casefile.file", "casefile.remove", "casefile.close",
    ]
    uid: str = Field(min_length=8, max_length=64)
    at: str | None = Field(default=None, max_length=40)
    actor: str | None = Field(default=None, max_length=64)
    book: str | None = Field(default=None, max_length=40)
    arrival_number: int | None = Field(default=None, ge=1, le=MAX_NUMBER)
    fields: dict[str, Any] | None = None
    files: list[FileIn] | None = Field(default=None, max_length=100)
    changes: dict[str, Any] | None = None
    reason: str | None = Field(default=None, max_length=500)
    text: str | None = Field(default=None, max_length=2000)
    record: dict[str, Any] | None = None  # outgoing.* and refusal.* (qlvb_server/outgoing.py)
    casefile: dict[str, Any] | None = None  # the body of a casefile.* operation


class OperationsIn(BaseModel):
    operations: list[OperationIn] = Field(max_length=200)


class OperationOut(BaseModel):
    op_id: str
    status: Literal["applied", "superseded", "rejected", "retry"]
    duplicate: bool = False
    uid: str | None = None
    arrival_number: int | None = None
    renumbered: bool | None = None
    error: str | None = None
    field: str | None = None
    superseded_fields: list[str] | None = None
    voided: bool | None = None
    ordinal: int | None = None  # casefile.file: the DocOrdinal the server decided


class OperationsOut(BaseModel):
    results: list[OperationOut]


class ChangesOut(BaseModel):
    changes: list[dict[str, Any]]
    cursor: int
    more: bool


class ListingRow(BaseModel):
    arrival_number: int
    uid: str
    status: str
    void_reason: str


class UploadState(BaseModel):
    sha256: str
    received: int
    complete: bool


class MissingFile(BaseModel):
    sha256: str
    size: int


class DirectoryEntry(BaseModel):
    code: str = Field(pattern=r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
    name: str = Field(min_length=1, max_length=200)
    parent: str = Field(default="", max_length=200)
    abbreviation: str = Field(default="", max_length=40)
    place: str = Field(default="", max_length=100)


class UserIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=8, max_length=1024)
    role: Literal["admin", "clerk"] = "clerk"


class UserOut(BaseModel):
    id: int
    username: str


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Message},
    403: {"model": Message},
    404: {"model": Message},
    422: {"model": Message},
}


def create_app(store: ServerStore, data_dir: Path) -> FastAPI:
    app = FastAPI(title="qlvb-server", version="1", description="Máy chủ trung tâm của phần mềm văn thư.")
    files_store = blobs.BlobStore(data_dir)
    receiver = UploadReceiver(store, files_store)
    bearer = HTTPBearer(auto_error=False)

    def principal(cred: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Principal:
        if cred is None or cred.scheme.lower() != "bearer":
            raise Refused(401, "Chưa đăng nhập.")
        return store.authenticate(cred.credentials)

    def admin(p: Annotated[Principal, Depends(principal)]) -> Principal:
        if p.role != "admin":
            raise Refused(403, "Chỉ quản trị của cơ quan được làm việc này.")
        return p

    def station_of(
        p: Annotated[Principal, Depends(principal)],
        cred: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
        station: STATION,
    ) -> str:
        """The session's own station (bound at login or on first use): X-Station cannot be
        swapped for another station's id within an organization."""
        assert cred is not None
        return store.station_of(cred.credentials, p, station)

    User = Annotated[Principal, Depends(principal)]
    Admin = Annotated[Principal, Depends(admin)]
    Station = Annotated[str, Depends(station_of)]
    app.include_router(exchange.router(store, data_dir, principal, API))  # edXML exchange (issue 15)
    app.include_router(outgoing.router(store.outgoing, principal, station_of, API, ERRORS))  # issue 12 item 6

    @app.exception_handler(Refused)
    def _refused(_request: Request, exc: Refused) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse({"detail": exc.message}, status_code=exc.status, headers=headers)

    @app.exception_handler(OperationalError)
    def _db_down(_request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database: %s", exc.orig)
        full = "full" in str(exc.orig).lower() or "no space" in str(exc.orig).lower()
        return JSONResponse(
            {
                "detail": "Máy chủ hết dung lượng đĩa."
                if full
                else "Cơ sở dữ liệu của máy chủ đang bận; thử lại sau."
            },
            status_code=507 if full else 503,
            headers={"Retry-After": "5"},
        )

    @app.get(f"{API}/health", response_model=Message)
    def health() -> dict[str, str]:
        return {"detail": "ok"}

    @app.post(
        f"{API}/auth/login",
        response_model=LoginOut,
        responses={401: {"model": Message}, 423: {"model": Message}},
    )
    def login(
        body: LoginIn, station: Annotated[str, Header(alias="X-Station", max_length=64)] = ""
    ) -> dict[str, Any]:
        """A wrong password and an unknown name get the same answer after the same work; five
        failures for a name (counted in the database, whatever the concurrency) lock it 15 min.
        The X-Station given here (or on the first station request) is bound to the session."""
        return store.login(body.username, body.password, body.organization, station)

    @app.post(f"{API}/auth/logout", response_model=Message, responses=ERRORS)
    def logout(
        p: User, cred: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
    ) -> dict[str, str]:
        assert cred is not None
        store.logout(cred.credentials)
        return {"detail": "Đã đăng xuất."}

    @app.get(f"{API}/me", response_model=MeOut, responses=ERRORS)
    def me(p: User) -> dict[str, str]:
        return {"username": p.username, "role": p.role, "organization": p.org_code}

    @app.post(f"{API}/users", response_model=UserOut, status_code=201, responses=ERRORS)
    def add_user(body: UserIn, p: Admin) -> dict[str, Any]:
        uid = store.add_user(p.org_code, body.username, body.password, body.role)
        return {"id": uid, "username": body.username}

    @app.get(f"{API}/books", response_model=list[BookOut], responses=ERRORS)
    def list_books(p: User) -> list[dict[str, Any]]:
        return store.books(p)

    @app.get(
        f"{API}/books/{{book}}/years/{{year}}/numbers", response_model=list[ListingRow], responses=ERRORS
    )
    def numbers(
        p: User,
        book: Annotated[str, PathParam(max_length=40)],
        year: Annotated[int, PathParam(ge=1900, le=9999)],
    ) -> list[dict[str, Any]]:
        return store.register_listing(p, book, year)

    @app.post(f"{API}/books/{{book}}/years/{{year}}/seal", response_model=SealOut, responses=ERRORS)
    def seal(
        body: SealIn,
        p: Admin,
        book: Annotated[str, PathParam(max_length=40)],
        year: Annotated[int, PathParam(ge=1900, le=9999)],
    ) -> dict[str, Any]:
        return {"voided": store.seal(p, book, year, body.reason)}

    @app.post(f"{API}/leases", response_model=LeaseOut, responses=ERRORS)
    def lease(body: LeaseIn, p: User, station: Station) -> dict[str, Any]:
        return {"numbers": store.lease(p, station, body.book, body.year, body.count)}

    @app.post(f"{API}/leases/renew", response_model=RenewOut, responses=ERRORS)
    def renew(p: User, station: Station) -> dict[str, Any]:
        """Extend this station's leases (each sync does) and list the numbers it still holds;
        leases not renewed within the server's lease time are taken back and reused."""
        return {"held": store.renew(p, station)}

    @app.post(f"{API}/leases/release", response_model=ReleaseOut, responses=ERRORS)
    def release(body: ReleaseIn, p: User, station: Station) -> dict[str, Any]:
        return {"released": store.release(p, station, body.book, body.year, body.numbers)}

    @app.post(f"{API}/operations", response_model=OperationsOut, responses=ERRORS)
    def apply_operations(body: OperationsIn, p: User, station: Station) -> dict[str, Any]:
        """Apply operations in order; each op_id at most once (a retry gets the first answer).
        A rejected operation does not stop the others; `retry` means "upload its files first"."""
        ops = []
        for op in body.operations:
            data = op.model_dump(exclude_none=True)
            if op.files is not None:
                data["files"] = [f.model_dump() for f in op.files]
            ops.append(data)
        results = store.apply_batch(p, station, ops) if ops else []
        return {"results": results}

    @app.get(f"{API}/changes", response_model=ChangesOut, responses=ERRORS)
    def changes_feed(
        p: User,
        after: Annotated[int, Query(ge=0, le=MAX_NUMBER)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> dict[str, Any]:
        return store.changes_since(p, after, limit)

    @app.get(f"{API}/registrations/{{uid}}", responses=ERRORS)
    def registration(p: User, uid: Annotated[str, PathParam(min_length=1, max_length=64)]) -> dict[str, Any]:
        return store.registration(p, uid)

    @app.get(f"{API}/audit", responses=ERRORS)
    def audit(
        p: Admin,
        uid: Annotated[str | None, Query(max_length=64)] = None,
        limit: Annotated[int, Query(ge=1, le=10000)] = 1000,
    ) -> list[dict[str, Any]]:
        return store.audit(p, uid, limit)

    @app.get(f"{API}/directory", response_model=list[DirectoryEntry], responses=ERRORS)
    def get_directory(p: User) -> list[dict[str, str]]:
        return store.directory(p)

    @app.put(f"{API}/directory", response_model=Message, responses=ERRORS)
    def put_directory(
        body: Annotated[list[DirectoryEntry], Field(max_length=100_000)], p: Admin
    ) -> dict[str, str]:
        n = store.put_directory(p, [e.model_dump() for e in body])
        return {"detail": f"Đã cập nhật {n} cơ quan."}

    @app.get(f"{API}/uploads/{{sha256}}", response_model=UploadState, responses=ERRORS)
    async def upload_state(p: User, sha256: SHA) -> dict[str, Any]:
        stored = await receiver.stored(p, sha256)
        if stored is not None:
            return {"sha256": sha256, "received": stored, "complete": True}
        return {"sha256": sha256, "received": files_store.received(p.org_id, sha256), "complete": False}

    @app.put(
        f"{API}/uploads/{{sha256}}",
        response_model=UploadState,
        responses={**ERRORS, 409: {"model": Message}, 413: {"model": Message}, 507: {"model": Message}},
    )
    async def upload(
        request: Request,
        p: User,
        sha256: SHA,
        offset: Annotated[int, Query(ge=0, le=MAX_FILE_BYTES)],
        size: Annotated[int, Query(ge=0, le=MAX_FILE_BYTES)],
    ) -> Any:
        """Append the body at `offset` (ask GET first); at `size` bytes the length and SHA-256
        are checked. One request at a time writes a file: a newer one takes it over.

        Disk writes and hashing run in worker threads, a block at a time, overlapping with
        receiving the next block; the event loop only moves bytes."""
        return await receiver.put(request, p, sha256, offset, size)

    @app.get(f"{API}/missing-files", response_model=list[MissingFile], responses=ERRORS)
    def missing(p: User) -> list[dict[str, Any]]:
        """Files of this organization's registrations that the server lost (a damaged stored
        file quarantined): a station that still has one sends it again (PUT /uploads)."""
        return store.missing_files(p)

    @app.get(f"{API}/files/{{sha256}}", response_class=FileResponse, responses=ERRORS)
    async def download(p: User, sha256: SHA) -> FileResponse:
        if await receiver.stored(p, sha256) is None:
            if await run_in_threadpool(store.is_missing, p, sha256):
                raise Refused(404, "Tệp này bị hỏng trên máy chủ và đang chờ một máy trạm gửi lại.")
            raise Refused(404, "Không có tệp này.")
        return FileResponse(files_store.path_of(sha256), media_type="application/octet-stream")

    return app

"""Receiving resumable uploads so that they cannot corrupt: one writer per (organization, file).

Each PUT holds the file's gate for the whole request, from reading how much the server has to
storing the checked file. A newer request for the same file asks the holder to stop (its client
has most likely given up on it: a stalled or cut connection) and waits for it to let go; the
holder drops what it has not written yet and answers 409 with what the server has. A holder that
receives nothing for `IDLE_SECONDS` lets go by itself. So bytes of two requests never meet in
one part file, and no late write can land in a file already stored (issue 12).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hashlib
import logging
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from qlvb_server import blobs
from qlvb_server.principal import Principal, Refused
from qlvb_server.store import ServerStore

log = logging.getLogger("qlvb_server.uploads")
WRITE_BLOCK = 1 << 20  # bytes gathered before one write + hash in a worker thread
IDLE_SECONDS = 60.0  # a request that sends nothing this long gives the file up
TAKEOVER_SECONDS = 60.0  # how long a newer request waits for the holder to let go


@dataclass
class _Slot:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    stop: asyncio.Event = field(default_factory=asyncio.Event)  # the holder's: "a newer one wants it"
    users: int = 0
    newest: int = 0  # arrival number of the newest request for this file


class UploadGate:
    """One writer at a time per (organization, sha256), in this server process (the server runs
    one process; its event loop is where every upload is received)."""

    def __init__(self) -> None:
        self._slots: dict[tuple[int, str], _Slot] = {}

    def busy(self, org_id: int, sha256: str) -> bool:
        return (org_id, sha256) in self._slots

    @contextlib.asynccontextmanager
    async def hold(self, org_id: int, sha256: str) -> AsyncIterator[asyncio.Event]:
        """Become the only writer of this file; yields the event set when a newer request
        wants the file (the holder then stops as soon as its current write is done)."""
        key = (org_id, sha256)
        slot = self._slots.setdefault(key, _Slot())
        slot.users += 1
        slot.newest += 1
        mine = slot.newest
        try:
            slot.stop.set()
            try:
                await asyncio.wait_for(slot.lock.acquire(), TAKEOVER_SECONDS)
            except TimeoutError:
                raise Refused(409, "Tệp này đang được gửi bằng một kết nối khác; thử lại sau.") from None
            try:
                if slot.newest != mine:
                    # An even newer request arrived while this one waited: that one goes on.
                    raise _Superseded
                slot.stop = asyncio.Event()
                yield slot.stop
            finally:
                slot.lock.release()
        finally:
            slot.users -= 1
            if slot.users == 0:
                del self._slots[key]


class _Superseded(Exception):
    """A newer request for the same file is waiting: this one steps aside without writing."""


class _Stopped(Exception):
    """The request stopped receiving: a newer one took the file over, or nothing came."""


def _disk_full() -> JSONResponse:
    return JSONResponse({"detail": "Máy chủ hết dung lượng đĩa."}, status_code=507, headers={"Retry-After": "30"})


def _have_only(have: int, why: str) -> JSONResponse:
    return JSONResponse({"detail": why, "received": have}, status_code=409)


class UploadReceiver:
    def __init__(self, store: ServerStore, files_store: blobs.BlobStore) -> None:
        self.store = store
        self.files = files_store
        self.gate = UploadGate()

    async def stored(self, p: Principal, sha256: str) -> int | None:
        """The size of this organization's stored file, after checking its bytes are still
        right (a damaged one is forgotten, so the next upload stores it again)."""
        size = await run_in_threadpool(self.store.has_file, p, sha256)
        if size is None:
            return None
        if await run_in_threadpool(self.files.verify, sha256, size):
            return size
        log.error("stored file %s is damaged: quarantined, to be uploaded again", sha256)
        await run_in_threadpool(self.store.forget_file, sha256)
        return None

    async def put(self, request: Request, p: Principal, sha256: str, offset: int, size: int) -> Any:
        if await self.stored(p, sha256) is not None:
            return {"sha256": sha256, "received": size, "complete": True}
        try:
            async with self.gate.hold(p.org_id, sha256) as stop:
                if await self.stored(p, sha256) is not None:  # stored while this one waited
                    return {"sha256": sha256, "received": size, "complete": True}
                return await self._receive(request, p, sha256, offset, size, stop)
        except _Superseded:
            have = self.files.received(p.org_id, sha256)
            return _have_only(have, "Tệp này đang được gửi bằng một kết nối khác.")

    async def _receive(
        self, request: Request, p: Principal, sha256: str, offset: int, size: int, stop: asyncio.Event
    ) -> Any:
        part = self.files.part_of(p.org_id, sha256)
        part.parent.mkdir(parents=True, exist_ok=True)
        have = part.stat().st_size if part.exists() else 0
        if offset != have:
            return _have_only(have, f"Máy chủ đang có {have} byte.")
        written = have
        digest = hashlib.sha256() if have == 0 else None
        out = part.open("ab")

        def put(block: bytes) -> None:
            out.write(block)
            if digest is not None:
                digest.update(block)

        def close() -> None:
            try:
                out.flush()
                os.fsync(out.fileno())
            finally:
                out.close()

        writing: asyncio.Future[None] | None = None
        pending = bytearray()
        stopped = ""
        try:
            try:
                body = _Body(request, stop)
                try:
                    while (chunk := await body.next()) is not None:
                        if written + len(pending) + len(chunk) > size:
                            raise Refused(413, "Tệp dài hơn kích thước đã khai báo; hãy gửi lại từ đầu.")
                        pending += chunk
                        if len(pending) >= WRITE_BLOCK:
                            if writing is not None:
                                await writing
                            block, pending = bytes(pending), bytearray()
                            writing = asyncio.ensure_future(run_in_threadpool(put, block))
                            written += len(block)
                except ClientDisconnect:
                    pass  # keep what arrived; the client resumes from there
                except _Stopped as exc:
                    stopped = str(exc)
                    pending = bytearray()  # a newer request continues from what is written
                finally:
                    await body.close()
                    if writing is not None:
                        await writing
                    if pending:
                        await run_in_threadpool(put, bytes(pending))
                        written += len(pending)
            finally:
                await run_in_threadpool(close)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                os.truncate(part, have)
                return _disk_full()
            raise
        except Refused:
            # The client's file is not what it declared: start that file again from zero.
            part.unlink(missing_ok=True)
            raise
        if stopped:
            log.info("upload of %s stopped at %d bytes: %s", sha256, written, stopped)
            return _have_only(written, "Tệp này đang được gửi bằng một kết nối khác.")
        if written < size:
            return {"sha256": sha256, "received": written, "complete": False}
        try:
            await run_in_threadpool(
                self.files.finish, p.org_id, sha256, size, digest.hexdigest() if digest is not None else None
            )
        except (blobs.HashMismatch, blobs.LengthMismatch):
            raise Refused(422, "Nội dung tệp không khớp mã SHA-256; hãy gửi lại từ đầu.") from None
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                return _disk_full()
            raise
        await run_in_threadpool(self.store.add_file, p, sha256, size)
        return {"sha256": sha256, "received": size, "complete": True}


class _Body:
    """The request body, chunk by chunk, until it ends (None), a newer request wants the file
    (`stop`), or nothing arrives for IDLE_SECONDS (both raise _Stopped)."""

    def __init__(self, request: Request, stop: asyncio.Event) -> None:
        self._body = request.stream().__aiter__()
        self._stop = stop
        self._stopper: asyncio.Future[Any] = asyncio.ensure_future(stop.wait())

    async def next(self) -> bytes | None:
        nxt: asyncio.Future[bytes] = asyncio.ensure_future(_next(self._body))
        done, _ = await asyncio.wait(
            {nxt, self._stopper}, timeout=IDLE_SECONDS, return_when=asyncio.FIRST_COMPLETED
        )
        if nxt not in done:
            nxt.cancel()
            with contextlib.suppress(asyncio.CancelledError, ClientDisconnect, StopAsyncIteration):
                await nxt
            raise _Stopped("taken over by a newer request" if self._stop.is_set() else "idle")
        try:
            return nxt.result()
        except StopAsyncIteration:
            return None

    async def close(self) -> None:
        self._stopper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._stopper


async def _next(body: AsyncIterator[bytes]) -> bytes:
    return await body.__anext__()

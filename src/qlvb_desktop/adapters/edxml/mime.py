"""edXML packages sent as MIME multipart (how some real systems send, SOAP-with-attachments
style): the XML first, then each attachment as a MIME part with its own headers, referenced
from the manifest by Content-ID.

The file is split as it streams (1 MB at a time, the delimiter searched across chunk ends):
the XML part into a file for the XML reader, each other part decoded by its
Content-Transfer-Encoding (base64 as it arrives, binary/8bit/7bit copied) into a temporary
file, hashed and counted, stopped at the attachment limit whatever its headers declare. Names
come from Content-Disposition `filename`/`filename*` or Content-Type `name`, RFC 2231 and
RFC 2047 encodings decoded (Vietnamese names arrive that way), by the standard library's
header parser on the part's few header bytes only. The bytes are kept exactly as decoded.

Hostile or broken MIME: no boundary, part headers that never end or are too long, more parts
than any package has — refused with one sentence; a truncated part, a part declaring more than
the limit, an unknown transfer encoding — that attachment flagged with its reason.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import hashlib
import re
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import IO, Any, Protocol

from qlvb_desktop.adapters.edxml.sinks import Base64Sink
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError

CTX = "Errors"
READ_CHUNK = 1 << 20
MAX_PART_HEADER = 16 << 10
MAX_PARTS = 1000
MAX_XML_PART = 64 << 20  # the XML of a MIME package holds the header only (its files are parts)
_BOUNDARY = re.compile(rb'boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^;\s"]{1,200}))', re.I)
_HEADER_START = re.compile(rb"^(mime-version|content-type)\s*:", re.I)


class NoXmlPart(UserError):
    """No part found with the declared boundary: the reader falls back to the XML in the file."""


@dataclass
class MimePart:
    """One attachment part, decoded into `path` (None when flagged with `error`)."""

    name: str
    content_type: str
    content_id: str
    path: Path | None
    size: int = 0
    sha256: str = ""
    error: str = ""


@dataclass
class MimeSplit:
    xml: Path
    parts: list[MimePart]
    notes: list[str]


def looks_like_mime(text: bytes) -> bool:
    """MIME headers or a multipart delimiter at the start of the file."""
    return bool(_HEADER_START.match(text)) or (text.startswith(b"--") and b"\n" in text[:300])


def boundary_of(head: bytes, name: str) -> bytes | None:
    """The boundary when the file starts as a MIME message or a multipart body, else None.
    A MIME message without a boundary is refused (it cannot be split)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        return None
    if text.startswith(b"--"):
        line = text[2:].split(b"\n", 1)[0].rstrip(b"\r \t")
        return line if 0 < len(line) <= 200 else None
    if not _HEADER_START.match(text):
        return None
    headers = re.split(rb"\r?\n\r?\n", text, maxsplit=1)[0]
    if b"multipart" not in headers.lower():
        return None
    m = _BOUNDARY.search(re.sub(rb"\r?\n[ \t]+", b" ", headers))
    if m is None:
        raise UserError(QT_TRANSLATE_NOOP(
            CTX, "Gói {name} là thư MIME nhiều phần nhưng không khai báo ranh giới (boundary); không đọc."), name=name)
    return m.group(1) or m.group(2)


class _Sink(Protocol):
    def feed_bytes(self, data: bytes) -> None: ...


class _RawSink:
    """Binary, 8bit, 7bit: the bytes as they are, hashed and counted, stopped at `limit`."""

    def __init__(self, path: Path, limit: int) -> None:
        self.path = path
        self.limit = limit
        self.out: IO[bytes] | None = path.open("wb")
        self.size = 0
        self.hash = hashlib.sha256()
        self.error = ""

    def feed_bytes(self, data: bytes) -> None:
        if self.out is None:
            return
        self.size += len(data)
        if self.size > self.limit:
            self.fail(f"lớn hơn giới hạn {self.limit >> 20} MB")
            return
        self.hash.update(data)
        self.out.write(data)

    def fail(self, reason: str) -> None:
        self.error = reason
        if self.out is not None:
            self.out.close()
            self.out = None
        self.path.unlink(missing_ok=True)

    def finish(self) -> None:
        if self.out is not None:
            self.out.close()
            self.out = None
            if self.size == 0:
                self.error = "rỗng"


class _B64(Base64Sink):
    pass


class _Discard:
    def feed_bytes(self, data: bytes) -> None:
        pass


def _headers(raw: bytes) -> EmailMessage:
    msg = email.message_from_bytes(raw + b"\r\n\r\n", policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def _name_of(msg: EmailMessage) -> str:
    """filename / filename* (RFC 2231) of Content-Disposition, else Content-Type's name
    (RFC 2047 encoded words decoded by the header policy)."""
    try:
        name = msg.get_filename() or msg.get_param("name", header="content-type") or ""
    except (ValueError, LookupError, UnicodeError):
        return ""
    if isinstance(name, tuple):  # an RFC 2231 value the parser could not decode
        name = email.utils.collapse_rfc2231_value(name)
    return str(name).strip()


def split(path: Path, boundary: bytes, workdir: Path, limit: int) -> MimeSplit:
    """The XML part into `workdir/package.xml`, every other part decoded beside it."""
    name = path.name
    delimiter = b"\n--" + boundary
    parts: list[MimePart] = []
    notes: list[str] = []
    xml: Path | None = None
    state = "preamble"  # preamble → headers → body → … → end
    buf = b"\n"  # the first delimiter may open the file
    lead = 1  # bytes at the head of `buf` that are not content (the line end a delimiter may start with)
    sink: Any = _Discard()
    current: dict[str, Any] = {}

    def open_part(raw_headers: bytes) -> Any:
        nonlocal xml
        msg = _headers(raw_headers)
        ctype = msg.get_content_type()
        encoding = str(msg.get("Content-Transfer-Encoding") or "binary").strip().lower()
        cid = str(msg.get("Content-ID") or "").strip().strip("<>")
        if xml is None and (ctype in ("text/xml", "application/xml") or "xml" in ctype or not parts):
            (workdir / "mime-xml").mkdir()
            xml = workdir / "mime-xml" / name  # what the XML reader says names the clerk's file
            current.clear()
            current.update(kind="xml")
            return _B64(xml, MAX_XML_PART) if encoding == "base64" else _RawSink(xml, MAX_XML_PART)
        index = len(parts)
        part = MimePart(_name_of(msg), ctype, cid, None)
        parts.append(part)
        declared = str(msg.get("Content-Length") or "").strip()
        current.clear()
        current.update(kind="file", part=part)
        if declared.isdigit() and int(declared) > limit * 4 // 3 + 1024:
            part.error = f"khai báo {int(declared) >> 20} MB, lớn hơn giới hạn {limit >> 20} MB; không đọc"
            return _Discard()
        target = workdir / f"mime-{index}.bin"
        if encoding == "base64":
            return _B64(target, limit)
        if encoding in ("binary", "8bit", "7bit"):
            return _RawSink(target, limit)
        part.error = f"mã hóa truyền “{encoding}” không hỗ trợ"
        return _Discard()

    def close_part(truncated: bool) -> None:
        if current.get("kind") == "file":
            part: MimePart = current["part"]
            if isinstance(sink, _B64):
                if truncated:
                    sink.abort()
                done = sink.finish()
                part.size, part.sha256, part.error = done.size, done.sha256, part.error or done.error
            elif isinstance(sink, _RawSink):
                if truncated:
                    sink.fail("bị cắt cụt (thiếu ranh giới kết thúc)")
                sink.finish()
                part.size, part.sha256 = sink.size, sink.hash.hexdigest()
                part.error = part.error or sink.error
            if not part.error and isinstance(sink, _RawSink | _B64):
                part.path = sink.path
        elif current.get("kind") == "xml" and isinstance(sink, _RawSink | _B64):
            sink.finish()
            if sink.error.startswith("lớn hơn"):
                raise UserError(QT_TRANSLATE_NOOP(
                    CTX, "Phần XML của gói {name} lớn hơn {limit} MB; không đọc."), name=name, limit=MAX_XML_PART >> 20)
            if sink.error and sink.error != "rỗng":
                raise UserError(QT_TRANSLATE_NOOP(
                    CTX, "Phần XML của gói {name} {reason}; không đọc."), name=name, reason=sink.error)
        current.clear()

    with path.open("rb") as f:
        eof = False
        while True:
            if state in ("preamble", "body"):
                at = buf.find(delimiter)
                if at < 0:
                    if eof:
                        break
                    keep = len(delimiter) + 1
                    if len(buf) > keep + lead:
                        sink.feed_bytes(buf[lead:-keep])
                        buf, lead = buf[-keep:], 0
                    chunk = f.read(READ_CHUNK)
                    eof = not chunk
                    buf += chunk
                    continue
                body = buf[lead:at] if at >= lead else b""
                sink.feed_bytes(body[:-1] if body.endswith(b"\r") else body)
                buf, lead = buf[at + len(delimiter):], 0
                while len(buf) < 2 and not eof:
                    chunk = f.read(READ_CHUNK)
                    eof = not chunk
                    buf += chunk
                if state == "body":
                    close_part(False)
                if buf.startswith(b"--"):
                    state = "end"
                    break
                state = "headers"
            if state == "headers":
                m = re.search(rb"\r?\n\r?\n", buf)
                if m is None:
                    if len(buf) > MAX_PART_HEADER or eof:
                        raise UserError(QT_TRANSLATE_NOOP(
                            CTX, "Gói {name}: phần đầu của một phần MIME hỏng hoặc quá dài; không đọc."), name=name)
                    chunk = f.read(READ_CHUNK)
                    eof = not chunk
                    buf += chunk
                    continue
                if m.start() > MAX_PART_HEADER:
                    raise UserError(QT_TRANSLATE_NOOP(
                        CTX, "Gói {name}: phần đầu của một phần MIME hỏng hoặc quá dài; không đọc."), name=name)
                raw = buf[:m.start()].split(b"\n", 1)[1] if b"\n" in buf[:m.start()] else b""
                if len(parts) >= MAX_PARTS:
                    raise UserError(QT_TRANSLATE_NOOP(
                        CTX, "Gói {name} có quá nhiều phần MIME; không đọc."), name=name)
                sink = open_part(raw)
                # The blank line's "\n" may begin the next delimiter (an empty part): kept, not content.
                buf, lead = buf[m.end() - 1:], 1
                state = "body"
    if state == "body":
        sink.feed_bytes(buf[lead:])
        close_part(True)
        notes.append("Gói MIME bị cắt cụt: thiếu ranh giới kết thúc.")
    if xml is None:
        raise NoXmlPart(QT_TRANSLATE_NOOP(CTX, "Gói MIME {name} không có phần XML edXML; không đọc."), name=name)
    return MimeSplit(xml, parts, notes)

"""Reads an edXML package safely and tolerantly (SPEC §9).

Safety: the XML goes through defusedxml's expat reader with every DTD refused (an edXML package
never has one, so external entities and entity expansion — XXE, billion laughs — cannot
happen), a cap on elements, depth and header text, and the attachments' base64 decoded as it
streams by into temporary files (expat hands the text over in chunks of at most 1 MB), so a
200 MB package never sits in memory; a decoded attachment larger than the limit is stopped
and said, whatever the package declares.

Tolerance: the `edXML:` prefix present or missing, a default namespace, elements in any order
and of any letter case, bytes or a BOM before `<?xml`, CRLF. A package that is not well-formed
XML (or not edXML at all) is refused as a whole with one sentence (`UserError`).
"""

from __future__ import annotations

import shutil
import tempfile
import xml.sax
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from qlvb_desktop.adapters.edxml import mime
from qlvb_desktop.adapters.edxml.files import unwrap_attachment
from qlvb_desktop.adapters.edxml.model import build_document, build_status, find, find_all
from qlvb_desktop.adapters.edxml.node import Node
from qlvb_desktop.adapters.edxml.sinks import B64_BYTES, Base64Sink, Decoded
from qlvb_desktop.adapters.edxml.xmldsig import check_signature
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.exchange import NAMESPACE, AttachmentInfo, DocumentHeader, StatusHeader

CTX = "Errors"
READ_CHUNK = 1 << 20
MAX_ELEMENTS = 200_000
MAX_DEPTH = 64
MAX_HEADER_TEXT = 8 << 20  # all text outside attachments
MAX_PACKAGE_BYTES = 1 << 30
SNIFF = 1 << 16


# Elements of an <Attachment> that describe it; any other child carries its content.
_ATTACHMENT_META = frozenset(
    {"contentid", "attachmentname", "contenttype", "description", "name", "filename", "size", "length",
     "encoding", "contenttransferencoding", "mimetype"}
)


def _our_namespace(uri: str) -> bool:
    """The QCVN namespace as producers write it (case, a trailing slash), or none at all."""
    return uri.rstrip("/").lower() in ("", NAMESPACE.lower())


class _Done(Exception):
    """The root element has ended: whatever follows (a MIME boundary, padding) is not XML."""


class _Stop(Exception):
    """A limit was reached: the package is refused with `sentence`."""

    def __init__(self, sentence: str, **params: Any) -> None:
        super().__init__(sentence)
        self.sentence = sentence
        self.params = params


class _Handler(xml.sax.handler.ContentHandler):
    def __init__(self, workdir: Path, attachment_limit: int) -> None:
        super().__init__()
        self.workdir = workdir
        self.limit = attachment_limit
        self.stack: list[Node] = []
        self.root: Node | None = None
        self.elements = 0
        self.text_total = 0
        self.sink: Base64Sink | None = None
        self.sink_owner: Node | None = None
        self.sink_element: Node | None = None
        self.decoded: dict[int, Decoded] = {}  # id(Attachment node) -> its decoded content

    def startElementNS(self, name: tuple[str | None, str], qname: str | None, attrs: Any) -> None:
        uri, local = name
        self.elements += 1
        if self.elements > MAX_ELEMENTS or len(self.stack) >= MAX_DEPTH:
            raise _Stop(QT_TRANSLATE_NOOP(CTX, "Gói {name} có quá nhiều thẻ hoặc lồng quá sâu; không đọc."))
        node = Node(local, uri or "", {k[1]: v for k, v in attrs.items()})
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
            if local.lower() not in ("edxml", "edxmlenvelope") or not _our_namespace(uri or ""):
                raise _Stop(
                    QT_TRANSLATE_NOOP(
                        CTX, "Tệp {name} không phải gói edXML (thẻ gốc “{tag}”, không gian tên “{ns}”)."
                    ),
                    tag=local, ns=uri or "",
                )
        self.stack.append(node)
        lower = local.lower()
        if len(self.stack) >= 2 and self.stack[-2].lname == "attachment" and lower not in _ATTACHMENT_META:
            self._open_sink(self.stack[-2], node)

    def _open_sink(self, owner: Node, element: Node | None = None) -> None:
        """Decode the base64 of `owner` (an Attachment) from `element` (its content child) or,
        without one, from the Attachment's own text."""
        if id(owner) in self.decoded or self.sink is not None:
            return
        index = len(self.decoded)
        self.sink = Base64Sink(self.workdir / f"attachment-{index}.bin", self.limit)
        self.sink_owner = owner
        self.sink_element = element or owner
        self.decoded[id(owner)] = Decoded(index, self.sink.path)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        node = self.stack.pop()
        if self.sink is not None and (node is self.sink_element or node is self.sink_owner):
            assert self.sink_owner is not None
            done = self.sink.finish()
            done.index = self.decoded[id(self.sink_owner)].index
            self.decoded[id(self.sink_owner)] = done
            self.sink = None
            self.sink_owner = self.sink_element = None
        if not self.stack:
            raise _Done

    def content_run(self, chunk: bytes) -> int:
        """While an attachment's base64 is being read: hand the leading run of `chunk` that is
        plain base64 (up to the next `<`) straight to its decoder, past the XML parser — expat
        would only turn those megabytes into text to be turned back into bytes. Returns how many
        bytes were taken; 0 (all left to expat) when the run holds anything else (an entity,
        CDATA, a stray byte), so what is well-formed and what is refused stays expat's call."""
        if self.sink is None or not self.stack or self.stack[-1] is not self.sink_element:
            return 0
        end = chunk.find(b"<")
        run = chunk if end < 0 else chunk[:end]
        if not run or run.translate(None, B64_BYTES):
            return 0
        self.sink.feed_bytes(run)
        return len(run)

    def characters(self, content: str) -> None:
        if not self.stack:
            return
        current = self.stack[-1]
        if self.sink is not None and current is self.sink_element:
            self.sink.feed(content)
            return
        if current.lname == "attachment" and content.strip():
            # Some producers put the base64 straight into <Attachment>.
            self._open_sink(current)
            if self.sink is not None:
                self.sink.feed(content)
            return
        self.text_total += len(content)
        if self.text_total > MAX_HEADER_TEXT:
            raise _Stop(QT_TRANSLATE_NOOP(CTX, "Phần đầu của gói {name} quá lớn so với một gói edXML; không đọc."))
        current.parts.append(content)


class _Parser(DefusedExpatParser):  # type: ignore[misc]  # defusedxml ships no type hints
    """defusedxml's expat reader (DTDs, entities and external references refused) with text
    coalesced into chunks of up to 1 MB, so a long base64 arrives in few calls."""

    def reset(self) -> None:
        super().reset()
        self._parser.buffer_text = True
        self._parser.buffer_size = READ_CHUNK


@dataclass
class SignatureCheck:
    """The package's XML-DSig: absent, placeholder, unverifiable, valid or invalid."""

    state: str
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"state": self.state, "reason": self.reason}


@dataclass
class ReadPackage:
    """A package read: its header or status, its decoded files (in `workdir`, deleted by close())."""

    path: Path
    kind: str
    document: DocumentHeader | None
    status: StatusHeader | None
    files: list[tuple[AttachmentInfo, Path | None]]
    problems: list[str]
    signature: SignatureCheck
    workdir: Path
    skipped_prefix: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def attachments(self) -> list[AttachmentInfo]:
        return [a for a, _ in self.files]

    def close(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> ReadPackage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def looks_like_package(path: Path) -> bool:
    """An XML document (after a BOM or stray bytes), as opposed to a PDF."""
    try:
        with path.open("rb") as f:
            head = f.read(SNIFF)
    except OSError:
        return False
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF"):
        return False
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return b"<?xml" in head or text.startswith(b"<") or bool(mime.looks_like_mime(text))


def _xml_start(head: bytes) -> int:
    """Where the XML begins: at `<?xml`, else at the first `<` (stray bytes, white space or a
    BOM before it are skipped; a UTF-16 package starts with its BOM and is left whole)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return 0
    at = head.find(b"<?xml")
    if at < 0:
        at = head.find(b"<")
    return max(at, 0)


def read_package(path: Path, *, attachment_limit: int = 50 << 20, tmp_root: Path | None = None) -> ReadPackage:
    """Read `path`; raises `UserError` (one sentence) when it is not a readable edXML package."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UserError(QT_TRANSLATE_NOOP(CTX, "Không đọc được tệp {name}: {reason}."), name=name,
                        reason=exc.strerror or str(exc)) from exc
    if size > MAX_PACKAGE_BYTES:
        raise UserError(QT_TRANSLATE_NOOP(CTX, "Gói {name} lớn hơn {limit} MB; không nhận."), name=name,
                        limit=MAX_PACKAGE_BYTES >> 20)
    workdir = Path(tempfile.mkdtemp(prefix="edxml-", dir=tmp_root))
    try:
        with path.open("rb") as f:
            boundary = mime.boundary_of(f.read(SNIFF), name)
        if boundary is None:
            return _read(path, workdir, attachment_limit)
        # MIME multipart: the XML part read like a package, the other parts are its files.
        try:
            parts = mime.split(path, boundary, workdir, attachment_limit)
        except mime.NoXmlPart:
            with path.open("rb") as f:
                if b"<" not in f.read(SNIFF):
                    raise
            # A boundary the parts do not use: the header read where it is, the files said missing.
            read = _read(path, workdir, attachment_limit)
            read.notes.insert(0, "Gói khai báo dạng MIME nhưng không tách được các phần; chỉ đọc phần XML.")
            return read
        read = _read(parts.xml, workdir, attachment_limit, parts.parts)
        read.path = path
        read.notes[:0] = ["Gói gửi dạng MIME nhiều phần; các tệp đính kèm là các phần MIME.", *parts.notes]
        return read
    except OSError as exc:
        shutil.rmtree(workdir, ignore_errors=True)
        raise UserError(QT_TRANSLATE_NOOP(CTX, "Không đọc được tệp {name}: {reason}."), name=name,
                        reason=exc.strerror or str(exc)) from exc
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise


def _parse(path: Path, parser: _Parser, handler: _Handler) -> tuple[bytes, int]:
    """Feed the file to expat from where its XML begins; (its first bytes, bytes skipped)."""
    name = path.name
    try:
        with path.open("rb") as f:
            head = f.read(SNIFF)
            skipped = _xml_start(head)
            try:
                parser.feed(head[skipped:])
                expat = parser._parser
                while chunk := f.read(READ_CHUNK):
                    if handler.sink is not None:
                        # The text expat still buffers goes to the decoder first, in order.
                        expat.buffer_text = False
                        expat.buffer_text = True
                        taken = handler.content_run(chunk)
                        chunk = chunk[taken:]
                        if not chunk:
                            continue
                    parser.feed(chunk)
                parser.close()
            except _Done:
                pass  # anything after the root element is not the package's
    except _Stop as stop:
        raise UserError(stop.sentence, name=name, **stop.params) from None
    except DefusedXmlException:
        raise UserError(
            QT_TRANSLATE_NOOP(CTX, "Gói {name} có khai báo DTD hoặc thực thể XML (có thể là gói độc hại); không đọc."),
            name=name,
        ) from None
    except xml.sax.SAXParseException as exc:
        raise UserError(
            QT_TRANSLATE_NOOP(
                CTX, "Gói {name} không phải XML hợp lệ (dòng {line}, cột {column}: {reason}); không đọc."
            ),
            name=name, line=exc.getLineNumber(), column=exc.getColumnNumber(), reason=exc.getMessage(),
        ) from None
    except OSError as exc:
        raise UserError(QT_TRANSLATE_NOOP(CTX, "Không đọc được tệp {name}: {reason}."), name=name,
                        reason=exc.strerror or str(exc)) from exc
    except (LookupError, UnicodeError, ValueError) as exc:  # an encoding expat and Python do not know
        raise UserError(
            QT_TRANSLATE_NOOP(CTX, "Gói {name} khai báo bảng mã không đọc được ({reason}); không đọc."),
            name=name, reason=str(exc),
        ) from None
    return head, skipped


def _read(path: Path, workdir: Path, limit: int, mime_parts: list[mime.MimePart] | None = None) -> ReadPackage:
    name = path.name
    handler = _Handler(workdir, limit)
    parser = _Parser()
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    parser.setContentHandler(handler)
    try:
        head, skipped = _parse(path, parser, handler)
    finally:
        if handler.sink is not None:  # the package broke off inside an attachment
            handler.sink.abort()
    root = handler.root
    assert root is not None  # expat refuses a document without a root element
    problems: list[str] = []
    notes: list[str] = []
    if head[:skipped].strip(b"\xef\xbb\xbf \t\r\n"):
        notes.append(f"Bỏ qua {skipped} byte lạ trước phần XML của gói.")
    header = find(root, "edXMLHeader")
    message = find(header, "MessageHeader") if header is not None else find(root, "MessageHeader")
    if message is None:
        raise UserError(
            QT_TRANSLATE_NOOP(CTX, "Gói {name} không có phần MessageHeader nên không biết văn bản của ai; không đọc."),
            name=name,
        )
    signature_node = next((n for n in find_all(root, "Signature")), None)
    signature = SignatureCheck(*check_signature(signature_node, path, skipped))
    if find(message, "StatusCode") is not None:
        status = build_status(message, problems)
        return ReadPackage(path, "status", None, status, [], problems, signature, workdir, skipped, notes)
    document = build_document(message, find(root, "TraceHeaderList"), problems)
    files = _attachments(root, handler.decoded, workdir, limit, problems, mime_parts or [])
    return ReadPackage(path, "document", document, None, files, problems, signature, workdir, skipped, notes)


def _attachments(
    root: Node, decoded: dict[int, Decoded], workdir: Path, limit: int, problems: list[str],
    mime_parts: list[mime.MimePart],
) -> list[tuple[AttachmentInfo, Path | None]]:
    """Each Attachment decoded and unwrapped, named from itself or from the manifest; then
    each MIME part (named by its own headers, else by the manifest entry of its Content-ID)."""
    manifest: dict[str, Node] = {}
    for reference in find_all(root, "Reference"):
        cid = (reference.child_text("ContentId") or "").removeprefix("cid:")
        if cid:
            manifest[cid] = reference
    out: list[tuple[AttachmentInfo, Path | None]] = []
    for i, node in enumerate(find_all(root, "Attachment")):
        cid = (node.child_text("ContentId") or "").removeprefix("cid:")
        ref = manifest.get(cid)
        name = (
            node.child_text("AttachmentName") or (ref.child_text("AttachmentName") if ref else "") or f"tep-{i + 1}"
        )
        declared = node.child_text("ContentType") or (ref.child_text("ContentType") if ref else "")
        got = decoded.get(id(node))
        if got is None:
            problems.append(f"Tệp đính kèm “{name}” không có nội dung.")
            out.append((AttachmentInfo(name, declared, 0, "", "damaged", "không có nội dung"), None))
            continue
        if got.error:
            problems.append(f"Tệp đính kèm “{name}” {got.error}.")
            out.append((AttachmentInfo(name, declared, got.size, got.sha256, "damaged", got.error), None))
            continue
        out.extend(unwrap_attachment(got.path, name, declared, got.size, got.sha256, workdir, limit, problems))
    for i, part in enumerate(mime_parts):
        ref = manifest.get(part.content_id)
        name = part.name or (ref.child_text("AttachmentName") if ref else "") or f"phan-{i + 1}"
        declared = part.content_type if part.content_type != "application/octet-stream" else (
            (ref.child_text("ContentType") if ref else "") or part.content_type)
        if part.path is None:
            reason = part.error or "không có nội dung"
            problems.append(f"Tệp đính kèm “{name}” {reason}.")
            out.append((AttachmentInfo(name, declared, part.size, part.sha256, "damaged", reason), None))
            continue
        out.extend(unwrap_attachment(part.path, name, declared, part.size, part.sha256, workdir, limit, problems))
    if not out:
        problems.append("Gói không có tệp đính kèm nào (văn bản điện tử phải có tệp PDF đã ký số).")
    # Each file under its own name (in a folder of its own: names may repeat), so whatever
    # names the file — the verifier's sentence, the register — says the sender's name.
    named: list[tuple[AttachmentInfo, Path | None]] = []
    for k, (info, file) in enumerate(out):
        if file is not None:
            folder = workdir / f"file-{k}"
            folder.mkdir()
            file = file.replace(folder / info.name)
        named.append((info, file))
    return named

"""PAdES signatures with pyHanko, always as an incremental update (SPEC §7, §8).

The appearance is drawn with reportlab (`drawing`) and handed to pyHanko as a static stamp. The
outgoing number and date, when given, are written in the same revision as the signature, as a
printable tagged annotation, so the leader's earlier signature stays valid.
"""

from __future__ import annotations

import asyncio
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import aiohttp
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext

from qlvb_desktop.adapters.pdf.drawing import outgoing_number_pdf, seal_pdf, text_line_pdf
from qlvb_desktop.adapters.pdf.pages import Overlay, add_overlay, open_pdf, open_writer
from qlvb_desktop.adapters.pdf.stamper import atomic_output
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem, UserError
from qlvb_desktop.domain.signing import MM, Box, OutgoingNumber, SignatureKind

FIELD_PREFIX = "QLVB_ToChuc"


class TsaUnreachable(EnvironmentProblem):
    def __init__(self, url: str, reason: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "Errors",
                "Không lấy được dấu thời gian từ {url} ({reason}); "
                "chọn dừng lại hoặc ký không có dấu thời gian.",
            ),
            url=url,
            reason=reason,
        )


@dataclass
class SignRequest:
    kind: SignatureKind
    text: str = ""  # line of appearances (b) and (c)
    seal_png: Path | None = None  # appearance (a)
    seal_offset_mm: tuple[float, float] = (0.0, 0.0)  # the clerk's adjustment of the seal
    number: OutgoingNumber | None = None
    number_at_mm: tuple[float, float] = (20.0, 38.0)  # from the top-left corner of page 1
    tsa_url: str | None = None
    trust_roots: list[Any] = field(default_factory=list)  # asn1crypto certificates
    other_certs: list[Any] = field(default_factory=list)
    want_ltv: bool = True
    reason: str = ""


@dataclass
class SignOutcome:
    level: str  # "B-B", "B-T", "B-LT"
    field_name: str
    notes: list[str] = field(default_factory=list)


def _widget_of(sig: Any) -> tuple[int, Box]:
    """Page index and rectangle of an existing signature's widget (leaders sign on the last page)."""
    field_obj = sig.sig_field
    widget = field_obj if "/Rect" in field_obj else field_obj["/Kids"][0].get_object()
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    box = Box(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1))
    reader = sig.reader
    target = getattr(widget, "container_ref", None)
    for ix in range(int(reader.root["/Pages"]["/Count"])):
        page_ref, _ = reader.find_page_for_modification(ix)
        for annot in page_ref.get_object().get("/Annots") or []:
            same_ref = target is not None and getattr(annot, "reference", None) == getattr(
                target, "reference", target
            )
            if same_ref or annot.get_object() is widget:
                return ix, box
    return 0, box


def _leader_signature(existing: list[Any]) -> Any:
    """The competent person's signature: the last one this app did not make."""
    others = [s for s in existing if not str(s.field_name).startswith(FIELD_PREFIX)]
    return (others or existing)[-1]


def leader_signature_place(src: Path) -> tuple[int, Box] | None:
    """Page index and rectangle of the competent person's signature, or None when unsigned
    (the outgoing preview draws the seal where `seal_box` will put it)."""
    with open_pdf(src) as inp:
        reader = PdfFileReader(inp, strict=False)
        existing = list(reader.embedded_signatures)
        if not existing:
            return None
        return _widget_of(_leader_signature(existing))


def seal_box(leader: Box, seal_w: float, seal_h: float, offset_mm: tuple[float, float]) -> Box:
    """The seal over about the left third of the leader's signature, on its left (SPEC §7a)."""
    right = leader.x + leader.width / 3
    x = right - seal_w + offset_mm[0] * MM
    y = leader.y + leader.height / 2 - seal_h / 2 - offset_mm[1] * MM
    return Box(x, y, seal_w, seal_h)


def _page_box(writer: IncrementalPdfFileWriter, page_ix: int) -> tuple[float, float]:
    page = writer.root["/Pages"]
    ref, _ = writer.find_page_for_modification(page_ix)
    mb = ref.get_object().get("/MediaBox") or page.get("/MediaBox")
    return float(mb[2]) - float(mb[0]), float(mb[3]) - float(mb[1])


def _existing_names(writer: IncrementalPdfFileWriter) -> set[str]:
    return {name for name, _, _ in fields.enumerate_sig_fields(writer.prev, filled_status=None)}


class _AsyncState(threading.local):
    """The token thread's own event loop and one HTTP session per TSA, kept for a batch.

    pyHanko's `sign_pdf` starts a fresh event loop per file, and its timestamp client then a
    fresh HTTP session (TLS context, connection) per request, plus a dummy timestamp per file to
    size the signature. Keeping one loop, one session and one timestamper per TSA for the batch
    saves all of that on every file after the first.
    """

    loop: asyncio.AbstractEventLoop | None = None
    sessions: dict[str, tuple[aiohttp.ClientSession, HTTPTimeStamper]] | None = None


_STATE = _AsyncState()


def _loop() -> asyncio.AbstractEventLoop:
    if _STATE.loop is None or _STATE.loop.is_closed():
        _STATE.loop = asyncio.new_event_loop()
        _STATE.sessions = {}
    return _STATE.loop


async def _timestamper(url: str | None) -> HTTPTimeStamper | None:
    if not url:
        return None
    assert _STATE.sessions is not None
    if url not in _STATE.sessions:
        session = aiohttp.ClientSession()
        _STATE.sessions[url] = (session, HTTPTimeStamper(url, timeout=10, session=session))
    return _STATE.sessions[url][1]


def end_batch() -> None:
    """Closes the thread's HTTP sessions and event loop (call on the thread that signed)."""
    loop, sessions = _STATE.loop, _STATE.sessions or {}
    if loop is None or loop.is_closed():
        return

    async def close() -> None:
        for session, _ in sessions.values():
            await session.close()

    loop.run_until_complete(close())
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()
    _STATE.loop, _STATE.sessions = None, None


def sign_pdf_file(src: Path, dst: Path, signer: Any, req: SignRequest) -> SignOutcome:
    """Signs `src` into `dst` (whole file or nothing). Raises TsaUnreachable before writing.

    The file streams from disk to disk, so a large scan is never held in memory whole.
    """
    loop = _loop()
    timestamper = loop.run_until_complete(_timestamper(req.tsa_url))
    vc = None
    if req.want_ltv and req.trust_roots:
        vc = ValidationContext(
            trust_roots=req.trust_roots,
            other_certs=req.other_certs,
            allow_fetching=True,
            revocation_mode="soft-fail",
        )
    with (
        tempfile.TemporaryDirectory(prefix="qlvb-sign-") as tmp,
        open_pdf(src) as inp,
        atomic_output(dst) as out,
    ):
        try:
            outcome = _attempt(src, inp, out, signer, req, Path(tmp), timestamper, vc)
        except Exception as exc:
            tsa_error = _find(exc, TimestampRequestError)
            if tsa_error is not None:
                raise TsaUnreachable(req.tsa_url or "", str(tsa_error)[:200]) from exc
            if vc is None or not _is_revinfo_problem(exc):
                raise
            # Revocation data could not be gathered (OCSP/CRL unreachable): sign B-T without it.
            inp.seek(0)
            out.seek(0)
            out.truncate()
            outcome = _attempt(src, inp, out, signer, req, Path(tmp), timestamper, None)
            outcome.notes.append("không lấy được dữ liệu thu hồi chứng thư; chữ ký không có LTV")
    return outcome


def _attempt(
    src: Path,
    inp: BinaryIO,
    out: BinaryIO,
    signer: Any,
    req: SignRequest,
    tmp: Path,
    timestamper: Any,
    vc: Any,
) -> SignOutcome:
    writer = open_writer(inp, src)
    existing = list(writer.prev.embedded_signatures)
    names = _existing_names(writer)
    n = 1
    while f"{FIELD_PREFIX}_{n}" in names:
        n += 1
    field_name = f"{FIELD_PREFIX}_{n}"
    if req.kind is SignatureKind.MAIN:
        if not existing:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "Văn bản {path} chưa có chữ ký của người có thẩm quyền; "
                    "chỉ ký số của cơ quan sau khi lãnh đạo đã ký.",
                ),
                path=src.name,
            )
        if req.seal_png is None:
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Chưa có ảnh con dấu (PNG) của cơ quan."))
        page_ix, leader = _widget_of(_leader_signature(existing))
        pdf, w, h = seal_pdf(req.seal_png)
        box = seal_box(leader, w, h, req.seal_offset_mm)
    else:
        page_ix = 0
        pdf, w, h = text_line_pdf(req.text)
        pw, ph = _page_box(writer, 0)
        box = Box(pw - 15 * MM - w, ph - 6 * MM - h, w, h)
    appearance = tmp / "appearance.pdf"
    appearance.write_bytes(pdf)
    if req.number is not None:
        npdf, nw, nh = outgoing_number_pdf(req.number)
        _, ph = _page_box(writer, 0)
        nbox = Box(req.number_at_mm[0] * MM, ph - req.number_at_mm[1] * MM - nh, nw, nh)
        add_overlay(writer, Overlay(npdf, nbox, "/OutgoingNumber"), 0, as_annotation=bool(existing))
    # No margins: pyHanko's default 5 pt margins would shrink a 13 pt high text line to a speck.
    style = StaticStampStyle.from_pdf_file(
        str(appearance),
        border_width=0,
        background_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MIN, margins=Margins.uniform(0)
        ),
    )
    fields.append_signature_field(
        writer,
        fields.SigFieldSpec(field_name, on_page=page_ix, box=(box.x, box.y, box.right, box.top)),  # type: ignore[arg-type]
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=req.reason or None,
        embed_validation_info=vc is not None,
        validation_context=vc,
    )
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style, timestamper=timestamper)

    async def sign() -> None:
        try:
            await pdf_signer.async_sign_pdf(writer, output=out)
        finally:
            if vc is not None:  # the HTTP session it opened to fetch OCSP/CRL lives on our loop
                await vc.aclose()

    _loop().run_until_complete(sign())
    outcome = SignOutcome("B-T" if timestamper else "B-B", field_name)
    if vc is not None:
        # Soft-fail fetching signs even when no OCSP/CRL answered: say LT only when the file
        # really carries revocation data.
        out.seek(0)
        dss = DocumentSecurityStore.read_dss(PdfFileReader(out, strict=False))
        if dss.ocsps or dss.crls:
            outcome.level = "B-LT" if timestamper else "B-B"
        else:
            outcome.notes.append("không lấy được dữ liệu thu hồi chứng thư; chữ ký không có LTV")
        out.seek(0, 2)
    return outcome


def _is_revinfo_problem(exc: BaseException) -> bool:
    from pyhanko.sign.general import SigningError
    from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

    return isinstance(exc, SigningError | PathBuildingError | PathValidationError)


def _find(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    cur: BaseException | None = exc
    seen = 0
    while cur is not None and seen < 20:
        if isinstance(cur, kind):
            return cur
        cur = cur.__cause__ or cur.__context__
        seen += 1
    return None

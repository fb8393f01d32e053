"""Paper intake, one document at a time: capture -> pages -> fields -> register -> ĐẾN stamp ->
SAO Y signature -> forward -> next.

Every document in the wizard is a work in progress (`WipDocument`): a folder in the data
directory holding its captured pages, the PDF made from them, the stamped and signed copies and
a `state.json` written atomically after every step. A document half-way through comes back at the
same step after a crash or a power cut (`PaperIntake.reopen`). Every step that changes the world
is idempotent on resume: registration carries the work-in-progress id as the registration's uid,
so a resumed document never takes a second arrival number; files are written under temporary
names and renamed into place; the forward note is not added twice.

No Qt here: the wizard (`ui/intake`), the benchmark and the tests drive this service the same way.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from qlvb_desktop.domain.books import FILE_ACTION, STAMP_ACTION, given_number, number_label
from qlvb_desktop.domain.capture import (
    CancelToken,
    CleanPage,
    InputBatch,
    IntakeResult,
    RawPage,
    ScanSettings,
)
from qlvb_desktop.domain.clock import iso
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem, UserError, ValidationError
from qlvb_desktop.domain.extraction.model import Extraction
from qlvb_desktop.domain.filenames import ascii_part, export_file_name
from qlvb_desktop.domain.registration import ROLE_SIGNED, Registration, forward_entry, parse_date
from qlvb_desktop.domain.signing import BatchResult, PinHandler, SignSpec
from qlvb_desktop.domain.vocab import Urgency
from qlvb_desktop.services.atomic_file import atomic_path, write_atomic
from qlvb_desktop.services.register import RegisterService

STATE = "state.json"
PAGES_DIR = "pages"
DOCUMENT = "document.pdf"  # the searchable PDF/A made from the pages
STAMPED = "stamped.pdf"  # with the ĐẾN stamp
DEFAULT_STAMP_MM = (20.0, 40.0)  # top-left corner, when the page has no empty room for it


class Step(StrEnum):
    """The wizard's screens, in order; a document is saved at the one the clerk is on."""

    CAPTURE = "capture"
    PAGES = "pages"
    FIELDS = "fields"
    REGISTER = "register"
    STAMP = "stamp"
    SIGN = "sign"
    FORWARD = "forward"
    DONE = "done"


ORDER = list(Step)


@dataclass
class PageRecord:
    """One captured page: its image file (upright, as cleaned), the clerk's turn, its flags."""

    file: str
    origin: str
    dpi: int
    width: int = 0
    height: int = 0
    rotation: int = 0  # quarter turns clockwise the clerk added (0, 90, 180, 270)
    blank: bool = False
    blank_score: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> PageRecord:
        return PageRecord(
            str(data["file"]),
            str(data.get("origin", "")),
            int(data.get("dpi", 300)),
            int(data.get("width", 0)),
            int(data.get("height", 0)),
            int(data.get("rotation", 0)) % 360,
            bool(data.get("blank", False)),
            float(data.get("blank_score", 0.0)),
            [str(w) for w in data.get("warnings", [])],
        )


@dataclass
class WipDocument:
    """A document in the wizard. `folder` holds everything; `state.json` is its saved state."""

    id: str
    folder: Path
    step: Step = Step.CAPTURE
    created_at: str = ""
    # Capture order within one second (created_at has whole seconds): a feeder run makes several
    # documents a second, and the queue must show them as they came out of the scanner.
    order: int = 0
    pages: list[PageRecord] = field(default_factory=list)
    pdf: str = ""  # DOCUMENT once the pages are made into a PDF
    proposal: dict[str, Any] | None = None  # what the extractor read (`Extraction.to_json()`)
    fields: dict[str, Any] = field(default_factory=dict)  # what the clerk confirmed
    confirm_duplicate: bool = False
    registration_id: int | None = None
    arrival_number: int | None = None
    year: int | None = None
    received_at: str = ""
    stamp_at_mm: list[float] | None = None  # top-left of the ĐẾN stamp, None: placed automatically
    stamp_box: list[float] | None = None  # where it went (points, from the bottom left)
    stamp_needs_place: bool = False  # no empty room was found: the clerk should place it
    stamped: str = ""
    signed: str = ""  # the signed copy, on disk outside the work folder
    forward: dict[str, str] = field(default_factory=dict)
    forwarded: bool = False
    batch: str = ""  # documents captured together share this (one feeder run)

    # -- derived ---------------------------------------------------------------------------

    def path(self, name: str) -> Path:
        return self.folder / name

    @property
    def pdf_path(self) -> Path | None:
        return self.folder / self.pdf if self.pdf else None

    @property
    def urgency(self) -> Urgency:
        """Độ khẩn as confirmed, else as read: urgent documents are shown in red and sorted first."""
        value = self.fields.get("urgency") or (self.proposal or {}).get("urgency") or ""
        try:
            return Urgency(str(value))
        except ValueError:
            return Urgency.NORMAL

    @property
    def title(self) -> str:
        source = self.fields or self.proposal or {}
        parts = [str(source.get(k) or "") for k in ("number", "subject")]
        return " — ".join(p for p in parts if p)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["folder"] = str(self.folder)
        data["step"] = self.step.value
        return data

    @staticmethod
    def from_json(folder: Path, data: Mapping[str, Any]) -> WipDocument:
        return WipDocument(
            id=str(data["id"]),
            folder=folder,
            step=Step(data.get("step", Step.CAPTURE.value)),
            created_at=str(data.get("created_at", "")),
            order=int(data.get("order", 0)),
            pages=[PageRecord.from_json(p) for p in data.get("pages", [])],
            pdf=str(data.get("pdf", "")),
            proposal=data.get("proposal"),
            fields=dict(data.get("fields", {})),
            confirm_duplicate=bool(data.get("confirm_duplicate", False)),
            registration_id=data.get("registration_id"),
            arrival_number=data.get("arrival_number"),
            year=data.get("year"),
            received_at=str(data.get("received_at", "")),
            stamp_at_mm=data.get("stamp_at_mm"),
            stamp_box=data.get("stamp_box"),
            stamp_needs_place=bool(data.get("stamp_needs_place", False)),
            stamped=str(data.get("stamped", "")),
            signed=str(data.get("signed", "")),
            forward={str(k): str(v) for k, v in dict(data.get("forward", {})).items()},
            forwarded=bool(data.get("forwarded", False)),
            batch=str(data.get("batch", "")),
        )


# --- ports ------------------------------------------------------------------------------------


class PageFiles(Protocol):
    """Page images on disk (an adapter: OpenCV)."""

    def save(self, image: object, path: Path) -> tuple[int, int]: ...

    def load(self, path: Path, rotation: int, dpi: int, origin: str) -> RawPage: ...


class Cleaner(Protocol):
    def clean(self, raw: RawPage) -> CleanPage: ...


class Reader(Protocol):
    def read(self, paths: list[Path], max_bytes: int) -> InputBatch: ...


class Assembler(Protocol):
    def ingest_pages(
        self,
        pages: list[RawPage],
        out: Path,
        progress: Callable[[int, int], None] | None = None,
        cancel: CancelToken | None = None,
        split: bool = True,
    ) -> IntakeResult: ...


class Scanners(Protocol):
    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        on_page: Callable[[RawPage], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> list[RawPage]: ...


class Extractor(Protocol):
    def extract(self, paths: Sequence[Path]) -> Extraction: ...

    def remember(self, proposed: Mapping[str, Any], confirmed: Mapping[str, Any]) -> list[str]: ...


class Stamps(Protocol):
    def stamp_arrival(
        self,
        src: Path,
        dst: Path,
        number: str,
        arrival_date: date,
        *,
        organization: str | None = None,
        forward_to: str = "",
        case_file: str = "",
        at_mm: tuple[float, float] | None = None,
        label: Path | None = None,
    ) -> Any: ...

    def drawing(
        self, number: str, arrival_date: date, *, organization: str | None = None, forward_to: str = ""
    ) -> bytes: ...

    def fill_arrival(self, src: Path, dst: Path, *, forward_to: str = "", case_file: str = "") -> Any: ...


class Signing(Protocol):
    def sign(
        self,
        files: Sequence[Path],
        spec: SignSpec,
        pin_handler: PinHandler,
        *,
        out_dir: Path | None = None,
        progress: Callable[[int, int, Any], None] | None = None,
        sign_without_tsa: Callable[[str], bool] | None = None,
    ) -> BatchResult: ...


class CaptureParts(Protocol):
    """What capture needs: the capture area of the composition root (`CaptureCore`), whose
    parts are built on first use."""

    @property
    def reader(self) -> Reader: ...

    @property
    def cleaner(self) -> Cleaner: ...

    @property
    def intake(self) -> Assembler: ...

    @property
    def page_files(self) -> PageFiles: ...

    @property
    def scanners(self) -> Scanners: ...

    max_bytes: int


PageArrived = Callable[[WipDocument, PageRecord], None]


class RememberedPin:
    """ "PIN once per batch": asks the clerk the first time, then hands the same PIN to every
    signing of the batch until `forget()`; a wrong PIN is forgotten and asked again."""

    def __init__(self, ask: Callable[[str, int | None, bool], str | None]) -> None:
        self.ask = ask
        self._pin: str | None = None
        self._given = False

    @property
    def known(self) -> bool:
        return self._pin is not None

    def get_pin(self, token_label: str, tries_left: int | None, last_try: bool) -> str | None:
        if self._pin is not None and not self._given:
            self._given = True
            return self._pin
        # Asked again within one signing: the remembered PIN was refused (or none yet).
        self._pin = self.ask(token_label, tries_left, last_try)
        self._given = True
        return self._pin

    def wrong_pin(self, tries_left: int | None, low: bool) -> None:
        self._pin = None

    def start(self) -> None:
        """Called before each signing: the remembered PIN may be handed out once more."""
        self._given = False

    def forget(self) -> None:
        self._pin = None


# --- the service ------------------------------------------------------------------------------


class PaperIntake:
    def __init__(
        self,
        root: Path,
        register: RegisterService,
        capture: CaptureParts,
        extractor: Callable[[], Extractor],
        stamps: Callable[[], Stamps],
        signing: Callable[[], Signing],
        sign_spec: Callable[[], SignSpec],
        out_dir: Path,
        organization: Callable[[], str],
        now: Callable[[], datetime],
    ) -> None:
        """`extractor`, `stamps`, `signing` are factories: built on first use (heavy imports)."""
        self.root = root
        self.register_service = register
        self.capture = capture
        self._extractor_factory = extractor
        self._extractor: Extractor | None = None
        self._stamps_factory = stamps
        self._signing_factory = signing
        self.sign_spec = sign_spec
        self.out_dir = out_dir
        self.organization = organization
        self.now = now
        # What the ĐẾN stamp's "Chuyển" cell says before the document is forwarded (a setting;
        # empty: the cell is left for the clerk's pen or a later `--fill`).
        self.forward_default: Callable[[], str] = lambda: ""
        # Runs `propose` for a work folder in another process (see `propose`); None: in this one.
        self.proposer: Callable[[Path, Callable[[int, int], None] | None, CancelToken | None], None] | None = None

    def warm_up(self) -> None:
        """Build the heavy parts now (OpenCV, pikepdf, pyHanko, the extractor: seconds of imports,
        some of which hold the interpreter lock), so no confirmation waits for them later."""
        _ = (self.capture.cleaner, self.capture.intake, self.capture.page_files, self.extractor)
        self._stamps_factory()
        self._signing_factory()

    # -- work in progress on disk ----------------------------------------------------------

    def new(self, batch: str = "") -> WipDocument:
        wip_id = uuid.uuid4().hex
        folder = self.root / wip_id
        (folder / PAGES_DIR).mkdir(parents=True)
        doc = WipDocument(wip_id, folder, Step.CAPTURE, iso(self.now()), time.time_ns(), batch=batch)
        self.save(doc)
        return doc

    def save(self, doc: WipDocument) -> None:
        save_wip(doc)

    def load(self, folder: Path) -> WipDocument:
        return load_wip(folder)

    def pending(self) -> list[WipDocument]:
        """Documents not finished, urgent first, then in the order they were captured.

        Only a listing: the wizard lists while the clerk scans into the current document, which
        is an empty capture until its first page is saved, so nothing is removed here; `reopen`
        tidies, before the wizard holds a document."""
        return self._listing(tidy=False)

    def reopen(self) -> list[WipDocument]:
        """What the wizard opens with: what a crash left with nothing worth resuming is removed
        (a folder made but never saved, an empty capture, a finished document whose folder was
        not removed yet), then the documents of `pending`."""
        return self._listing(tidy=True)

    def _listing(self, tidy: bool) -> list[WipDocument]:
        if not self.root.is_dir():
            return []
        docs: list[WipDocument] = []
        for folder in self.root.iterdir():
            if not (folder / STATE).is_file():
                if tidy and folder.is_dir() and not any(folder.glob(f"{PAGES_DIR}/*")):
                    shutil.rmtree(folder, ignore_errors=True)  # made but never saved: nothing in it
                continue
            try:
                doc = self.load(folder)
            except (OSError, ValueError, KeyError):
                continue  # unreadable: left where it is for a person to look at
            if doc.step is Step.DONE or (doc.step is Step.CAPTURE and not doc.pages):
                if tidy:
                    self.discard(doc)  # finished, or an empty capture: nothing worth resuming
                continue
            docs.append(doc)
        return sorted(docs, key=lambda d: (urgency_rank(d.urgency), d.created_at, d.order, d.id))

    def discard(self, doc: WipDocument) -> None:
        """Forget a work in progress (finished, or dropped before registering)."""
        shutil.rmtree(doc.folder, ignore_errors=True)

    def drop(self, doc: WipDocument) -> None:
        """The clerk drops a document not yet registered; a registered one cannot be dropped."""
        if doc.registration_id is not None:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "Văn bản đã vào sổ (số đến {number}) nên không bỏ được; hãy làm tiếp các bước còn lại.",
                ),
                number=number_label(doc.arrival_number) if doc.arrival_number is not None else "",
            )
        self.discard(doc)

    def go(self, doc: WipDocument, step: Step) -> None:
        doc.step = step
        self.save(doc)

    # -- capture ---------------------------------------------------------------------------

    def _add_page(self, doc: WipDocument, clean: CleanPage) -> PageRecord:
        name = f"{PAGES_DIR}/p{len(doc.pages) + 1:04d}-{uuid.uuid4().hex[:6]}.png"
        width, height = self.capture.page_files.save(clean.image, doc.folder / name)
        score = max(0.0, 1.0 - clean.ink_ratio / 0.01)
        page = PageRecord(
            name,
            clean.origin,
            clean.dpi,
            width,
            height,
            0,
            clean.blank,
            round(score, 3),
            [str(w) for w in clean.warnings],
        )
        doc.pages.append(page)
        if doc.step is Step.CAPTURE:
            doc.step = Step.PAGES
        self.save(doc)
        return page

    def _take(
        self, doc: WipDocument, on_page: PageArrived | None
    ) -> tuple[Callable[[RawPage], None], list[WipDocument]]:
        """A page handler that cleans each page, keeps it, and starts a new document after a
        separator sheet; returns it and the list of documents it fills."""
        docs = [doc]
        state = {"split": False}

        def take(raw: RawPage) -> None:
            clean = self.capture.cleaner.clean(raw)
            if clean.separator:
                state["split"] = True
                return
            current = docs[-1]
            if state["split"] and current.pages:
                current = self.new(batch=doc.batch or doc.id)
                docs.append(current)
            state["split"] = False
            page = self._add_page(current, clean)
            if on_page is not None:
                on_page(current, page)

        return take, docs

    def capture_files(
        self,
        doc: WipDocument,
        paths: Sequence[Path],
        on_page: PageArrived | None = None,
        cancel: CancelToken | None = None,
    ) -> list[WipDocument]:
        """Pages of scanned files (PDF of images, JPEG, PNG, TIFF) into `doc`; separator sheets
        start new documents. Returns the documents filled, `doc` first."""
        batch = self.capture.reader.read([Path(p) for p in paths], self.capture.max_bytes)
        if batch.kind != "raster":
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "Errors",
                    "Tệp {name} là văn bản điện tử, không phải bản quét; hãy tiếp nhận bằng "
                    "“Tiếp nhận văn bản điện tử”.",
                ),
                name=batch.pdf_path.name if batch.pdf_path else "",
            )
        take, docs = self._take(doc, on_page)
        for source in batch.pages:
            if cancel is not None:
                cancel.raise_if_cancelled()
            take(source.load())
        return docs

    def capture_scan(
        self,
        doc: WipDocument,
        device_id: str,
        settings: ScanSettings,
        on_page: PageArrived | None = None,
        cancel: CancelToken | None = None,
    ) -> list[WipDocument]:
        """A scanner run (a feeder batch with separator sheets, or the flatbed) into `doc`."""
        take, docs = self._take(doc, on_page)
        self.capture.scanners.scan(device_id, settings, on_page=take, cancel=cancel)
        return docs

    # -- pages -----------------------------------------------------------------------------

    def set_pages(self, doc: WipDocument, pages: Sequence[PageRecord]) -> None:
        """The clerk's order, turns and deletions; files of deleted pages are removed."""
        if not pages:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "Errors", "Văn bản phải còn ít nhất một trang; muốn bỏ cả văn bản thì chọn “Bỏ văn bản này”."
                )
            )
        keep = {p.file for p in pages}
        for old in doc.pages:
            if old.file not in keep:
                (doc.folder / old.file).unlink(missing_ok=True)
        doc.pages = [replace(p, rotation=p.rotation % 360) for p in pages]
        self.save(doc)

    def _order_after(self, doc: WipDocument) -> int:
        """A place right after `doc` in the queue: halfway to the next document of the same second
        (a second split of one document lands before the first one's part), else 1 ms on."""
        later = [d.order for d in self.pending() if d.created_at == doc.created_at and d.order > doc.order]
        return (doc.order + min(later)) // 2 if later else doc.order + (1 << 20)

    def split(self, doc: WipDocument, at: int) -> WipDocument:
        """Pages from `at` on become a new document (right after this one in the queue)."""
        if not 0 < at < len(doc.pages):
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Chọn một trang ở giữa văn bản để tách."))
        order = self._order_after(doc)
        other = self.new(batch=doc.batch or doc.id)
        other.created_at, other.order = doc.created_at, order
        for page in doc.pages[at:]:
            os.replace(doc.folder / page.file, other.folder / page.file)
            other.pages.append(page)
        other.step = Step.PAGES
        self.save(other)  # the moved pages are owned by `other` before `doc` lets them go
        doc.pages = doc.pages[:at]
        self.save(doc)
        return other

    def confirm_pages(self, doc: WipDocument) -> None:
        if not [p for p in doc.pages if not p.blank] and not doc.pages:
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Văn bản chưa có trang nào."))
        if doc.pdf and (doc.folder / doc.pdf).exists():
            # Pages changed after the PDF was made (back from a later step): make it again.
            (doc.folder / doc.pdf).unlink()
            doc.pdf = ""
            doc.proposal = None
        self.go(doc, Step.FIELDS)

    # -- the PDF and the proposal (slow: OCR; run in the background) -----------------------

    def make_pdf(
        self,
        doc: WipDocument,
        progress: Callable[[int, int], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> Path:
        """Clean, OCR and assemble the pages (blank ones left out) into one searchable PDF/A."""
        return make_pdf(doc, self.capture, progress, cancel)

    @property
    def extractor(self) -> Extractor:
        if self._extractor is None:
            self._extractor = self._extractor_factory()
        return self._extractor

    def propose(
        self,
        doc: WipDocument,
        progress: Callable[[int, int], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> dict[str, Any]:
        """Make the PDF if needed, then read the register fields from it (kept in the state).

        With a `proposer` (the GUI sets one) the work runs in another process: OCR assembly and
        extraction hold the interpreter lock in places (pikepdf, the field reader), and the
        window's thread must never wait for it."""
        if doc.proposal is not None and doc.pdf:
            return doc.proposal
        if self.proposer is not None:
            self.proposer(doc.folder, progress, cancel)
            doc.__dict__.update(self.load(doc.folder).__dict__)
            if doc.proposal is None:
                raise EnvironmentProblem(QT_TRANSLATE_NOOP("Errors", "Chưa đọc được thông tin văn bản; thử lại."))
            return doc.proposal
        return propose_document(doc, self.capture, self.extractor, progress, cancel)

    def duplicates(self, values: Mapping[str, Any]) -> list[Registration]:
        """Registrations this one may repeat (SPEC §3), for the warning on the fields step."""
        try:
            draft = self.register_service.prepare(self._register_input(values))
        except UserError:
            return []
        return self.register_service.duplicates(draft)

    # -- fields -> register ----------------------------------------------------------------

    def set_fields(self, doc: WipDocument, values: Mapping[str, Any]) -> None:
        """Keep what the clerk typed so far (saved with the document)."""
        doc.fields = {k: v for k, v in values.items() if v not in (None, "")}
        self.save(doc)

    def _register_input(self, values: Mapping[str, Any], received_at: str = "") -> dict[str, Any]:
        data = {k: v for k, v in values.items() if v not in (None, "") and k != "recipients"}
        if received_at:
            data["received_at"] = received_at
        data.setdefault("channel", "paper")
        return data

    def register(self, doc: WipDocument, values: Mapping[str, Any], confirm_duplicate: bool = False) -> Registration:
        """Validate and number the document; idempotent per document (its id is the uid)."""
        if doc.registration_id is not None:
            return self.register_service.get(doc.registration_id)
        pdf = doc.pdf_path
        if pdf is None or not pdf.exists():
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Văn bản chưa được số hóa xong; chờ một chút rồi thử lại."))
        if not doc.received_at:
            doc.received_at = iso(self.now())  # kept: a resumed registration has the same arrival time
        doc.fields = dict(values)
        doc.confirm_duplicate = confirm_duplicate
        self.save(doc)  # what is about to be registered is on disk before the number is taken
        draft = self.register_service.prepare(self._register_input(values, doc.received_at))
        reg = self.register_service.register(draft, [pdf], confirm_duplicate=confirm_duplicate, uid=doc.id)
        if doc.proposal is not None:
            # Remembering a correction is a convenience; the registration stands without it.
            with contextlib.suppress(OSError, ValueError):
                self.extractor.remember(doc.proposal, values)
        doc.registration_id = reg.id
        doc.arrival_number = reg.arrival_number
        doc.year = reg.year
        doc.step = Step.REGISTER
        self.save(doc)
        return reg

    def resume_registration(self, doc: WipDocument) -> Registration | None:
        """After a crash between numbering and saving the state: find the number already taken."""
        if doc.registration_id is not None:
            return self.register_service.get(doc.registration_id)
        reg = self.register_service.repo.find_by_uid(doc.id)
        if reg is not None:
            doc.registration_id, doc.arrival_number, doc.year = reg.id, reg.arrival_number, reg.year
            if ORDER.index(doc.step) < ORDER.index(Step.REGISTER):
                doc.step = Step.REGISTER
            self.save(doc)
        return reg

    # -- ĐẾN stamp -------------------------------------------------------------------------

    def stamp(self, doc: WipDocument, at_mm: tuple[float, float] | None = None) -> Path:
        """Stamp ĐẾN on page 1 (at `at_mm`, or where the page has room); repeatable."""
        reg = self._registration(doc)
        number = given_number(reg.arrival_number, STAMP_ACTION)
        src = doc.pdf_path
        assert src is not None
        dst = doc.folder / STAMPED
        stamps = self._stamps_factory()

        def put(where: tuple[float, float] | None) -> Any:
            # The stamper writes the copy through the one atomic writer: whole, or not at all.
            return stamps.stamp_arrival(
                src,
                dst,
                str(number),
                reg.draft.received_at.date(),
                organization=self.organization() or None,
                forward_to=self.forward_default(),
                at_mm=where,
            )

        doc.stamp_needs_place = False
        try:
            box = put(at_mm)
        except ValidationError as exc:
            if at_mm is not None or exc.field != "position":
                raise
            # No empty room, even scaled (issue 14): nothing is stamped; the clerk is told and
            # places it, starting from the usual place (confirm_stamp stamps where it is then).
            doc.stamp_needs_place = True
            doc.stamped = ""
            doc.stamp_at_mm = list(DEFAULT_STAMP_MM)
            doc.stamp_box = None
            self.save(doc)
            return src
        doc.stamped = STAMPED
        doc.stamp_at_mm = list(at_mm) if at_mm is not None else None
        doc.stamp_box = [float(box.x), float(box.y), float(box.width), float(box.height)]
        self.save(doc)
        return dst

    def stamp_drawing(self, doc: WipDocument) -> bytes:
        """The stamp as it will be printed (one-page PDF), for the placement preview."""
        reg = self._registration(doc)
        return bytes(
            self._stamps_factory().drawing(
                str(reg.arrival_number),
                reg.draft.received_at.date(),
                organization=self.organization() or None,
                forward_to=self.forward_default(),
            )
        )

    def confirm_stamp(self, doc: WipDocument, at_mm: tuple[float, float] | None) -> Path:
        """Keep the stamp where it is, or stamp again where the clerk dragged it."""
        if at_mm is None and doc.stamp_needs_place and not doc.stamped and doc.stamp_at_mm is not None:
            at_mm = (doc.stamp_at_mm[0], doc.stamp_at_mm[1])  # the clerk accepted where it was shown
        moved = at_mm is not None and (doc.stamp_at_mm is None or tuple(doc.stamp_at_mm) != tuple(at_mm))
        if not doc.stamped or not (doc.folder / doc.stamped).exists() or moved:
            self.stamp(doc, at_mm)
        self.go(doc, Step.SIGN)
        return doc.folder / doc.stamped

    # -- SAO Y signature -------------------------------------------------------------------

    def output_path(self, doc: WipDocument) -> Path:
        """`<out>/<year>/<arrival number>_<SPEC §10 name>`: unique, readable, ASCII."""
        reg = self._registration(doc)
        name = export_file_name(reg.draft.number, reg.draft.issued_date, reg.draft.subject)
        folder = self.out_dir / str(reg.year) / ascii_part(reg.book or "den")
        return folder / f"{given_number(reg.arrival_number, FILE_ACTION):05d}_{name}"

    def sign(
        self,
        doc: WipDocument,
        pin: PinHandler,
        sign_without_tsa: Callable[[str], bool] | None = None,
    ) -> Path:
        """Sign the stamped copy "SAO Y" with the organization's token; idempotent."""
        if doc.signed and Path(doc.signed).exists():
            return Path(doc.signed)
        stamped = doc.folder / doc.stamped if doc.stamped else None
        if stamped is None or not stamped.exists():
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Chưa đóng dấu ĐẾN nên chưa ký được."))
        work = doc.folder / "signing"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        if isinstance(pin, RememberedPin):
            pin.start()
        result = self._signing_factory().sign(
            [stamped], self.sign_spec(), pin, out_dir=work, sign_without_tsa=sign_without_tsa
        )
        outcome = result.files[0] if result.files else None
        if outcome is None or not outcome.ok:
            reason = (outcome.message if outcome else "") or result.stopped
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP("Errors", "Chưa ký được văn bản: {reason}. Kiểm tra USB token rồi thử lại."),
                reason=reason.rstrip("."),
            )
        target = self.output_path(doc)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(outcome.dst, target)
        shutil.rmtree(work, ignore_errors=True)
        # The signed copy becomes the entry's current copy (issue 16), before the state says
        # signed: a crash in between signs again and the new copy replaces this one.
        self.register_service.attach(reg_id_of(doc), target, ROLE_SIGNED)
        doc.signed = str(target)
        doc.step = Step.FORWARD
        self.save(doc)
        return target

    # -- forward ---------------------------------------------------------------------------

    def forward(self, doc: WipDocument, to: str, instruction: str, due: str) -> Registration:
        """Record who handles it, the leader's instruction and the due date; the document is done."""
        reg = self._registration(doc)
        filled = doc.forward.get("chuyen_filled", "")  # a repeated forward fills the stamp once
        doc.forward = {"to": to.strip(), "instruction": instruction.strip(), "due": due.strip()}
        if filled:
            doc.forward["chuyen_filled"] = filled
        self.save(doc)
        changes: dict[str, Any] = {}
        if doc.forward["to"]:
            changes["to_places"] = doc.forward["to"]
        if doc.forward["due"]:
            changes["due_date"] = doc.forward["due"]
            parse_date("due_date", doc.forward["due"])  # refused before anything is written
        # One line of field 17 says where it went and with which instruction; its day is the
        # printed book's column (8) "Ngày chuyển" (domain.report.forwarded_on). Written with the
        # unit when that is new (not a second, bare "Chuyển <unit>" line).
        entry = forward_entry(doc.forward["to"], doc.forward["instruction"])
        if changes:
            reg = self.register_service.update(reg.id, changes, forwarding=entry)
        self._fill_chuyen(doc)
        if entry and not any(t.text == entry for t in reg.trace):
            reg = self.register_service.add_trace(reg.id, entry)
        doc.forwarded = True
        doc.step = Step.DONE
        self.save(doc)
        return reg

    def _fill_chuyen(self, doc: WipDocument) -> None:
        """The stamp's "Chuyển" cell gets the unit chosen now (issue 14), in a new revision of the
        signed copy (the verifier accepts this app's tagged stamp revisions). Only when the cell
        was left empty (no default in settings) and once: the state remembers it."""
        to = doc.forward["to"]
        if not to or self.forward_default() or doc.forward.get("chuyen_filled") or not doc.signed:
            return
        signed = Path(doc.signed)
        if not signed.exists():
            return
        with atomic_path(signed, suffix=".pdf") as tmp:
            self._stamps_factory().fill_arrival(signed, tmp, forward_to=to)
        self.register_service.attach(reg_id_of(doc), signed, ROLE_SIGNED)
        doc.forward["chuyen_filled"] = to
        self.save(doc)

    def finish(self, doc: WipDocument) -> None:
        """The document is registered, stamped, signed and forwarded: its work folder goes."""
        if doc.step is Step.DONE:
            self.discard(doc)

    # -- helpers ---------------------------------------------------------------------------

    def _registration(self, doc: WipDocument) -> Registration:
        reg = self.resume_registration(doc)
        if reg is None:
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Văn bản chưa vào sổ."))
        return reg


def reg_id_of(doc: WipDocument) -> int:
    assert doc.registration_id is not None  # signing and forwarding come after registering
    return doc.registration_id


def save_wip(doc: WipDocument) -> None:
    """Write the state atomically: a crash leaves the old state or the new one, never half."""
    write_atomic(doc.folder / STATE, json.dumps(doc.to_json(), ensure_ascii=False, indent=1).encode())


def load_wip(folder: Path) -> WipDocument:
    data = json.loads((folder / STATE).read_text(encoding="utf-8"))
    return WipDocument.from_json(folder, data)


def make_pdf(
    doc: WipDocument,
    capture: CaptureParts,
    progress: Callable[[int, int], None] | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    if doc.pdf and (doc.folder / doc.pdf).exists():
        return doc.folder / doc.pdf
    pages = [p for p in doc.pages if not p.blank] or list(doc.pages)
    if not pages:
        raise UserError(QT_TRANSLATE_NOOP("Errors", "Văn bản chưa có trang nào."))
    raws = [capture.page_files.load(doc.folder / p.file, p.rotation, p.dpi, p.origin) for p in pages]
    out = doc.folder / DOCUMENT
    capture.intake.ingest_pages(raws, out, progress=progress, cancel=cancel, split=False)
    doc.pdf = DOCUMENT
    save_wip(doc)
    return out


def propose_document(
    doc: WipDocument,
    capture: CaptureParts,
    extractor: Extractor,
    progress: Callable[[int, int], None] | None = None,
    cancel: CancelToken | None = None,
) -> dict[str, Any]:
    """The PDF (if not made yet) and the extractor's proposal, saved in the document's state."""
    pdf = make_pdf(doc, capture, progress, cancel)
    if cancel is not None:
        cancel.raise_if_cancelled()
    proposal = extractor.extract([pdf]).to_json()
    proposal["page_count"] = proposal.get("page_count") or len([p for p in doc.pages if not p.blank])
    doc.proposal = proposal
    save_wip(doc)
    return proposal


def urgency_rank(urgency: Urgency) -> int:
    return {Urgency.HOA_TOC: 0, Urgency.THUONG_KHAN: 1, Urgency.KHAN: 2}.get(urgency, 3)



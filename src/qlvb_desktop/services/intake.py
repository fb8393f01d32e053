"""Intake: files or scanned pages in, one clean searchable PDF/A per paper document out.

A pipeline of small steps with one contract each (ARCHITECTURE practice 11):
acquire (InputReader / Scanner) -> clean (PageCleaner) -> OCR (PageOcr) -> assemble (PdfAWriter).
The metadata extractor (extract, match, propose) reads the OCR words saved next to the PDF.

Pages of a document are processed in parallel, one worker per core; each worker loads its
page, cleans it, writes the visible JPEG and OCRs it, then drops the pixels, so memory stays
bounded whatever the page count. Everything is written under temporary names and renamed into
place only when every document of the batch is complete: a failure leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from qlvb_desktop.domain.capture import (
    CancelToken,
    CapturedDocument,
    CleanPage,
    InputBatch,
    InputReader,
    IntakeResult,
    PageCleaner,
    PageOcr,
    PageReport,
    PageSource,
    PdfAWriter,
    PdfPageSpec,
    RawPage,
)
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem, UserError
from qlvb_desktop.domain.ocr import OcrDocument, OcrPage
from qlvb_desktop.services.leftovers import remove_leftovers

ProgressCallback = Callable[[int, int], None]  # pages done, pages in all
INTAKE_PREFIX = ".qlvb-intake-"


@dataclass
class PageWork:
    """What a worker hands back for one page (no pixels)."""

    index: int
    clean: CleanPage
    jpeg: Path | None = None
    width: int = 0
    height: int = 0
    gray: bool = False
    ocr: OcrPage | None = None
    text_pdf: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)


def _work_dir(out: Path) -> Path:
    """A private folder next to the output, renamed into place at the end; the folders of
    processes killed mid-way (SIGKILL: no `finally` ran) are removed first. An hour: a large
    batch of a live process keeps writing pages into its own."""
    remove_leftovers(out.parent, INTAKE_PREFIX, min_age_s=3600)
    return Path(tempfile.mkdtemp(prefix=INTAKE_PREFIX, dir=out.parent))


def ocr_json_path(pdf: Path) -> Path:
    """Where the OCR words of `pdf` are kept: next to it, `<stem>.ocr.json`."""
    return pdf.with_name(pdf.stem + ".ocr.json")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_ocr(pdf: Path) -> OcrDocument | None:
    """The saved OCR of `pdf`, or None when there is none or it describes another file."""
    path = ocr_json_path(pdf)
    try:
        doc = OcrDocument.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return doc if doc.document_sha256 == sha256_file(pdf) else None


def output_names(out: Path, count: int) -> list[Path]:
    """OUT.pdf for the first document of a batch, OUT-2.pdf, OUT-3.pdf… for the next ones."""
    return [out if i == 0 else out.with_name(f"{out.stem}-{i + 1}{out.suffix}") for i in range(count)]


class IntakeService:
    def __init__(
        self,
        reader: InputReader,
        cleaner: PageCleaner,
        ocr: PageOcr,
        writer: PdfAWriter,
        max_bytes: int,
        workers: int | None = None,
    ) -> None:
        self.reader = reader
        self.cleaner = cleaner
        self.ocr = ocr
        self.writer = writer
        self.max_bytes = max_bytes
        self.workers = workers or max(1, os.cpu_count() or 1)

    # -- entry points -------------------------------------------------------------------

    def ingest_files(
        self,
        paths: list[Path],
        out: Path,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        split: bool = True,
    ) -> IntakeResult:
        t0 = time.perf_counter()
        batch = self.reader.read([Path(p) for p in paths], self.max_bytes)
        acquire = time.perf_counter() - t0
        if batch.kind != "raster":
            result = self._keep(batch, out, progress, cancel)
        else:
            result = self._process(batch.pages, out, progress, cancel, split)
        result.timings["check_inputs"] = acquire
        result.timings["total"] = time.perf_counter() - t0
        return result

    def ingest_pages(
        self,
        pages: list[RawPage],
        out: Path,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        split: bool = True,
    ) -> IntakeResult:
        """Pages already acquired (from a scanner or the GUI's page list)."""
        if not pages:
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Không có trang nào để số hóa."))
        t0 = time.perf_counter()
        sources = [PageSource(p.origin, (lambda p=p: p)) for p in pages]  # type: ignore[misc]
        result = self._process(sources, out, progress, cancel, split)
        result.timings["total"] = time.perf_counter() - t0
        return result

    def ingest_documents(
        self,
        documents: list[list[RawPage]],
        out: Path,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> IntakeResult:
        """Documents split by hand in the GUI: each list of pages becomes one PDF."""
        documents = [d for d in documents if d]
        if not documents:
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Không có trang nào để số hóa."))
        t0 = time.perf_counter()
        sources = [PageSource(p.origin, (lambda p=p: p)) for d in documents for p in d]  # type: ignore[misc]
        bounds, n = [], 0
        for d in documents:
            bounds.append((n, n + len(d)))
            n += len(d)
        result = self._process(sources, out, progress, cancel, split=False, groups=bounds)
        result.timings["total"] = time.perf_counter() - t0
        return result

    # -- the pipeline -------------------------------------------------------------------

    def _work(self, index: int, source: PageSource, tmp: Path, cancel: CancelToken | None) -> PageWork:
        if cancel is not None:
            cancel.raise_if_cancelled()
        t0 = time.perf_counter()
        raw = source.load()
        t1 = time.perf_counter()
        clean = self.cleaner.clean(raw)
        del raw
        t2 = time.perf_counter()
        work = PageWork(index, clean, timings={"load": t1 - t0, "clean": t2 - t1})
        if clean.separator:
            clean.image = clean.ocr_image = None
            return work
        work.jpeg = tmp / f"p{index:05d}.jpg"
        work.width, work.height = self.cleaner.write_visible(clean, work.jpeg)
        work.gray = self.cleaner.is_gray(clean)
        t3 = time.perf_counter()
        work.timings["encode"] = t3 - t2
        if not clean.blank:
            pgm = tmp / f"p{index:05d}.pgm"
            ocr_w, ocr_h = self.cleaner.write_ocr_image(clean, pgm)
            clean.image = clean.ocr_image = None
            work.ocr, work.text_pdf = self.ocr.page(
                pgm, ocr_w, ocr_h, clean.ocr_dpi or clean.dpi, tmp / f"t{index:05d}", clean.rotation, clean.skew
            )
            pgm.unlink()
        else:
            work.ocr = OcrPage(
                work.width, work.height, clean.dpi, (), clean.rotation, clean.skew, self.ocr.language, "none"
            )
        clean.image = clean.ocr_image = None
        work.timings["ocr"] = time.perf_counter() - t3
        return work

    def _run_pages(
        self,
        sources: list[PageSource],
        tmp: Path,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
    ) -> list[PageWork]:
        done = 0
        total = len(sources)
        results: list[PageWork] = []
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="intake") as pool:
            futures: list[Future[PageWork]] = [
                pool.submit(self._work, i, s, tmp, cancel) for i, s in enumerate(sources)
            ]
            try:
                for fut in futures:
                    results.append(fut.result())
                    done += 1
                    if progress is not None:
                        progress(done, total)
            except BaseException:
                for f in futures:
                    f.cancel()
                if cancel is not None:
                    cancel.cancel()  # stop the workers already started at their next page
                raise
        return results

    def _process(
        self,
        sources: list[PageSource],
        out: Path,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
        split: bool,
        groups: list[tuple[int, int]] | None = None,
    ) -> IntakeResult:
        if not sources:
            raise UserError(QT_TRANSLATE_NOOP("Errors", "Không có trang nào để số hóa."))
        out = out.resolve()
        _check_out_dir(out)
        tmp = _work_dir(out)
        try:
            t0 = time.perf_counter()
            works = self._run_pages(sources, tmp, progress, cancel)
            t1 = time.perf_counter()
            if groups is None:
                groups = _split_on_separators(works) if split else [(0, len(works))]
            docs = [[w for w in works[a:b] if not w.clean.separator] for a, b in groups]
            docs = [d for d in docs if d]
            if not docs:
                raise UserError(
                    QT_TRANSLATE_NOOP("Errors", "Tập quét chỉ có tờ phân cách, không có trang văn bản nào.")
                )
            targets = output_names(out, len(docs))
            staged: list[tuple[Path, Path]] = []
            documents: list[CapturedDocument] = []
            for n, (pages, target) in enumerate(zip(docs, targets, strict=True)):
                part = tmp / f"doc{n}.pdf"
                specs = [
                    PdfPageSpec(w.jpeg, w.width, w.height, w.clean.dpi, w.gray, w.text_pdf)
                    for w in pages
                    if w.jpeg is not None
                ]
                self.writer.write(specs, part, title=target.stem)
                ocr_pages = tuple(w.ocr for w in pages if w.ocr is not None)
                documents.append(
                    self._document(
                        part,
                        target,
                        "scan",
                        ocr_pages,
                        [_report(i + 1, w) for i, w in enumerate(pages)],
                        staged,
                    )
                )
            t2 = time.perf_counter()
            _commit(staged)
            separators = sum(1 for w in works if w.clean.separator)
            steps = {"load": 0.0, "clean": 0.0, "encode": 0.0, "ocr": 0.0}
            for w in works:
                for k, v in w.timings.items():
                    steps[k] = steps.get(k, 0.0) + v
            timings = {**{f"{k}_cpu": v for k, v in steps.items()}, "pages": t1 - t0, "assemble": t2 - t1}
            return IntakeResult(documents, timings, separators)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _document(
        self,
        part: Path,
        target: Path,
        kind: str,
        ocr_pages: tuple[OcrPage, ...],
        reports: list[PageReport],
        staged: list[tuple[Path, Path]],
    ) -> CapturedDocument:
        sha = sha256_file(part)
        ocr_doc = OcrDocument(sha, ocr_pages)
        ocr_part = part.with_suffix(".ocr.json")
        ocr_part.write_text(json.dumps(ocr_doc.to_json(), ensure_ascii=False), encoding="utf-8")
        staged += [(part, target), (ocr_part, ocr_json_path(target))]
        return CapturedDocument(target, ocr_json_path(target), sha, reports, kind, ocr_pages)

    def _keep(
        self, batch: InputBatch, out: Path, progress: ProgressCallback | None, cancel: CancelToken | None
    ) -> IntakeResult:
        """Born-digital and signed PDFs: the file is kept byte for byte; only its words are added."""
        assert batch.pdf_path is not None
        out = out.resolve()
        _check_out_dir(out)
        tmp = _work_dir(out)
        try:
            t0 = time.perf_counter()
            part = tmp / "doc0.pdf"
            shutil.copyfile(batch.pdf_path, part)
            if batch.text_pages:
                pages = tuple(batch.text_pages)
                reports = [
                    PageReport(
                        i + 1,
                        f"{batch.pdf_path.name} trang {i + 1}",
                        p.width,
                        p.height,
                        p.dpi,
                        0,
                        0.0,
                        False,
                        1.0,
                        (),
                        "text-layer",
                        100.0,
                        {},
                    )
                    for i, p in enumerate(pages)
                ]
            else:
                # A signed scan without text: OCR its rendered pages for the words, never touch the file.
                works = self._run_pages(batch.pages, tmp, progress, cancel)
                pages = tuple(w.ocr for w in works if w.ocr is not None)
                reports = [_report(i + 1, w) for i, w in enumerate(works)]
            staged: list[tuple[Path, Path]] = []
            doc = self._document(part, out, batch.kind, pages, reports, staged)
            _commit(staged)
            if progress is not None and batch.text_pages:
                progress(len(pages), len(pages))
            return IntakeResult([doc], {"keep": time.perf_counter() - t0})
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def _report(number: int, w: PageWork) -> PageReport:
    c = w.clean
    ocr = w.ocr
    source = "none" if ocr is None or ocr.source == "none" else ocr.source
    return PageReport(
        number,
        c.origin,
        w.width,
        w.height,
        c.dpi,
        c.rotation,
        c.skew,
        c.blank,
        c.ink_ratio,
        c.warnings,
        source,
        ocr.mean_confidence if ocr else 0.0,
        {**c.timings, **w.timings},
    )


def _split_on_separators(works: list[PageWork]) -> list[tuple[int, int]]:
    groups, start = [], 0
    for i, w in enumerate(works):
        if w.clean.separator:
            groups.append((start, i))
            start = i + 1
    groups.append((start, len(works)))
    return [(a, b) for a, b in groups if b > a]


def _check_out_dir(out: Path) -> None:
    if not out.parent.is_dir():
        raise UserError(QT_TRANSLATE_NOOP("Errors", "Thư mục {path} không tồn tại."), path=str(out.parent))
    if out.suffix.lower() != ".pdf":
        raise UserError(QT_TRANSLATE_NOOP("Errors", "Tệp kết quả phải có đuôi .pdf: {path}."), path=str(out))


def _commit(staged: list[tuple[Path, Path]]) -> None:
    """Rename every finished file into place (same folder, so each rename is atomic)."""
    try:
        for part, target in staged:
            os.replace(part, target)
    except OSError as exc:
        for _part, target in staged:
            target.unlink(missing_ok=True)
        raise EnvironmentProblem(
            QT_TRANSLATE_NOOP("Errors", "Không ghi được tệp kết quả: {reason}."),
            reason=exc.strerror or str(exc),
        ) from exc

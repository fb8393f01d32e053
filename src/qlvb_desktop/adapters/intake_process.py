"""OCR and extraction of a paper intake document in a child process.

The window's process must never wait on work that holds the interpreter lock (pikepdf writing the
PDF/A, the field reader, the first import of OpenCV): such work stalled the event loop for 250-350
ms in threads. A spawned child does it and reports progress through a queue; cancelling ends it.
"""

from __future__ import annotations

import multiprocessing
import queue
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qlvb_desktop.adapters.child_process import end_with_parent
from qlvb_desktop.domain.capture import Cancelled, CancelToken
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem, UserError

POLL_S = 0.1


def _child(data_dir: str, max_bytes: int, folder: str, out: Any) -> None:
    end_with_parent()
    try:
        from qlvb_desktop.adapters.capture.wiring import build_capture
        from qlvb_desktop.adapters.extract.wiring import build_extractor
        from qlvb_desktop.services.paper_intake import load_wip, propose_document

        capture = build_capture(max_bytes, data_dir=Path(data_dir))
        doc = load_wip(Path(folder))
        propose_document(
            doc,
            capture,
            build_extractor(Path(data_dir)),
            progress=lambda done, total: out.put(("progress", done, total)),
        )
        out.put(("done",))
    except UserError as exc:
        out.put(("user", exc.template, exc.params))
    except EnvironmentProblem as exc:
        out.put(("environment", exc.template, exc.params))
    except BaseException as exc:  # a bug: the parent reports it with the details
        out.put(("bug", f"{exc!r}\n{traceback.format_exc()}"))


class ChildProposer:
    """`PaperIntake.proposer`: runs `propose_document` for a work folder in a spawned process."""

    def __init__(self, data_dir: Path, max_bytes: int) -> None:
        self.data_dir = data_dir
        self.max_bytes = max_bytes
        self.context = multiprocessing.get_context("spawn")  # never fork a process with Qt threads

    def __call__(self, folder: Path, progress: Callable[[int, int], None] | None, cancel: CancelToken | None) -> None:
        messages = self.context.Queue()
        child = self.context.Process(
            target=_child, args=(str(self.data_dir), self.max_bytes, str(folder), messages), daemon=True
        )
        child.start()
        try:
            while True:
                if cancel is not None and cancel.cancelled:
                    child.terminate()
                    raise Cancelled()
                try:
                    message = messages.get(timeout=POLL_S)
                except queue.Empty:
                    if not child.is_alive():
                        raise EnvironmentProblem(
                            QT_TRANSLATE_NOOP("Errors", "Phần nhận dạng chữ dừng bất thường (mã {code}); hãy thử lại."),
                            code=child.exitcode,
                        ) from None
                    continue
                kind = message[0]
                if kind == "progress":
                    if progress is not None:
                        progress(message[1], message[2])
                elif kind == "done":
                    return
                elif kind == "user":
                    raise UserError(message[1], **message[2])
                elif kind == "environment":
                    raise EnvironmentProblem(message[1], **message[2])
                else:
                    raise RuntimeError(message[1])
        finally:
            child.join(timeout=10)
            messages.close()


def _stamp_in_child(
    organization: str,
    src: str,
    dst: str,
    number: str,
    day: str,
    at_mm: tuple[float, float] | None,
    forward_to: str = "",
    case_file: str = "",
) -> tuple[str, Any]:
    """In the stamping process; errors come back as data (their classes do not pickle)."""
    from datetime import date

    from qlvb_desktop.adapters.pdf.stamper import PdfStamper
    from qlvb_desktop.domain.errors import ValidationError
    from qlvb_desktop.services.signing import StampService

    try:
        box = StampService(PdfStamper(), organization).stamp_arrival(
            Path(src), Path(dst), number, date.fromisoformat(day), forward_to=forward_to, case_file=case_file,
            at_mm=at_mm,
        )
    except ValidationError as exc:
        return "validation", (exc.field, exc.template, exc.params)
    except UserError as exc:
        return "user", (exc.template, exc.params)
    except EnvironmentProblem as exc:
        return "environment", (exc.template, exc.params)
    return "done", (box.x, box.y, box.width, box.height)


def _fill_in_child(src: str, dst: str, forward_to: str) -> tuple[str, Any]:
    """The "Chuyển" cell filled in a new revision, in the stamping process."""
    from qlvb_desktop.adapters.pdf.stamper import PdfStamper
    from qlvb_desktop.services.signing import StampService

    try:
        box = StampService(PdfStamper(), "").fill_arrival(Path(src), Path(dst), forward_to=forward_to)
    except UserError as exc:
        return "user", (exc.template, exc.params)
    except EnvironmentProblem as exc:
        return "environment", (exc.template, exc.params)
    return "done", (box.x, box.y, box.width, box.height)


def _ready() -> bool:
    import qlvb_desktop.adapters.pdf.stamper  # noqa: F401 - pikepdf, reportlab, pypdfium2 loaded here

    return True


class ChildStamps:
    """The ĐẾN stamp (pikepdf writes the whole PDF holding the interpreter lock) in one long-lived
    spawned process, so neither the window's thread waits for it nor a stamp pays a start-up."""

    def __init__(self, organization: str) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.organization = organization
        # The worker ends with this process (killed or crashed), not waiting for a task for ever.
        self.pool = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=end_with_parent
        )
        self.pool.submit(_ready)

    def stamp_arrival(
        self,
        src: Path,
        dst: Path,
        number: str,
        arrival_date: Any,
        *,
        organization: str | None = None,
        forward_to: str = "",
        case_file: str = "",
        at_mm: tuple[float, float] | None = None,
        label: Path | None = None,
    ) -> Any:
        from qlvb_desktop.domain.errors import ValidationError
        from qlvb_desktop.domain.signing import Box

        kind, data = self.pool.submit(
            _stamp_in_child,
            organization or self.organization,
            str(src),
            str(dst),
            number,
            arrival_date.isoformat(),
            at_mm,
            forward_to,
            case_file,
        ).result()
        if kind == "validation":
            raise ValidationError(data[0], data[1], **data[2])
        if kind == "user":
            raise UserError(data[0], **data[1])
        if kind == "environment":
            raise EnvironmentProblem(data[0], **data[1])
        return Box(*data)

    def fill_arrival(self, src: Path, dst: Path, *, forward_to: str = "", case_file: str = "") -> Any:
        from qlvb_desktop.domain.signing import Box

        kind, data = self.pool.submit(_fill_in_child, str(src), str(dst), forward_to).result()
        if kind == "user":
            raise UserError(data[0], **data[1])
        if kind == "environment":
            raise EnvironmentProblem(data[0], **data[1])
        return Box(*data)

    def drawing(
        self, number: str, arrival_date: Any, *, organization: str | None = None, forward_to: str = ""
    ) -> bytes:
        """Drawn here (reportlab, a few milliseconds): only the preview needs it."""
        from qlvb_desktop.adapters.pdf.drawing import arrival_stamp_pdf
        from qlvb_desktop.domain.signing import ArrivalStamp

        return arrival_stamp_pdf(ArrivalStamp(organization or self.organization, number, arrival_date, forward_to))

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)

"""Builds the desk area (electronic intake, outgoing issue) from its adapters; called by the
composition root. Built on first use: pyHanko and the token layer load only when needed."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

from qlvb_desktop.adapters.db.outgoing_repo import SqliteOutgoing
from qlvb_desktop.adapters.filestore import ContentStore
from qlvb_desktop.adapters.settings import Settings
from qlvb_desktop.domain.books import Book
from qlvb_desktop.domain.outgoing import abbreviation_of
from qlvb_desktop.domain.ports import Clock
from qlvb_desktop.domain.signing import SignatureKind, SignSpec, TimeStyle
from qlvb_desktop.services.electronic import ElectronicIntake
from qlvb_desktop.services.outgoing import OutgoingService
from qlvb_desktop.services.register import RegisterService

TRUST_SUFFIXES = {".pem", ".cer", ".crt", ".der"}


class DeskArea:
    def __init__(
        self,
        data_dir: Path,
        settings: Settings,
        repo_engine: Any,
        files: ContentStore,
        register: RegisterService,
        books: Callable[[], list[Book]],
        signing_area: Any,
        extractor: Callable[[], Any],
        clock: Clock,
    ) -> None:
        self.data_dir = data_dir
        self.settings = settings
        self.engine = repo_engine
        self.files = files
        self.register = register
        self.books = books
        self.signing_area = signing_area
        self.extractor = extractor
        self.clock = clock
        self.exchange: Any = None  # services.exchange.ExchangeService, set by the composition root
        self.exchange_sender: Any = None  # services.exchange_send.OutgoingExchange, likewise

    @property
    def trust_dir(self) -> Path:
        """Certificates this organization trusts in addition to the shipped list (SPEC §7)."""
        return self.data_dir / "trust"

    def extra_trust(self) -> list[Path]:
        if not self.trust_dir.is_dir():
            return []
        return sorted(p for p in self.trust_dir.iterdir() if p.suffix.lower() in TRUST_SUFFIXES)

    @property
    def out_dir(self) -> Path:
        return Path(self.settings.outgoing_dir) if self.settings.outgoing_dir else self.data_dir / "van-ban-di"

    @property
    def abbreviation(self) -> str:
        return self.settings.org_abbreviation or abbreviation_of(self.settings.organization.name)

    @cached_property
    def repo(self) -> SqliteOutgoing:
        return SqliteOutgoing(self.engine, synced_when=lambda: bool(self.settings.server_url))

    @cached_property
    def outgoing(self) -> OutgoingService:
        from qlvb_desktop.adapters.outgoing_pdf import OutgoingPdfPrinter

        return OutgoingService(
            self.repo, self.files, self.signing_area.signer, self.signing_area.verifier, self.clock,
            self.settings.actor, self.books, self.out_dir, OutgoingPdfPrinter(),
        )

    @cached_property
    def electronic(self) -> ElectronicIntake:
        return ElectronicIntake(
            self.signing_area.verifier, self.register, self.files, self.repo, self.extractor, self.clock,
            self.settings.actor, self.extra_trust(),
        )

    def sign_spec(self, *, seal_offset_mm: tuple[float, float] = (0.0, 0.0),
                  number_at_mm: tuple[float, float] = (20.0, 38.0)) -> SignSpec:
        s = self.settings
        return SignSpec(
            SignatureKind.MAIN,
            organization=s.organization.name,
            style=TimeStyle.ISO if s.signing_time_iso else TimeStyle.VN,
            seal_png=Path(s.seal_png) if s.seal_png else None,
            seal_offset_mm=seal_offset_mm,
            number_at_mm=number_at_mm,
            tsa_url=s.tsa_url or None,
            extra_trust=self.extra_trust(),
            pkcs11_module=s.pkcs11_module or None,
            token_label=s.token_label or None,
        )

    def leader_place(self, pdf: Path) -> Any:
        """(page index, Box) of the leader's signature, for the preview of the seal."""
        from qlvb_desktop.adapters.pdf.signer import leader_signature_place

        return leader_signature_place(pdf)

    def seal_size_pt(self) -> tuple[float, float] | None:
        """The seal image's real size in points, or None without a seal image."""
        if not self.settings.seal_png or not Path(self.settings.seal_png).is_file():
            return None
        from qlvb_desktop.adapters.pdf.drawing import seal_pdf

        _, w, h = seal_pdf(Path(self.settings.seal_png))
        return w, h

    def number_size_pt(self, number: str, issued: Any) -> tuple[float, float]:
        """The size of the number-and-date block written on page 1."""
        from qlvb_desktop.adapters.pdf.drawing import outgoing_number_pdf
        from qlvb_desktop.domain.signing import OutgoingNumber

        _, w, h = outgoing_number_pdf(OutgoingNumber(number, issued))
        return w, h

    def token_info(self) -> dict[str, Any]:
        """The token the organization signs with (for the PIN step); raises when there is none."""
        from qlvb_desktop.adapters.pkcs11.batch import token_report
        from qlvb_desktop.adapters.pkcs11.driver import resolve_module
        from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem

        module = resolve_module(self.settings.pkcs11_module or None)
        tokens = token_report(self.signing_area.signer.thread, module)
        if self.settings.token_label:
            tokens = [t for t in tokens if t["label"] == self.settings.token_label]
        if not tokens:
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP("Errors", "Chưa cắm USB token của cơ quan; hãy cắm token rồi thử lại.")
            )
        return tokens[0]

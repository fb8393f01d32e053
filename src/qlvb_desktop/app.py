"""The composition root: settings -> database -> adapters -> services -> window.

The only module that wires adapters to services and hands them to the GUI; the GUI itself is
imported only when the window is started, so the CLI never loads Qt.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qlvb_desktop.adapters.capture.wiring import CaptureCore, build_capture
from qlvb_desktop.adapters.db.database import open_database
from qlvb_desktop.adapters.db.repository import SqliteRegister
from qlvb_desktop.adapters.filestore import ContentStore
from qlvb_desktop.adapters.register_pdf import RegisterPdfPrinter
from qlvb_desktop.adapters.settings import Settings, SettingsStore, default_data_dir
from qlvb_desktop.domain.books import DEFAULT_BOOKS
from qlvb_desktop.domain.clock import now_vn
from qlvb_desktop.domain.report import Organization
from qlvb_desktop.services.register import RegisterService
from qlvb_desktop.services.reports import ReportService


class SystemClock:
    def now(self) -> datetime:
        return now_vn()


if TYPE_CHECKING:
    from qlvb_desktop.services.extract import ExtractService
    from qlvb_desktop.services.sync import SyncService


def build_sync(core: Core, token: str = "") -> SyncService:
    """The sync service for a station with a server configured (settings.server_url)."""
    from qlvb_desktop.adapters.db.sync_journal import SqliteSyncJournal
    from qlvb_desktop.adapters.sync_client import HttpSyncServer
    from qlvb_desktop.services.sync import SyncConfig, SyncService

    s = core.settings
    server = HttpSyncServer(
        s.server_url, station=s.station_id, token=token, ca_file=Path(s.ca_file) if s.ca_file else None
    )
    return SyncService(
        SqliteSyncJournal(core.repo.engine), server, core.files, SystemClock(), core.repo.books,
        SyncConfig(lease_block=s.lease_block, actor=s.actor),
    )


@dataclass
class Core:
    """Everything headless, built once, in order."""

    data_dir: Path
    settings_store: SettingsStore
    settings: Settings
    repo: SqliteRegister
    files: ContentStore
    register: RegisterService
    reports: ReportService
    signing_area: SigningArea | None = None  # issue 5
    capture: CaptureCore | None = None
    # extractor(language=None, directory_csv=None): metadata extraction (issue 4)
    extractor: Callable[..., ExtractService] | None = None


class SigningArea:
    """Stamps, organization signature and verification, built on first use: pyHanko and the
    PKCS#11 layer take over a second to import, and the register commands never need them."""

    def __init__(self, settings: Settings, clock: SystemClock) -> None:
        self.settings = settings
        self.clock = clock

    @cached_property
    def signer(self) -> Any:
        from qlvb_desktop.adapters.pkcs11.batch import TokenSigner

        return TokenSigner()  # owns the one PKCS#11 thread of the process

    @cached_property
    def verifier(self) -> Any:
        from qlvb_desktop.adapters.pdf.verifier import PdfVerifier

        return PdfVerifier()

    @cached_property
    def stamps(self) -> Any:
        from qlvb_desktop.adapters.pdf.stamper import PdfStamper
        from qlvb_desktop.services.signing import StampService

        return StampService(PdfStamper(), self.settings.organization.name)

    @cached_property
    def signing(self) -> Any:
        from qlvb_desktop.services.signing import SigningService

        return SigningService(self.signer, self.clock)

    @cached_property
    def verify(self) -> Any:
        from qlvb_desktop.services.verify import VerifyService

        return VerifyService(self.verifier)


def build_extractor(data_dir: Path, *args: Any, **kwargs: Any) -> ExtractService:
    """Built on first use: the extractor imports OpenCV and the capture pipeline."""
    from qlvb_desktop.adapters.extract.wiring import build_extractor as build

    return build(data_dir, *args, **kwargs)


def build_core(data_dir: Path | None = None) -> Core:
    data_dir = (data_dir or default_data_dir()).expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    settings_store = SettingsStore(data_dir / "settings.json")
    settings = settings_store.load()
    engine = open_database(data_dir / "qlvb.sqlite3")
    repo = SqliteRegister(engine)
    repo.synced = bool(settings.server_url)
    repo.ensure_books(DEFAULT_BOOKS)
    files = ContentStore(data_dir / "files", max_bytes=settings.max_file_mb * 1024 * 1024)
    clock = SystemClock()
    register = RegisterService(repo, files, clock, settings.actor)
    reports = ReportService(repo, RegisterPdfPrinter(), clock, settings.actor)
    signing_area = SigningArea(settings, clock)
    core = Core(data_dir, settings_store, settings, repo, files, register, reports, signing_area)
    core.capture = build_capture(settings.max_file_mb * 1024 * 1024, data_dir=data_dir)
    core.extractor = lambda *args, **kwargs: build_extractor(data_dir, *args, **kwargs)
    return core


def save_settings(core: Core, organization: Organization, language: str) -> None:
    """Store the organization (printed on the register's cover) and the interface language."""
    core.settings.organization = organization
    core.settings.language = language
    core.settings_store.save(core.settings)


def main(argv: list[str] | None = None) -> int:
    """`qlvb-desktop [--data-dir DIR] [--lang vi|en]`: start the window."""
    parser = argparse.ArgumentParser(prog="qlvb-desktop", description="Phần mềm văn thư: sổ đăng ký văn bản đến")
    parser.add_argument("--data-dir", type=Path, default=None, help="thư mục dữ liệu (mặc định: QLVB_DATA_DIR)")
    parser.add_argument(
        "--lang", choices=("vi", "en"), default=None, help="ngôn ngữ giao diện (mặc định: theo cài đặt)"
    )
    args, qt_args = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    core = build_core(args.data_dir)
    from qlvb_desktop.ui.context import GuiContext
    from qlvb_desktop.ui.main import run_gui

    ctx = GuiContext(
        register=core.register,
        reports=core.reports,
        organization=core.settings.organization,
        save_settings=lambda organization, language: save_settings(core, organization, language),
        data_dir=core.data_dir,
        language=args.lang or core.settings.language,
    )
    return run_gui(ctx, [sys.argv[0], *qt_args])

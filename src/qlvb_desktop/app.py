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
from functools import partial
from pathlib import Path

from qlvb_desktop.adapters.capture.wiring import CaptureCore, build_capture
from qlvb_desktop.adapters.db.database import open_database
from qlvb_desktop.adapters.db.repository import SqliteRegister
from qlvb_desktop.adapters.extract.wiring import build_extractor
from qlvb_desktop.adapters.filestore import ContentStore
from qlvb_desktop.adapters.register_pdf import RegisterPdfPrinter
from qlvb_desktop.adapters.settings import Settings, SettingsStore, default_data_dir
from qlvb_desktop.domain.books import DEFAULT_BOOKS
from qlvb_desktop.domain.clock import now_vn
from qlvb_desktop.domain.report import Organization
from qlvb_desktop.services.extract import ExtractService
from qlvb_desktop.services.register import RegisterService
from qlvb_desktop.services.reports import ReportService


class SystemClock:
    def now(self) -> datetime:
        return now_vn()


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
    # extractor(language=None, directory_csv=None): metadata extraction (issue 4)
    extractor: Callable[..., ExtractService] | None = None
    capture: CaptureCore | None = None


def build_core(data_dir: Path | None = None) -> Core:
    data_dir = (data_dir or default_data_dir()).expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    settings_store = SettingsStore(data_dir / "settings.json")
    settings = settings_store.load()
    engine = open_database(data_dir / "qlvb.sqlite3")
    repo = SqliteRegister(engine)
    repo.ensure_books(DEFAULT_BOOKS)
    files = ContentStore(data_dir / "files", max_bytes=settings.max_file_mb * 1024 * 1024)
    clock = SystemClock()
    register = RegisterService(repo, files, clock, settings.actor)
    reports = ReportService(repo, RegisterPdfPrinter(), clock, settings.actor)
    core = Core(data_dir, settings_store, settings, repo, files, register, reports)
    core.capture = build_capture(settings.max_file_mb * 1024 * 1024, data_dir=data_dir)
    core.extractor = partial(build_extractor, data_dir)
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

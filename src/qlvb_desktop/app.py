"""The composition root: settings -> database -> adapters -> services -> window.

The only module that wires adapters to services and hands them to the GUI; the GUI itself is
imported only when the window is started, so the CLI never loads Qt.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qlvb_desktop.adapters.capture.wiring import CaptureCore, build_capture
from qlvb_desktop.adapters.settings import Damage, Settings, SettingsStore, default_data_dir
from qlvb_desktop.domain.clock import now_vn
from qlvb_desktop.domain.command_line import CommandParser, add_data_dir
from qlvb_desktop.domain.daily import DeadlinePolicy
from qlvb_desktop.domain.errors import (
    EnvironmentProblem,
    SettingsLostOnSyncedStation,
    SettingsReset,
    UserError,
    storage_problem,
)
from qlvb_desktop.domain.report import Organization


class SystemClock:
    def now(self) -> datetime:
        return now_vn()


if TYPE_CHECKING:
    from qlvb_desktop.adapters.db.repository import SqliteRegister
    from qlvb_desktop.adapters.desk_wiring import DeskArea
    from qlvb_desktop.adapters.filestore import ContentStore
    from qlvb_desktop.adapters.station import Station
    from qlvb_desktop.services.casefiles import CaseFileService, TableOutput
    from qlvb_desktop.services.daily import DailyService
    from qlvb_desktop.services.exchange import ExchangeService
    from qlvb_desktop.services.extract import ExtractService
    from qlvb_desktop.services.paper_intake import PaperIntake
    from qlvb_desktop.services.register import RegisterService
    from qlvb_desktop.services.reports import PeriodReports, ReportService
    from qlvb_desktop.services.sync import SyncService, SyncWorker


def build_sync(core: Core, token: str = "") -> SyncService:
    """The sync service for a station with a server configured (settings.server_url)."""
    from qlvb_desktop.adapters.db.outgoing_sync import SqliteOutgoingJournal
    from qlvb_desktop.adapters.db.sync_journal import SqliteSyncJournal
    from qlvb_desktop.adapters.directory_file import CsvDirectorySink
    from qlvb_desktop.adapters.sync_client import HttpSyncServer
    from qlvb_desktop.services.sync import SyncConfig, SyncService

    s = core.settings
    server = HttpSyncServer(
        s.server_url, station=s.station_id, token=token, ca_file=Path(s.ca_file) if s.ca_file else None
    )
    return SyncService(
        SqliteSyncJournal(core.repo.engine), server, core.files, SystemClock(), core.repo.books,
        SyncConfig(lease_block=s.lease_block, actor=s.actor),
        directory=CsvDirectorySink(core.data_dir / "issuers.csv"),
        exchange=build_relay_step(core, server),
        outgoing=SqliteOutgoingJournal(core.repo.engine),
    )


def build_relay_step(core: Core, server: Any) -> Any:
    """edXML packages through the same server, connection and login as the sync (issue 15)."""
    from qlvb_desktop.adapters.exchange_relay import ServerRelay
    from qlvb_desktop.services.exchange import RelayStep

    relay = ServerRelay(server.client, server._headers, prefix="")  # the client's base URL ends in /api/v1
    return RelayStep(core.exchange, relay, core.data_dir / "exchange" / "spool")


def sync_login_reason(core: Core) -> str | None:
    """None when the window need not ask for the password; else why it must (the keyring's
    reason, or "" when there is simply no stored login)."""
    from qlvb_desktop.adapters.credentials import KeyringCredentials

    s = core.settings
    if not s.server_url:
        return None
    creds = KeyringCredentials(core.data_dir)
    if creds.get(s.server_url, s.server_user):
        return None
    return creds.available()[1]


def build_sync_worker(core: Core) -> SyncWorker | None:
    """The GUI's background sync (every settings.sync_interval_s), or None without a server.
    Without a stored token the worker reports "not logged in" and the station works offline."""
    from qlvb_desktop.adapters.credentials import KeyringCredentials
    from qlvb_desktop.services.sync import SyncWorker

    s = core.settings
    if not s.server_url:
        return None
    token = KeyringCredentials(core.data_dir).get(s.server_url, s.server_user) or ""
    return SyncWorker(build_sync(core, token), interval=max(5, s.sync_interval_s))


class Core:
    """Everything headless, each part built on first use: the database (SQLAlchemy, alembic's
    migration check), the register printer (reportlab), capture and the extractor cost over a
    second to import and open together, and `qlvb extract` needs none of the register's parts."""

    def __init__(self, data_dir: Path, settings_store: SettingsStore, settings: Settings) -> None:
        self.data_dir = data_dir
        self.settings_store = settings_store
        self.settings = settings
        # A warning for the clerk from loading the settings (a damaged file set aside), or None
        self.settings_notice: EnvironmentProblem | None = None
        self.clock = SystemClock()
        self.signing_area: SigningArea | None = SigningArea(settings, self.clock, data_dir)  # issue 5
        # extractor(language=None, directory_csv=None): metadata extraction (issue 4)
        self.extractor: Callable[..., ExtractService] | None = lambda *args, **kwargs: build_extractor(
            data_dir, *args, **kwargs
        )

    def close(self) -> None:
        """Let go of what this core opened: the register database's pooled connections (not
        left to the garbage collector, which Python 3.13 warns about). Safe to call twice, and
        on a core whose register was never opened."""
        repo = self.__dict__.get("repo")
        if repo is not None:
            repo.engine.dispose()

    def __enter__(self) -> Core:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @cached_property
    def repo(self) -> SqliteRegister:
        from qlvb_desktop.adapters.db.database import open_database
        from qlvb_desktop.adapters.db.repository import SqliteRegister
        from qlvb_desktop.domain.books import DEFAULT_BOOKS
        from qlvb_desktop.domain.outgoing import OUTGOING_BOOKS

        repo = SqliteRegister(open_database(self.data_dir / "qlvb.sqlite3"))
        repo.synced = bool(self.settings.server_url)
        repo.ensure_books((*DEFAULT_BOOKS, *OUTGOING_BOOKS))
        return repo

    @cached_property
    def files(self) -> ContentStore:
        from qlvb_desktop.adapters.filestore import ContentStore

        return ContentStore(self.data_dir / "files", max_bytes=self.settings.max_file_mb * 1024 * 1024)

    @cached_property
    def register(self) -> RegisterService:
        from qlvb_desktop.services.register import RegisterService

        service = RegisterService(self.repo, self.files, self.clock, self.settings.actor)
        service.listeners.append(lambda event, rid: self.exchange.follow(event, rid))  # statuses 04
        return service

    @cached_property
    def reports(self) -> ReportService:
        from qlvb_desktop.adapters.register_pdf import RegisterPdfPrinter
        from qlvb_desktop.services.reports import ReportService

        return ReportService(self.repo, RegisterPdfPrinter(), self.clock, self.settings.actor)

    @cached_property
    def casefiles(self) -> CaseFileService:
        """Case files and handing over to the archive (issue 17)."""
        return build_casefiles(self)

    @cached_property
    def period_reports(self) -> PeriodReports:
        """The follow-up book, handling reports and register exports (issue 17)."""
        return build_period_reports(self)

    @cached_property
    def daily(self) -> DailyService:
        """Deadlines, handling and the routing slip (issue 7, flow 4)."""
        daily = build_daily(self)
        daily.listeners.append(lambda event, rid: self.exchange.follow(event, rid))  # status 06
        return daily

    @cached_property
    def station(self) -> Station:
        """The settings dialog's view of the settings (issue 7, flow 5)."""
        return build_station(self)

    @cached_property
    def capture(self) -> CaptureCore | None:
        return build_capture(self.settings.max_file_mb * 1024 * 1024, data_dir=self.data_dir)

    @cached_property
    def desk(self) -> DeskArea:
        """Electronic intake and outgoing issue (issue 7)."""
        from qlvb_desktop.adapters.desk_wiring import DeskArea

        extractor = self.extractor or (lambda: build_extractor(self.data_dir))
        area = DeskArea(
            self.data_dir, self.settings, self.repo.engine, self.files, self.register, self.repo.books,
            self.signing_area, extractor, self.clock,
        )
        area.exchange = self.exchange  # the window's "Văn bản liên thông" list (issue 15)
        area.exchange_sender = build_exchange_sender(self, lambda: area.outgoing)
        return area

    @cached_property
    def exchange(self) -> ExchangeService:
        """edXML exchange between organizations (issue 15)."""
        return build_exchange(self)


class SigningArea:
    """Stamps, organization signature and verification, built on first use: pyHanko and the
    PKCS#11 layer take over a second to import, and the register commands never need them."""

    def __init__(self, settings: Settings, clock: SystemClock, data_dir: Path | None = None) -> None:
        self.settings = settings
        self.clock = clock
        self.data_dir = data_dir

    @cached_property
    def signer(self) -> Any:
        from qlvb_desktop.adapters.pkcs11.batch import TokenSigner

        return TokenSigner()  # owns the one PKCS#11 thread of the process

    @cached_property
    def verifier(self) -> Any:
        from qlvb_desktop.adapters.pdf.verifier import PdfVerifier
        from qlvb_desktop.domain.registration import parse_date
        from qlvb_desktop.domain.validation import DEFAULT_SHA1_UNTIL, LegacyPolicy

        # intermediates seen in documents, to chain later ones that embed only the signer's certificate
        cache = self.data_dir / "trust-cache" if self.data_dir is not None else None
        until = parse_date("sha1_until", self.settings.sha1_until) or DEFAULT_SHA1_UNTIL
        return PdfVerifier(cache_dir=cache, policy=LegacyPolicy(sha1_until=until), now=self.clock.now)

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


def build_paper_intake(
    core: Core, sign_spec: Callable[[], Any] | None = None, isolate: bool = False
) -> PaperIntake:
    """The paper intake wizard's service (issue 7, flow 1); its heavy parts are built on first use.
    `isolate`: OCR and extraction in a child process (the GUI's choice, for a responsive window)."""
    from qlvb_desktop.domain.signing import SignatureKind, SignSpec, TimeStyle
    from qlvb_desktop.services.paper_intake import PaperIntake

    s, area, capture, extractor = core.settings, core.signing_area, core.capture, core.extractor
    assert area is not None and capture is not None and extractor is not None

    def copy_spec() -> SignSpec:
        return SignSpec(
            SignatureKind.COPY,
            organization=s.organization.name,
            style=TimeStyle.ISO if s.signing_time_iso else TimeStyle.VN,
            tsa_url=s.tsa_url or None,
            pkcs11_module=s.pkcs11_module or None,
            token_label=s.token_label or None,
        )

    stamps: Callable[[], Any] = lambda: area.stamps  # noqa: E731
    if isolate:
        from qlvb_desktop.adapters.intake_process import ChildStamps

        child_stamps: list[ChildStamps] = []

        def stamps() -> ChildStamps:  # one long-lived stamping process, started on first use
            if not child_stamps:
                child_stamps.append(ChildStamps(s.organization.name))
            return child_stamps[0]

    intake = PaperIntake(
        core.data_dir / "intake-wip", core.register, capture, lambda: extractor(), stamps,
        lambda: area.signing, sign_spec or copy_spec, core.data_dir / "van-ban-den",
        lambda: s.organization.name, SystemClock().now,
    )
    intake.forward_default = lambda: s.stamp_forward_default
    if isolate:
        from qlvb_desktop.adapters.intake_process import ChildProposer

        intake.proposer = ChildProposer(core.data_dir, capture.max_bytes)
    return intake


def build_core(data_dir: Path | None = None, *, open_register: bool = True) -> Core:
    """The headless core. By default the register database is created or migrated and opened now,
    as on the app's first start (tests and the window rely on it); the CLI passes
    `open_register=False` so commands that never touch the register (`qlvb extract`) skip it."""
    data_dir = (data_dir or default_data_dir()).expanduser().resolve()
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise storage_problem(exc, data_dir) from exc
    settings_store = SettingsStore(data_dir / "settings.json")
    core = Core(data_dir, settings_store, settings_store.load())
    if settings_store.damage is not None:
        core.settings_notice = _set_damaged_settings_aside(core, settings_store.damage)
    if open_register:
        _ = core.repo
    return core


def _set_damaged_settings_aside(core: Core, damage: Damage) -> SettingsReset:
    """A damaged settings file (issue 12): refused when it lost the server's values of a register
    that has synced (numbering alone there could repeat the server's numbers), else kept aside
    as `settings.json.hong-<time>` with the defaults for what was lost; the warning to show."""
    path = core.settings_store.path
    if damage.loses_sync and (core.data_dir / "qlvb.sqlite3").exists():
        from qlvb_desktop.adapters.db.sync_journal import has_synced

        if has_synced(core.repo.engine):
            core.repo.engine.dispose()
            raise SettingsLostOnSyncedStation(str(path))
    kept = core.settings_store.set_aside(core.settings)
    return SettingsReset(str(path), str(kept), ", ".join(damage.fields))


def daily_policy(settings: Settings) -> DeadlinePolicy:
    """The deadline policy of the settings; a malformed setting (edited by hand) falls back to
    the defaults rather than keeping the window from starting: the settings dialog shows it."""
    try:
        return settings.daily_policy()
    except (UserError, ValueError):
        return DeadlinePolicy()


class _Lazy:
    """An object built on its first use."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make = make
        self._obj: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._obj is None:
            self._obj = self._make()
        return getattr(self._obj, name)


def build_exchange(core: Core) -> ExchangeService:
    from qlvb_desktop.adapters.db.exchange_repo import SqliteExchange
    from qlvb_desktop.adapters.edxml.io import EdxmlIO
    from qlvb_desktop.adapters.filestore import ContentStore
    from qlvb_desktop.domain.exchange import Organ
    from qlvb_desktop.services.exchange import ExchangeService

    s = core.settings
    limit = s.max_file_mb * 1024 * 1024

    def verifier() -> Any:
        area = core.signing_area or SigningArea(core.settings, core.clock)
        return area.verify

    def organization() -> Organ:
        org = core.settings.organization
        return Organ(organ_id=org.code, name=org.name, in_charge=org.parent)

    # Packages are stored whole beside the files: base64 makes them a third larger than the
    # largest file they may carry, so their own store (same folder, content-addressed) allows it.
    packages = ContentStore(core.data_dir / "files", max_bytes=limit * 2 + (16 << 20))
    # The register opens the database: `qlvb receive PACKAGE` (reading only) never needs it.
    repo: Any = _Lazy(lambda: SqliteExchange(core.repo.engine))
    register: Any = _Lazy(lambda: core.register)
    return ExchangeService(
        EdxmlIO(limit, core.data_dir / "exchange" / "work"), verifier, repo, register, packages,
        core.clock, organization, core.data_dir / "exchange" / "outbox", s.actor, _extra_trust(core.data_dir),
    )


def build_exchange_sender(core: Core, outgoing: Callable[[], Any]) -> Any:
    """Issued outgoing documents sent as packages, and taken back (issue 15)."""
    from qlvb_desktop.adapters.directory_file import read_organs
    from qlvb_desktop.services.exchange_send import OutgoingExchange

    exchange = core.exchange
    return OutgoingExchange(exchange, outgoing, core.files, exchange.organization,
                            lambda: read_organs(core.data_dir / "issuers.csv"))


def _extra_trust(data_dir: Path) -> list[Path]:
    """The certificates of DATA/trust/, as the desk's verification uses them."""
    from qlvb_desktop.adapters.desk_wiring import TRUST_SUFFIXES

    folder = data_dir / "trust"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in TRUST_SUFFIXES)


def build_daily(core: Core) -> DailyService:
    from qlvb_desktop.adapters.db.handling import SqliteHandling
    from qlvb_desktop.adapters.slip_pdf import SlipPdfPrinter
    from qlvb_desktop.services.daily import DailyService

    s = core.settings
    return DailyService(
        SqliteHandling(core.repo), core.register, SlipPdfPrinter(), core.clock, daily_policy(s),
        s.organization, s.actor,
    )


def table_output(core: Core) -> TableOutput:
    """Tables to .pdf (the table printer) or .xlsx (the one Excel writer), by the file's suffix;
    the printer and the writer are imported on the first output, not when the window starts."""

    def write(tables: list[Any], out: Path) -> Path:
        from qlvb_desktop.adapters.table_pdf import TablePdfPrinter
        from qlvb_desktop.adapters.xlsx import XlsxWriter
        from qlvb_desktop.services.casefiles import table_output as by_suffix

        return by_suffix(TablePdfPrinter(), XlsxWriter())(tables, out)

    return write


def build_casefiles(core: Core) -> CaseFileService:
    from qlvb_desktop.adapters.archive_package import ZipArchivePackager
    from qlvb_desktop.adapters.db.casefiles_repo import SqliteCaseFiles
    from qlvb_desktop.adapters.xlsx import read_rows
    from qlvb_desktop.services.casefiles import CaseFileService

    s = core.settings
    return CaseFileService(
        SqliteCaseFiles(core.repo), table_output(core), ZipArchivePackager(core.files.path_of, core.clock.now),
        read_rows, core.clock, s.organization, s.actor,
    )


def build_period_reports(core: Core) -> PeriodReports:
    from qlvb_desktop.adapters.db.reports_repo import SqliteReportRows
    from qlvb_desktop.services.reports import PeriodReports

    s = core.settings
    return PeriodReports(
        SqliteReportRows(core.repo.engine), core.repo.books, table_output(core), core.clock, daily_policy(s),
        s.organization,
    )


def build_station(core: Core) -> Station:
    from qlvb_desktop.adapters.capture.profiles import JsonProfileStore
    from qlvb_desktop.adapters.station import Station

    def applied(settings: Settings) -> None:
        # New settings reach the services that copied them when they were built.
        for name in ("register", "reports", "daily", "casefiles"):
            service = core.__dict__.get(name)  # only those already built
            if service is not None:
                service.actor = settings.actor
        if "daily" in core.__dict__:
            core.daily.configure(daily_policy(settings), settings.organization)
        if "period_reports" in core.__dict__:
            core.period_reports.configure(daily_policy(settings), settings.organization)
        if "casefiles" in core.__dict__:
            core.casefiles.organization = settings.organization

    def token_thread() -> Any:
        area = core.signing_area
        return area.signer.thread if area is not None else None

    return Station(
        core.settings_store, core.settings, core.repo, JsonProfileStore(core.data_dir / "scanner-profiles.json"),
        on_applied=applied, token_thread=token_thread,
    )


def save_settings(core: Core, organization: Organization, language: str) -> None:
    """Store the organization (printed on the register's cover) and the interface language."""
    core.settings.organization = organization
    core.settings.language = language
    core.settings_store.save(core.settings)


def build_parser() -> argparse.ArgumentParser:
    """The options of `qlvb-desktop`; what it does not know is left to Qt (`-platform …`)."""
    parser = CommandParser(prog="qlvb-desktop", description="Phần mềm văn thư: sổ đăng ký văn bản đến")
    add_data_dir(parser)
    parser.add_argument(
        "--lang", choices=("vi", "en"), default=None,
        help="ngôn ngữ giao diện: vi tiếng Việt, en tiếng Anh (mặc định: theo cài đặt)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """`qlvb-desktop [--data-dir DIR] [--lang vi|en]`: start the window."""
    args, qt_args = build_parser().parse_known_args(argv if argv is not None else sys.argv[1:])
    try:
        core = build_core(args.data_dir)
    except EnvironmentProblem as problem:
        from qlvb_desktop.ui.main import run_problem

        return run_problem(problem, args.lang or "vi", [sys.argv[0], *qt_args])
    from qlvb_desktop.adapters import credentials
    from qlvb_desktop.ui.context import GuiContext
    from qlvb_desktop.ui.main import run_gui

    credentials.REMEMBER_IN_SESSION = True  # without a keyring, a login lasts until the window closes

    ctx = GuiContext(
        register=core.register,
        reports=core.reports,
        organization=core.settings.organization,
        save_settings=lambda organization, language: save_settings(core, organization, language),
        data_dir=core.data_dir,
        language=args.lang or core.settings.language,
        daily=core.daily,
        station=core.station,
        desk=core.desk,
        paper_intake=lambda: build_paper_intake(core, isolate=True),
        sync=build_sync_worker(core),
        make_sync_worker=lambda: build_sync_worker(core),
        sync_login_reason=sync_login_reason(core),
        casefiles=core.casefiles,
        period_reports=core.period_reports,
        issuer_names=lambda: directory_names(core.data_dir),
        startup_notice=core.settings_notice,
    )
    try:
        return run_gui(ctx, [sys.argv[0], *qt_args])
    finally:
        core.close()


def directory_names(data_dir: Path) -> list[str]:
    """The names in the organization directory, for the issuer field's completion."""
    from qlvb_desktop.adapters.extract.stores import load_directory

    return [entry.name for entry in load_directory(data_dir / "issuers.csv").entries]

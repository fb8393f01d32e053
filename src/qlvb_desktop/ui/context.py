"""What the GUI is handed by the composition root (`app.py`): services and settings, no adapters.

The GUI never builds its own services; `app.main` builds a `GuiContext` and passes it to
`run_gui`, so `ui` stays a sibling of `adapters` below `app` (import-linter layers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from qlvb_desktop.domain.books import Book
from qlvb_desktop.domain.capture import ScannerProfile
from qlvb_desktop.domain.errors import EnvironmentProblem
from qlvb_desktop.domain.report import Organization
from qlvb_desktop.services.casefiles import CaseFileService
from qlvb_desktop.services.daily import DailyService
from qlvb_desktop.services.paper_intake import PaperIntake
from qlvb_desktop.services.register import RegisterService
from qlvb_desktop.services.reports import PeriodReports, ReportService
from qlvb_desktop.services.sync import SyncWorker

LANGUAGES = ("vi", "en")


class StationSettings(Protocol):
    """The workstation's settings for the settings dialog (adapters.station.Station); every
    method may block, so the GUI calls them through `Operations`."""

    def values(self) -> dict[str, Any]: ...

    def needs_first_run(self) -> bool: ...

    def apply(self, values: dict[str, Any]) -> Any: ...

    def organization(self) -> Organization: ...

    def books(self) -> list[Book]: ...

    def add_book(self, name: str, secret: bool, direction: str = "incoming") -> Book: ...

    def scanner_profiles(self) -> list[ScannerProfile]: ...

    def save_scanner_profiles(self, profiles: list[ScannerProfile]) -> None: ...

    def probe_token(self, module: str, label: str) -> Any: ...  # .ok, .template, .params

    def login(self, url: str, user: str, password: str, ca_file: str) -> Any: ...  # like probe_token


@dataclass
class GuiContext:
    register: RegisterService
    reports: ReportService
    organization: Organization
    # Saves the organization and the interface language in the workstation settings.
    save_settings: Callable[[Organization, str], None]
    data_dir: Path
    language: str = "vi"
    # Issue 7: deadlines, handling and the routing slip; the full settings dialog and first run.
    daily: DailyService | None = None
    station: StationSettings | None = None
    # Electronic intake and outgoing issue (adapters.desk_wiring.DeskArea; None: menu not shown)
    desk: Any = None
    # Builds the paper intake wizard's service on first use (None: the menu entry is greyed out).
    paper_intake: Callable[[], PaperIntake] | None = None
    # The background sync with the central server; None when no server is configured (issue 6).
    sync: SyncWorker | None = None
    # A new background worker from the saved settings (after a login), None without a server;
    # `sync_login_reason`: not None when a server is configured but no login is stored (why).
    make_sync_worker: Callable[[], SyncWorker | None] | None = None
    sync_login_reason: str | None = None
    # Case files and the period's reports (issue 17; None: the "Hồ sơ" menu is not shown)
    casefiles: CaseFileService | None = None
    period_reports: PeriodReports | None = None
    # The organization directory's names (issuers.csv), read in the background for the issuer
    # field's completion; None: completion from the register's history only.
    issuer_names: Callable[[], list[str]] | None = None
    # A warning to show once the window is open (a damaged settings file set aside, issue 12)
    startup_notice: EnvironmentProblem | None = None

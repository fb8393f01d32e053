"""What the GUI is handed by the composition root (`app.py`): services and settings, no adapters.

The GUI never builds its own services; `app.main` builds a `GuiContext` and passes it to
`run_gui`, so `ui` stays a sibling of `adapters` below `app` (import-linter layers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qlvb_desktop.domain.report import Organization
from qlvb_desktop.services.register import RegisterService
from qlvb_desktop.services.reports import ReportService

LANGUAGES = ("vi", "en")


@dataclass
class GuiContext:
    register: RegisterService
    reports: ReportService
    organization: Organization
    # Saves the organization and the interface language in the workstation settings.
    save_settings: Callable[[Organization, str], None]
    data_dir: Path
    language: str = "vi"

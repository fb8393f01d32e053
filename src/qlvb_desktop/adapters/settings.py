"""Settings of one workstation, a JSON file in the data directory, written atomically.

A damaged file (issue 12) never stops the program with a traceback: a file that cannot be read
at all (no permission, a folder in its place) is a machine problem (`SettingsUnreadable`, exit
4, a dialog at start); a file whose contents are damaged (not JSON, cut short, values of the
wrong type) is set aside as `settings.json.hong-<time>` and the defaults are used for what was
lost, with a warning (`SettingsReset`) — unless the lost values are the server's and the register
has already synced, where numbering alone could give numbers the server gives too
(`app.build_core` refuses then; docs/sync.md).
"""

from __future__ import annotations

import getpass
import json
import os
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import platformdirs

from qlvb_desktop.domain.daily import DeadlinePolicy
from qlvb_desktop.domain.errors import SettingsUnreadable, storage_problem
from qlvb_desktop.domain.report import Organization
from qlvb_desktop.domain.worktime import DEFAULT_OFFICE_HOURS, DEFAULT_WORKDAYS, WorkSchedule, build_schedule

APP_NAME = "qlvb-desktop"


def default_data_dir() -> Path:
    env = os.environ.get("QLVB_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass
class Settings:
    organization: Organization = field(default_factory=Organization)
    clerk: str = ""  # the name recorded as "who" in the audit log; the OS user by default
    language: str = "vi"
    max_file_mb: int = 50
    # Signing (issue 5): empty module path = auto-detect the usual token drivers
    pkcs11_module: str = ""
    tsa_url: str = "http://ca.gov.vn/tsa"
    signing_time_iso: bool = False  # False: dd/mm/yyyy HH:MM:SS +07:00 (SPEC §7 default)
    seal_png: str = ""
    # SHA-1 signatures of the VGCA hierarchies are accepted (with a warning) when proven made on
    # or before this date (dd/mm/yyyy or ISO); default: the end of the G1 root (docs/signing.md)
    sha1_until: str = "2030-03-05"
    # The token's label when several are plugged in; empty = the only token holding a usable certificate
    token_label: str = ""
    # Outgoing documents (issue 7): the issuer abbreviation of notations (empty: initials of the
    # organization's name) and the folder signed outgoing files are saved in (empty: data dir)
    org_abbreviation: str = ""
    outgoing_dir: str = ""
    # Sync with the central server (issue 6); no server_url = the station works alone.
    server_url: str = ""
    server_user: str = ""
    ca_file: str = ""  # extra CA (PEM) the organization's server certificate chains to
    lease_block: int = 20  # arrival numbers leased at a time for offline work
    sync_interval_s: int = 60
    station_id: str = ""  # made on first login; identifies this station's number leases
    # Stamp defaults (issue 7, flow 5): what "Chuyển:" says unless the clerk writes otherwise.
    stamp_forward_default: str = ""
    # Working time (SPEC §2; issue 7, flow 4): office hours, days of the week, holidays.
    office_hours: str = DEFAULT_OFFICE_HOURS
    workdays: list[int] = field(default_factory=lambda: list(DEFAULT_WORKDAYS))
    builtin_holidays: bool = True  # Vietnamese public holidays 2024-2030
    days_off: list[str] = field(default_factory=list)  # "dd/mm/yyyy note": nghỉ bù, local days off
    extra_workdays: list[str] = field(default_factory=list)  # "dd/mm/yyyy note": làm bù
    handling_days: int = 10  # working days to handle a document that has no due date (OPEN)
    due_soon_days: int = 2  # "Sắp đến hạn": due within this many working days

    @property
    def actor(self) -> str:
        return self.clerk or _os_user()

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Settings:
        org = data.get("organization") or {}
        return cls(
            organization=Organization(**{k: str(org.get(k, "")) for k in ("name", "code", "parent")}),
            clerk=str(data.get("clerk", "")),
            language=str(data.get("language", "vi")),
            max_file_mb=int(data.get("max_file_mb", 50)),
            pkcs11_module=str(data.get("pkcs11_module", "")),
            tsa_url=str(data.get("tsa_url", "http://ca.gov.vn/tsa")),
            signing_time_iso=bool(data.get("signing_time_iso", False)),
            seal_png=str(data.get("seal_png", "")),
            token_label=str(data.get("token_label", "")),
            org_abbreviation=str(data.get("org_abbreviation", "")),
            outgoing_dir=str(data.get("outgoing_dir", "")),
            server_url=str(data.get("server_url", "")),
            server_user=str(data.get("server_user", "")),
            ca_file=str(data.get("ca_file", "")),
            lease_block=int(data.get("lease_block", 20)),
            sync_interval_s=int(data.get("sync_interval_s", 60)),
            station_id=str(data.get("station_id", "")),
            stamp_forward_default=str(data.get("stamp_forward_default", "")),
            office_hours=str(data.get("office_hours", DEFAULT_OFFICE_HOURS)),
            workdays=[int(d) for d in data.get("workdays", DEFAULT_WORKDAYS)],
            builtin_holidays=bool(data.get("builtin_holidays", True)),
            days_off=[str(x) for x in data.get("days_off", [])],
            extra_workdays=[str(x) for x in data.get("extra_workdays", [])],
            handling_days=int(data.get("handling_days", 10)),
            due_soon_days=int(data.get("due_soon_days", 2)),
        )

    def schedule(self) -> WorkSchedule:
        """The working-time schedule; raises ValidationError when a setting is malformed."""
        return build_schedule(
            self.office_hours, self.workdays, self.builtin_holidays, self.days_off, self.extra_workdays
        )

    def daily_policy(self) -> DeadlinePolicy:
        return DeadlinePolicy(self.schedule(), self.handling_days, self.due_soon_days)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except OSError:
        return "văn thư"


# The values a station needs to keep syncing: losing them while the register holds synced
# entries would make it number alone (app.build_core refuses to start then).
SYNC_FIELDS = frozenset({"server_url", "server_user", "station_id", "ca_file"})
# Counts that must be at least 1 to mean anything (a file limit, a lease block, an interval).
_POSITIVE = frozenset({"max_file_mb", "lease_block", "sync_interval_s"})


def _valid(name: str, default: Any, value: Any) -> bool:
    """Whether `value`, read from the file, has the type (and sign) of the setting `name`."""
    if isinstance(default, Organization):
        return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool) and value >= (1 if name in _POSITIVE else 0)
    if isinstance(default, str):
        return isinstance(value, str)
    if isinstance(default, list):
        item = int if name == "workdays" else str
        return isinstance(value, list) and all(isinstance(v, item) and not isinstance(v, bool) for v in value)
    return False


def salvage(data: dict[str, Any]) -> tuple[Settings, list[str]]:
    """The settings of a file edited or damaged by hand: every value of the right type is kept,
    the others take their default; returns the settings and the names of the values dropped."""
    defaults = Settings()
    kept: dict[str, Any] = {}
    dropped: list[str] = []
    for f in fields(Settings):
        if f.name not in data:
            continue
        if _valid(f.name, getattr(defaults, f.name), data[f.name]):
            kept[f.name] = data[f.name]
        else:
            dropped.append(f.name)
    # A malformed working-time line is not damage: the settings dialog shows it (app.daily_policy).
    return Settings.from_json(kept), dropped


@dataclass(frozen=True)
class Damage:
    """What was wrong with a settings file that could be read: its whole content (`fields`
    empty) or the values named in `fields`."""

    fields: tuple[str, ...] = ()

    @property
    def loses_sync(self) -> bool:
        return not self.fields or bool(SYNC_FIELDS & set(self.fields))


class SettingsStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.damage: Damage | None = None  # set by load() when the file was damaged

    def load(self) -> Settings:
        """The stored settings (defaults when there is no file). Raises `SettingsUnreadable`
        when the file cannot be read; a damaged content sets `damage` and gives what could be
        kept (`set_aside` then keeps the damaged file and stores the rest)."""
        self.damage = None
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Settings()
        except OSError as exc:
            raise SettingsUnreadable(str(self.path), folder=self.path.is_dir()) from exc
        try:
            data = json.loads(raw.decode("utf-8"))
        except ValueError:  # not UTF-8, not JSON, cut short
            data = None
        if not isinstance(data, dict):
            self.damage = Damage()
            return Settings()
        settings, dropped = salvage(data)
        if dropped:
            self.damage = Damage(tuple(sorted(dropped)))
        return settings

    def set_aside(self, settings: Settings) -> Path:
        """Keep the damaged file under a new name next to it and store `settings` (what could be
        kept) in its place; returns the damaged file's new name."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        kept = self.path.with_name(f"{self.path.name}.hong-{stamp}")
        n = 2
        while kept.exists():
            kept = self.path.with_name(f"{self.path.name}.hong-{stamp}-{n}")
            n += 1
        try:
            os.replace(self.path, kept)
        except OSError as exc:
            raise storage_problem(exc, self.path) from exc
        if self.damage is not None and self.damage.fields:
            self.save(settings)
        return kept

    def save(self, settings: Settings) -> None:
        from qlvb_desktop.services.atomic_file import write_atomic  # the one atomic writer

        try:
            write_atomic(
                self.path, json.dumps(settings.to_json(), ensure_ascii=False, indent=2).encode("utf-8")
            )
        except OSError as exc:
            raise storage_problem(exc, self.path) from exc

"""The workstation's settings as the settings dialog sees them (issue 7, flow 5): read them as
plain values, check and save them, add a book, edit scanner profiles, and test the USB token.

Everything here may block (disk, token): the GUI calls it from its worker threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from qlvb_desktop.adapters.capture.profiles import JsonProfileStore
from qlvb_desktop.adapters.settings import Settings, SettingsStore
from qlvb_desktop.domain.books import Book
from qlvb_desktop.domain.capture import ScannerProfile
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem, UserError, ValidationError
from qlvb_desktop.domain.report import Organization
from qlvb_desktop.domain.text import fold_marks, nfc

CTX = "Errors"
LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Sentence:
    """What the token test found, as a translatable template with its values."""

    ok: bool
    template: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.template.format(**self.params)


class Station:
    def __init__(
        self,
        store: SettingsStore,
        settings: Settings,
        repo: Any,
        profiles: JsonProfileStore,
        on_applied: Any = None,
        token_thread: Any = None,
    ) -> None:
        self.store = store
        self.settings = settings  # the one Settings object the whole process shares
        self.repo = repo
        self.profiles = profiles
        self.on_applied = on_applied  # called with the new Settings after a save
        self._token_thread = token_thread  # a callable giving the one PKCS#11 thread

    # --- values ---------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        return self.settings.to_json()

    def needs_first_run(self) -> bool:
        return not self.settings.organization.name.strip()

    def check(self, values: dict[str, Any]) -> Settings:
        """The settings `values` describe, or a ValidationError/UserError naming what is wrong."""
        merged = {**self.settings.to_json(), **values}
        org = merged.get("organization") or {}
        merged["organization"] = {k: nfc(str(org.get(k, ""))).strip() for k in ("name", "code", "parent")}
        try:
            new = Settings.from_json(merged)
        except (TypeError, ValueError):
            raise UserError(
                QT_TRANSLATE_NOOP(CTX, "Cài đặt có giá trị không hợp lệ; kiểm tra lại các ô số.")
            ) from None
        if not new.organization.name:
            raise ValidationError("organization", QT_TRANSLATE_NOOP(CTX, "Chưa nhập tên cơ quan."))
        if new.language not in LANGUAGES:
            new.language = "vi"
        new.schedule()  # raises ValidationError on bad office hours or holiday lines
        if not 0 <= new.handling_days <= 365 or not 0 <= new.due_soon_days <= 60:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    CTX, "Thời hạn giải quyết mặc định phải từ 0 đến 365 ngày, báo trước từ 0 đến 60 ngày."
                )
            )
        if new.seal_png:
            seal = Path(new.seal_png).expanduser()
            if not seal.is_file():
                raise UserError(
                    QT_TRANSLATE_NOOP(CTX, "Không thấy tệp ảnh con dấu {path}; chọn lại tệp PNG của con dấu."),
                    path=new.seal_png,
                )
            if seal.suffix.lower() != ".png":
                raise UserError(
                    QT_TRANSLATE_NOOP(CTX, "Ảnh con dấu phải là tệp PNG nền trong suốt; {path} không phải PNG."),
                    path=new.seal_png,
                )
        if new.pkcs11_module and not Path(new.pkcs11_module).is_file():
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP(CTX, "Không thấy thư viện PKCS#11 {path}; kiểm tra cài đặt USB token."),
                path=new.pkcs11_module,
            )
        return new

    def apply(self, values: dict[str, Any]) -> Settings:
        """Check, save atomically, then update the shared settings in place."""
        new = self.check(values)
        self.store.save(new)
        for f in fields(Settings):
            setattr(self.settings, f.name, getattr(new, f.name))
        if self.on_applied is not None:
            self.on_applied(self.settings)
        return self.settings

    def organization(self) -> Organization:
        return self.settings.organization

    # --- books ----------------------------------------------------------------------------

    def books(self) -> list[Book]:
        return list(self.repo.books())

    def add_book(self, name: str, secret: bool, direction: str = "incoming") -> Book:
        name = nfc(name).strip()
        if not name:
            raise ValidationError("book", QT_TRANSLATE_NOOP(CTX, "Chưa nhập tên sổ."))
        if len(name) > 100:
            raise ValidationError("book", QT_TRANSLATE_NOOP(CTX, "Tên sổ dài quá 100 ký tự."))
        existing = self.books()
        if any(fold_marks(b.name).lower() == fold_marks(name).lower() for b in existing):
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Đã có sổ tên “{name}”."), name=name)
        base = "-".join(fold_marks(name).lower().split())
        code = "".join(c for c in base if c.isascii() and (c.isalnum() or c == "-"))[:40] or "so"
        codes = {b.code for b in existing}
        unique, n = code, 2
        while unique in codes:
            unique, n = f"{code}-{n}", n + 1
        book = Book(unique, name, secret=secret, direction=direction)
        self.repo.ensure_books([book])
        return book

    # --- scanner profiles -------------------------------------------------------------------

    def scanner_profiles(self) -> list[ScannerProfile]:
        return self.profiles.load()

    def save_scanner_profiles(self, profiles: list[ScannerProfile]) -> None:
        names = [p.name.strip() for p in profiles]
        if any(not n for n in names):
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Hồ sơ máy quét phải có tên."))
        if len(set(names)) != len(names):
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Hai hồ sơ máy quét trùng tên; đặt tên khác nhau."))
        self.profiles.save(profiles)

    # --- server login -----------------------------------------------------------------------

    def login(self, url: str, user: str, password: str, ca_file: str) -> Sentence:
        """Log in to the central server (like `qlvb login`): keep the session in the keyring,
        save the server settings, and on the first login queue the station's registrations."""
        import uuid

        from qlvb_desktop.adapters.credentials import KeyringCredentials
        from qlvb_desktop.adapters.db.sync_journal import adopt_local_registrations
        from qlvb_desktop.adapters.sync_client import HttpSyncServer

        url = url.strip().rstrip("/")
        if not url.startswith(("https://", "http://")):
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Địa chỉ máy chủ “{url}” phải bắt đầu bằng https://."), url=url)
        if ca_file and not Path(ca_file).is_file():
            raise UserError(QT_TRANSLATE_NOOP(CTX, "Không tìm thấy tệp CA {path}."), path=ca_file)
        s = self.settings
        station_id = s.station_id or uuid.uuid4().hex
        server = HttpSyncServer(url, station=station_id, ca_file=Path(ca_file) if ca_file else None)
        try:
            token = str(server.login(user, password)["token"])
        finally:
            server.close()
        first = not s.server_url
        kept = KeyringCredentials(self.store.path.parent).set(url, user, token)
        self.apply({"server_url": url, "server_user": user, "ca_file": ca_file, "station_id": station_id})
        queued = adopt_local_registrations(self.repo.engine) if first else 0
        self.repo.synced = True  # registrations from now on go to the outbox (no restart needed)
        if not kept:
            return Sentence(
                True,
                QT_TRANSLATE_NOOP(
                    CTX,
                    "Đã đăng nhập {url} với tài khoản {user}, nhưng máy không lưu được phiên đăng nhập: "
                    "lần sau cần đăng nhập lại.",
                ),
                {"url": url, "user": user},
            )
        return Sentence(
            True,
            QT_TRANSLATE_NOOP(
                CTX, "Đã đăng nhập {url} với tài khoản {user}; {queued} văn bản sẽ được gửi lên máy chủ."
            ),
            {"url": url, "user": user, "queued": queued},
        )

    # --- token ----------------------------------------------------------------------------

    def probe_token(self, module: str, label: str) -> Sentence:
        """Really open the token (on the one PKCS#11 thread) and say what was found."""
        from qlvb_desktop.adapters.pkcs11.batch import token_report
        from qlvb_desktop.adapters.pkcs11.driver import resolve_module

        path = resolve_module(module.strip() or None)
        thread = self._token_thread() if self._token_thread else None
        if thread is None:
            from qlvb_desktop.adapters.pkcs11.worker import TokenThread

            thread = TokenThread()
        tokens = token_report(thread, path)
        if not tokens:
            return Sentence(
                False,
                QT_TRANSLATE_NOOP(
                    CTX,
                    "Không thấy USB token nào trên máy (thư viện {module}); "
                    "cắm token vào rồi bấm Kiểm tra lại.",
                ),
                {"module": path},
            )
        label = label.strip()
        chosen = [t for t in tokens if t["label"] == label] if label else tokens
        if not chosen:
            return Sentence(
                False,
                QT_TRANSLATE_NOOP(
                    CTX, "Không thấy token “{label}”; các token đang cắm: {found}. Sửa tên token hoặc để trống."
                ),
                {"label": label, "found": ", ".join(t["label"] for t in tokens)},
            )
        token = chosen[0]
        certs = token["certificates"]
        usable = [c for c in certs if c.get("has_key")]
        if not certs:
            return Sentence(
                False,
                QT_TRANSLATE_NOOP(CTX, "Đã mở token “{label}” nhưng không thấy chứng thư số nào trên đó."),
                {"label": token["label"]},
            )
        cert = (usable or certs)[0]
        return Sentence(
            True,
            QT_TRANSLATE_NOOP(
                CTX,
                "Đã mở token “{label}” ({maker}): {count} chứng thư số; "
                "chứng thư của {owner}, có hiệu lực đến {until}.",
            ),
            {
                "label": token["label"],
                "maker": token["manufacturer"] or token["model"],
                "count": len(certs),
                "owner": cert.get("organization") or cert.get("subject", ""),
                "until": _dmy(cert.get("not_after", "")),
            },
        )


def _dmy(iso_text: str) -> str:
    if len(iso_text) >= 10 and iso_text[4] == "-":
        return f"{iso_text[8:10]}/{iso_text[5:7]}/{iso_text[0:4]}"
    return iso_text

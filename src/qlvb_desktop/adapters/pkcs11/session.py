"""A logged-in token session: PIN through the handler, certificate by policy, pyHanko signer.

Every method runs on the `TokenThread`. The PIN comes from a `PinHandler` (the GUI dialog or the
CLI's environment variable), is passed to the token and dropped: it is never stored on this
object, written to disk or logged.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from qlvb_desktop.adapters.pkcs11.driver import (
    CertificateInfo,
    choose_certificate,
    list_certificates,
    load_library,
)
from qlvb_desktop.adapters.pkcs11.worker import TokenThread
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem, UserError
from qlvb_desktop.domain.signing import PinHandler


class TokenRemoved(EnvironmentProblem):
    def __init__(self) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "Errors", "USB token đã bị rút ra hoặc không còn phản hồi; cắm lại token rồi ký tiếp."
            )
        )


class PinCancelled(UserError):
    def __init__(self) -> None:
        super().__init__(QT_TRANSLATE_NOOP("Errors", "Đã hủy nhập mã PIN; không ký văn bản nào."))


class WrongPin(UserError):
    """The token refused the PIN and no other was given in this signing: asked again next time."""

    def __init__(self, state: str) -> None:
        self.state = state
        if state == "final_try":
            template = QT_TRANSLATE_NOOP(
                "Errors", "Mã PIN không đúng. Chỉ còn 1 lần thử: nhập sai lần nữa token sẽ bị khóa."
            )
        elif state == "count_low":
            template = QT_TRANSLATE_NOOP(
                "Errors", "Mã PIN không đúng. Token báo chỉ còn ít lần thử trước khi bị khóa; nhập lại cẩn thận."
            )
        else:
            template = QT_TRANSLATE_NOOP("Errors", "Mã PIN không đúng; hãy nhập lại.")
        super().__init__(template)


def pin_state(flags: int) -> str:
    """What the token says about its PIN before anyone types: locked, final_try, count_low or ""."""
    if flags & _token_flag("USER_PIN_LOCKED"):
        return "locked"
    if flags & _token_flag("USER_PIN_FINAL_TRY"):
        return "final_try"
    if flags & _token_flag("USER_PIN_COUNT_LOW"):
        return "count_low"
    return ""


def removal_errors() -> tuple[type[BaseException], ...]:
    from pkcs11 import exceptions as e

    return (
        e.DeviceRemoved,
        e.TokenNotPresent,
        e.TokenNotRecognised,
        e.SessionHandleInvalid,
        e.SessionClosed,
        e.DeviceError,
        e.SlotIDInvalid,
    )


@dataclass
class TokenDescription:
    module: str
    slot: int
    label: str
    manufacturer: str
    model: str
    serial: str
    certificates: list[CertificateInfo]
    pin_state: str = ""  # locked | final_try | count_low | "" (the token's flags, before login)


def describe_tokens(module: str) -> list[TokenDescription]:
    """Slots with a token and the certificates each shows without login (call on the token thread)."""
    lib = load_library(module)
    out = []
    for slot in lib.get_slots(token_present=True):
        token = slot.get_token()
        if not token.flags & _token_flag("TOKEN_INITIALIZED"):
            continue
        with token.open() as session:
            certs = list_certificates(session)
        out.append(
            TokenDescription(
                module,
                slot.slot_id,
                token.label.strip(),
                token.manufacturer_id.strip(),
                token.model.strip(),
                token.serial.decode(errors="replace").strip()
                if isinstance(token.serial, bytes)
                else str(token.serial),
                certs,
                pin_state(int(token.flags)),
            )
        )
    return out


def _token_flag(name: str) -> int:
    from pkcs11 import TokenFlag

    return int(getattr(TokenFlag, name))


class TokenSession:
    """Login once, sign many (batch), logout. Use through `with` on the token thread."""

    MAX_PIN_PROMPTS = 5

    def __init__(self, thread: TokenThread, module: str, token_label: str | None, organization: str) -> None:
        self.thread = thread
        self.module = module
        self.token_label = token_label
        self.organization = organization
        self.session: Any = None
        self.certificate: CertificateInfo | None = None
        self._token: Any = None
        self.token_chain: list[Any] = []

    # -- all below run on the token thread ---------------------------------------------------

    def _find_token(self) -> Any:
        lib = load_library(self.module)
        tokens = []
        for slot in lib.get_slots(token_present=True):
            token = slot.get_token()
            if not token.flags & _token_flag("TOKEN_INITIALIZED"):
                continue  # SoftHSM always shows one more empty slot
            if self.token_label and token.label.strip() != self.token_label:
                continue
            tokens.append(token)
        if not tokens:
            if self.token_label:
                raise EnvironmentProblem(
                    QT_TRANSLATE_NOOP(
                        "Errors", "Không thấy USB token “{label}”; cắm token vào máy rồi thử lại."
                    ),
                    label=self.token_label,
                )
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP("Errors", "Không thấy USB token nào; cắm token vào máy.")
            )
        return tokens[0]

    def login(self, pin_handler: PinHandler) -> CertificateInfo:
        from pkcs11 import exceptions as e

        assert self.thread.in_thread()
        token = self._find_token()
        self._token = token
        refused = False
        for _ in range(self.MAX_PIN_PROMPTS):
            flags = token.flags
            if flags & _token_flag("USER_PIN_LOCKED"):
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "Errors",
                        "Mã PIN của USB token đã bị khóa do nhập sai quá số lần; "
                        "liên hệ nơi cấp token để mở khóa.",
                    )
                )
            last_try = bool(flags & _token_flag("USER_PIN_FINAL_TRY"))
            low = bool(flags & _token_flag("USER_PIN_COUNT_LOW"))
            tries_left = 1 if last_try else None
            pin = pin_handler.get_pin(token.label.strip(), tries_left, last_try or low)
            if pin is None:
                # After a refused PIN, no answer from a handler that cannot ask again (a PIN given
                # once on the command line) is the wrong PIN, not a cancel; the clerk pressing
                # "Hủy" (the handler says so) is a cancel, never an error.
                if refused and not getattr(pin_handler, "cancelled", False):
                    raise WrongPin(pin_state(int(flags)))
                raise PinCancelled()
            try:
                self.session = token.open(user_pin=pin, rw=False)
            except e.PinIncorrect:
                refused = True
                token = self._find_token()  # refresh the flags the token reports
                self._token = token
                if hasattr(pin_handler, "wrong_pin"):
                    pin_handler.wrong_pin(
                        1 if token.flags & _token_flag("USER_PIN_FINAL_TRY") else None,
                        bool(token.flags & _token_flag("USER_PIN_COUNT_LOW")),
                    )
                continue
            except e.PinLocked as exc:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "Errors",
                        "Mã PIN của USB token đã bị khóa do nhập sai quá số lần; "
                        "liên hệ nơi cấp token để mở khóa.",
                    )
                ) from exc
            except e.PinLenRange as exc:
                raise UserError(
                    QT_TRANSLATE_NOOP("Errors", "Mã PIN không đúng độ dài token yêu cầu.")
                ) from exc
            finally:
                pin = None
            break
        else:
            raise UserError(
                QT_TRANSLATE_NOOP("Errors", "Mã PIN sai quá nhiều lần; đã dừng để tránh khóa token.")
            )
        on_token = list_certificates(self.session)
        self.certificate = choose_certificate(on_token, self.organization)
        # The chain the token carries, without the signing certificate itself (a duplicate in
        # the CMS makes NSS-based verifiers such as pdfsig fail the certificate check).
        self.token_chain = [c.cert for c in on_token if c.cert.sha256 != self.certificate.cert.sha256]
        return self.certificate

    def signer(self, ca_chain: list[Any] | None = None, embed_roots: bool = True) -> Any:
        """pyHanko's PKCS#11 signer bound to the chosen certificate, by object id (not label)."""
        from pyhanko.sign.pkcs11 import PKCS11Signer

        from qlvb_desktop.adapters.pdf.verifier import issuer_chain

        assert self.thread.in_thread() and self.certificate is not None
        # Only the intermediates above this certificate: the trust data holds a score of them.
        ca_chain = issuer_chain(self.certificate.cert, ca_chain or [])
        return PKCS11Signer(
            self.session,
            cert_id=self.certificate.id,
            key_id=self.certificate.id,
            signing_cert=self.certificate.cert,
            ca_chain=[*ca_chain, *self.token_chain],
            other_certs_to_pull=(),
            embed_roots=embed_roots,
        )

    def logout(self) -> None:
        if self.session is not None:
            with contextlib.suppress(Exception):  # the token may be gone already; nothing to release
                self.session.close()
            self.session = None

"""Finding the PKCS#11 module and what tokens and certificates it offers.

The module path is a setting; when it is empty the usual install paths are tried (the government
CA's bit4id tokens first, then other vendors). A module that cannot be loaded reports
"unavailable: <reason>" instead of crashing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from asn1crypto import x509

from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem, UserError


def windows_modules(env: Mapping[str, str]) -> list[str]:
    """Where Windows token drivers put their PKCS#11 module: System32 (a 64-bit app cannot load
    the 32-bit copies in SysWOW64), then the program folders of OpenSC and SoftHSM2 (the test token)."""
    system32 = env.get("SYSTEMROOT", r"C:\Windows") + r"\System32"
    programs = env.get("PROGRAMFILES", r"C:\Program Files")
    return [
        system32 + r"\bit4xpki.dll",  # VGCA (Ban Cơ yếu) bit4id tokens
        system32 + r"\vnpt-ca_csp11.dll",
        system32 + r"\viettel-ca_v6.dll",
        system32 + r"\fpt-ca.dll",
        system32 + r"\eTPKCS11.dll",  # SafeNet eToken
        system32 + r"\opensc-pkcs11.dll",
        programs + r"\OpenSC Project\OpenSC\pkcs11\opensc-pkcs11.dll",
        r"C:\SoftHSM2\lib\softhsm2-x64.dll",  # SoftHSM2 for Windows' default folder
    ]


if sys.platform == "win32":
    KNOWN_MODULES = windows_modules(os.environ)
else:
    KNOWN_MODULES = [
        "/usr/lib/libbit4xpki.so",  # VGCA (Ban Cơ yếu) bit4id tokens
        "/usr/local/lib/libbit4xpki.so",
        "/usr/lib/x86_64-linux-gnu/libbit4xpki.so",
        "/usr/lib/libeTPkcs11.so",  # SafeNet eToken
        "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",  # test token
    ]


def detect_modules() -> list[str]:
    return [p for p in KNOWN_MODULES if Path(p).is_file()]


def resolve_module(setting: str | None) -> str:
    if setting:
        if not Path(setting).is_file():
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP(
                    "Errors", "Không thấy thư viện PKCS#11 {path}; kiểm tra cài đặt USB token."
                ),
                path=setting,
            )
        return setting
    found = detect_modules()
    if not found:
        raise EnvironmentProblem(
            QT_TRANSLATE_NOOP(
                "Errors",
                "Không tìm thấy phần mềm của USB token; "
                "cài trình điều khiển token hoặc chỉ đường dẫn (--pkcs11-module).",
            )
        )
    return found[0]


_LIBS: dict[str, Any] = {}


def load_library(path: str) -> Any:
    """python-pkcs11 may load a module only once per process; keep it."""
    import pkcs11

    if path not in _LIBS:
        try:
            _LIBS[path] = pkcs11.lib(path)
        except (RuntimeError, OSError, pkcs11.exceptions.PKCS11Error) as exc:
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP("Errors", "Không nạp được thư viện PKCS#11 {path}: {reason}."),
                path=path,
                reason=str(exc) or type(exc).__name__,
            ) from exc
    return _LIBS[path]


@dataclass
class CertificateInfo:
    id: bytes
    label: str
    subject: str
    organization: str
    issuer: str
    serial: int
    not_before: datetime
    not_after: datetime
    digital_signature: bool
    has_key: bool
    cert: x509.Certificate = field(repr=False)

    def valid_at(self, moment: datetime) -> bool:
        return self.not_before <= moment <= self.not_after

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id.hex(),
            "label": self.label,
            "subject": self.subject,
            "organization": self.organization,
            "issuer": self.issuer,
            "serial": format(self.serial, "x"),
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
            "digital_signature": self.digital_signature,
            "has_key": self.has_key,
        }


def certificate_info(cert: x509.Certificate, obj_id: bytes, label: str, has_key: bool) -> CertificateInfo:
    ku = cert.key_usage_value
    usages = set(ku.native) if ku is not None else {"digital_signature"}
    subject = cert.subject.native
    return CertificateInfo(
        id=obj_id,
        label=label,
        subject=cert.subject.human_friendly,
        organization=str(subject.get("organization_name", "") or ""),
        issuer=cert.issuer.human_friendly,
        serial=cert.serial_number,
        not_before=cert.not_valid_before,
        not_after=cert.not_valid_after,
        digital_signature=bool(usages & {"digital_signature", "non_repudiation"}),
        has_key=has_key,
        cert=cert,
    )


def list_certificates(session: Any) -> list[CertificateInfo]:
    from pkcs11 import Attribute, ObjectClass

    key_ids = {
        bytes(k[Attribute.ID]) for k in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})
    }
    out = []
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        cert = x509.Certificate.load(bytes(obj[Attribute.VALUE]))
        obj_id = bytes(obj[Attribute.ID])
        try:
            label = str(obj[Attribute.LABEL])
        except Exception:  # a label is optional
            label = ""
        out.append(certificate_info(cert, obj_id, label, obj_id in key_ids))
    return out


def choose_certificate(
    certs: list[CertificateInfo], organization: str, now: datetime | None = None
) -> CertificateInfo:
    """The signing certificate by policy, never by label: has its key, valid now, may sign;
    the organization's own certificate first, then the newest."""
    now = now or datetime.now(UTC)
    usable = [c for c in certs if c.has_key and c.digital_signature]
    if not usable:
        raise UserError(QT_TRANSLATE_NOOP("Errors", "USB token không có chứng thư số nào dùng để ký được."))
    current = [c for c in usable if c.valid_at(now)]
    if not current:
        latest = max(usable, key=lambda c: c.not_after)
        raise UserError(
            QT_TRANSLATE_NOOP(
                "Errors", "Chứng thư số trên USB token đã hết hạn ngày {day} hoặc chưa có hiệu lực."
            ),
            day=latest.not_after.strftime("%d/%m/%Y"),
        )
    org = organization.casefold().strip()

    def rank(c: CertificateInfo) -> tuple[bool, datetime]:
        mine = bool(org) and (org in c.organization.casefold() or org in c.subject.casefold())
        return mine, c.not_before

    return max(current, key=rank)

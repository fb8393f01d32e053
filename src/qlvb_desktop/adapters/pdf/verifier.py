"""Checking every signature of a PDF with pyHanko, into the domain's `SignatureCheck`.

Trust comes from data shipped in `resources/trust/` (the VGCA G1 and G2 hierarchies with their
timestamp servers, the national roots; one folder per hierarchy) plus roots the organization
adds. Chains are built offline from the certificates in the document (CMS, DSS), the trust data
and a cache of intermediates seen in earlier documents. pyHanko is asked only for the facts
(integrity, signature, chain, timestamp) with SHA-1 allowed; whether SHA-1 is acceptable, and
the ETSI indication, are the domain's policy (`domain.validation`).

What changed after a signature is judged by pyHanko's diff policy first; when it objects, the
later revisions are compared object by object and accepted only if every change is one this app
makes itself (a tagged ĐẾN stamp or outgoing-number annotation, a new signature field with its
widget, revocation data), so a tampered file is never reported valid.
"""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from asn1crypto import pem, x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import SuspiciousModification
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko.sign.validation.utils import CMSAlgorithmUsagePolicy
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.policy_decl import DisallowWeakAlgorithmsPolicy

from qlvb_desktop.adapters.pdf.pages import APP_TAG, read_pdf
from qlvb_desktop.domain.clock import to_vn
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, UserError
from qlvb_desktop.domain.signing import ChangeKind, SignatureCheck, VerificationReport, nfc, overall_verdict
from qlvb_desktop.domain.validation import BROKEN_DIGESTS, WEAK_DIGESTS, Hierarchy, LegacyPolicy
from qlvb_desktop.resources import resources_dir

TRUST_SUFFIXES = {".pem", ".cer", ".crt", ".der"}
# Folders of the trust data, one per hierarchy; anything else (the organization's own) is "other".
HIERARCHY_FOLDERS = {"vgca-g1": Hierarchy.G1, "vgca-g2": Hierarchy.G2, "national": Hierarchy.NATIONAL}
# pyHanko only gathers the facts: SHA-1 is let through here and judged by the domain's policy.
FACTS_ALGORITHMS = DisallowWeakAlgorithmsPolicy(BROKEN_DIGESTS)
VN_OFFSET = timedelta(hours=7)
# Trust problems that a timestamp made while the certificate was valid answers (never revocation).
EXPIRY_INDICATIONS = {"OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED", "EXPIRED"}
# pyHanko logs every failed path with a traceback; the outcome is in the report, so keep them off
# the clerk's terminal (they still reach handlers the application configures).
for _logger in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_logger).addHandler(logging.NullHandler())
log = logging.getLogger(__name__)


def load_certificates(path: Path) -> list[x509.Certificate]:
    data = path.read_bytes()
    if pem.detect(data):
        return [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
    return [x509.Certificate.load(data)]


# Trust files as loaded, by (path, size, mtime): a verification builds its TrustStore anew, and
# parsing the certificates again and working out which are self-signed cost 0.1-0.2 s each time.
_LOADED: dict[tuple[str, int, int], list[x509.Certificate]] = {}


def _load(path: Path) -> list[x509.Certificate]:
    try:
        st = path.stat()
        key = (str(path), st.st_size, st.st_mtime_ns)
        found = _LOADED.get(key)
        if found is None:
            found = _LOADED[key] = load_certificates(path)
        return list(found)
    except (OSError, ValueError) as exc:
        raise UserError(
            QT_TRANSLATE_NOOP("Errors", "Không đọc được chứng thư tin cậy {path}: {reason}."),
            path=str(path),
            reason=str(exc),
        ) from exc


def trust_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in TRUST_SUFFIXES)


class TrustStore:
    """The trust data: anchors (self-signed) and intermediates, each with its hierarchy."""

    def __init__(self, folder: Path | None = None, extra: list[Path] | None = None) -> None:
        folder = folder or resources_dir() / "trust"
        self.certs: list[x509.Certificate] = []
        self.hierarchy: dict[bytes, Hierarchy] = {}
        for path in trust_files(folder):
            top = path.relative_to(folder).parts[0] if len(path.relative_to(folder).parts) > 1 else ""
            self._add(_load(path), HIERARCHY_FOLDERS.get(top, Hierarchy.OTHER))
        for path in extra or []:
            files = trust_files(path) if path.is_dir() else [path]
            for f in files:
                self._add(_load(f), Hierarchy.OTHER)

    def _add(self, certs: list[x509.Certificate], hierarchy: Hierarchy) -> None:
        for cert in certs:
            if cert.sha256 not in self.hierarchy:
                self.certs.append(cert)
                self.hierarchy[cert.sha256] = hierarchy

    @property
    def anchors(self) -> list[x509.Certificate]:
        return [c for c in self.certs if c.self_signed != "no"]

    @property
    def intermediates(self) -> list[x509.Certificate]:
        return [c for c in self.certs if c.self_signed == "no"]


def issuer_chain(cert: x509.Certificate, pool: list[x509.Certificate]) -> list[x509.Certificate]:
    """The certificates of `pool` above `cert`, walking issuer names (no anchors, no loops)."""
    out: list[x509.Certificate] = []
    current = cert
    while current.self_signed == "no" and len(out) < 10:
        parent = next((c for c in pool if c.subject == current.issuer and c.self_signed == "no" and c not in out), None)
        if parent is None:
            break
        out.append(parent)
        current = parent
    return out


def shipped_trust_roots(extra: list[Path] | None = None) -> list[x509.Certificate]:
    """Every certificate of the trust data (anchors and intermediates) plus `extra`."""
    return TrustStore(None, extra).certs


def _dss_material(dss: Any) -> tuple[list[Any], list[Any], list[Any]]:
    from asn1crypto import crl as asn1_crl
    from asn1crypto import ocsp as asn1_ocsp
    from pyhanko.pdf_utils.decode_limits import DecodePurpose

    ocsps = [asn1_ocsp.OCSPResponse.load(ref.get_object().read_data(DecodePurpose.OCSP_RESPONSE)) for ref in dss.ocsps]
    crls = [asn1_crl.CertificateList.load(ref.get_object().read_data(DecodePurpose.CRL)) for ref in dss.crls]
    return list(dss.load_certs()), ocsps, crls


def _ocsp_applies(response: Any, signer: x509.Certificate | None) -> bool:
    """False for an OCSP response about another certificate of the signer's own issuer."""
    if signer is None:
        return True
    try:
        single = response["response_bytes"]["response"].parsed["tbs_response_data"]["responses"][0]
        cert_id = single["cert_id"]
        same_issuer = cert_id["issuer_name_hash"].native == getattr(
            signer.issuer, cert_id["hash_algorithm"]["algorithm"].native
        )
        return not same_issuer or cert_id["serial_number"].native == signer.serial_number
    except (KeyError, IndexError, ValueError, AttributeError):
        return True


def _name(cert: x509.Certificate) -> tuple[str, str]:
    """Common name and organization, in NFC (real signer names are stored decomposed too)."""
    subject = cert.subject.native

    def first(value: Any) -> str:
        return nfc(str(value[0] if isinstance(value, list) and value else value or ""))

    return first(subject.get("common_name")), first(subject.get("organization_name"))


class PdfVerifier:
    """Adapter for the `SignatureVerifier` port.

    `trust_dir`: the trust data (default: shipped); `cache_dir`: where intermediates seen in
    documents are kept to chain later documents that embed only the signer's certificate;
    `policy`: the SHA-1 legacy rule; `now`: the clock (the time of the check is a proof of
    existence for the legacy rule).
    """

    def __init__(
        self,
        online: bool = False,
        *,
        trust_dir: Path | None = None,
        cache_dir: Path | None = None,
        policy: LegacyPolicy | None = None,
        now: Any = None,
    ) -> None:
        self.online = online
        self.trust_dir = trust_dir
        self.cache_dir = cache_dir
        self.policy = policy or LegacyPolicy()
        self.now = now or (lambda: to_vn(datetime.now().astimezone()))

    def verify(
        self, pdf: Path, extra_roots: list[Path] | None = None, arrival: datetime | None = None
    ) -> VerificationReport:
        data = read_pdf(pdf)
        try:
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            sigs = list(reader.embedded_signatures)
        except (PdfError, ValueError, KeyError) as exc:
            raise UserError(
                QT_TRANSLATE_NOOP("Errors", "Tệp {path} là PDF hỏng, không đọc được: {reason}."),
                path=str(pdf),
                reason=str(exc),
            ) from exc
        store = TrustStore(self.trust_dir, extra_roots)
        cached = self._cached()
        dss = _dss_material(DocumentSecurityStore.read_dss(reader)) if "/DSS" in reader.root else None
        checks = [self._check(reader, sig, store, cached, dss) for sig in sigs]
        checks += _unsupported(reader, {str(sig.field_name) for sig in sigs})
        return overall_verdict(checks, self.policy, arrival, self.now())

    # --- the cache of intermediates ------------------------------------------------------------

    def _cached(self) -> list[x509.Certificate]:
        if self.cache_dir is None or not self.cache_dir.is_dir():
            return []
        out = []
        for path in trust_files(self.cache_dir):
            try:
                out += load_certificates(path)
            except (OSError, ValueError):
                continue  # a damaged cache entry is only a missed shortcut, never a trust decision
        return out

    def _remember(self, path_certs: list[x509.Certificate], store: TrustStore) -> None:
        """Keep the intermediates of a validated chain (never anchors: trust stays in the data)."""
        if self.cache_dir is None:
            return
        from qlvb_desktop.services.atomic_file import write_atomic  # the one atomic writer

        for cert in path_certs[1:-1]:  # root first, the signer's own certificate last: neither
            if cert.self_signed != "no" or cert.sha256 in store.hierarchy:
                continue
            target = self.cache_dir / f"{cert.sha256.hex()}.der"
            if not target.exists():
                try:
                    write_atomic(target, cert.dump())
                except OSError as exc:  # a cache not written is a missed shortcut, never a verdict
                    log.info("intermediate certificate not cached in %s: %s", self.cache_dir, exc)
                    return

    # --- one signature ---------------------------------------------------------------------------

    def _context(
        self,
        store: TrustStore,
        cached: list[x509.Certificate],
        dss: Any,
        signer: x509.Certificate | None,
        moment: datetime | None = None,
    ) -> ValidationContext:
        other = [*store.intermediates, *cached]
        ocsps: list[Any] = []
        crls: list[Any] = []
        if dss is not None:
            dss_certs, dss_ocsps, crls = dss
            other += dss_certs
            # The DSS holds the OCSP responses of every signature; pyHanko treats one for another
            # certificate of the same issuer as a failed check, so keep only the ones that apply.
            ocsps = [r for r in dss_ocsps if _ocsp_applies(r, signer)]
        return ValidationContext(
            trust_roots=store.anchors,
            other_certs=other,
            ocsps=ocsps,
            crls=crls,
            allow_fetching=self.online and moment is None,
            revocation_mode="soft-fail",
            algorithm_usage_policy=FACTS_ALGORITHMS,
            moment=moment,
        )

    def _status(
        self, sig: Any, signer_vc: ValidationContext, ts_vc: ValidationContext | None, skip_diff: bool = False
    ) -> PdfSignatureStatus:
        from pyhanko.sign._session_scope import run_and_release

        coro = async_validate_pdf_signature(
            sig,
            signer_validation_context=signer_vc,
            ts_validation_context=ts_vc,
            algorithm_policy=CMSAlgorithmUsagePolicy.lift_policy(FACTS_ALGORITHMS),
            skip_diff=skip_diff,
        )
        # as pyHanko's own synchronous wrapper: the fetchers' HTTP sessions are closed after
        return asyncio.run(run_and_release(coro, signer_vc, ts_vc))

    def _check(
        self, reader: PdfFileReader, sig: Any, store: TrustStore, cached: list[x509.Certificate], dss: Any
    ) -> SignatureCheck:
        check = SignatureCheck(field_name=str(sig.field_name))
        try:
            signer_cert = sig.signer_cert
            check.signer, check.organization = _name(signer_cert)
        except (ValueError, KeyError, PdfError):
            signer_cert = None  # no certificate to name: the validation below says why
        try:
            status = self._status(sig, self._context(store, cached, dss, signer_cert), None)
            ts = status.timestamp_validity
            if ts is not None and ts.intact and ts.valid and not ts.trusted:
                # A timestamp server certificate that has expired since (G1 "Máy chủ cấp dấu thời
                # gian 02" ended 2024-06-02): its chain is checked at the time it stamped.
                at = ts.timestamp
                ts_vc = self._context(store, cached, dss, None, moment=at)
                retry = self._status(sig, self._context(store, cached, dss, signer_cert), ts_vc)
                if retry.timestamp_validity is not None and retry.timestamp_validity.trusted:
                    status = retry
            ts = status.timestamp_validity
            expired_only = str(getattr(status.trust_problem_indic, "name", "")) in EXPIRY_INDICATIONS
            if expired_only and ts is not None and ts.trusted and status.intact and status.valid:
                # The signer's certificate expired after a trusted timestamp proved the signature
                # existed: its chain is checked at that time (the signature was made while valid).
                at = ts.timestamp
                ts_vc = self._context(store, cached, dss, None, moment=at)
                retry = self._status(sig, self._context(store, cached, dss, signer_cert, moment=at), ts_vc)
                if retry.trusted:
                    status = retry
                    check.chain_at_timestamp = True
        except (SignatureValidationError, NotImplementedError, ValueError, KeyError, PdfError) as exc:
            # A file damaged inside a signed range can fail the analysis of later revisions before
            # integrity is reported: the bare check of the bytes says whether they were changed.
            if self._bytes_changed(sig, store, cached):
                return check  # intact stays False: FAILED, "nội dung đã bị sửa sau khi ký"
            # pyHanko raises NotImplementedError for signature algorithms and subfilters it does not
            # support: such a signature is reported as unsupported (never valid), with the reason.
            check.supported = False
            check.problems.append(str(exc))
            return check
        self._facts(check, sig, status, store)
        if check.trusted and status.validation_path is not None:
            self._remember(list(status.validation_path.iter_certs(include_root=True)), store)
        check.revocation_checked = check.trusted and not check.chain_at_timestamp and (self.online or dss is not None)
        check.ltv = dss is not None
        self._changes(check, reader, sig, status)
        return check

    def _bytes_changed(self, sig: Any, store: TrustStore, cached: list[x509.Certificate]) -> bool:
        try:
            bare = self._status(sig, self._context(store, cached, None, None), None, skip_diff=True)
        except (SignatureValidationError, NotImplementedError, ValueError, KeyError, PdfError):
            return False
        return not bare.intact

    def _facts(self, check: SignatureCheck, sig: Any, status: PdfSignatureStatus, store: TrustStore) -> None:
        check.signer, check.organization = _name(status.signing_cert)
        check.intact = bool(status.intact)
        check.signature_ok = bool(status.valid)
        check.trusted = bool(status.trusted)
        check.revoked = bool(status.revoked)
        check.digest_algorithm = str(sig.signer_info["digest_algorithm"]["algorithm"].native)
        if check.digest_algorithm in WEAK_DIGESTS:
            check.weak_algorithms.append(f"chữ ký dùng {check.digest_algorithm.upper()}")
        path = status.validation_path
        if path is not None:
            certs = list(path.iter_certs(include_root=True))  # root first
            check.chain = [_name(c)[0] for c in reversed(certs)]
            check.hierarchy = store.hierarchy.get(certs[0].sha256, Hierarchy.OTHER)
            for cert in certs[1:]:  # a root's signature on itself proves nothing either way
                if cert.hash_algo in WEAK_DIGESTS:
                    check.weak_algorithms.append(f"chứng thư “{_name(cert)[0]}” ký bằng {cert.hash_algo.upper()}")
        if status.validation_time is not None and status.validation_time > status.signing_cert.not_valid_after:
            check.expired = True
        if status.trust_problem_indic is not None and not check.trusted:
            indic = str(getattr(status.trust_problem_indic, "name", status.trust_problem_indic))
            check.trust_problem = {
                "NO_CERTIFICATE_CHAIN_FOUND": "không dựng được chuỗi chứng thư tới chứng thư gốc tin cậy",
                "OUT_OF_BOUNDS_NO_POE": "chứng thư đã hết hạn",
                "EXPIRED": "chứng thư đã hết hạn",
                "REVOKED_NO_POE": "chứng thư đã bị thu hồi",
                "REVOKED": "chứng thư đã bị thu hồi",
            }.get(indic, f"chứng thư không được tin cậy ({indic})")
            if "REVOKED" in indic:
                check.revoked = True
            if "OUT_OF_BOUNDS" in indic or "EXPIRED" in indic:
                check.expired = True
        claimed = status.signer_reported_dt
        check.claimed_time = to_vn(claimed).replace(microsecond=0) if claimed is not None else None
        ts = status.timestamp_validity
        if ts is not None:
            check.timestamped = True
            check.timestamp_ok = bool(ts.intact and ts.valid)
            check.timestamp_trusted = bool(ts.trusted)
            check.timestamp_time = to_vn(ts.timestamp).replace(microsecond=0)
            check.timestamp_authority = _name(ts.signing_cert)[0]
            check.signing_time = check.timestamp_time
            check.time_source = "timestamp"
            if claimed is not None and claimed.utcoffset() == timedelta(0):
                skew = claimed - ts.timestamp
                if abs(skew - VN_OFFSET) < timedelta(minutes=15):
                    check.time_note = "phần mềm ký ghi giờ Việt Nam nhưng đánh dấu là giờ UTC (lệch 7 giờ)"
        elif check.claimed_time is not None:
            check.signing_time = check.claimed_time
            check.time_source = "signing-time"

    def _changes(self, check: SignatureCheck, reader: PdfFileReader, sig: Any, status: PdfSignatureStatus) -> None:
        check.covers_whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        diff = status.diff_result
        if not check.covers_whole_file:
            later = classify_later_revisions(reader, sig.signed_revision)
            kinds = [k for k, _ in later]
            check.later_changes = sorted(set(kinds), key=lambda k: k.value)
            others = [desc for k, desc in later if k is ChangeKind.OTHER]
            if others and isinstance(diff, SuspiciousModification):
                check.unexpected_change = others[0]
            elif others:
                # pyHanko's policy allows it (form filling, a signature field made by another
                # tool): not a tampering, but the clerk should know the file changed.
                check.allowed_change = others[0]
            elif isinstance(diff, SuspiciousModification) and not later:
                check.unexpected_change = "thay đổi không xác định"
        if status.coverage not in (
            SignatureCoverageLevel.ENTIRE_FILE,
            SignatureCoverageLevel.ENTIRE_REVISION,
        ):
            check.unexpected_change = check.unexpected_change or "chữ ký không phủ toàn bộ phiên bản đã ký"


def _unsupported(reader: PdfFileReader, known: set[str]) -> list[SignatureCheck]:
    """Signed fields pyHanko does not even list (e.g. /adbe.x509.rsa_sha1): never "no signature"."""
    from pyhanko.sign.fields import enumerate_sig_fields

    out = []
    for name, value, _ in enumerate_sig_fields(reader, filled_status=True):
        if name in known or value is None:
            continue
        sig = _deref(value)
        kind = str(sig.get("/SubFilter", sig.get("/Filter", "?"))).lstrip("/")
        check = SignatureCheck(field_name=str(name), supported=False)
        check.trust_problem = f"kiểu chữ ký {kind} không được hỗ trợ"
        out.append(check)
    return out


# --- what later revisions did -------------------------------------------------------------------


def _deref(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, generic.IndirectObject) else obj


def _refs(arr: Any) -> list[Any]:
    arr = _deref(arr)
    return [x.reference if isinstance(x, generic.IndirectObject) else x for x in (arr or [])]


def classify_later_revisions(reader: PdfFileReader, signed_revision: int) -> list[tuple[ChangeKind, str]]:
    """One (kind, description) per object changed after `signed_revision`.

    Accepted as this app's own: new objects reachable from a tagged annotation or a new signature
    field; a page whose only change is new such annotations; its /Annots array growing; the
    catalog gaining /AcroForm, /DSS or /Perms-free form entries; the AcroForm gaining fields;
    the document information (/Info, the XMP metadata stream). Everything else is "other", named.
    """
    out: list[tuple[ChangeKind, str]] = []
    xrefs = reader.xrefs
    total = xrefs.total_revisions
    for rev in range(signed_revision + 1, total):
        old = reader.get_historical_resolver(rev - 1)
        new = reader.get_historical_resolver(rev)
        changed = list(xrefs.explicit_refs_in_revision(rev))
        root_ref = reader.trailer.raw_get("/Root").reference
        page_refs_old = _page_refs(old)
        page_refs_new = _page_refs(new)
        if page_refs_old != page_refs_new:
            out.append((ChangeKind.OTHER, "trang bị thêm, bớt hoặc thay"))
            continue
        kinds_here: set[ChangeKind] = set()
        numbers_here = 0
        # pages: only /Annots may differ
        for page_ref in page_refs_new:
            if page_ref not in changed:
                continue
            op, np_ = _deref(old(page_ref)), _deref(new(page_ref))
            diff_keys = [k for k in set(op.keys()) | set(np_.keys()) if k != "/Annots" and _raw(op, k) != _raw(np_, k)]
            if diff_keys:
                out.append((ChangeKind.OTHER, f"nội dung trang bị sửa ({', '.join(sorted(diff_keys))})"))
                return out
        for page_ref in page_refs_new:
            old_annots = set(_refs(_deref(old(page_ref)).get("/Annots")))
            new_annots = _refs(_deref(new(page_ref)).get("/Annots"))
            if not old_annots.issubset(set(new_annots)):
                out.append((ChangeKind.OTHER, "chú thích bị xóa"))
                return out
            for a in new_annots:
                if a in old_annots:
                    continue
                annot = _deref(new(a))
                tag = annot.get(APP_TAG)
                if tag == "/ArrivalStamp" and _is_stamp_sized(annot):
                    kinds_here.add(ChangeKind.ARRIVAL_STAMP)
                elif tag == "/OutgoingNumber":
                    numbers_here += 1
                elif _field_type(annot) == "/Sig":
                    kinds_here.add(ChangeKind.ORG_SIGNATURE)
                else:
                    out.append((ChangeKind.OTHER, f"chú thích lạ được thêm ({annot.get('/Subtype')})"))
                    return out
        # number and date go in only with the organization's signature that covers them (§8)
        if numbers_here and ChangeKind.ORG_SIGNATURE not in kinds_here:
            out.append((ChangeKind.OTHER, "số, ngày văn bản được thêm không kèm chữ ký"))
            return out
        for ref in changed:
            existed = xrefs.get_historical_ref(ref, rev - 1) is not None
            if not existed:
                continue  # new objects only matter through what refers to them, checked above
            if ref in page_refs_new or ref == root_ref:
                continue
            obj_old, obj_new = _deref(old(ref)), _deref(new(ref))
            if _is_annots_array_growing(obj_old, obj_new):
                continue
            if _is_acroform_growing(ref, obj_old, obj_new, new):
                continue
            if _is_info(reader, ref) or _is_metadata(new, ref):
                continue
            if isinstance(obj_old, generic.DictionaryObject) and obj_old.get("/Type") == "/Sig":
                out.append((ChangeKind.OTHER, "giá trị chữ ký bị thay"))
                return out
            out.append((ChangeKind.OTHER, f"đối tượng {ref.idnum} bị sửa"))
            return out
        if root_ref in changed:
            o, n = _deref(old(root_ref)), _deref(new(root_ref))
            bad = [
                k
                for k in set(o.keys()) | set(n.keys())
                # /Version: writers (pyHanko included) raise the PDF version when they append
                if k not in {"/AcroForm", "/DSS", "/Extensions", "/Version"} and _raw(o, k) != _raw(n, k)
            ]
            if bad:
                out.append((ChangeKind.OTHER, f"danh mục tài liệu bị sửa ({', '.join(sorted(bad))})"))
                return out
            if _raw(o, "/DSS") != _raw(n, "/DSS"):
                kinds_here.add(ChangeKind.LTV_DATA)
        if not kinds_here:
            kinds_here.add(ChangeKind.LTV_DATA)
        out += [(k, "") for k in sorted(kinds_here, key=lambda k: k.value)]
    return out


def _field_type(annot: Any) -> Any:
    """/FT of a widget: on the widget itself (merged field) or on its parent field."""
    if "/FT" in annot:
        return annot["/FT"]
    parent = annot.get("/Parent")
    return _deref(parent).get("/FT") if parent is not None else None


def _raw(d: Any, key: str) -> Any:
    if key not in d:
        return None
    v = d.raw_get(key)
    return v.reference if isinstance(v, generic.IndirectObject) else v


def _page_refs(resolver: Any) -> list[Any]:
    """References of the leaf pages, in order, as of `resolver`'s revision."""
    out: list[Any] = []

    def walk(node_ref: Any, depth: int) -> None:
        node = _deref(resolver(node_ref))
        if node.get("/Type") == "/Pages" and depth < 50:
            for kid in _deref(node.raw_get("/Kids")):
                walk(kid.reference, depth + 1)
        else:
            out.append(node_ref)

    walk(_deref(resolver.root).raw_get("/Pages").reference, 0)
    return out


def _is_annots_array_growing(old: Any, new: Any) -> bool:
    if not isinstance(old, generic.ArrayObject) or not isinstance(new, generic.ArrayObject):
        return False
    o = [x.reference if isinstance(x, generic.IndirectObject) else x for x in old]
    n = [x.reference if isinstance(x, generic.IndirectObject) else x for x in new]
    return n[: len(o)] == o and all(isinstance(x, generic.Reference) for x in n)


def _is_acroform_growing(ref: Any, old: Any, new: Any, resolver: Any) -> bool:
    """The form dictionary gaining fields (and the flags and resources signatures need)."""
    if not isinstance(old, generic.DictionaryObject) or not isinstance(new, generic.DictionaryObject):
        return False
    acro = _deref(resolver.root).raw_get("/AcroForm") if "/AcroForm" in _deref(resolver.root) else None
    if not isinstance(acro, generic.IndirectObject) or acro.reference != ref:
        return False
    changed = {k for k in set(old.keys()) | set(new.keys()) if _raw(old, k) != _raw(new, k)}
    if not changed <= {"/Fields", "/SigFlags", "/DR", "/DA"}:
        return False
    return set(_refs(old.get("/Fields"))) <= set(_refs(new.get("/Fields")))


def _is_stamp_sized(annot: Any) -> bool:
    """This app's ĐẾN stamp is 50 × 35 mm (or scaled to fit, see domain.stamp_geometry)."""
    from qlvb_desktop.domain.stamp_geometry import Box, is_stamp_box

    x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
    return is_stamp_box(Box(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)))


def _is_metadata(resolver: Any, ref: Any) -> bool:
    """The catalog's XMP metadata stream: descriptive, like /Info; pyHanko rewrites its dates in
    every revision it writes (this app's stamp on a signed scan that carries XMP included)."""
    root = _deref(resolver.root)
    meta = root.raw_get("/Metadata") if "/Metadata" in root else None
    return isinstance(meta, generic.IndirectObject) and meta.reference == ref


def _is_info(reader: PdfFileReader, ref: Any) -> bool:
    info = reader.trailer.raw_get("/Info") if "/Info" in reader.trailer else None
    return isinstance(info, generic.IndirectObject) and info.reference == ref

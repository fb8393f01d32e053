"""The validation policy after ETSI EN 319 102-1: FAILED only for changed bytes, a signature that
does not match or a revoked certificate; INDETERMINATE says what is missing; SHA-1 of the VGCA
hierarchies is legacy, accepted with a warning only with proof it was made before the cut-off."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from qlvb_desktop.domain.signing import SignatureCheck, Verdict, overall_verdict
from qlvb_desktop.domain.validation import Hierarchy, Indication, LegacyPolicy, SubIndication, proof_of_existence

VN = timezone(timedelta(hours=7))
NOW = datetime(2026, 12, 6, 10, 0, tzinfo=VN)
SIGNED = datetime(2025, 1, 7, 9, 51, tzinfo=VN)


def sig(**kw: object) -> SignatureCheck:
    base: dict[str, object] = {
        "field_name": "Signature1",
        "signer": "Ủy ban nhân dân tỉnh Thử nghiệm",
        "intact": True,
        "signature_ok": True,
        "trusted": True,
        "hierarchy": Hierarchy.G2,
        "chain": ["Ủy ban nhân dân tỉnh Thử nghiệm", "CA G2", "Root G2"],
        "timestamped": True,
        "timestamp_trusted": True,
        "timestamp_time": SIGNED,
        "signing_time": SIGNED,
        "revocation_checked": True,
    }
    base.update(kw)
    return SignatureCheck(**base)  # type: ignore[arg-type]


def judged(check: SignatureCheck, policy: LegacyPolicy | None = None, arrival: datetime | None = None) -> Verdict:
    return check.judge(policy, arrival, NOW)


def test_passed_and_failed() -> None:
    ok = sig()
    assert judged(ok) is Verdict.VALID and ok.indication is Indication.PASSED and ok.sub_indication is None
    bad = sig(intact=False)
    assert judged(bad) is Verdict.INVALID
    assert (bad.indication, bad.sub_indication) == (Indication.FAILED, SubIndication.HASH_FAILURE)
    crypto = sig(signature_ok=False)
    assert judged(crypto) is Verdict.INVALID and crypto.sub_indication is SubIndication.SIG_CRYPTO_FAILURE
    revoked = sig(revoked=True)
    assert judged(revoked) is Verdict.INVALID and revoked.sub_indication is SubIndication.REVOKED
    changed = sig(unexpected_change="trang bị thay")
    assert judged(changed) is Verdict.INVALID and "trang bị thay" in changed.sentence


def test_indeterminate_says_what_is_missing() -> None:
    stranger = sig(trusted=False, hierarchy=Hierarchy.NONE, chain=[])
    assert judged(stranger) is Verdict.INDETERMINATE
    assert stranger.sub_indication is SubIndication.NO_CERTIFICATE_CHAIN_FOUND
    assert "chuỗi chứng thư" in stranger.problems[0] and "chưa xác định" in stranger.sentence
    expired = sig(expired=True, timestamped=False, timestamp_time=None)
    assert judged(expired) is Verdict.INDETERMINATE and expired.sub_indication is SubIndication.OUT_OF_BOUNDS_NO_POE
    # a tampered file stays FAILED even when the chain is missing too
    both = sig(trusted=False, intact=False)
    assert judged(both) is Verdict.INVALID and both.indication is Indication.FAILED


def test_revocation_unknown_is_a_warning_not_a_refusal() -> None:
    offline = sig(revocation_checked=False)
    assert judged(offline) is Verdict.WARNING
    assert (offline.indication, offline.sub_indication) == (Indication.INDETERMINATE, SubIndication.TRY_LATER)
    assert any("thu hồi" in w for w in offline.warnings)


def test_sha1_of_vgca_accepted_as_legacy_with_a_warning_never_silently() -> None:
    g1 = sig(hierarchy=Hierarchy.G1, weak_algorithms=["chữ ký dùng SHA1"])
    assert judged(g1) is Verdict.WARNING and g1.indication is Indication.PASSED
    assert any("SHA-1" in w and "dấu thời gian" in w for w in g1.warnings)
    # made (per its trusted timestamp) after the cut-off: not provable, indeterminate
    late = sig(hierarchy=Hierarchy.G1, weak_algorithms=["chữ ký dùng SHA1"])
    assert judged(late, LegacyPolicy(sha1_until=date(2024, 12, 31))) is Verdict.INDETERMINATE
    assert late.sub_indication is SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE
    # a hierarchy not in the legacy list (a root the organization added)
    other = sig(hierarchy=Hierarchy.OTHER, weak_algorithms=["chữ ký dùng SHA1"])
    assert judged(other) is Verdict.INDETERMINATE


def test_sha1_time_proven_by_arrival_when_there_is_no_timestamp() -> None:
    policy = LegacyPolicy(sha1_until=date(2025, 6, 30))
    no_ts = dict(timestamped=False, timestamp_time=None, hierarchy=Hierarchy.G1, weak_algorithms=["chữ ký dùng SHA1"])
    # checked today (after the cut-off) and no other proof: indeterminate
    assert judged(sig(**no_ts), policy) is Verdict.INDETERMINATE
    # registered on arrival before the cut-off: the arrival proves it existed then
    arrived = sig(**no_ts)
    assert judged(arrived, policy, arrival=datetime(2025, 3, 1, 8, 0, tzinfo=VN)) is Verdict.WARNING
    assert arrived.proof_of_existence == "arrival"
    # an untrusted timestamp proves nothing
    untrusted = sig(hierarchy=Hierarchy.G1, weak_algorithms=["chữ ký dùng SHA1"], timestamp_trusted=False)
    assert judged(untrusted, policy) is Verdict.INDETERMINATE


def test_proof_of_existence_is_the_earliest_bound() -> None:
    ts = datetime(2025, 1, 1, tzinfo=VN)
    arrival = datetime(2025, 2, 1, tzinfo=VN)
    assert proof_of_existence(ts, arrival, NOW) == (ts, "timestamp")
    assert proof_of_existence(None, arrival, NOW) == (arrival, "arrival")
    assert proof_of_existence(None, None, NOW) == (NOW, "check")
    assert proof_of_existence(None, None, None) == (None, "")


def test_report_is_the_worst_and_every_signature_gets_a_sentence() -> None:
    checks = [sig(hierarchy=Hierarchy.G1, weak_algorithms=["chữ ký dùng SHA1"]), sig(revocation_checked=False)]
    report = overall_verdict(checks, None, None, NOW)
    assert report.verdict is Verdict.WARNING
    assert all(c.sentence.startswith("Chữ ký của ") and c.sentence.endswith(".") for c in report.checks)
    assert "Ban Cơ yếu Chính phủ G1" in checks[0].sentence and "07/01/2025" in checks[0].sentence
    checks.append(sig(trusted=False))
    assert overall_verdict(checks, None, None, NOW).verdict is Verdict.INDETERMINATE
    checks.append(sig(intact=False, signer="B"))
    report = overall_verdict(checks, None, None, NOW)
    assert report.verdict is Verdict.INVALID and report.reason.startswith("Chữ ký của B không hợp lệ")

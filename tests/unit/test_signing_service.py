"""The signing use case refuses bad input before the token is touched (a fake signer records it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from qlvb_desktop.domain.errors import UserError, ValidationError
from qlvb_desktop.domain.signing import BatchResult, FileResult, PinHandler, SignatureKind, SignSpec
from qlvb_desktop.services.signing import SigningService


class Clock:
    def now(self) -> datetime:
        return datetime(2026, 5, 29, 7, 3, tzinfo=UTC)


class RecordingSigner:
    def __init__(self) -> None:
        self.calls: list[tuple[list[tuple[Path, Path]], str]] = []

    def sign_files(
        self,
        jobs: Sequence[tuple[Path, Path]],
        spec: SignSpec,
        appearance: Callable[[], str],
        pin_handler: PinHandler,
        progress: Callable[[int, int, FileResult], None] | None = None,
        sign_without_tsa: Callable[[str], bool] | None = None,
    ) -> BatchResult:
        self.calls.append((list(jobs), appearance()))
        return BatchResult(None, [FileResult(s, d, True, "B-T") for s, d in jobs])


class NoPin:
    def get_pin(self, token_label: str, tries_left: int | None, last_try: bool) -> str | None:
        raise AssertionError("the PIN must not be asked for")


def test_appearance_and_output_paths(tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.write_bytes(b"%PDF-1.4")
    b.write_bytes(b"%PDF-1.4")
    signer = RecordingSigner()
    svc = SigningService(signer, Clock())
    svc.sign([a, b], SignSpec(SignatureKind.COPY, organization="Sở Nội vụ"), NoPin())
    jobs, text = signer.calls[0]
    assert jobs == [(a, tmp_path / "a-signed.pdf"), (b, tmp_path / "b-signed.pdf")]
    assert text == "SAO Y; Sở Nội vụ; 29/05/2026 14:03:00 +07:00"
    svc.sign(
        [a],
        SignSpec(SignatureKind.ATTACHMENT, organization="", main_number="15/QĐ-UBND"),
        NoPin(),
        out_dir=tmp_path / "out",
    )
    assert signer.calls[1] == (
        [(a, tmp_path / "out" / "a.pdf")],
        "Số: 15/QĐ-UBND; 29/05/2026 14:03:00 +07:00",
    )


def test_refusals_come_before_the_token(tmp_path: Path) -> None:
    a = tmp_path / "a.pdf"
    a.write_bytes(b"%PDF-1.4")
    signer = RecordingSigner()
    svc = SigningService(signer, Clock())
    with pytest.raises(ValidationError):
        svc.sign([a], SignSpec(SignatureKind.ATTACHMENT, organization="X"), NoPin())
    with pytest.raises(ValidationError):
        svc.sign([a], SignSpec(SignatureKind.COPY, organization=""), NoPin())
    with pytest.raises(UserError, match="Không thấy tệp"):
        svc.sign([tmp_path / "missing.pdf"], SignSpec(SignatureKind.COPY, organization="X"), NoPin())
    with pytest.raises(UserError, match="ghi đè"):
        svc.sign([a], SignSpec(SignatureKind.COPY, organization="X"), NoPin(), out_dir=tmp_path)
    assert signer.calls == []

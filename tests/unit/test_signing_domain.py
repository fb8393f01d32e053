"""Pure rules of the signing area: stamp placement, appearance texts and times, verdicts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qlvb_desktop.domain.errors import ValidationError
from qlvb_desktop.domain.signing import (
    MM,
    STAMP_HEIGHT_MM,
    STAMP_WIDTH_MM,
    ArrivalStamp,
    Box,
    ChangeKind,
    InkMap,
    SignatureCheck,
    SignatureKind,
    TimeStyle,
    Verdict,
    appearance_text,
    box_from_top_left_mm,
    format_signing_time,
    overall_verdict,
    parse_position,
    place_stamp,
)

A4 = (595.0, 842.0)
CELL = 2 * MM


def ink(marks: list[tuple[float, float, float, float]]) -> InkMap:
    """An ink map of an A4 page with rectangles (x, y_from_top, w, h) in mm marked as ink."""
    cols, rows = int(A4[0] // CELL), int(A4[1] // CELL)
    grid = [[False] * cols for _ in range(rows)]
    for x, y, w, h in marks:
        for r in range(int(y * MM // CELL), int((y + h) * MM // CELL) + 1):
            for c in range(int(x * MM // CELL), int((x + w) * MM // CELL) + 1):
                if 0 <= r < rows and 0 <= c < cols:
                    grid[r][c] = True
    return InkMap(A4[0], A4[1], CELL, grid)


def test_stamp_goes_under_the_number_block_on_the_left() -> None:
    page = ink([(20, 15, 70, 6), (20, 25, 50, 5), (110, 15, 80, 10), (20, 80, 170, 150)])
    box = place_stamp(page)
    assert box.width == pytest.approx(STAMP_WIDTH_MM * MM)
    assert box.height == pytest.approx(STAMP_HEIGHT_MM * MM)
    assert box.x < A4[0] / 2
    top_mm = (A4[1] - box.top) / MM
    assert top_mm > 30  # below the number line (ends at 30 mm)
    assert page.is_blank(box)


def test_stamp_never_over_the_motto_and_falls_back_right() -> None:
    # left column full of text down to the middle: the right half under the motto is the place
    page = ink([(10, 10, 95, 140), (110, 12, 85, 12)])
    box = place_stamp(page)
    assert box.x >= 105 * MM
    assert (A4[1] - box.top) / MM > 24
    assert page.is_blank(box)


def test_no_room_means_the_clerk_places_it() -> None:
    with pytest.raises(ValidationError, match="bằng tay"):
        place_stamp(ink([(0, 0, 210, 200)]))


def test_position_parsing_and_bounds() -> None:
    assert parse_position("20,40") == (20.0, 40.0)
    with pytest.raises(ValidationError, match="x,y"):
        parse_position("20;40")
    box = box_from_top_left_mm(20, 40, *A4)
    assert box.x == pytest.approx(20 * MM) and box.top == pytest.approx(A4[1] - 40 * MM)
    with pytest.raises(ValidationError, match="ngoài trang"):
        box_from_top_left_mm(180, 10, *A4)


def test_stamp_fields_are_nfc_and_required() -> None:
    decomposed = "So\u031b\u0309 No\u0302\u0323i vu\u0323"
    s = ArrivalStamp(decomposed, " 12 ", date(2026, 1, 5))
    assert s.organization == "Sở Nội vụ" and s.number == "12"
    assert s.lines["date"] == "Ngày: 05/01/2026"
    assert s.lines["forward_to"] == "Chuyển: "
    with pytest.raises(ValidationError):
        ArrivalStamp("X", "", date(2026, 1, 5))
    with pytest.raises(ValidationError):
        ArrivalStamp("", "1", date(2026, 1, 5))


def test_signing_time_formats() -> None:
    moment = datetime(2026, 5, 29, 7, 3, 0, 500, tzinfo=UTC)
    assert format_signing_time(moment) == "29/05/2026 14:03:00 +07:00"
    assert format_signing_time(moment, TimeStyle.ISO) == "2026-05-29T14:03:00+07:00"
    with pytest.raises(ValueError):
        format_signing_time(datetime(2026, 5, 29))


def test_appearance_texts() -> None:
    moment = datetime(2026, 5, 29, 7, 3, tzinfo=UTC)
    assert appearance_text(SignatureKind.COPY, moment, organization="Sở Nội vụ") == (
        "SAO Y; Sở Nội vụ; 29/05/2026 14:03:00 +07:00"
    )
    assert appearance_text(SignatureKind.ATTACHMENT, moment, main_number="15/QĐ-UBND") == (
        "Số: 15/QĐ-UBND; 29/05/2026 14:03:00 +07:00"
    )
    assert appearance_text(SignatureKind.MAIN, moment) == ""
    with pytest.raises(ValidationError):
        appearance_text(SignatureKind.ATTACHMENT, moment)
    with pytest.raises(ValidationError):
        appearance_text(SignatureKind.COPY, moment)


def good(**kw: object) -> SignatureCheck:
    base: dict[str, object] = {
        "field_name": "S",
        "signer": "A",
        "intact": True,
        "signature_ok": True,
        "trusted": True,
        "timestamped": True,
        "timestamp_trusted": True,
        "revocation_checked": True,
    }
    base.update(kw)
    return SignatureCheck(**base)  # type: ignore[arg-type]


def test_verdicts() -> None:
    assert overall_verdict([good()]).verdict is Verdict.VALID
    assert overall_verdict([]).verdict is Verdict.INVALID
    r = overall_verdict([good(timestamped=False)])
    assert r.verdict is Verdict.WARNING and "dấu thời gian" in r.reason
    r = overall_verdict([good(), good(signer="B", intact=False)])
    assert r.verdict is Verdict.INVALID and "B" in r.reason and "sửa" in r.reason
    assert overall_verdict([good(revoked=True)]).verdict is Verdict.INVALID
    # no chain, unsupported format: nothing was shown changed, but nothing can be relied on either
    assert overall_verdict([good(trusted=False)]).verdict is Verdict.INDETERMINATE
    assert overall_verdict([good(supported=False)]).verdict is Verdict.INDETERMINATE
    r = overall_verdict([good(later_changes=[ChangeKind.ARRIVAL_STAMP], unexpected_change="trang bị thêm")])
    assert r.verdict is Verdict.INVALID and "trang bị thêm" in r.reason
    assert overall_verdict([good(later_changes=[ChangeKind.ARRIVAL_STAMP])]).verdict is Verdict.VALID


@given(
    st.lists(st.lists(st.booleans(), min_size=6, max_size=6), min_size=5, max_size=5),
    st.floats(0, 40),
    st.floats(0, 40),
    st.floats(1, 40),
    st.floats(1, 40),
)
def test_blank_check_matches_a_cell_by_cell_scan(
    rows: list[list[bool]], x: float, y: float, w: float, h: float
) -> None:
    page = InkMap(60.0, 50.0, 10.0, rows)
    box = Box(x, y, w, h)
    c0, c1 = int(x // 10), min(5, int((x + w - 0.001) // 10))
    r0, r1 = max(0, int((50 - y - h) // 10)), min(4, int((50 - y - 0.001) // 10))
    naive = not any(rows[r][c] for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
    assert page.is_blank(box) == naive

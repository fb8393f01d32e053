"""The lease rules of outgoing numbers shared by stations (issue 12 item 6)."""

from __future__ import annotations

import pytest

from qlvb_desktop.domain.errors import UserError
from qlvb_desktop.domain.outgoing_numbers import (
    IssueDecision,
    NoLeasedNumber,
    NumberState,
    decide_issue,
    gaps,
    reconcile_pool,
    release_plan,
    series_label,
    top_up_count,
)


@pytest.mark.parametrize(
    ("have", "block", "lease"),
    [(0, 20, 20), (10, 20, 10), (11, 20, 0), (20, 20, 0), (0, 1, 1), (1, 1, 0), (0, 0, 1), (2, 5, 3), (3, 5, 0)],
)
def test_top_up_refills_a_block_when_half_or_less_is_left(have, block, lease):
    assert top_up_count(have, block) == lease


def test_reconcile_takes_back_a_lease_whose_answer_was_lost_and_drops_revoked_numbers():
    # 7 was leased but the station was killed before storing it; 3 ran out on the server.
    add, drop = reconcile_pool(pool={3, 4, 5}, held={4, 5, 7}, spent=set())
    assert (add, drop) == ([7], [3])


def test_reconcile_never_brings_back_a_number_already_spent():
    # 4 was issued offline and 6 released: their operations are not on the server yet, so the
    # server still lists them as held. They must never come back into the pool.
    add, drop = reconcile_pool(pool={5}, held={4, 5, 6}, spent={4, 6})
    assert (add, drop) == ([], [])


@pytest.mark.parametrize(
    ("state", "holder", "has_doc", "decision"),
    [
        (None, "", False, IssueDecision.UNKNOWN),  # never handed out
        (NumberState.LEASED, "", False, IssueDecision.RECORD),
        (NumberState.VOIDED, "gap", False, IssueDecision.RECORD),  # expired or released gap
        (NumberState.ISSUED, "doc-a", True, IssueDecision.ALREADY),
        (NumberState.ISSUED, "doc-b", True, IssueDecision.TAKEN),
        (NumberState.VOIDED, "doc-b", True, IssueDecision.TAKEN),  # a clerk voided another document
    ],
)
def test_decide_issue(state, holder, has_doc, decision):
    assert decide_issue(state, holder, "doc-a", has_doc) is decision


def test_release_gives_back_the_top_of_the_series_and_voids_the_rest():
    back, voided, top = release_plan([4, 5, 9, 10], next_number=11)
    assert (back, voided, top) == ([9, 10], [4, 5], 9)
    assert release_plan([4, 5], next_number=11) == ([], [4, 5], 11)
    assert release_plan([], next_number=3) == ([], [], 3)


def test_gaps():
    assert gaps({1, 2, 4}, 5) == [3, 5]
    assert gaps(set(), 0) == []


def test_no_leased_number_is_one_sentence_naming_the_series():
    exc = NoLeasedNumber("mat-di", "Quyết định")
    assert isinstance(exc, UserError)
    assert "sổ văn bản mật đi, loại Quyết định" in exc.message
    assert "đồng bộ" in exc.message and "Chưa ký" in exc.message
    assert series_label("di", "") == "sổ văn bản đi"

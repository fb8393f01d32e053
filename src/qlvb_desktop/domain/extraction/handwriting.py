"""Pen digits in the template's gaps: what a reading of them is, and how sure it may be.

A digit read from handwriting is never certain on its own: it is certain only when two
independent readings agree (the print recognizer and one of the two handwriting classifiers,
which see a digit differently), or when one reading is confirmed by evidence the document
carries (a day that the signing time bounds). A third reading breaks ties digit by digit, and
each digit's candidates let a day be chosen among the days the month has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from qlvb_desktop.domain.ocr import Box

# Confidence of a pen reading the two recognizers agree on, and of one they do not.
AGREED = 0.93
SINGLE_MAX = 0.75
# Below this, the first recognizer's reading is not proposed at all (an empty field, not a guess).
WEAKEST = 0.2


@dataclass(frozen=True)
class PenReading:
    """Digits written by pen in a gap: the handwriting classifier's reading and its
    probability, a second recognizer's reading ("" when it read nothing), where the ink is."""

    digits: str
    probability: float
    second: str
    where: Box
    third: str = ""  # the nearest-neighbour classifier's reading, one digit per glyph as `digits`
    # Per glyph, its candidates (digit, belief 0..1), surest first.
    candidates: tuple[tuple[tuple[str, float], ...], ...] = ()
    # The same ink read with its widest glyph cut in two (two digits written touching, as narrow
    # as one), when a glyph is wide enough for it: a hypothesis, never taken on its own.
    split: PenReading | None = None

    @property
    def agreed(self) -> bool:
        return bool(self.digits) and self.digits == self.second

    @property
    def confirmed(self) -> str:
        """The digits two independent readings agree on ("" when none do): a handwriting
        classifier and the print recognizer (the two classifiers learn from the same digits)."""
        if self.agreed:
            return self.digits
        if self.third and self.third == self.second:
            return self.third
        return ""

    def voted(self) -> str:
        """Digit by digit: what the two classifiers agree on; where they differ, the one the
        print recognizer's reading backs, else the one with more belief from both."""
        if not self.third or len(self.third) != len(self.digits):
            return self.digits
        out = []
        for i, (a, c) in enumerate(zip(self.digits, self.third, strict=True)):
            if a == c:
                out.append(a)
                continue
            if len(self.second) == len(self.digits) and self.second[i] in (a, c):
                out.append(self.second[i])
            elif len(self.second) != len(self.digits) and (a in self.second) != (c in self.second):
                out.append(a if a in self.second else c)
            elif i < len(self.candidates) and self.candidates[i]:
                out.append(self.candidates[i][0][0])
            else:
                out.append(a)
        return "".join(out)

    def alternatives(self) -> list[tuple[str, float]]:
        """Other readings of the digits, most believed first: every combination of each digit's
        candidates, with the mean belief of its digits."""
        combos: list[tuple[str, float]] = [("", 0.0)]
        for options in self.candidates:
            combos = [(text + d, score + belief) for text, score in combos for d, belief in options]
        n = max(1, len(self.candidates))
        return sorted(((text, score / n) for text, score in combos if text), key=lambda c: -c[1])


# Reads the pen digits in a box of a page: (box, line height) -> reading or None (no ink).
PenReader = Callable[[Box, int], PenReading | None]


def pen_value(reading: PenReading | None) -> tuple[str, float]:
    """The digits to propose and their confidence (before other evidence)."""
    if reading is None or not reading.digits:
        return "", 0.0
    if reading.confirmed:
        return reading.confirmed, AGREED
    if reading.third and reading.third != reading.digits:
        # The classifiers differ in some digit: the one the other readings back, to be checked.
        return reading.voted(), min(SINGLE_MAX - 0.15, max(reading.probability, 0.3))
    if reading.second and len(reading.second) == len(reading.digits):
        # The classifiers agree, the print recognizer does not: to be checked.
        return reading.digits, min(SINGLE_MAX - 0.15, max(reading.probability, 0.3))
    if reading.third and reading.third == reading.digits:
        # The two classifiers agree and the print recognizer read nothing comparable: they
        # learned from the same digits, so this is one reading, to be checked.
        return reading.digits, SINGLE_MAX
    if reading.probability < WEAKEST:
        return "", 0.0
    return reading.digits, min(SINGLE_MAX, reading.probability)


# A day chosen among the candidates because the first reading is not a day of that month (or
# falls after the signing): a guess from handwriting, always to be checked.
CONSTRAINED = 0.45


def pen_within(
    reading: PenReading | None, value: str, conf: float, allowed: Callable[[str], bool]
) -> tuple[str, float]:
    """`value` when `allowed` accepts it, else the most believed other reading that it accepts
    (to be checked), else `value` as it is (the caller's checks mark it)."""
    if not value or allowed(value):
        return value, conf
    for text, _belief in reading.alternatives() if reading is not None else []:
        if allowed(text):
            return text, min(conf, CONSTRAINED)
    return value, conf


# A reading of touching digits cut apart that OCR's print reading of the line agrees with (look-
# alikes included, "3|" for 31): two readings, but one of them a guess at the cut: to be checked.
SPLIT_SEEN = 0.8


def pen_split(
    reading: PenReading | None,
    value: str,
    conf: float,
    seen: str = "",
    allowed: Callable[[str], bool] | None = None,
    two_digits: bool = False,
) -> tuple[str, float]:
    """The reading with two touching digits cut apart instead of `value` when the evidence asks
    for it: OCR's reading of the line (`seen`) is the cut reading and not `value`, or the field
    is written with two digits (`two_digits`: a day below 10 is written "04") and `value` has one,
    the cut reading being one `allowed` accepts. Else `value` as it is."""
    split = reading.split if reading is not None else None
    if split is None:
        return value, conf
    cut, cut_conf = pen_value(split)
    if allowed is not None:
        cut, cut_conf = pen_within(split, cut, cut_conf, allowed)
    if not cut or (allowed is not None and not allowed(cut)):
        return value, conf
    if seen and cut == seen and value != seen:
        return cut, min(max(cut_conf, 0.6), SPLIT_SEEN)
    if two_digits and len(value) == 1 and len(cut) == 2:
        return cut, min(cut_conf, CONSTRAINED)
    return value, conf


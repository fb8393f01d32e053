"""Pen digits in the template's gaps: what a reading of them is, and how sure it may be.

A digit read from handwriting is never certain on its own: it is certain only when two
independent readings agree (two recognizers of different kinds), or when one reading is
confirmed by evidence the document carries (a day that the signing time bounds).
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

    @property
    def agreed(self) -> bool:
        return bool(self.digits) and self.digits == self.second


# Reads the pen digits in a box of a page: (box, line height) -> reading or None (no ink).
PenReader = Callable[[Box, int], PenReading | None]


def pen_value(reading: PenReading | None) -> tuple[str, float]:
    """The digits to propose and their confidence (before other evidence)."""
    if reading is None or not reading.digits:
        return "", 0.0
    if reading.agreed:
        return reading.digits, AGREED
    if reading.second and len(reading.second) == len(reading.digits):
        # The readings differ in some digit: the classifier's, to be checked.
        return reading.digits, min(SINGLE_MAX - 0.15, reading.probability)
    if reading.probability < WEAKEST:
        return "", 0.0
    return reading.digits, min(SINGLE_MAX, reading.probability)

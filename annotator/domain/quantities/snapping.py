"""Snapping a selection to the quantities (or bare numbers) it touches."""

from __future__ import annotations

import re
from collections.abc import Iterable

from annotator.domain.quantities.detector import find_quantities
from annotator.domain.quantities.numbers import AR, CN_ALL, SCALE
from annotator.domain.quantities.units import UNIT_RE

_CONTEXT = 80
_RAW_NUMBER = re.compile(
    rf"(?:百分之|千分之)?(?:{AR}|[{CN_ALL}]+)(?:[余多]?{SCALE})?[余多]?(?:{UNIT_RE})?"
)


def snap_to_quantity(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen or trim a selection to the quantities it touches ("14000|个" → "14000个").

    A selection touching detected quantities becomes the smallest span covering them; one that
    touches only a bare number ("民生100") becomes that number; otherwise it is returned as is.
    """
    if not 0 <= start <= end <= len(text):
        return start, end
    lo, window = _window(text, start, end)
    touching = _touching(
        ((q.start, q.end) for q in find_quantities(window)), lo, start, end
    ) or _touching((m.span() for m in _RAW_NUMBER.finditer(window)), lo, start, end)
    if not touching:
        return start, end
    return min(s for s, _ in touching), max(e for _, e in touching)


def overlaps_quantity(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] overlaps a quantity the detector finds ("14000个", "十二个"; not
    "2023年", a period, nor "三亚市", a name)."""
    if not 0 <= start < end <= len(text):
        return False
    lo, window = _window(text, start, end)
    return bool(_touching(((q.start, q.end) for q in find_quantities(window)), lo, start, end))


def _window(text: str, start: int, end: int) -> tuple[int, str]:
    # The detector reads a sentence or so around the selection, not the whole page.
    lo = max(0, start - _CONTEXT)
    return lo, text[lo : min(len(text), end + _CONTEXT)]


def _touching(
    spans: Iterable[tuple[int, int]], lo: int, start: int, end: int
) -> list[tuple[int, int]]:
    """The spans (found in the window from `lo`) that overlap start..end, or hold the position
    when the selection is empty; in text offsets."""
    return [
        (s + lo, e + lo)
        for s, e in spans
        if s + lo < end and start < e + lo or (start == end and s + lo <= start <= e + lo)
    ]

"""Snapping a selection to the quantities (or bare numbers) it touches."""

from __future__ import annotations

import re

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
    touching = _detected(text, start, end)
    if not touching:
        touching = [
            (m.start() + lo, m.end() + lo)
            for m in _RAW_NUMBER.finditer(window)
            if m.start() + lo < end
            and start < m.end() + lo
            or (start == end and m.start() + lo <= start <= m.end() + lo)
        ]
    if not touching:
        return start, end
    return min(s for s, _ in touching), max(e for _, e in touching)


def overlaps_quantity(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] overlaps a quantity the detector finds ("14000个", "十二个"; not
    "2023年", a period, nor "三亚市", a name)."""
    return start < end and bool(_detected(text, start, end))


def _window(text: str, start: int, end: int) -> tuple[int, str]:
    # The detector reads a sentence or so around the selection, not the whole page.
    lo = max(0, start - _CONTEXT)
    return lo, text[lo : min(len(text), end + _CONTEXT)]


def _detected(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The detected quantities touching start..end (or holding the position when empty)."""
    lo, window = _window(text, start, end)
    return [
        (q.start + lo, q.end + lo)
        for q in find_quantities(window)
        if q.start + lo < end
        and start < q.end + lo
        or (start == end and q.start + lo <= start <= q.end + lo)
    ]

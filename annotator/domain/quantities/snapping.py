"""Snapping a selection to the quantities (or bare numbers) it touches."""

from __future__ import annotations

import re

from annotator.domain.quantities.detector import find_quantities
from annotator.domain.quantities.numbers import AR, CN_ALL, SCALE
from annotator.domain.quantities.units import UNIT_RE

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
    lo = max(0, start - 80)
    hi = min(len(text), end + 80)
    window = text[lo:hi]
    touching = [
        (q.start + lo, q.end + lo)
        for q in find_quantities(window)
        if q.start + lo < end
        and start < q.end + lo
        or (start == end and q.start + lo <= start <= q.end + lo)
    ]
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

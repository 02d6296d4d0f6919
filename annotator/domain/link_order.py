"""The order in which a metric's links are offered: the entities nearest its value first."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.domain.entities import Entity
from annotator.domain.metrics import Metric


def nearest_first(candidates: Sequence[Entity], value_start: int, value_end: int) -> list[Entity]:
    """`candidates` in the order a link is looked for: those before the value, the closest
    first (of nested ones the outer), then those after it, the closest first, then the rest."""
    before = sorted(
        (e for e in candidates if e.end <= value_start),
        key=lambda e: (-e.end, -(e.end - e.start), e.id),
    )
    after = sorted(
        (e for e in candidates if e.start >= value_end),
        key=lambda e: (e.start, -(e.end - e.start), e.id),
    )
    placed = {e.id for e in (*before, *after)}
    return [*before, *after, *(e for e in candidates if e.id not in placed)]


def link_anchor(metric: Metric) -> tuple[int, int]:
    """Where a metric's links are looked for from: its value, else its evidence."""
    for field in (metric.value, metric.evidence):
        if field is not None and field.start is not None and field.end is not None:
            return field.start, field.end
    return 1 << 62, 1 << 62  # nothing in the text: every entity comes before

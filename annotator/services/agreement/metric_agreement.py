"""Metric agreement: metrics paired by value span, and whether their fields agree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from annotator.domain.entities import Entity
from annotator.domain.metrics import LINK_FIELDS, STATED_FIELDS, Metric, normalised
from annotator.services.agreement.matching import match_spans

# Metric fields compared once two metrics are paired by their value span: each link, and all
# three links as one.
AGREEMENT_FIELDS: tuple[str, ...] = (*STATED_FIELDS, *LINK_FIELDS, "links")


def pair_metrics(a: Sequence[Metric], b: Sequence[Metric]) -> list[tuple[Metric, Metric]]:
    """Metrics of two annotators paired one-to-one by value span: identical, else overlapping.
    A metric without a value span cannot be paired."""
    with_a = [(m, span) for m in a if (span := m.value_span) is not None]
    with_b = [(m, span) for m in b if (span := m.value_span) is not None]
    exact, overlapping = match_spans([span for _m, span in with_a], [span for _m, span in with_b])
    return [(with_a[i][0], with_b[j][0]) for i, j in sorted(exact + overlapping)]


def _link_target(
    metric: Metric, name: str, entities: Mapping[str, Entity]
) -> tuple[str, int, int] | None:
    # Entity ids differ between layers: a link is compared by what it points at.
    key = getattr(metric, name)
    if key is None:
        return None
    entity = entities.get(key)
    return (entity.label, entity.start, entity.end) if entity else ("?", -1, -1)


def field_agreement(
    a: Metric, b: Metric, entities_a: Mapping[str, Entity], entities_b: Mapping[str, Entity]
) -> dict[str, bool]:
    """For each compared field, whether two paired metrics agree (both empty agrees)."""
    same = {
        "number": a.number == b.number,
        "unit": normalised(a.unit) == normalised(b.unit),
        "approx": a.approx == b.approx,
        "status": a.status == b.status,
        "aspect": a.aspect == b.aspect,
        "period": normalised(a.period) == normalised(b.period),
    }
    for name in LINK_FIELDS:
        same[name] = _link_target(a, name, entities_a) == _link_target(b, name, entities_b)
    same["links"] = all(same[name] for name in LINK_FIELDS)
    return same

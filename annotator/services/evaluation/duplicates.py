"""DUPLICATE exclusion: a repeated fact counts once, and predicting the repeat costs nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.domain.entities import Entity
from annotator.domain.metrics import Metric
from annotator.domain.records import LayerRecord
from annotator.domain.segments import SegmentLabel
from annotator.services.evaluation.metric_scores import match_metrics

# (start, end) of each DUPLICATE paragraph of a gold record.
Regions = list[tuple[int, int]]


def duplicate_regions(record: LayerRecord) -> Regions:
    """The record's DUPLICATE segments, in text order."""
    return sorted((s.start, s.end) for s in record.segments if s.label == SegmentLabel.DUPLICATE)


def inside(start: int, end: int, regions: Regions) -> bool:
    """Whether [start, end) lies within one of the regions."""
    # Regions are few (repeated paragraphs); a linear scan is enough.
    return any(low <= start and end <= high for low, high in regions)


def split_entities(entities: Sequence[Entity], regions: Regions) -> tuple[list[Entity], int]:
    """(the entities outside the regions, how many were inside)."""
    if not regions:
        return list(entities), 0
    kept = [e for e in entities if not inside(e.start, e.end, regions)]
    return kept, len(entities) - len(kept)


def split_metrics(
    metrics: Iterable[Metric], regions: Regions, gold: bool
) -> tuple[list[Metric], list[Metric]]:
    """(kept, set aside): a metric whose value lies in a region is set aside, and so is a gold one
    marked duplicate_of."""
    kept: list[Metric] = []
    repeated: list[Metric] = []
    for metric in metrics:
        span = metric.value_span
        if (gold and metric.duplicate_of is not None) or (span and inside(*span, regions)):
            repeated.append(metric)
        else:
            kept.append(metric)
    return kept, repeated


def drop_predicted_repeats(
    repeated: Sequence[Metric],
    spurious: list[Metric],
    gold_entities: dict[str, Entity],
    pred_entities: dict[str, Entity],
    tolerance: float,
) -> list[Metric]:
    """The spurious predictions left once those matching a set-aside gold repeat are taken out."""
    if not (repeated and spurious):
        return spurious
    _, _, left = match_metrics(repeated, spurious, gold_entities, pred_entities, tolerance)
    return left

"""Metric scores: matching predicted metrics to gold ones, then field-by-field accuracy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.domain.entities import Entity
from annotator.domain.metrics import LINK_FIELDS, STATED_FIELDS, Metric, normalised
from annotator.services.evaluation.figures import precision_recall_f1

# Metrics match by overlapping value spans or, for a prediction without offsets, by
# (number, unit, period, place); matched pairs are then scored field by field, the links (place
# first: it is part of a fact's identity) as one field.
SCORED_FIELDS: tuple[str, ...] = (*STATED_FIELDS, "links")

_LinkKey = tuple[str, int, int] | None


def numbers_agree(gold: int | float | None, pred: int | float | None, tolerance: float) -> bool:
    """Whether a predicted number is within `tolerance` of the gold one, relative to the gold.

    |pred - gold| <= tolerance * |gold|; tolerance 0 means equal. Two missing numbers agree.
    """
    if gold is None or pred is None:
        return gold is None and pred is None
    if tolerance == 0:
        return pred == gold
    return abs(pred - gold) <= tolerance * abs(gold)


def high_number(metric: Metric) -> int | float | None:
    """The upper bound of a range value, if any."""
    return metric.value_high.number if metric.value_high is not None else None


def _links(metric: Metric, entities: dict[str, Entity]) -> tuple[_LinkKey, _LinkKey, _LinkKey]:
    # Linked entities are compared by label and span: ids differ between systems.
    out: list[_LinkKey] = []
    for name in LINK_FIELDS:
        target = entities.get(getattr(metric, name) or "")
        out.append((target.label, target.start, target.end) if target is not None else None)
    return out[0], out[1], out[2]


def _field_agreement(
    gold: Metric,
    pred: Metric,
    gold_entities: dict[str, Entity],
    pred_entities: dict[str, Entity],
    tolerance: float,
) -> dict[str, bool]:
    return {
        "number": numbers_agree(gold.number, pred.number, tolerance)
        and numbers_agree(high_number(gold), high_number(pred), tolerance),
        "unit": normalised(gold.unit) == normalised(pred.unit),
        "approx": gold.approx == pred.approx,
        "status": gold.status == pred.status,
        "aspect": gold.aspect == pred.aspect,
        "period": normalised(gold.period) == normalised(pred.period),
        "links": _links(gold, gold_entities) == _links(pred, pred_entities),
    }


def _same_key(
    gold: Metric,
    pred: Metric,
    gold_entities: dict[str, Entity],
    pred_entities: dict[str, Entity],
    tolerance: float,
) -> bool:
    # The identity of a fact without offsets: (number, unit, period, place).
    return (
        numbers_agree(gold.number, pred.number, tolerance)
        and normalised(gold.unit) == normalised(pred.unit)
        and normalised(gold.period) == normalised(pred.period)
        and _links(gold, gold_entities)[0] == _links(pred, pred_entities)[0]
    )


@dataclass(frozen=True)
class MetricPair:
    """A gold metric and the predicted one matched to it, with which fields agree."""

    gold: Metric
    pred: Metric
    fields: dict[str, bool]


def match_metrics(
    gold: Sequence[Metric],
    pred: Sequence[Metric],
    gold_entities: dict[str, Entity],
    pred_entities: dict[str, Entity],
    tolerance: float = 0.0,
) -> tuple[list[MetricPair], list[Metric], list[Metric]]:
    """(matched pairs, missed gold metrics, spurious predictions), one to one.

    A prediction with a value span takes the free gold metric whose value span overlaps it most;
    one without offsets takes the first free gold metric with the same (number, unit, period,
    place).
    """
    free = list(range(len(gold)))
    pairs: list[MetricPair] = []
    spurious: list[Metric] = []
    ordered = sorted(pred, key=lambda m: (m.value_span is None, m.value_span or (0, 0)))
    for metric in ordered:
        span = metric.value_span
        chosen = None
        if span is not None:
            best = 0
            for i in free:
                other = gold[i].value_span
                if other is None:
                    continue
                shared = min(span[1], other[1]) - max(span[0], other[0])
                if shared > best:
                    best, chosen = shared, i
        else:
            chosen = next(
                (
                    i
                    for i in free
                    if _same_key(gold[i], metric, gold_entities, pred_entities, tolerance)
                ),
                None,
            )
        if chosen is None:
            spurious.append(metric)
            continue
        free.remove(chosen)
        pairs.append(
            MetricPair(
                gold[chosen],
                metric,
                _field_agreement(gold[chosen], metric, gold_entities, pred_entities, tolerance),
            )
        )
    return pairs, [gold[i] for i in free], spurious


@dataclass
class MetricScores:
    """Matched, missed and spurious counts, and per field how many matched pairs agree."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    agree: Counter[str] = field(default_factory=Counter)

    def to_json(self) -> dict[str, Any]:
        """Precision, recall, F1, the counts, and per field the accuracy on matched pairs."""
        precision, recall, f1 = precision_recall_f1(self.tp, self.tp + self.fp, self.tp + self.fn)
        return {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "matched": self.tp,
            # Accuracy over matched pairs; null when nothing matched.
            "fields": {
                name: (self.agree[name] / self.tp if self.tp else None) for name in SCORED_FIELDS
            },
            "fields_agreeing": {name: self.agree[name] for name in SCORED_FIELDS},
        }

"""Pairing gold and predicted entities one to one, and naming how each pair went (classify_spans)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from annotator.domain.entities import Entity
from annotator.domain.metrics import Metric
from annotator.services.evaluation.span_index import GoldIndex, entity_key

SpanKind = Literal["correct", "missed", "spurious", "wrong_label", "wrong_boundary"]
VALUE = "VALUE"  # the label of a metric's value span among the spans classify_spans pairs


def value_spans(metrics: Iterable[Metric]) -> tuple[Entity, ...]:
    """Each metric's value span as a VALUE span, so that classify_spans pairs metrics where
    their values are, as match_metrics does; implicit values have no span and are left out."""
    spans = []
    for metric in metrics:
        span = metric.value_span
        if span is not None and metric.value is not None:
            spans.append(Entity(metric.id, VALUE, span[0], span[1], metric.value.text or ""))
    return tuple(spans)


@dataclass(frozen=True)
class SpanPair:
    """A gold entity and the prediction paired with it; either side is None when unpaired."""

    gold: Entity | None
    pred: Entity | None
    kind: SpanKind

    @property
    def entity(self) -> Entity:
        """The prediction; for a missed entity, the gold one (a pair has at least one side)."""
        entity = self.pred if self.pred is not None else self.gold
        assert entity is not None, "a pair of nothing"
        return entity


def pair_spans(gold_entities: Iterable[Entity], pred_entities: Iterable[Entity]) -> list[SpanPair]:
    """Pair predictions with gold entities one to one and say how each pair went.

    Pairs are made in order of merit: same span and label (correct), same span with another label
    (wrong_label), then overlapping spans, same label first, the largest overlap first
    (wrong_boundary, whatever the labels). What is left is spurious (prediction) or missed (gold).
    The list is in text order.
    """
    gold = sorted(gold_entities, key=entity_key)
    pred = sorted(pred_entities, key=entity_key)
    free_gold = set(range(len(gold)))
    pairs: list[SpanPair] = []
    unpaired: list[Entity] = []
    by_span: dict[tuple[int, int], list[int]] = {}
    for i, entity in enumerate(gold):
        by_span.setdefault((entity.start, entity.end), []).append(i)
    # Pass 1: same span. A same-label gold entity is preferred over another one on the same span.
    for entity in pred:
        candidates = [i for i in by_span.get((entity.start, entity.end), ()) if i in free_gold]
        if not candidates:
            unpaired.append(entity)
            continue
        same = [i for i in candidates if gold[i].label == entity.label]
        chosen = (same or candidates)[0]
        free_gold.discard(chosen)
        pairs.append(SpanPair(gold[chosen], entity, "correct" if same else "wrong_label"))
    # Pass 2: overlapping spans among what is left.
    index = GoldIndex([entity_key(e) for e in gold])
    for entity in unpaired:
        best: tuple[bool, int, int] | None = None
        closest: int | None = None
        for i in index.window(entity_key(entity)):
            if i not in free_gold or not (
                entity.start < gold[i].end and gold[i].start < entity.end
            ):
                continue
            shared = min(entity.end, gold[i].end) - max(entity.start, gold[i].start)
            merit = (gold[i].label == entity.label, shared, -i)
            if best is None or merit > best:
                best, closest = merit, i
        if closest is None:
            pairs.append(SpanPair(None, entity, "spurious"))
        else:
            free_gold.discard(closest)
            pairs.append(SpanPair(gold[closest], entity, "wrong_boundary"))
    pairs.extend(SpanPair(gold[i], None, "missed") for i in sorted(free_gold))
    pairs.sort(key=lambda p: entity_key(p.entity))
    return pairs


def classify_spans(
    gold_entities: Iterable[Entity], pred_entities: Iterable[Entity]
) -> list[tuple[Entity, SpanKind]]:
    """Each prediction with how it fared, and each missed gold entity, in text order.

    Kinds: correct, wrong_label (same span), wrong_boundary (overlapping span), spurious (a
    prediction overlapping no free gold entity), missed (a gold entity; the only kind that
    carries the gold side). See `pair_spans` for the pairing.
    """
    return [(pair.entity, pair.kind) for pair in pair_spans(gold_entities, pred_entities)]

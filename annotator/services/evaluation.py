"""Scoring an extraction system's records against the gold records: entities and metrics.

Entities are scored under the four schemes of SemEval-2013 task 9 as nervaluate (1.x) defines
them, with its counting rules reproduced step by step so that the figures equal its output:
`strict` (same span and label), `exact` (same span, any label), `partial` (overlapping span, any
label, a partial match counts half) and `type` (overlapping span, same label; nervaluate's
`ent_type`). Entities are taken in text order (start, end, label) on both sides, because
nervaluate's greedy matching depends on the order of its input.

Metrics match by overlapping value spans or, for a prediction without offsets, by
(number, unit, period, place); matched pairs are then compared field by field.

The scoring functions take LayerRecords and nothing else; the loaders at the end read gold from a
JSONL file or a database layer, and predictions through the format registry.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from annotator.domain.entities import Entity
from annotator.domain.errors import InputError, ValidationError
from annotator.domain.metrics import LINK_FIELDS, SURFACE_FIELDS, Field, Metric
from annotator.domain.records import LayerRecord
from annotator.domain.segments import SegmentLabel
from annotator.domain.spans import Span
from annotator.domain.text import text_sha256
from annotator.formats import jsonl
from annotator.formats.base import ImportOptions, ReadFormat
from annotator.formats.registry import expand_paths, reader
from annotator.services.database import Database
from annotator.services.exporting import iter_layer_records

# Scheme names of the JSON output, and the key nervaluate uses for each.
SCHEMES: tuple[str, ...] = ("strict", "exact", "partial", "type")
NERVALUATE_NAMES: dict[str, str] = {"strict": "strict", "exact": "exact", "partial": "partial",
                                    "type": "ent_type"}
# nervaluate's default: an overlap counts when it covers at least 1 % of the gold span.
MIN_OVERLAP_PERCENT = 1.0
METRIC_FIELDS: tuple[str, ...] = ("number", "unit", "approx", "status", "aspect", "period",
                                  "links")
NONE_LABEL = "none"

SpanKind = Literal["correct", "missed", "spurious", "wrong_label", "wrong_boundary"]
# (start, end, label): an entity as the entity schemes see it.
_Key = tuple[int, int, str]


# -- entity schemes ---------------------------------------------------------------------------
@dataclass(slots=True)
class SchemeCounts:
    """nervaluate's five categories for one scheme; `possible` and `actual` follow from them."""

    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0

    def add(self, other: SchemeCounts) -> None:
        self.correct += other.correct
        self.incorrect += other.incorrect
        self.partial += other.partial
        self.missed += other.missed
        self.spurious += other.spurious

    @property
    def possible(self) -> int:
        return self.correct + self.incorrect + self.partial + self.missed

    @property
    def actual(self) -> int:
        return self.correct + self.incorrect + self.partial + self.spurious

    def scores(self) -> dict[str, Any]:
        """Precision, recall, F1 with nervaluate's formulas, tp/fp/fn and the raw categories.

        A partial match counts half (only the partial scheme has any), so tp = correct + partial/2,
        fp = actual - tp and fn = possible - tp; precision is tp / (tp + fp) in every scheme.
        """
        hit = self.correct + 0.5 * self.partial
        precision = hit / self.actual if self.actual > 0 else 0.0
        recall = hit / self.possible if self.possible > 0 else 0.0
        f1 = (2 * (precision * recall) / (precision + recall)
              if (precision + recall) > 0 else 0.0)
        tp: int | float = self.correct if not self.partial else hit
        return {
            "precision": precision, "recall": recall, "f1": f1,
            "tp": tp, "fp": self.actual - tp, "fn": self.possible - tp,
            "correct": self.correct, "incorrect": self.incorrect, "partial": self.partial,
            "missed": self.missed, "spurious": self.spurious,
            "possible": self.possible, "actual": self.actual,
        }


def _overlaps_enough(pred: _Key, gold: _Key) -> bool:
    # nervaluate's test, rewritten for end-exclusive offsets: the spans share a character and the
    # shared part covers at least MIN_OVERLAP_PERCENT of the gold span (same float expression).
    if pred[0] >= gold[1] or pred[1] <= gold[0]:
        return False
    shared = min(pred[1], gold[1]) - max(pred[0], gold[0])
    return (shared / (gold[1] - gold[0])) * 100.0 >= MIN_OVERLAP_PERCENT


class _GoldIndex:
    """Gold keys in text order, with the window of those a prediction can overlap."""

    __slots__ = ("keys", "starts", "longest")

    def __init__(self, keys: list[_Key]) -> None:
        self.keys = keys
        self.starts = [k[0] for k in keys]
        self.longest = max((k[1] - k[0] for k in keys), default=0)

    def window(self, pred: _Key) -> range:
        # Only gold spans starting before the prediction ends and ending after it starts can
        # overlap it; taking them in list order keeps nervaluate's first-found rule. The others
        # change nothing, so a short list is simply walked whole.
        if len(self.starts) <= 8:
            return range(len(self.starts))
        low = bisect_left(self.starts, pred[0] - self.longest + 1)
        high = bisect_left(self.starts, pred[1])
        return range(low, high)


def _score_scheme(scheme: str, index: _GoldIndex, preds: list[_Key]) -> SchemeCounts:
    """One document under one scheme, exactly as nervaluate's strategy classes count it."""
    counts = SchemeCounts()
    gold = index.keys
    matched: set[int] = set()
    for pred in preds:
        if scheme == "type":
            best = best_distance = fallback = None
            for i in index.window(pred):
                if i in matched or not _overlaps_enough(pred, gold[i]):
                    continue
                if pred[2] == gold[i][2]:
                    distance = abs(pred[0] - gold[i][0]) + abs(pred[1] - gold[i][1])
                    if best_distance is None or distance < best_distance:
                        best, best_distance = i, distance
                elif fallback is None:
                    fallback = i
            if best is not None:
                counts.correct += 1
                matched.add(best)
            elif fallback is not None:
                counts.incorrect += 1
                matched.add(fallback)
            else:
                counts.spurious += 1
            continue
        found = False
        fallback = None
        for i in index.window(pred):
            if i in matched:
                continue
            true = gold[i]
            same_span = pred[0] == true[0] and pred[1] == true[1]
            if scheme == "partial":
                if not _overlaps_enough(pred, true):
                    continue
                if same_span:
                    found = True
                elif fallback is None:
                    fallback = i
            elif same_span and (scheme == "exact" or pred[2] == true[2]):
                found = True
            elif fallback is None and _overlaps_enough(pred, true):
                fallback = i
            if found:
                counts.correct += 1
                matched.add(i)
                break
        if not found:
            if fallback is not None:
                if scheme == "partial":
                    counts.partial += 1
                else:
                    counts.incorrect += 1
                matched.add(fallback)
            else:
                counts.spurious += 1
    counts.missed = len(gold) - len(matched)
    return counts


def _keys(entities: Iterable[Entity]) -> list[_Key]:
    return sorted((e.start, e.end, e.label) for e in entities)


@dataclass
class EntityScores:
    """Summed counts per scheme, overall and per label (nervaluate's `overall` and `entities`)."""

    overall: dict[str, SchemeCounts] = field(
        default_factory=lambda: {s: SchemeCounts() for s in SCHEMES})
    per_label: dict[str, dict[str, SchemeCounts]] = field(default_factory=dict)

    def add_document(self, gold: Iterable[Entity], pred: Iterable[Entity]) -> None:
        """Score one document's entities and add the counts."""
        gold_keys, pred_keys = _keys(gold), _keys(pred)
        index = _GoldIndex(gold_keys)
        for scheme in SCHEMES:
            self.overall[scheme].add(_score_scheme(scheme, index, pred_keys))
        # Per label, nervaluate scores each label's entities on their own: a relabelled
        # prediction is spurious for its label and missed for the gold one.
        gold_by_label: dict[str, list[_Key]] = {}
        pred_by_label: dict[str, list[_Key]] = {}
        for key in gold_keys:
            gold_by_label.setdefault(key[2], []).append(key)
        for key in pred_keys:
            pred_by_label.setdefault(key[2], []).append(key)
        for label in gold_by_label.keys() | pred_by_label.keys():
            label_gold = gold_by_label.get(label, [])
            label_preds = pred_by_label.get(label, [])
            counts = self.per_label.setdefault(label, {s: SchemeCounts() for s in SCHEMES})
            if not label_gold or not label_preds:
                # Nothing to pair: every scheme counts them all missed or all spurious.
                for scheme in SCHEMES:
                    counts[scheme].missed += len(label_gold)
                    counts[scheme].spurious += len(label_preds)
                continue
            label_index = _GoldIndex(label_gold)
            strict = _score_scheme("strict", label_index, label_preds)
            # With one label on both sides, exact counts what strict counts.
            counts["strict"].add(strict)
            counts["exact"].add(strict)
            for scheme in ("partial", "type"):
                counts[scheme].add(_score_scheme(scheme, label_index, label_preds))

    def to_json(self) -> dict[str, Any]:
        """{scheme: scores} (micro), plus `per_label` {label: {scheme: scores}} and `macro`."""
        out: dict[str, Any] = {s: self.overall[s].scores() for s in SCHEMES}
        per_label = {label: {s: counts[s].scores() for s in SCHEMES}
                     for label, counts in sorted(self.per_label.items())}
        out["per_label"] = per_label
        out["macro"] = {s: _macro([per_label[label][s] for label in per_label]) for s in SCHEMES}
        return out


def _macro(rows: Sequence[dict[str, Any]]) -> dict[str, float]:
    # The unweighted mean over the labels seen on either side (as seqeval's "macro avg").
    if not rows:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    return {key: sum(r[key] for r in rows) / len(rows) for key in ("precision", "recall", "f1")}


# -- span classification (report and window) ----------------------------------------------------
@dataclass(frozen=True)
class SpanPair:
    """A gold entity and the prediction paired with it; either side is None when unpaired."""

    gold: Entity | None
    pred: Entity | None
    kind: SpanKind


def pair_spans(gold_entities: Iterable[Entity], pred_entities: Iterable[Entity]) -> list[SpanPair]:
    """Pair predictions with gold entities one to one and say how each pair went.

    Pairs are made in order of merit: same span and label (correct), same span with another label
    (wrong_label), then overlapping spans, same label first, the largest overlap first
    (wrong_boundary, whatever the labels). What is left is spurious (prediction) or missed (gold).
    The list is in text order.
    """
    gold = sorted(gold_entities, key=lambda e: (e.start, e.end, e.label))
    pred = sorted(pred_entities, key=lambda e: (e.start, e.end, e.label))
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
    index = _GoldIndex([(e.start, e.end, e.label) for e in gold])
    for entity in unpaired:
        key = (entity.start, entity.end, entity.label)
        best: tuple[bool, int, int] | None = None
        chosen = None
        for i in index.window(key):
            if i not in free_gold or not (entity.start < gold[i].end and gold[i].start < entity.end):
                continue
            shared = min(entity.end, gold[i].end) - max(entity.start, gold[i].start)
            merit = (gold[i].label == entity.label, shared, -i)
            if best is None or merit > best:
                best, chosen = merit, i
        if chosen is None:
            pairs.append(SpanPair(None, entity, "spurious"))
        else:
            free_gold.discard(chosen)
            pairs.append(SpanPair(gold[chosen], entity, "wrong_boundary"))
    pairs.extend(SpanPair(gold[i], None, "missed") for i in sorted(free_gold))
    pairs.sort(key=lambda p: _entity_order(p.pred or p.gold))  # type: ignore[arg-type]
    return pairs


def _entity_order(entity: Entity) -> tuple[int, int, str]:
    return entity.start, entity.end, entity.label


def classify_spans(gold_entities: Iterable[Entity],
                   pred_entities: Iterable[Entity]) -> list[tuple[Entity, SpanKind]]:
    """Each prediction with how it fared, and each missed gold entity, in text order.

    Kinds: correct, wrong_label (same span), wrong_boundary (overlapping span), spurious (a
    prediction overlapping no free gold entity), missed (a gold entity; the only kind that
    carries the gold side). See `pair_spans` for the pairing.
    """
    return [(pair.pred if pair.pred is not None else pair.gold, pair.kind)  # type: ignore[misc]
            for pair in pair_spans(gold_entities, pred_entities)]


# -- metrics ------------------------------------------------------------------------------------
def numbers_agree(gold: int | float | None, pred: int | float | None, tolerance: float) -> bool:
    """Whether a predicted number is within `tolerance` of the gold one, relative to the gold.

    |pred - gold| <= tolerance * |gold|; tolerance 0 means equal. Two missing numbers agree.
    """
    if gold is None or pred is None:
        return gold is None and pred is None
    if tolerance == 0:
        return pred == gold
    return abs(pred - gold) <= tolerance * abs(gold)


def _normalised(value: Field | None) -> str | None:
    if value is None:
        return None
    return value.normalized if value.normalized is not None else value.text


def _high(metric: Metric) -> int | float | None:
    return metric.value_high.number if metric.value_high is not None else None


_LinkKey = tuple[str, int, int] | None


def _links(metric: Metric, entities: dict[str, Entity]) -> tuple[_LinkKey, _LinkKey, _LinkKey]:
    # Linked entities are compared by label and span: ids differ between systems.
    out: list[_LinkKey] = []
    for name in ("place", "org", "subject"):
        target = entities.get(getattr(metric, name) or "")
        out.append((target.label, target.start, target.end) if target is not None else None)
    return out[0], out[1], out[2]


def _field_agreement(gold: Metric, pred: Metric, gold_entities: dict[str, Entity],
                     pred_entities: dict[str, Entity], tolerance: float) -> dict[str, bool]:
    return {
        "number": numbers_agree(gold.number, pred.number, tolerance)
        and numbers_agree(_high(gold), _high(pred), tolerance),
        "unit": _normalised(gold.unit) == _normalised(pred.unit),
        "approx": gold.approx == pred.approx,
        "status": gold.status == pred.status,
        "aspect": gold.aspect == pred.aspect,
        "period": _normalised(gold.period) == _normalised(pred.period),
        "links": _links(gold, gold_entities) == _links(pred, pred_entities),
    }


def _value_span(metric: Metric) -> tuple[int, int] | None:
    value = metric.value
    if value is None or value.start is None or value.end is None or value.implicit:
        return None
    return value.start, value.end


def _same_key(gold: Metric, pred: Metric, gold_entities: dict[str, Entity],
              pred_entities: dict[str, Entity], tolerance: float) -> bool:
    # The identity of a fact without offsets: (number, unit, period, place).
    return (numbers_agree(gold.number, pred.number, tolerance)
            and _normalised(gold.unit) == _normalised(pred.unit)
            and _normalised(gold.period) == _normalised(pred.period)
            and _links(gold, gold_entities)[0] == _links(pred, pred_entities)[0])


@dataclass(frozen=True)
class MetricPair:
    """A gold metric and the predicted one matched to it, with which fields agree."""

    gold: Metric
    pred: Metric
    fields: dict[str, bool]


def match_metrics(gold: Sequence[Metric], pred: Sequence[Metric], gold_entities: dict[str, Entity],
                  pred_entities: dict[str, Entity], tolerance: float = 0.0,
                  ) -> tuple[list[MetricPair], list[Metric], list[Metric]]:
    """(matched pairs, missed gold metrics, spurious predictions), one to one.

    A prediction with a value span takes the free gold metric whose value span overlaps it most;
    one without offsets takes the first free gold metric with the same (number, unit, period,
    place).
    """
    free = list(range(len(gold)))
    pairs: list[MetricPair] = []
    spurious: list[Metric] = []
    ordered = sorted(pred, key=lambda m: (_value_span(m) is None, _value_span(m) or (0, 0)))
    for metric in ordered:
        span = _value_span(metric)
        chosen = None
        if span is not None:
            best = 0
            for i in free:
                other = _value_span(gold[i])
                if other is None:
                    continue
                shared = min(span[1], other[1]) - max(span[0], other[0])
                if shared > best:
                    best, chosen = shared, i
        else:
            chosen = next((i for i in free if _same_key(gold[i], metric, gold_entities,
                                                        pred_entities, tolerance)), None)
        if chosen is None:
            spurious.append(metric)
            continue
        free.remove(chosen)
        pairs.append(MetricPair(gold[chosen], metric, _field_agreement(
            gold[chosen], metric, gold_entities, pred_entities, tolerance)))
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
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": precision, "recall": recall, "f1": f1,
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "matched": self.tp,
            # Accuracy over matched pairs; null when nothing matched.
            "fields": {name: (self.agree[name] / self.tp if self.tp else None)
                       for name in METRIC_FIELDS},
            "fields_agreeing": {name: self.agree[name] for name in METRIC_FIELDS},
        }


# -- errors for the report ----------------------------------------------------------------------
ErrorKind = Literal["missed", "spurious", "wrong_label", "wrong_boundary", "wrong_field"]
CONTEXT_CHARS = 60
_SENTENCE_ENDS = "。！？!?\n"


def sentence_context(text: str, start: int, end: int,
                     limit: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """(before, span, after): the sentence around a span, at most `limit` characters each side."""
    low = max(0, start - limit)
    high = min(len(text), end + limit)
    # Search short slices: much cheaper than bounded searches of a long text.
    head, tail = text[low:start], text[end:high]
    left = max(head.rfind(mark) for mark in _SENTENCE_ENDS)
    found = [i for i in (tail.find(mark) for mark in _SENTENCE_ENDS) if i >= 0]
    if found:
        cut = min(found)
        # Keep the full stop with its sentence, but not the newline.
        tail = tail[:cut + 1] if tail[cut] != "\n" else tail[:cut]
    return head[left + 1:] if left >= 0 else head, text[start:end], tail


@dataclass(frozen=True)
class ErrorCase:
    """One error as the report lists it: where, what kind, what gold and the system said."""

    doc_id: str
    target: Literal["entity", "metric"]
    kind: ErrorKind
    gold: str
    pred: str
    field: str = ""
    # (before, marked, after) around the span in question; None for a prediction without offsets.
    context: tuple[str, str, str] | None = None
    position: int = 0


def describe_entity(entity: Entity | None) -> str:
    """`PLACE 浏阳市 [70, 73)`; empty for no entity."""
    if entity is None:
        return ""
    return f"{entity.label} {entity.text} [{entity.start}, {entity.end})"


def describe_metric(metric: Metric) -> str:
    """`停车位 14000 = 14000 个`: indicator, value as written, normalised number and unit."""
    indicator = ""
    if metric.indicator is not None:
        indicator = metric.indicator.text or metric.indicator.normalized or ""
    value = metric.value.text if metric.value and metric.value.text else ""
    number = _field_text(metric, "number", {})
    unit = _normalised(metric.unit) or ""
    return " ".join(part for part in (indicator, value, f"= {number} {unit}".rstrip()) if part)


def _field_text(metric: Metric, name: str, entities: dict[str, Entity]) -> str:
    if name == "number":
        low, high = metric.number, _high(metric)
        return "—" if low is None else (f"{low}–{high}" if high is not None else f"{low}")
    if name in ("unit", "period"):
        return _normalised(getattr(metric, name)) or "—"
    if name == "links":
        parts = []
        for link in ("place", "org", "subject"):
            target = entities.get(getattr(metric, link) or "")
            parts.append(f"{link} {describe_entity(target) or '—'}")
        return "; ".join(parts)
    raw = getattr(metric, name)
    return raw.value if raw is not None else "—"


def _metric_context(text: str, metric: Metric) -> tuple[str, str, str] | None:
    span = _value_span(metric)
    return sentence_context(text, *span) if span is not None else None


# -- documents and the whole evaluation -------------------------------------------------------
@dataclass(frozen=True)
class Sourced:
    """A record and where it came from (file and line or record name), for error messages."""

    location: str
    record: LayerRecord


@dataclass
class Evaluation:
    """Everything an evaluation found: the figures (see `to_json`), the errors, the documents."""

    tolerance: float = 0.0
    entities: EntityScores = field(default_factory=EntityScores)
    metrics: MetricScores = field(default_factory=MetricScores)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[ErrorCase] = field(default_factory=list)
    scored: int = 0
    gold_only: list[str] = field(default_factory=list)
    pred_only: list[str] = field(default_factory=list)
    matched_by_text: list[tuple[str, str]] = field(default_factory=list)
    excluded: Counter[str] = field(default_factory=Counter)
    sources: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The figures as the `--json` output prints them (also what the HTML report shows)."""
        seen = {g for g, _ in self.confusion} | {p for _, p in self.confusion}
        labels = sorted(seen - {NONE_LABEL}) + [NONE_LABEL]
        return {
            "entities": self.entities.to_json(),
            "metrics": self.metrics.to_json(),
            "documents": {
                "scored": self.scored,
                "gold_only": sorted(self.gold_only),
                "pred_only": sorted(self.pred_only),
                "matched_by_text": [{"pred": p, "gold": g} for p, g in self.matched_by_text],
            },
            "duplicates_excluded": {key: self.excluded[key] for key in
                                    ("gold_entities", "pred_entities", "gold_metrics",
                                     "pred_metrics")},
            "confusion": {
                "labels": labels,
                "counts": {g: {p: self.confusion[(g, p)] for p in labels
                               if self.confusion[(g, p)]}
                           for g in labels},
            },
            "errors": dict(sorted(Counter(f"{e.target}:{e.kind}" for e in self.errors).items())),
            "settings": {"tolerance": self.tolerance, "tolerance_kind": "relative",
                         **self.sources},
        }

    # -- one document -------------------------------------------------------------------
    def add_document(self, gold: LayerRecord, pred: LayerRecord) -> None:
        """Score one document (both records are of the same text) and collect its errors."""
        self.scored += 1
        text = gold.document.text
        doc_id = gold.document.doc_id
        regions = sorted((s.start, s.end) for s in gold.segments
                         if s.label == SegmentLabel.DUPLICATE)
        gold_entities = self._kept(gold.entities, regions, "gold_entities")
        pred_entities = self._kept(pred.entities, regions, "pred_entities")
        self.entities.add_document(gold_entities, pred_entities)
        for pair in pair_spans(gold_entities, pred_entities):
            self.confusion[(pair.gold.label if pair.gold else NONE_LABEL,
                            pair.pred.label if pair.pred else NONE_LABEL)] += 1
            if pair.kind == "correct":
                continue
            shown = pair.gold if pair.kind == "missed" else pair.pred
            assert shown is not None
            self.errors.append(ErrorCase(
                doc_id, "entity", pair.kind, describe_entity(pair.gold),
                describe_entity(pair.pred), "",
                sentence_context(text, shown.start, shown.end), shown.start))
        self._add_metrics(doc_id, text, gold, pred, regions)

    def _kept(self, entities: Sequence[Entity], regions: list[tuple[int, int]],
              counter: str) -> list[Entity]:
        if not regions:
            return list(entities)
        kept = [e for e in entities if not _inside(e.start, e.end, regions)]
        self.excluded[counter] += len(entities) - len(kept)
        return kept

    def _add_metrics(self, doc_id: str, text: str, gold: LayerRecord, pred: LayerRecord,
                     regions: list[tuple[int, int]]) -> None:
        gold_by_id = {e.id: e for e in gold.entities}
        pred_by_id = {e.id: e for e in pred.entities}
        # A repeated fact counts once: gold metrics marked duplicate_of or inside a DUPLICATE
        # paragraph are set aside, and so is whatever the system said about them.
        kept_gold: list[Metric] = []
        repeated: list[Metric] = []
        for metric in gold.metrics:
            span = _value_span(metric)
            if metric.duplicate_of is not None or (span and _inside(*span, regions)):
                repeated.append(metric)
            else:
                kept_gold.append(metric)
        kept_pred = []
        for metric in pred.metrics:
            span = _value_span(metric)
            if span and _inside(*span, regions):
                self.excluded["pred_metrics"] += 1
            else:
                kept_pred.append(metric)
        self.excluded["gold_metrics"] += len(repeated)
        pairs, missed, spurious = match_metrics(kept_gold, kept_pred, gold_by_id, pred_by_id,
                                                self.tolerance)
        if repeated and spurious:
            # A prediction of a set-aside repeat is neither rewarded nor punished.
            _, _, spurious_after = match_metrics(repeated, spurious, gold_by_id, pred_by_id,
                                                 self.tolerance)
            self.excluded["pred_metrics"] += len(spurious) - len(spurious_after)
            spurious = spurious_after
        self.metrics.tp += len(pairs)
        self.metrics.fn += len(missed)
        self.metrics.fp += len(spurious)
        for metric in missed:
            self.errors.append(ErrorCase(doc_id, "metric", "missed", describe_metric(metric), "",
                                         "", _metric_context(text, metric), _position(metric)))
        for metric in spurious:
            self.errors.append(ErrorCase(doc_id, "metric", "spurious", "",
                                         describe_metric(metric), "",
                                         _metric_context(text, metric), _position(metric)))
        for pair in pairs:
            for name, agrees in pair.fields.items():
                if agrees:
                    self.metrics.agree[name] += 1
                    continue
                self.errors.append(ErrorCase(
                    doc_id, "metric", "wrong_field",
                    f"{describe_metric(pair.gold)}: {_field_text(pair.gold, name, gold_by_id)}",
                    _field_text(pair.pred, name, pred_by_id), name,
                    _metric_context(text, pair.pred) or _metric_context(text, pair.gold),
                    _position(pair.gold)))


def _inside(start: int, end: int, regions: list[tuple[int, int]]) -> bool:
    # Regions are few (repeated paragraphs); a linear scan is enough.
    return any(low <= start and end <= high for low, high in regions)


def _position(metric: Metric) -> int:
    span = _value_span(metric)
    return span[0] if span is not None else 0


def evaluate(gold: Iterable[Sourced], pred: Iterable[Sourced], tolerance: float = 0.0,
             missing_as_empty: bool = False) -> Evaluation:
    """Score predictions against gold records, paired by doc_id (or by text when ids differ).

    A prediction whose doc_id names a gold document with another text is refused (InputError
    naming the document). A prediction whose doc_id is unknown but whose text equals an
    otherwise unpaired gold document's text is scored against it and listed in
    `matched_by_text`. Documents on one side only are listed, not scored, unless
    `missing_as_empty` scores gold-only documents as if the system found nothing.
    """
    if tolerance < 0:
        raise InputError(f"the tolerance must be 0 or more, got {tolerance}")
    evaluation = Evaluation(tolerance=tolerance)
    gold_by_id: dict[str, Sourced] = {}
    gold_sha: dict[str, str] = {}
    gold_by_sha: dict[str, str] = {}
    for item in gold:
        _check(item)
        doc = item.record.document
        if doc.doc_id in gold_by_id:
            raise InputError(f"document {doc.doc_id!r} appears twice in the gold data "
                             f"(also at {gold_by_id[doc.doc_id].location})", item.location)
        gold_by_id[doc.doc_id] = item
        gold_sha[doc.doc_id] = text_sha256(doc.text)
        gold_by_sha.setdefault(gold_sha[doc.doc_id], doc.doc_id)
    done: dict[str, str] = {}
    unpaired: list[tuple[Sourced, str]] = []
    for item in pred:
        doc = item.record.document
        sha = text_sha256(doc.text)
        target = gold_by_id.get(doc.doc_id)
        if target is None:
            unpaired.append((item, sha))
            continue
        if sha != gold_sha[doc.doc_id]:
            raise InputError(
                f"the prediction for document {doc.doc_id!r} has a different text than the gold "
                f"(text_sha256 {sha[:12]}… against {gold_sha[doc.doc_id][:12]}… at {target.location}); its "
                "offsets cannot be compared. Predict on the exported gold texts.", item.location)
        _pair(evaluation, done, target, item)
    for item, sha in unpaired:
        gold_id = gold_by_sha.get(sha)
        if gold_id is None or gold_id in done:
            evaluation.pred_only.append(item.record.document.doc_id)
            continue
        evaluation.matched_by_text.append((item.record.document.doc_id, gold_id))
        _pair(evaluation, done, gold_by_id[gold_id], item)
    for doc_id, item in gold_by_id.items():
        if doc_id in done:
            continue
        evaluation.gold_only.append(doc_id)
        if missing_as_empty:
            evaluation.add_document(item.record, LayerRecord(item.record.document))
    evaluation.errors.sort(key=lambda e: (e.doc_id, e.position, e.target, e.kind))
    return evaluation


def _pair(evaluation: Evaluation, done: dict[str, str], gold: Sourced, pred: Sourced) -> None:
    gold_id = gold.record.document.doc_id
    if gold_id in done:
        raise InputError(f"the predictions hold document {gold_id!r} twice "
                         f"(also at {done[gold_id]})", pred.location)
    _check(pred)
    done[gold_id] = pred.location
    evaluation.add_document(gold.record, pred.record)


def _check(item: Sourced) -> None:
    # Offsets must point into the text and links at entities of the record, or the figures
    # would be wrong; a wrong label or a link to the wrong kind of entity is merely scored.
    record = item.record
    text = record.document.text
    ids = {e.id for e in record.entities}
    try:
        for entity in record.entities:
            if not (0 <= entity.start < entity.end <= len(text)
                    and text[entity.start:entity.end] == entity.text):
                entity.span.check(text, f"entity {entity.id}")  # says what is wrong
        for segment in record.segments:
            segment.span.check(text, f"segment {segment.id}")
        for metric in record.metrics:
            for name in SURFACE_FIELDS:
                value = getattr(metric, name)
                if value is None or value.start is None or value.end is None \
                        or value.text is None:
                    continue
                if not (0 <= value.start < value.end <= len(text)
                        and text[value.start:value.end] == value.text):
                    Span(value.start, value.end, value.text).check(
                        text, f"metric {metric.id}.{name}")
            for name in LINK_FIELDS:
                target = getattr(metric, name)
                if target is not None and target not in ids:
                    raise ValidationError(f"metric {metric.id}.{name}",
                                          f"links to {target!r}, which is not an entity of "
                                          "this document")
    except ValidationError as error:
        raise InputError(f"document {record.document.doc_id!r}: {error}", item.location) from error


# -- loaders -------------------------------------------------------------------------------------
def _located(path: Path, records: Iterator[tuple[int | str | None, LayerRecord]]
             ) -> Iterator[Sourced]:
    for location, record in records:
        yield Sourced(f"{path}:{location}" if location is not None else str(path), record)


def read_gold_file(path: Path) -> Iterator[Sourced]:
    """Gold records from a JSONL export (any layer name; one record per document)."""
    return _located(path, jsonl.read_records(path))


def read_gold_layer(database: Database, layer: str = "gold") -> Iterator[Sourced]:
    """Gold records from a database layer: the documents on which the layer has annotations."""
    for record in iter_layer_records(database, layer, include_empty=False):
        yield Sourced(f"{database.describe()} layer {layer} document {record.document.doc_id}",
                      record)


def read_predictions(path: Path, fmt: str = "auto") -> Iterator[Sourced]:
    """A system's records through the format registry's readers; a folder is walked.

    `auto` picks each file's reader by its suffix. Plain text files carry no predictions and are
    skipped (a brat folder holds a .txt beside each .ann).
    """
    if fmt != "auto":
        reader(fmt)  # an unknown name is refused before any file is read
    files = [(file, chosen) for file, chosen in expand_paths([path], fmt) if chosen.name != "txt"]
    if not files:
        raise InputError("holds no predictions in a known format; name the format with "
                         "--pred-format", str(path))
    return _read_all(files)


def _read_all(files: list[tuple[Path, ReadFormat]]) -> Iterator[Sourced]:
    for file, chosen in files:
        yield from _located(file, chosen.read(file, ImportOptions()))

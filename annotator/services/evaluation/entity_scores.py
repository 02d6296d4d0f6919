"""Entity scores under nervaluate's four schemes: micro, per label and macro averages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.domain.entities import Entity
from annotator.services.evaluation.figures import precision_recall_f1
from annotator.services.evaluation.span_index import EntityKey, GoldIndex, entity_key

# The schemes of SemEval-2013 task 9 as nervaluate (1.x) defines them, with its counting rules
# reproduced step by step so that the figures equal its output: `strict` (same span and label),
# `exact` (same span, any label), `partial` (overlapping span, any label, a partial match counts
# half) and `type` (overlapping span, same label; nervaluate's `ent_type`). Entities are taken in
# text order (start, end, label) on both sides, because nervaluate's greedy matching depends on
# the order of its input.
# Scheme names of the JSON output, and the key nervaluate uses for each.
SCHEMES: tuple[str, ...] = ("strict", "exact", "partial", "type")
NERVALUATE_NAMES: dict[str, str] = {
    "strict": "strict",
    "exact": "exact",
    "partial": "partial",
    "type": "ent_type",
}
# nervaluate's default: an overlap counts when it covers at least 1 % of the gold span.
MIN_OVERLAP_PERCENT = 1.0


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
        precision, recall, f1 = precision_recall_f1(hit, self.actual, self.possible)
        tp: int | float = self.correct if not self.partial else hit
        return {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "tp": tp,
            "fp": self.actual - tp,
            "fn": self.possible - tp,
            "correct": self.correct,
            "incorrect": self.incorrect,
            "partial": self.partial,
            "missed": self.missed,
            "spurious": self.spurious,
            "possible": self.possible,
            "actual": self.actual,
        }


def _all_schemes() -> dict[str, SchemeCounts]:
    return {s: SchemeCounts() for s in SCHEMES}


def _overlaps_enough(pred: EntityKey, gold: EntityKey) -> bool:
    # nervaluate's test, rewritten for end-exclusive offsets: the spans share a character and the
    # shared part covers at least MIN_OVERLAP_PERCENT of the gold span (same float expression).
    if pred[0] >= gold[1] or pred[1] <= gold[0]:
        return False
    shared = min(pred[1], gold[1]) - max(pred[0], gold[0])
    return (shared / (gold[1] - gold[0])) * 100.0 >= MIN_OVERLAP_PERCENT


def _score_type(index: GoldIndex, preds: list[EntityKey]) -> SchemeCounts:
    """nervaluate's `ent_type`: the nearest overlapping same-label gold, else any overlapping one."""
    counts = SchemeCounts()
    gold = index.keys
    matched: set[int] = set()
    for pred in preds:
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
    counts.missed = len(gold) - len(matched)
    return counts


def _score_scheme(scheme: str, index: GoldIndex, preds: list[EntityKey]) -> SchemeCounts:
    """One document under one scheme, exactly as nervaluate's strategy classes count it."""
    if scheme == "type":
        return _score_type(index, preds)
    counts = SchemeCounts()
    gold = index.keys
    matched: set[int] = set()
    for pred in preds:
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


def _by_label(keys: list[EntityKey]) -> dict[str, list[EntityKey]]:
    out: dict[str, list[EntityKey]] = {}
    for key in keys:
        out.setdefault(key[2], []).append(key)
    return out


@dataclass
class EntityScores:
    """Summed counts per scheme, overall and per label (nervaluate's `overall` and `entities`)."""

    overall: dict[str, SchemeCounts] = field(default_factory=_all_schemes)
    per_label: dict[str, dict[str, SchemeCounts]] = field(default_factory=dict)

    def add_document(self, gold: Iterable[Entity], pred: Iterable[Entity]) -> None:
        """Score one document's entities and add the counts."""
        gold_keys = sorted(map(entity_key, gold))
        pred_keys = sorted(map(entity_key, pred))
        index = GoldIndex(gold_keys)
        for scheme in SCHEMES:
            self.overall[scheme].add(_score_scheme(scheme, index, pred_keys))
        # Per label, nervaluate scores each label's entities on their own: a relabelled
        # prediction is spurious for its label and missed for the gold one.
        gold_by_label, pred_by_label = _by_label(gold_keys), _by_label(pred_keys)
        for label in gold_by_label.keys() | pred_by_label.keys():
            label_gold = gold_by_label.get(label, [])
            label_preds = pred_by_label.get(label, [])
            counts = self.per_label.setdefault(label, _all_schemes())
            if not label_gold or not label_preds:
                # Nothing to pair: every scheme counts them all missed or all spurious.
                for scheme in SCHEMES:
                    counts[scheme].missed += len(label_gold)
                    counts[scheme].spurious += len(label_preds)
                continue
            label_index = GoldIndex(label_gold)
            strict = _score_scheme("strict", label_index, label_preds)
            # With one label on both sides, exact counts what strict counts.
            counts["strict"].add(strict)
            counts["exact"].add(strict)
            for scheme in ("partial", "type"):
                counts[scheme].add(_score_scheme(scheme, label_index, label_preds))

    def to_json(self) -> dict[str, Any]:
        """{scheme: scores} (micro), plus `per_label` {label: {scheme: scores}} and `macro`."""
        out: dict[str, Any] = {s: self.overall[s].scores() for s in SCHEMES}
        per_label = {
            label: {s: counts[s].scores() for s in SCHEMES}
            for label, counts in sorted(self.per_label.items())
        }
        out["per_label"] = per_label
        out["macro"] = {s: _macro([per_label[label][s] for label in per_label]) for s in SCHEMES}
        return out


def _macro(rows: Sequence[dict[str, Any]]) -> dict[str, float]:
    # The unweighted mean over the labels seen on either side (as seqeval's "macro avg").
    if not rows:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    return {key: sum(r[key] for r in rows) / len(rows) for key in ("precision", "recall", "f1")}

"""Evaluation: one run's figures, errors and document lists, filled a document pair at a time."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from annotator.domain.records import LayerRecord
from annotator.services.evaluation.duplicates import (
    Regions,
    drop_predicted_repeats,
    duplicate_regions,
    split_entities,
    split_metrics,
)
from annotator.services.evaluation.entity_scores import EntityScores
from annotator.services.evaluation.error_cases import (
    ErrorCase,
    entity_error,
    field_error,
    metric_error,
)
from annotator.services.evaluation.metric_scores import MetricScores, match_metrics
from annotator.services.evaluation.spans import pair_spans

NONE_LABEL = "none"
EXCLUDED_KEYS: tuple[str, ...] = ("gold_entities", "pred_entities", "gold_metrics", "pred_metrics")


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
            "duplicates_excluded": {key: self.excluded[key] for key in EXCLUDED_KEYS},
            "confusion": {
                "labels": labels,
                "counts": {
                    g: {p: self.confusion[(g, p)] for p in labels if self.confusion[(g, p)]}
                    for g in labels
                },
            },
            "errors": dict(sorted(Counter(f"{e.target}:{e.kind}" for e in self.errors).items())),
            "settings": {"tolerance": self.tolerance, "tolerance_kind": "relative", **self.sources},
        }

    def add_document(self, gold: LayerRecord, pred: LayerRecord) -> None:
        """Score one document (both records are of the same text) and collect its errors."""
        self.scored += 1
        text = gold.document.text
        doc_id = gold.document.doc_id
        regions = duplicate_regions(gold)
        gold_entities, dropped_gold = split_entities(gold.entities, regions)
        pred_entities, dropped_pred = split_entities(pred.entities, regions)
        self.excluded["gold_entities"] += dropped_gold
        self.excluded["pred_entities"] += dropped_pred
        self.entities.add_document(gold_entities, pred_entities)
        for pair in pair_spans(gold_entities, pred_entities):
            self.confusion[
                (
                    pair.gold.label if pair.gold else NONE_LABEL,
                    pair.pred.label if pair.pred else NONE_LABEL,
                )
            ] += 1
            if pair.kind != "correct":
                self.errors.append(entity_error(doc_id, text, pair.kind, pair.gold, pair.pred))
        self._add_metrics(doc_id, text, gold, pred, regions)

    def _add_metrics(
        self, doc_id: str, text: str, gold: LayerRecord, pred: LayerRecord, regions: Regions
    ) -> None:
        gold_by_id = {e.id: e for e in gold.entities}
        pred_by_id = {e.id: e for e in pred.entities}
        # A repeated fact counts once: gold metrics marked duplicate_of or inside a DUPLICATE
        # paragraph are set aside, and so is whatever the system said about them.
        kept_gold, repeated = split_metrics(gold.metrics, regions, gold=True)
        kept_pred, in_regions = split_metrics(pred.metrics, regions, gold=False)
        self.excluded["pred_metrics"] += len(in_regions)
        self.excluded["gold_metrics"] += len(repeated)
        pairs, missed, spurious = match_metrics(
            kept_gold, kept_pred, gold_by_id, pred_by_id, self.tolerance
        )
        # A prediction of a set-aside repeat is neither rewarded nor punished.
        left = drop_predicted_repeats(repeated, spurious, gold_by_id, pred_by_id, self.tolerance)
        self.excluded["pred_metrics"] += len(spurious) - len(left)
        spurious = left
        self.metrics.tp += len(pairs)
        self.metrics.fn += len(missed)
        self.metrics.fp += len(spurious)
        self.errors.extend(metric_error(doc_id, text, "missed", m) for m in missed)
        self.errors.extend(metric_error(doc_id, text, "spurious", m) for m in spurious)
        for pair in pairs:
            for name, agrees in pair.fields.items():
                if agrees:
                    self.metrics.agree[name] += 1
                else:
                    self.errors.append(
                        field_error(
                            doc_id, text, name, pair.gold, pair.pred, gold_by_id, pred_by_id
                        )
                    )

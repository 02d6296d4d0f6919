"""Agreement reports: pairwise and all-annotator figures, per document and overall, as JSON."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.services.agreement.character_agreement import (
    aligned,
    alpha_from_coincidences,
    char_runs,
    coincidences,
    kappa,
)
from annotator.services.agreement.entity_agreement import entity_matches
from annotator.services.agreement.inputs import DocumentAnnotations
from annotator.services.agreement.loading import load_annotations
from annotator.services.agreement.matching import Counts
from annotator.services.agreement.metric_agreement import (
    AGREEMENT_FIELDS,
    field_agreement,
    pair_metrics,
)
from annotator.services.streaming import cyclic_gc_paused
from annotator.store.database import Database

Runs = Mapping[str, list[tuple[int, int, str]]]
# The figures of a pair that are also given for each document.
_PER_DOCUMENT = ("entity_f1_exact", "entity_f1_overlap", "kappa_char", "metric_f1")


@dataclass
class PairFigures:
    """What two annotators agree on, pooled over some documents."""

    exact: dict[str, Counts] = field(default_factory=dict)
    overlap: dict[str, Counts] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    metrics: Counts = field(default_factory=Counts)
    fields: Counter[str] = field(default_factory=Counter)
    documents: int = 0

    def add(self, other: PairFigures) -> None:
        for mine, theirs in ((self.exact, other.exact), (self.overlap, other.overlap)):
            for label, counts in theirs.items():
                mine[label] = mine.get(label, Counts()) + counts
        self.confusion.update(other.confusion)
        self.metrics = self.metrics + other.metrics
        self.fields.update(other.fields)
        self.documents += other.documents

    @staticmethod
    def _total(by_label: Mapping[str, Counts]) -> Counts:
        return sum(by_label.values(), Counts())

    def summary(self) -> dict[str, Any]:
        paired = self.metrics.matched
        exact = self._total(self.exact)
        return {
            "documents": self.documents,
            "entity_f1_exact": exact.f1,
            "entity_f1_overlap": self._total(self.overlap).f1,
            "kappa_char": kappa(self.confusion),
            "metric_f1": self.metrics.f1,
            "entities_a": exact.a,
            "entities_b": exact.b,
            "metrics_a": self.metrics.a,
            "metrics_b": self.metrics.b,
            "metrics_paired": paired,
            "metric_fields": {
                name: (self.fields[name] / paired if paired else None) for name in AGREEMENT_FIELDS
            },
        }

    def label_confusion(self) -> dict[str, dict[str, int]]:
        """Characters by A's label and B's label (O: outside any entity)."""
        table: dict[str, dict[str, int]] = {}
        for (x, y), count in sorted(self.confusion.items()):
            table.setdefault(x, {})[y] = int(count)
        return table

    def labels(self) -> dict[str, dict[str, Any]]:
        return {
            label: {
                "exact": self.exact[label].f1,
                "overlap": self.overlap[label].f1,
                "a": self.exact[label].a,
                "b": self.exact[label].b,
            }
            for label in sorted(self.exact)
        }


def _runs(doc: DocumentAnnotations, layers: Iterable[str]) -> dict[str, list[tuple[int, int, str]]]:
    """The character runs of each of `layers` that the document counts for."""
    return {
        layer: char_runs(doc.layers[layer].entities, doc.length)
        for layer in layers
        if layer in doc.layers
    }


def compare_documents(
    doc: DocumentAnnotations, a: str, b: str, runs: Runs | None = None
) -> PairFigures:
    """Everything two annotators agree on in one document (`runs`: their char_runs, if known)."""
    ann_a, ann_b = doc.layers[a], doc.layers[b]
    figures = PairFigures(documents=1)
    figures.exact, figures.overlap = entity_matches(ann_a.entities, ann_b.entities)
    if runs is None:
        runs = _runs(doc, (a, b))
    for weight, (x, y) in aligned([runs[a], runs[b]]):
        figures.confusion[(x, y)] += weight
    pairs = pair_metrics(ann_a.metrics, ann_b.metrics)
    figures.metrics = Counts(len(pairs), len(ann_a.metrics), len(ann_b.metrics))
    by_id_a = {e.id: e for e in ann_a.entities}
    by_id_b = {e.id: e for e in ann_b.entities}
    for metric_a, metric_b in pairs:
        for name, same in field_agreement(metric_a, metric_b, by_id_a, by_id_b).items():
            figures.fields[name] += int(same)
    return figures


def document_alpha(
    doc: DocumentAnnotations, runs: Runs | None = None
) -> list[tuple[int, tuple[str, ...]]]:
    """The character units of one document: (run length, labels of its annotators)."""
    if runs is None:
        runs = _runs(doc, doc.layers)
    return aligned(list(runs.values())) if len(runs) >= 2 else []


@dataclass(frozen=True)
class AgreementReport:
    """Pairwise and all-annotator figures, overall and per document."""

    layers: tuple[str, ...]
    pairs: tuple[dict[str, Any], ...]
    alpha_char: float | None
    alpha_documents: int
    alpha_by_document: dict[str, float | None]
    done_only: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "layers": list(self.layers),
            "documents_counted": "done" if self.done_only else "in_progress or done",
            "pairs": list(self.pairs),
            "alpha_char": self.alpha_char,
            "alpha_documents": self.alpha_documents,
            "alpha_by_document": self.alpha_by_document,
        }


def agreement_report(
    layers: Sequence[str], documents: Iterable[DocumentAnnotations], done_only: bool = False
) -> AgreementReport:
    """Every pair of `layers` on the documents both annotated, and alpha over all of them."""
    pair_names = list(itertools.combinations(layers, 2))
    overall = {pair: PairFigures() for pair in pair_names}
    per_document: dict[tuple[str, str], list[dict[str, Any]]] = {p: [] for p in pair_names}
    pooled: defaultdict[tuple[str, str], float] = defaultdict(float)
    by_document: dict[str, float | None] = {}
    for doc in documents:
        # Each annotator's character runs are computed once and shared by pairs and alpha.
        runs = _runs(doc, layers)
        for a, b in pair_names:
            if a in runs and b in runs:
                figures = compare_documents(doc, a, b, runs)
                overall[(a, b)].add(figures)
                summary = figures.summary()
                per_document[(a, b)].append(
                    {"doc_id": doc.doc_id, **{k: summary[k] for k in _PER_DOCUMENT}}
                )
        if len(runs) >= 2:
            table = coincidences(document_alpha(doc, runs))
            for pair, weight in table.items():
                pooled[pair] += weight
            by_document[doc.doc_id] = alpha_from_coincidences(table)
    pairs = tuple(
        {
            "a": a,
            "b": b,
            **overall[(a, b)].summary(),
            "labels": overall[(a, b)].labels(),
            "confusion": overall[(a, b)].label_confusion(),
            "per_document": per_document[(a, b)],
        }
        for a, b in pair_names
    )
    return AgreementReport(
        tuple(layers),
        pairs,
        alpha_from_coincidences(pooled),
        len(by_document),
        by_document,
        done_only,
    )


def compute_agreement(
    database: Database,
    layers: Sequence[str] | None = None,
    doc_ids: Sequence[str] | None = None,
    done_only: bool = False,
) -> AgreementReport:
    """Agreement of the annotator layers of a database (see `agreement.loading` for which
    documents count)."""
    with cyclic_gc_paused():  # many small objects, no cycles: see services.streaming
        chosen, documents = load_annotations(database, layers, doc_ids, done_only)
        return agreement_report(chosen, documents, done_only)

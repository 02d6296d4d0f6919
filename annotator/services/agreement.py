"""Inter-annotator agreement: entity F1, character-level kappa and alpha, metric pairing.

Which documents count: a document counts for an annotator when their status for it is
`in_progress` or `done`, or still `new` but with annotations (an imported layer carries no
status); with `done_only`, only `done`. An untouched document and a `skipped` one (judged not
annotatable) say nothing about agreement. A pair of annotators is
compared on the documents that count for both; Krippendorff's alpha takes every document that
counts for at least two annotators, an annotator who did not annotate a document being missing.

Characters are labelled with the label of the outermost entity that covers them (the longest;
on a tie the earlier, then the alphabetically first label), or O when none does.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.domain.entities import Entity
from annotator.domain.errors import InputError
from annotator.domain.layers import Layer, LayerKind
from annotator.domain.metrics import LINK_FIELDS, Field, Metric
from annotator.domain.status import DocumentStatus
from annotator.services.database import Database
from annotator.store.unit_of_work import UnitOfWork

OUTSIDE = "O"
COUNTED_STATUSES = frozenset({DocumentStatus.IN_PROGRESS, DocumentStatus.DONE})
# Metric fields compared once two metrics are paired by their value span.
METRIC_FIELDS: tuple[str, ...] = ("number", "unit", "approx", "status", "aspect", "period",
                                  *LINK_FIELDS, "links")


# -- input --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Annotations:
    """One annotator's entities and metrics on one document."""

    entities: tuple[Entity, ...] = ()
    metrics: tuple[Metric, ...] = ()


@dataclass(frozen=True)
class DocumentAnnotations:
    """A document's length and the annotations of every annotator it counts for."""

    doc_id: str
    length: int
    layers: Mapping[str, Annotations]


def counts(uow: UnitOfWork, document_pk: int, layer_id: int,
           statuses: frozenset[DocumentStatus] | set[DocumentStatus] = COUNTED_STATUSES) -> bool:
    """Whether a document counts for a layer (see the module docstring)."""
    status = uow.annotations.status(document_pk, layer_id)[0]
    if status in statuses:
        return True
    return (status == DocumentStatus.NEW and DocumentStatus.IN_PROGRESS in statuses
            and uow.annotations.has_annotations(document_pk, layer_id))


def load_annotations(database: Database, layers: Sequence[str] | None = None,
                     doc_ids: Sequence[str] | None = None,
                     done_only: bool = False) -> tuple[list[str], list[DocumentAnnotations]]:
    """The annotator layers compared, and each document's annotations by layer that counts."""
    statuses = {DocumentStatus.DONE} if done_only else COUNTED_STATUSES
    with database.uow() as uow:
        known = [name for name in uow.layers.names()
                 if Layer.parse(name).kind is LayerKind.ANNOTATOR]
        if layers:
            for name in layers:
                if Layer.parse(name).kind is not LayerKind.ANNOTATOR:
                    raise InputError(f"{name} is not an annotator layer; agreement compares "
                                     "annotator:<name> layers")
            unknown = [name for name in layers if name not in known]
            if unknown:
                raise InputError(f"the database has no layer {unknown[0]!r}; annotator layers: "
                                 f"{', '.join(known) or 'none'}")
            chosen = list(dict.fromkeys(layers))
        else:
            chosen = known
        if doc_ids:
            missing = set(doc_ids) - uow.documents.existing_doc_ids(doc_ids)
            if missing:
                raise InputError(f"no document {sorted(missing)[0]!r}")
        ids = {name: uow.layers.find(name) for name in chosen}
        rows = uow.layer_contents.documents(list(doc_ids) if doc_ids else None)
        documents: list[DocumentAnnotations] = []
        for first in range(0, len(rows), _BATCH):
            batch = rows[first:first + _BATCH]
            pks = [pk for pk, _doc_id, _length in batch]
            by_document: dict[int, dict[str, Annotations]] = {pk: {} for pk in pks}
            for name, layer_id in ids.items():
                assert layer_id is not None
                for pk in _counted(uow, layer_id, pks, statuses):
                    by_document[pk][name] = Annotations()
                wanted = [pk for pk in pks if name in by_document[pk]]
                if not wanted:
                    continue
                entities = uow.layer_contents.entities(layer_id, wanted)
                metrics = uow.layer_contents.metrics(layer_id, wanted)
                for pk in wanted:
                    by_document[pk][name] = Annotations(tuple(entities.get(pk, ())),
                                                       tuple(metrics.get(pk, ())))
            documents.extend(DocumentAnnotations(doc_id, length, by_document[pk])
                             for pk, doc_id, length in batch if by_document[pk])
    return chosen, documents


_BATCH = 500


def _counted(uow: UnitOfWork, layer_id: int, pks: list[int],
             statuses: frozenset[DocumentStatus] | set[DocumentStatus]) -> list[int]:
    """The documents among `pks` that count for a layer (see the module docstring)."""
    status = uow.layer_contents.statuses(layer_id, pks)
    new_counts = DocumentStatus.IN_PROGRESS in statuses
    annotated = uow.layer_contents.annotated(layer_id, pks) if new_counts else set()
    counted = []
    for pk in pks:
        current = status.get(pk, DocumentStatus.NEW)
        if current in statuses or (new_counts and current == DocumentStatus.NEW
                                   and pk in annotated):
            counted.append(pk)
    return counted


# -- entity F1 ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Counts:
    """Matched items and the items of each side: F1 = 2·matched / (a + b)."""

    matched: int = 0
    a: int = 0
    b: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.matched + other.matched, self.a + other.a, self.b + other.b)

    @property
    def f1(self) -> float | None:
        """None when neither side has an item: there is nothing to agree or disagree on."""
        total = self.a + self.b
        return 2 * self.matched / total if total else None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _match_spans(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]
                 ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """One-to-one pairs of indices: those with identical spans, and then among the rest those
    that overlap, the largest overlaps (earliest first) first."""
    exact: list[tuple[int, int]] = []
    same_span: dict[tuple[int, int], list[int]] = {}
    for j in range(len(b) - 1, -1, -1):  # reversed, so that pop() gives the first one
        same_span.setdefault(b[j], []).append(j)
    free_b = set(range(len(b)))
    free_a: list[int] = []
    for i, span in enumerate(a):
        waiting = same_span.get(span)
        if waiting:
            j = waiting.pop()
            free_b.discard(j)
            exact.append((i, j))
        else:
            free_a.append(i)
    candidates = sorted(
        (-_overlap(a[i], b[j]), a[i][0], b[j][0], i, j)
        for i in free_a for j in free_b if _overlap(a[i], b[j]) > 0)
    overlapping: list[tuple[int, int]] = []
    used_a: set[int] = set()
    for _neg, _sa, _sb, i, j in candidates:
        if i in used_a or j not in free_b:
            continue
        used_a.add(i)
        free_b.discard(j)
        overlapping.append((i, j))
    return exact, overlapping


def entity_matches(a: Sequence[Entity], b: Sequence[Entity]
                   ) -> tuple[dict[str, Counts], dict[str, Counts]]:
    """Per label, entities matched between two annotators with the same label and identical
    boundaries (first table), or sharing at least one character (second), one to one."""
    spans: dict[str, tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {}
    for side, entities in enumerate((a, b)):
        for e in entities:
            spans.setdefault(e.label, ([], []))[side].append((e.start, e.end))
    exact: dict[str, Counts] = {}
    overlap: dict[str, Counts] = {}
    for label in sorted(spans):
        spans_a, spans_b = spans[label]
        same, near = _match_spans(spans_a, spans_b)
        exact[label] = Counts(len(same), len(spans_a), len(spans_b))
        overlap[label] = Counts(len(same) + len(near), len(spans_a), len(spans_b))
    return exact, overlap


def entity_counts(a: Sequence[Entity], b: Sequence[Entity],
                  overlap: bool = False) -> dict[str, Counts]:
    """Per label: entities matched between two annotators (same label; identical boundaries,
    or with `overlap` any shared character), and each side's total."""
    return entity_matches(a, b)[1 if overlap else 0]


# -- character labels ---------------------------------------------------------------------------

def char_runs(entities: Iterable[Entity], length: int) -> list[tuple[int, int, str]]:
    """The document as runs (start, end, label) of the outermost entity's label or O."""
    items = sorted((e for e in entities if 0 <= e.start < e.end <= length),
                   key=lambda e: e.start)
    cuts = sorted({0, length, *(e.start for e in items), *(e.end for e in items)})
    runs: list[tuple[int, int, str]] = []
    active: list[Entity] = []
    following = 0
    for start, end in itertools.pairwise(cuts):
        # Every entity boundary is a cut, so an entity covering `start` covers the whole run.
        while following < len(items) and items[following].start <= start:
            active.append(items[following])
            following += 1
        active = [e for e in active if e.end > start]
        label = OUTSIDE
        if active:
            label = min(active, key=lambda e: (-(e.end - e.start), e.start, e.label)).label
        if runs and runs[-1][2] == label and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], end, label)
        else:
            runs.append((start, end, label))
    return runs


def char_labels(entities: Iterable[Entity], length: int) -> list[str]:
    """One label per character (for tests and small documents)."""
    labels: list[str] = []
    for start, end, label in char_runs(entities, length):
        labels.extend([label] * (end - start))
    return labels


def _aligned(runs: Sequence[Sequence[tuple[int, int, str]]]
             ) -> list[tuple[int, tuple[str, ...]]]:
    """(run length, label of each annotator) over the common refinement of several runs."""
    cuts = sorted({c for rs in runs for r in rs for c in (r[0], r[1])})
    out: list[tuple[int, tuple[str, ...]]] = []
    positions = [0] * len(runs)
    for start, end in itertools.pairwise(cuts):
        labels = []
        for k, rs in enumerate(runs):
            while rs[positions[k]][1] <= start:
                positions[k] += 1
            labels.append(rs[positions[k]][2])
        out.append((end - start, tuple(labels)))
    return out


def kappa(confusion: Mapping[tuple[str, str], int]) -> float | None:
    """Cohen's kappa of a confusion table {(label a, label b): count}; None when undefined
    (both annotators used one and the same label throughout)."""
    n = sum(confusion.values())
    if not n:
        return None
    observed = sum(c for (x, y), c in confusion.items() if x == y) / n
    rows: Counter[str] = Counter()
    cols: Counter[str] = Counter()
    for (x, y), c in confusion.items():
        rows[x] += c
        cols[y] += c
    expected = sum(rows[k] * cols[k] for k in rows) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def coincidences(units: Iterable[tuple[int, Sequence[str]]]) -> Counter[tuple[str, str]]:
    """Krippendorff's coincidence table of units given as (weight, values present): each
    ordered pair of values of a unit counts 1 / (values − 1), times the weight. A unit with
    fewer than two values cannot be paired and adds nothing."""
    table: Counter[tuple[str, str]] = Counter()
    for weight, values in units:
        m = len(values)
        if m < 2:
            continue
        share = weight / (m - 1)
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    table[(c, k)] += share
    return table


def alpha_nominal(units: Iterable[tuple[int, Sequence[str]]]) -> float | None:
    """Krippendorff's alpha (nominal) of units given as (weight, values present)."""
    return alpha_from_coincidences(coincidences(units))


def alpha_from_coincidences(table: Mapping[tuple[str, str], float]) -> float | None:
    """Nominal alpha = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k; None when undefined."""
    coincidences = table
    totals: Counter[str] = Counter()
    for (c, _k), value in coincidences.items():
        totals[c] += value
    n = sum(totals.values())
    disagreement = sum(v for (c, k), v in coincidences.items() if c != k)
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if n <= 1 or expected == 0:
        return None
    return 1 - (n - 1) * disagreement / expected


# -- metrics ------------------------------------------------------------------------------------

def _value_span(metric: Metric) -> tuple[int, int] | None:
    value = metric.value
    if value is None or value.start is None or value.end is None:
        return None
    return value.start, value.end


def pair_metrics(a: Sequence[Metric], b: Sequence[Metric]) -> list[tuple[Metric, Metric]]:
    """Metrics of two annotators paired one-to-one by value span: identical, else overlapping.
    A metric without a value span cannot be paired."""
    with_a = [m for m in a if _value_span(m) is not None]
    with_b = [m for m in b if _value_span(m) is not None]
    exact, overlapping = _match_spans([_value_span(m) for m in with_a],  # type: ignore[misc]
                                      [_value_span(m) for m in with_b])  # type: ignore[misc]
    return [(with_a[i], with_b[j]) for i, j in sorted(exact + overlapping)]


def _normalised(value: Field | None) -> str | None:
    if value is None:
        return None
    return value.normalized if value.normalized is not None else value.text


def _link_target(metric: Metric, name: str, entities: Mapping[str, Entity]
                 ) -> tuple[str, int, int] | None:
    # Entity ids differ between layers: a link is compared by what it points at.
    key = getattr(metric, name)
    if key is None:
        return None
    entity = entities.get(key)
    return (entity.label, entity.start, entity.end) if entity else ("?", -1, -1)


def field_agreement(a: Metric, b: Metric, entities_a: Mapping[str, Entity],
                    entities_b: Mapping[str, Entity]) -> dict[str, bool]:
    """For each compared field, whether two paired metrics agree (both empty agrees)."""
    same = {
        "number": a.number == b.number,
        "unit": _normalised(a.unit) == _normalised(b.unit),
        "approx": a.approx == b.approx,
        "status": a.status == b.status,
        "aspect": a.aspect == b.aspect,
        "period": _normalised(a.period) == _normalised(b.period),
    }
    for name in LINK_FIELDS:
        same[name] = _link_target(a, name, entities_a) == _link_target(b, name, entities_b)
    same["links"] = all(same[name] for name in LINK_FIELDS)
    return same


# -- reports ------------------------------------------------------------------------------------

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
        return {
            "documents": self.documents,
            "entity_f1_exact": self._total(self.exact).f1,
            "entity_f1_overlap": self._total(self.overlap).f1,
            "kappa_char": kappa(self.confusion),
            "metric_f1": self.metrics.f1,
            "entities_a": self._total(self.exact).a,
            "entities_b": self._total(self.exact).b,
            "metrics_a": self.metrics.a,
            "metrics_b": self.metrics.b,
            "metrics_paired": paired,
            "metric_fields": {name: (self.fields[name] / paired if paired else None)
                              for name in METRIC_FIELDS},
        }

    def labels(self) -> dict[str, dict[str, Any]]:
        return {label: {"exact": self.exact[label].f1, "overlap": self.overlap[label].f1,
                        "a": self.exact[label].a, "b": self.exact[label].b}
                for label in sorted(self.exact)}


def compare_documents(doc: DocumentAnnotations, a: str, b: str,
                      runs: Mapping[str, list[tuple[int, int, str]]] | None = None
                      ) -> PairFigures:
    """Everything two annotators agree on in one document (`runs`: their char_runs, if known)."""
    ann_a, ann_b = doc.layers[a], doc.layers[b]
    figures = PairFigures(documents=1)
    figures.exact, figures.overlap = entity_matches(ann_a.entities, ann_b.entities)
    if runs is None:
        runs = {a: char_runs(ann_a.entities, doc.length),
                b: char_runs(ann_b.entities, doc.length)}
    aligned = _aligned([runs[a], runs[b]])
    for weight, (x, y) in aligned:
        figures.confusion[(x, y)] += weight
    pairs = pair_metrics(ann_a.metrics, ann_b.metrics)
    figures.metrics = Counts(len(pairs), len(ann_a.metrics), len(ann_b.metrics))
    by_id_a = {e.id: e for e in ann_a.entities}
    by_id_b = {e.id: e for e in ann_b.entities}
    for metric_a, metric_b in pairs:
        for name, same in field_agreement(metric_a, metric_b, by_id_a, by_id_b).items():
            figures.fields[name] += int(same)
    return figures


def document_alpha(doc: DocumentAnnotations,
                   runs: Mapping[str, list[tuple[int, int, str]]] | None = None
                   ) -> list[tuple[int, tuple[str, ...]]]:
    """The character units of one document: (run length, labels of its annotators)."""
    if runs is None:
        runs = {layer: char_runs(ann.entities, doc.length) for layer, ann in doc.layers.items()}
    return _aligned(list(runs.values())) if len(runs) >= 2 else []


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


def agreement_report(layers: Sequence[str], documents: Iterable[DocumentAnnotations],
                     done_only: bool = False) -> AgreementReport:
    """Every pair of `layers` on the documents both annotated, and alpha over all of them."""
    pair_names = list(itertools.combinations(layers, 2))
    overall = {pair: PairFigures() for pair in pair_names}
    per_document: dict[tuple[str, str], list[dict[str, Any]]] = {p: [] for p in pair_names}
    pooled: Counter[tuple[str, str]] = Counter()
    by_document: dict[str, float | None] = {}
    for doc in documents:
        # Each annotator's character runs are computed once and shared by pairs and alpha.
        runs = {layer: char_runs(doc.layers[layer].entities, doc.length)
                for layer in layers if layer in doc.layers}
        for a, b in pair_names:
            if a in runs and b in runs:
                figures = compare_documents(doc, a, b, runs)
                overall[(a, b)].add(figures)
                summary = figures.summary()
                per_document[(a, b)].append({"doc_id": doc.doc_id, **{
                    k: summary[k] for k in ("entity_f1_exact", "entity_f1_overlap",
                                            "kappa_char", "metric_f1")}})
        if len(runs) >= 2:
            table = coincidences(document_alpha(doc, runs))
            pooled.update(table)
            by_document[doc.doc_id] = alpha_from_coincidences(table)
    pairs = tuple({"a": a, "b": b, **overall[(a, b)].summary(), "labels": overall[(a, b)].labels(),
                   "per_document": per_document[(a, b)]} for a, b in pair_names)
    return AgreementReport(tuple(layers), pairs, alpha_from_coincidences(pooled),
                           len(by_document), by_document, done_only)


def compute_agreement(database: Database, layers: Sequence[str] | None = None,
                      doc_ids: Sequence[str] | None = None,
                      done_only: bool = False) -> AgreementReport:
    """Agreement of the annotator layers of a database (see the module docstring for which
    documents count)."""
    chosen, documents = load_annotations(database, layers, doc_ids, done_only)
    return agreement_report(chosen, documents, done_only)


def card_summary(database: Database, layer: str) -> str | None:
    """One line of agreement figures for a dataset card; None with fewer than two annotators.

    The figures are those of the annotator layers, whichever layer is exported: gold is
    settled from them, so their agreement says how hard the labels were to agree on.
    """
    del layer  # the same figures describe every layer of the database
    report = compute_agreement(database)
    pairs = [p for p in report.pairs if p["documents"]]
    if not pairs:
        return None

    def mean(key: str) -> str:
        values = [p[key] for p in pairs if p[key] is not None]
        return f"{sum(values) / len(values):.3f}" if values else "-"

    alpha = "-" if report.alpha_char is None else f"{report.alpha_char:.3f}"
    return (f"{len(report.layers)} annotators, {len(pairs)} pairs (mean over pairs): entity F1 "
            f"exact {mean('entity_f1_exact')}, overlapping {mean('entity_f1_overlap')}, "
            f"character kappa {mean('kappa_char')}, metric F1 {mean('metric_f1')}; "
            f"Krippendorff's alpha (characters) {alpha} over {report.alpha_documents} documents")

"""The records an export writes: read a batch at a time, metrics checked, contents counted."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from annotator.domain.errors import InputError
from annotator.domain.layers import Layer
from annotator.domain.records import LayerRecord
from annotator.domain.status import DocumentStatus
from annotator.domain.validation import metric_problems
from annotator.services.progress import ProgressSink
from annotator.store.database import Database

# Documents read per round trip: the store loads a batch's annotations in four queries.
BATCH = 200


@dataclass(frozen=True)
class MetricProblem:
    """Why one metric of one document is not complete enough for a dataset."""

    doc_id: str
    metric_id: str
    problem: str

    def __str__(self) -> str:
        return f"{self.doc_id}\t{self.metric_id}\t{self.problem}"


@dataclass
class ExportStats:
    """What the exported records hold, counted while they stream past (for the dataset card)."""

    documents: int = 0
    entities: int = 0
    metrics: int = 0
    segments: int = 0
    entity_labels: Counter[str] = field(default_factory=Counter)
    segment_labels: Counter[str] = field(default_factory=Counter)
    metric_aspects: Counter[str] = field(default_factory=Counter)
    metric_statuses: Counter[str] = field(default_factory=Counter)
    metric_units: Counter[str] = field(default_factory=Counter)
    provenance: Counter[str] = field(default_factory=Counter)
    skipped: list[MetricProblem] = field(default_factory=list)

    def count(self, record: LayerRecord) -> None:
        self.documents += 1
        self.entities += len(record.entities)
        self.metrics += len(record.metrics)
        self.segments += len(record.segments)
        self.entity_labels.update(e.label for e in record.entities)
        self.segment_labels.update(str(s.label) for s in record.segments)
        for metric in record.metrics:
            self.metric_aspects[metric.aspect.value if metric.aspect else "(none)"] += 1
            self.metric_statuses[metric.status.value if metric.status else "(none)"] += 1
            unit = metric.unit.normalized if metric.unit is not None else None
            self.metric_units[unit or "(none)"] += 1
            self.provenance[metric.provenance.kind.value] += 1

    def add(self, other: ExportStats) -> None:
        """Count in the records of a later part of the same export."""
        self.documents += other.documents
        self.entities += other.entities
        self.metrics += other.metrics
        self.segments += other.segments
        for mine, theirs in (
            (self.entity_labels, other.entity_labels),
            (self.segment_labels, other.segment_labels),
            (self.metric_aspects, other.metric_aspects),
            (self.metric_statuses, other.metric_statuses),
            (self.metric_units, other.metric_units),
            (self.provenance, other.provenance),
        ):
            mine.update(theirs)
        self.skipped.extend(other.skipped)

    @property
    def skipped_metrics(self) -> int:
        return len({(p.doc_id, p.metric_id) for p in self.skipped})


def iter_layer_records(
    database: Database,
    layer: str,
    status: str | None = None,
    include_empty: bool = True,
    document_pks: Sequence[int] | None = None,
    empty_with_status: Collection[str] = (),
) -> Iterator[LayerRecord]:
    """Each document with the layer's annotations, in import order, a batch at a time.

    `status` keeps only documents the layer has marked so (e.g. done); `document_pks` reads
    only those documents (store keys, in their order). Without `include_empty`, a document
    without annotations is left out unless the layer gave it one of `empty_with_status`.
    """
    Layer.parse(layer)
    with database.uow() as uow:
        layer_id = uow.layers.find(layer)
        if layer_id is None:
            raise InputError(
                f"the database has no layer {layer!r}; layers: "
                f"{', '.join(uow.layers.names()) or 'none'}"
            )
        if document_pks is not None:
            documents = uow.documents.documents_by_pk(document_pks, batch=BATCH)
        else:
            documents = uow.documents.iter_documents(batch=BATCH)
        while True:
            batch = list(itertools.islice(documents, BATCH))
            if not batch:
                return
            pks = [pk for pk, _ in batch]
            statuses = (
                uow.annotations.statuses(pks, layer_id)
                if status is not None or empty_with_status
                else {}
            )
            if status is not None:
                pks = [pk for pk in pks if statuses.get(pk, DocumentStatus.NEW.value) == status]
            contents = uow.annotations.layer_contents(pks, layer_id)
            for pk, document in batch:
                if pk not in contents:
                    continue
                entities, segments, metrics = contents[pk]
                record = LayerRecord(
                    document, layer, tuple(entities), tuple(segments), tuple(metrics)
                )
                if include_empty or record.has_annotations or statuses.get(pk) in empty_with_status:
                    yield record


def checked_records(
    records: Iterable[LayerRecord],
    incomplete: str,
    stats: ExportStats,
    problems: list[MetricProblem],
    progress: ProgressSink,
) -> Iterator[LayerRecord]:
    """Records with their metrics checked; incomplete ones are left out or recorded as faults.

    In "error" mode the writer gets nothing more after the first fault (the export fails
    anyway), but every record is still checked so that the message lists every problem.
    """
    for record in records:
        progress.advance(1)
        text = record.document.text
        by_id = {e.id: e for e in record.entities}
        metric_ids = [m.id for m in record.metrics]
        found: list[MetricProblem] = []
        for metric in record.metrics:
            for problem in metric_problems(text, metric, by_id, metric_ids):
                found.append(MetricProblem(record.document.doc_id, metric.id, str(problem)))
        if found and incomplete == "skip":
            record = _without(record, found, stats)
        elif found:
            problems.extend(found)
        if problems:
            continue
        stats.count(record)
        yield record


def _without(record: LayerRecord, found: list[MetricProblem], stats: ExportStats) -> LayerRecord:
    """The record less its incomplete metrics, and less the metrics that repeat a dropped one."""
    dropped = {p.metric_id for p in found}
    stats.skipped.extend(found)
    changed = True
    while changed:  # a repeat of a repeat of a dropped metric goes too
        changed = False
        for metric in record.metrics:
            if metric.id not in dropped and metric.duplicate_of in dropped:
                dropped.add(metric.id)
                stats.skipped.append(
                    MetricProblem(
                        record.document.doc_id,
                        metric.id,
                        f"duplicate_of: repeats {metric.duplicate_of}, which was left out",
                    )
                )
                changed = True
    return replace(record, metrics=tuple(m for m in record.metrics if m.id not in dropped))

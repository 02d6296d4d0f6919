"""Import documents (and layers of annotations) from files, in one all-or-nothing transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.layers import Layer
from annotator.domain.records import LayerRecord
from annotator.domain.text import Document
from annotator.formats.base import ImportOptions
from annotator.formats.registry import expand_paths
from annotator.schema.labels import default_label_schema
from annotator.services.database import Database
from annotator.services.import_reading import BATCH, PreparedRecord, prepared_records
from annotator.services.progress import NoProgress, ProgressSink
from annotator.services.streaming import cyclic_gc_paused
from annotator.store.unit_of_work import UnitOfWork


@dataclass
class ImportReport:
    """What an import did; `summary()` is the line users read."""

    new: int = 0
    present: int = 0
    annotated: int = 0
    unchanged_layers: int = 0
    files: int = 0
    layers: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.new} new, {self.present} already present"
        if self.annotated or self.unchanged_layers:
            text += (f"; annotations imported for {self.annotated} documents"
                     f" ({', '.join(sorted(self.layers))})")
            if self.unchanged_layers:
                text += f", {self.unchanged_layers} already identical"
        for note in self.notes:
            text += f"\n{note}"
        return text


class _Importer:
    def __init__(self, uow: UnitOfWork, layer_override: str | None, user: str, replace: bool,
                 report: ImportReport) -> None:
        self.uow = uow
        self.layer_override = Layer.parse(layer_override) if layer_override else None
        self.user = user
        self.replace = replace
        self.report = report
        self.guideline_version = default_label_schema().guideline_version
        self.seen_sha: dict[str, str] = {}
        self.seen_ids: set[str] = set()

    def write(self, batch: list[PreparedRecord]) -> None:
        """Store a batch of prepared records: new documents and their layers' annotations."""
        documents = self.uow.documents
        stored_by_sha = documents.existing_by_sha(p.sha for p in batch)
        taken_ids = documents.existing_doc_ids(p.record.document.doc_id for p in batch)
        new_docs: list[Document] = []
        sources: list[str] = []
        hashes: list[str] = []
        annotated: list[tuple[PreparedRecord, str]] = []
        for pending in batch:
            doc = pending.record.document
            existing = stored_by_sha.get(pending.sha) or self.seen_sha.get(pending.sha)
            if existing is not None:
                self.report.present += 1
                if pending.record.has_annotations:
                    annotated.append((pending, existing))
                continue
            doc_id = doc.doc_id
            if doc_id in taken_ids or doc_id in self.seen_ids:
                if not pending.renamable:
                    raise InputError(f"doc_id {doc_id!r} is already used by a different text",
                                     pending.location)
                doc_id = f"{doc_id}_{pending.sha[:8]}"
            self.seen_ids.add(doc_id)
            self.seen_sha[pending.sha] = doc_id
            new_docs.append(Document(doc_id, doc.text, doc.meta))
            sources.append(str(doc.meta.get("source", "")))
            hashes.append(pending.sha)
            self.report.new += 1
            if pending.record.has_annotations:
                annotated.append((pending, doc_id))
        pks = documents.add_many(new_docs, sources, hashes)
        self._add_annotations(annotated, pks)

    def _add_annotations(self, annotated: list[tuple[PreparedRecord, str]], new_pks: dict[str, int]
                         ) -> None:
        by_layer: dict[int, list] = {}
        for pending, doc_id in annotated:
            assert pending.layer is not None
            layer_id = self.uow.layers.get_or_create(pending.layer,
                                                     self.guideline_version)
            self.report.layers.add(pending.layer.name)
            pk = new_pks.get(doc_id) or self.uow.documents.pk(doc_id)
            record = pending.record
            if doc_id not in new_pks and self.uow.annotations.has_annotations(pk, layer_id):
                if self._same_as_stored(pk, layer_id, record):
                    self.report.unchanged_layers += 1
                    continue
                if not self.replace:
                    raise InputError(
                        f"layer {pending.layer.name} already holds different annotations for "
                        f"{doc_id!r}; use --replace to overwrite them", pending.location)
                self.uow.annotations.clear_layer(pk, layer_id)
            by_layer.setdefault(layer_id, []).append(
                (pk, record.entities, record.segments, record.metrics))
            self.report.annotated += 1
        for layer_id, items in by_layer.items():
            self.uow.annotations.bulk_add(layer_id, self.user, items)

    def _same_as_stored(self, pk: int, layer_id: int, record: LayerRecord) -> bool:
        ann = self.uow.annotations
        return (tuple(ann.entities(pk, layer_id)) == record.entities
                and tuple(ann.segments(pk, layer_id)) == record.segments
                and tuple(ann.metrics(pk, layer_id)) == record.metrics)


def import_paths(database: Database, paths: Iterable[Path | str], layer: str | None = None,
                 fmt: str = "auto", progress: ProgressSink | None = None, user: str = "",
                 replace: bool = False, options: ImportOptions | None = None) -> ImportReport:
    """Import files and folders. Any bad record aborts the whole import; nothing is written."""
    progress = progress or NoProgress()
    options = options or ImportOptions()
    files = expand_paths([Path(p) for p in paths], fmt)
    if not files:
        raise InputError("no importable files found (txt, jsonl, …)",
                         ", ".join(str(p) for p in paths))
    total = sum(f.estimate(path) if f.estimate else 1 for path, f in files)
    report = ImportReport(files=len(files))
    progress.start(total, "Importing")
    with database.uow() as uow, cyclic_gc_paused():
        importer = _Importer(uow, layer, user, replace, report)
        batch: list[PreparedRecord] = []
        for prepared in prepared_records(files, options, importer.layer_override):
            batch.append(prepared)
            if len(batch) >= BATCH:
                importer.write(batch)
                batch = []
            progress.advance(1)
        if batch:
            importer.write(batch)
        uow.commit()
    progress.finish()
    report.notes.extend(options.notes)
    return report

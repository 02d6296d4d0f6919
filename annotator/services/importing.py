"""Import documents (and layers of annotations) from files, in one all-or-nothing transaction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.errors import InputError, PermissionDenied
from annotator.domain.layers import Layer, LayerKind
from annotator.domain.records import LayerRecord
from annotator.domain.status import DocumentStatus
from annotator.domain.text import Document, shortened_doc_id
from annotator.formats.base import ImportOptions
from annotator.formats.registry import expand_paths
from annotator.schema.labels import default_label_schema, label_mapping
from annotator.services.import_reading import BATCH, PreparedRecord, prepared_records
from annotator.services.label_schema import add_imported_labels, project_labels
from annotator.services.permissions import Actor
from annotator.services.progress import NoProgress, ProgressSink
from annotator.services.span_edges import EdgeCount
from annotator.services.streaming import cyclic_gc_paused
from annotator.store.database import Database
from annotator.store.unit_of_work import UnitOfWork


@dataclass
class ImportReport:
    """What an import did; `summary()` is the line users read."""

    new: int = 0
    present: int = 0
    # Records whose text came earlier in the same import (with the same annotations).
    repeated: int = 0
    annotated: int = 0
    unchanged_layers: int = 0
    files: int = 0
    layers: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    # Entities left out by the user's rules (`--map SRC=`), by source label.
    dropped: Counter[str] = field(default_factory=Counter)
    # What the files held and no part of a record keeps (relations, events, …), by kind.
    not_kept: Counter[str] = field(default_factory=Counter)
    # Documents whose status the import set (`--status`), by layer.
    marked: Counter[str] = field(default_factory=Counter)
    marked_status: str = ""
    # Labels added to the project by --add-labels (source label → new label).
    labels_added: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        text = f"{self.new} new, {self.present} already present"
        if self.repeated:
            text += f", {self.repeated} repeated within the import (imported once)"
        if self.annotated or self.unchanged_layers:
            text += (
                f"; annotations imported for {self.annotated} documents"
                f" ({', '.join(sorted(self.layers))})"
            )
            if self.unchanged_layers:
                text += f", {self.unchanged_layers} already identical"
        for layer, count in sorted(self.marked.items()):
            text += f"; {count} documents of {layer} marked {self.marked_status}"
        if self.labels_added:
            text += "\nlabels added to the project: " + ", ".join(
                name if name == source else f"{name} (from {source})"
                for source, name in sorted(self.labels_added.items())
            )
        for line in (*self.losses(), *self.notes):
            text += f"\n{line}"
        return text

    def losses(self) -> list[str]:
        """What the import left out, a line per cause; empty when it kept everything."""
        lines = []
        if self.dropped:
            lines.append(
                "dropped by --map: "
                + ", ".join(f"{label} {count}" for label, count in sorted(self.dropped.items()))
            )
        kept_out = [(kind, count) for kind, count in sorted(self.not_kept.items()) if count]
        if kept_out:
            lines.append(
                "not kept (no place for them here): "
                + ", ".join(f"{count} {kind}" for kind, count in kept_out)
            )
        return lines


class _Importer:
    def __init__(
        self,
        uow: UnitOfWork,
        layer_override: str | None,
        user: str,
        replace: bool,
        report: ImportReport,
    ) -> None:
        self.uow = uow
        self.layer_override = Layer.parse(layer_override) if layer_override else None
        self.user = user
        self.replace = replace
        self.report = report
        self.guideline_version = default_label_schema().guideline_version
        # Text hash → (doc_id, location of its first record in this import).
        self.seen_sha: dict[str, tuple[str, str]] = {}
        # doc_id given to a new document → location of its record.
        self.seen_ids: dict[str, str] = {}
        # (doc_id, layer) → location of the record that annotated it in this import.
        self.annotated_at: dict[tuple[str, str], str] = {}
        # Every document of the import, new or already present, in order.
        self.doc_ids: dict[str, None] = {}

    def write(self, batch: list[PreparedRecord]) -> None:
        """Store a batch of prepared records: new documents and their layers' annotations."""
        documents = self.uow.documents
        stored_by_sha = documents.existing_by_sha(p.sha for p in batch)
        taken_ids = documents.existing_doc_ids(p.record.document.doc_id for p in batch)
        new_docs: list[Document] = []
        sources: list[str] = []
        hashes: list[str] = []
        annotated: list[tuple[PreparedRecord, str]] = []
        repeats: list[tuple[PreparedRecord, str, str]] = []
        for pending in batch:
            doc = pending.record.document
            earlier = self.seen_sha.get(pending.sha)
            if earlier is not None:
                self.doc_ids[earlier[0]] = None
                self.report.repeated += 1
                self._repeat(pending, *earlier, annotated, repeats)
                continue
            existing = stored_by_sha.get(pending.sha)
            if existing is not None:
                self.report.present += 1
                self.doc_ids[existing] = None
                self.seen_sha[pending.sha] = (existing, pending.location)
                if pending.record.has_annotations:
                    self._annotate(pending, existing, annotated)
                continue
            doc_id = doc.doc_id
            if doc_id in taken_ids or doc_id in self.seen_ids:
                if not pending.renamable:
                    also = (
                        f" (at {self.seen_ids[doc_id]})"
                        if doc_id in self.seen_ids
                        else " in the database"
                    )
                    raise InputError(
                        f"doc_id {doc_id!r} is already used by a different text{also}",
                        pending.location,
                    )
                doc_id = shortened_doc_id(f"{doc_id}_{pending.sha[:8]}", doc.text)
            self.seen_ids[doc_id] = pending.location
            self.doc_ids[doc_id] = None
            self.seen_sha[pending.sha] = (doc_id, pending.location)
            new_docs.append(Document(doc_id, doc.text, doc.meta))
            sources.append(str(doc.meta.get("source", "")))
            hashes.append(pending.sha)
            self.report.new += 1
            if pending.record.has_annotations:
                self._annotate(pending, doc_id, annotated)
        pks = documents.add_many(new_docs, sources, hashes)
        self._add_annotations(annotated, pks)
        for pending, doc_id, first in repeats:
            self._check_repeat(pending, doc_id, first, pks)

    def _annotate(
        self, pending: PreparedRecord, doc_id: str, annotated: list[tuple[PreparedRecord, str]]
    ) -> None:
        assert pending.layer is not None
        self.annotated_at[(doc_id, pending.layer.name)] = pending.location
        annotated.append((pending, doc_id))

    def _repeat(
        self,
        pending: PreparedRecord,
        doc_id: str,
        first: str,
        annotated: list[tuple[PreparedRecord, str]],
        repeats: list[tuple[PreparedRecord, str, str]],
    ) -> None:
        """A text met earlier in this import: its annotations, if any, must be the same as the
        ones the import gave that document's layer (checked once they are written)."""
        if not pending.record.has_annotations:
            return
        assert pending.layer is not None
        annotated_first = self.annotated_at.get((doc_id, pending.layer.name))
        if annotated_first is None:
            self._annotate(pending, doc_id, annotated)
        else:
            repeats.append((pending, doc_id, annotated_first))

    def _check_repeat(
        self, pending: PreparedRecord, doc_id: str, first: str, new_pks: dict[str, int]
    ) -> None:
        assert pending.layer is not None
        pk = new_pks.get(doc_id) or self.uow.documents.pk(doc_id)
        layer_id = self.uow.layers.get_or_create(pending.layer, self.guideline_version)
        if not self._same_as_stored(pk, layer_id, pending.record):
            raise InputError(
                f"the same text as {first} (document {doc_id!r}) with different annotations "
                f"for layer {pending.layer.name}; keep one of the two, or make them the same",
                pending.location,
            )

    def _add_annotations(
        self, annotated: list[tuple[PreparedRecord, str]], new_pks: dict[str, int]
    ) -> None:
        by_layer: dict[int, list] = {}
        for pending, doc_id in annotated:
            assert pending.layer is not None
            layer_id = self.uow.layers.get_or_create(pending.layer, self.guideline_version)
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
                        f"{doc_id!r}; use --replace to overwrite them",
                        pending.location,
                    )
                self.uow.annotations.clear_layer(pk, layer_id)
            by_layer.setdefault(layer_id, []).append(
                (pk, record.entities, record.segments, record.metrics)
            )
            self.report.annotated += 1
        for layer_id, items in by_layer.items():
            self.uow.annotations.bulk_add(layer_id, self.user, items)

    def mark(self, status: DocumentStatus, actor: Actor) -> None:
        """Set `status` on the imported documents of each layer the import wrote (with --layer,
        every document of the import in that layer, annotated or not)."""
        marked = dict.fromkeys(self.annotated_at)
        if self.layer_override is not None:
            marked.update(dict.fromkeys((d, self.layer_override.name) for d in self.doc_ids))
        if not marked:
            raise InputError(
                "--status needs annotations to mark: give --layer, or import annotated files"
            )
        for layer in dict.fromkeys(layer for _doc, layer in marked):
            check_can_mark(actor, Layer.parse(layer))
        for doc_id, layer in marked:
            layer_id = self.uow.layers.get_or_create(Layer.parse(layer), self.guideline_version)
            self.uow.annotations.set_status(
                self.uow.documents.pk(doc_id), layer_id, status.value, "", actor.name
            )
            self.report.marked[layer] += 1
        self.report.marked_status = status.value

    def _same_as_stored(self, pk: int, layer_id: int, record: LayerRecord) -> bool:
        ann = self.uow.annotations
        return (
            tuple(ann.entities(pk, layer_id)) == record.entities
            and tuple(ann.segments(pk, layer_id)) == record.segments
            and tuple(ann.metrics(pk, layer_id)) == record.metrics
        )


def check_can_mark(actor: Actor, layer: Layer) -> None:
    """Who may set the status of imported documents: gold only curators, an annotator layer its
    annotator or a curator; prediction layers have no status to set."""
    if layer.kind is LayerKind.GOLD and not actor.curator:
        raise PermissionDenied(
            f"{actor.name} is not a curator; only curators mark gold (give --as CURATOR)"
        )
    if layer.kind is LayerKind.PRED:
        raise PermissionDenied(
            f"{layer.name} holds predictions; --status marks gold or annotator layers"
        )
    if layer.kind is LayerKind.ANNOTATOR and layer.owner != actor.name and not actor.curator:
        raise PermissionDenied(f"{actor.name} may not mark {layer.name}, another annotator's layer")


def import_paths(
    database: Database,
    paths: Iterable[Path | str],
    layer: str | None = None,
    fmt: str = "auto",
    progress: ProgressSink | None = None,
    user: str = "",
    replace: bool = False,
    options: ImportOptions | None = None,
    status: DocumentStatus | None = None,
    actor: Actor | None = None,
) -> ImportReport:
    """Import files and folders. Any bad record aborts the whole import; nothing is written.

    With `status`, the imported documents of each layer written get that status, set by
    `actor` in the same transaction (a refused layer aborts the import).
    """
    if status is not None and actor is None:
        raise InputError("--status needs to know who marks the documents (--as NAME)")
    progress = progress or NoProgress()
    if options is None:  # the window's imports: onto the project's labels, no rules
        options = ImportOptions(labels=label_mapping(None, project_labels(database)))
    files = expand_paths([Path(p) for p in paths], fmt)
    if not files:
        raise InputError(
            "no importable files found (txt, jsonl, …)", ", ".join(str(p) for p in paths)
        )
    total = sum(f.estimate(path) if f.estimate else 1 for path, f in files)
    report = ImportReport(files=len(files))
    progress.start(total, "Importing")
    with database.uow() as uow, cyclic_gc_paused():
        importer = _Importer(uow, layer, user, replace, report)
        batch: list[PreparedRecord] = []
        edges = EdgeCount()
        for prepared in prepared_records(files, options, importer.layer_override):
            edges.add(prepared.location, prepared.record)
            batch.append(prepared)
            if len(batch) >= BATCH:
                # Once a label is unknown the import fails after the last file (naming them
                # all): the rest is only read and checked, not written.
                if not options.labels.unknown:
                    importer.write(batch)
                batch = []
            progress.advance(1)
        if batch:
            importer.write(batch)
        if status is not None and not options.labels.unknown:
            assert actor is not None
            importer.mark(status, actor)
        if options.labels.added and not options.labels.unknown:
            if actor is None:
                raise InputError("--add-labels needs to know who adds the labels (--as NAME)")
            # In the import's transaction: a refused change (not a curator) imports nothing.
            add_imported_labels(uow, actor, sorted(set(options.labels.added.values())))
            report.labels_added = dict(options.labels.added)
        uow.commit()
    progress.finish()
    report.notes.extend(options.notes)
    edge_note = edges.note()
    if edge_note:
        report.notes.append(edge_note)
    report.dropped.update(options.labels.dropped)
    report.not_kept.update(options.lost)
    return report

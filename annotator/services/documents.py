"""Reading documents for display: lists without texts, and one document with one layer."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.domain.entities import Entity
from annotator.domain.errors import ValidationError
from annotator.domain.layers import Layer
from annotator.domain.metrics import Metric
from annotator.domain.segments import Segment
from annotator.domain.status import DocumentStatus
from annotator.domain.text import Document
from annotator.domain.validation import metric_problems
from annotator.services.permissions import Actor, check_can_read
from annotator.store.database import Database
from annotator.store.repositories import DocumentSummary

__all__ = [
    "DocumentSummary",
    "DocumentView",
    "list_documents",
    "count_documents",
    "load_document",
    "next_document",
    "list_layers",
]


@dataclass(frozen=True)
class DocumentView:
    """One document with one layer's annotations, their versions and the metrics' problems."""

    document: Document
    layer: str
    status: DocumentStatus
    status_reason: str
    entities: tuple[Entity, ...]
    segments: tuple[Segment, ...]
    metrics: tuple[Metric, ...]
    metric_versions: dict[str, int] = field(default_factory=dict)
    problems: dict[str, tuple[ValidationError, ...]] = field(default_factory=dict)
    entity_versions: dict[str, int] = field(default_factory=dict)


def list_documents(
    database: Database,
    layer: str | None,
    *,
    offset: int = 0,
    limit: int = 200,
    status: str | None = None,
    search: str | None = None,
) -> list[DocumentSummary]:
    """One page of the document list, with this layer's status and counts."""
    with database.uow() as uow:
        layer_id = uow.layers.find(layer) if layer else None
        return uow.documents.summaries(
            layer_id, offset=offset, limit=limit, status=status, search=search
        )


def count_documents(
    database: Database, layer: str | None, status: str | None = None, search: str | None = None
) -> int:
    with database.uow() as uow:
        layer_id = uow.layers.find(layer) if layer else None
        return uow.documents.count_summaries(layer_id, status=status, search=search)


def load_document(
    database: Database, doc_id: str, layer: str, actor: Actor | None = None
) -> DocumentView:
    """The document and the named layer's annotations (an empty layer if it has none yet).

    Given an `actor`, blind mode applies: another annotator's layer or gold is refused
    (PermissionDenied) unless the actor is a curator.
    """
    parsed = Layer.parse(layer)
    if actor is not None:
        check_can_read(actor, parsed)
    with database.uow() as uow:
        document = uow.documents.get(doc_id)
        layer_id = uow.layers.find(layer)
        if layer_id is None:
            return DocumentView(document, layer, DocumentStatus.NEW, "", (), (), ())
        pk = uow.documents.pk(doc_id)
        entities = tuple(uow.annotations.entities(pk, layer_id))
        metrics = tuple(uow.annotations.metrics(pk, layer_id))
        status, reason, _version = uow.annotations.status(pk, layer_id)
        by_id = {e.id: e for e in entities}
        ids = {m.id for m in metrics}
        problems = {m.id: tuple(metric_problems(document.text, m, by_id, ids)) for m in metrics}
        return DocumentView(
            document,
            layer,
            DocumentStatus(status),
            reason,
            entities,
            tuple(uow.annotations.segments(pk, layer_id)),
            metrics,
            uow.annotations.metric_versions(pk, layer_id),
            {k: v for k, v in problems.items() if v},
            uow.annotations.entity_versions(pk, layer_id),
        )


def next_document(database: Database, layer: str, after_doc_id: str | None) -> str | None:
    """The next document (in list order, wrapping) that this layer has not marked done."""
    with database.uow() as uow:
        layer_id = uow.layers.find(layer)
        doc_ids = uow.documents.doc_ids()
        statuses = {}
        if layer_id is not None:
            statuses = {
                s.doc_id: s.status
                for s in uow.documents.summaries(layer_id, offset=0, limit=len(doc_ids) or 1)
            }
    if not doc_ids:
        return None
    start = doc_ids.index(after_doc_id) + 1 if after_doc_id in doc_ids else 0
    for doc_id in doc_ids[start:] + doc_ids[:start]:
        if doc_id != after_doc_id and statuses.get(doc_id, "new") != DocumentStatus.DONE:
            return doc_id
    return None


def list_layers(database: Database, kind: str | None = None) -> list[str]:
    """The names of the layers in the database, sorted; only those of `kind` ("pred", …) if given."""
    with database.uow() as uow:
        names = uow.layers.names()
    return [n for n in names if kind is None or Layer.parse(n).kind.value == kind]

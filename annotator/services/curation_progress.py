"""The curator's progress: each document's gold status and how many items are still open."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotator.domain.status import DocumentStatus
from annotator.services.curation import curation_view
from annotator.services.curation_items import curation_items
from annotator.services.documents import list_documents
from annotator.services.permissions import Actor
from annotator.store.database import Database

# Beyond this many documents only the opened ones are counted: each count reads a document
# (about 60 ms for a dense seed page), and the window must open in seconds.
COUNTED = 100


@dataclass(frozen=True)
class DocumentProgress:
    doc_id: str
    gold_status: DocumentStatus
    open_items: int | None  # None: not counted yet
    items: int | None


def document_progress(database: Database, actor: Actor, doc_id: str) -> DocumentProgress:
    view = curation_view(database, doc_id, actor)
    items = curation_items(view)
    return DocumentProgress(doc_id, view.gold_status, len(items.open), len(items.all))


def all_progress(
    database: Database, actor: Actor, doc_ids: Sequence[str] | None = None
) -> list[DocumentProgress]:
    """Every document (or those named), in import order."""
    if doc_ids is None:
        doc_ids = [s.doc_id for s in list_documents(database, None, limit=1_000_000)]
    if len(doc_ids) > COUNTED:
        statuses = {
            s.doc_id: DocumentStatus(s.status)
            for s in list_documents(database, "gold", limit=1_000_000)
        }
        return [
            DocumentProgress(d, statuses.get(d, DocumentStatus.NEW), None, None) for d in doc_ids
        ]
    return [document_progress(database, actor, d) for d in doc_ids]

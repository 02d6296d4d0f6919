"""Document statuses of a layer read and set outside the window (`annotator status`).

Setting goes through the editing commands, so the same permissions hold as in the window:
annotators set their own layer, curators also gold, nobody a prediction layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotator.domain.errors import InputError, NotFound
from annotator.domain.layers import Layer
from annotator.domain.status import DocumentStatus
from annotator.services import editing
from annotator.services.permissions import Actor, check_can_read, check_can_write
from annotator.store.database import Database


@dataclass(frozen=True)
class DocumentState:
    doc_id: str
    status: DocumentStatus
    reason: str


def parse_status(raw: str) -> DocumentStatus:
    try:
        return DocumentStatus(raw)
    except ValueError:
        raise InputError(
            f"unknown status {raw!r}; use one of {', '.join(s.value for s in DocumentStatus)}"
        ) from None


def _check_documents(database: Database, doc_ids: Sequence[str]) -> list[str]:
    """Every named document exists (all are named when one is missing); none named means all."""
    with database.uow() as uow:
        if not doc_ids:
            return uow.documents.doc_ids()
        missing = [
            d for d in dict.fromkeys(doc_ids) if d not in uow.documents.existing_doc_ids([d])
        ]
    if missing:
        raise NotFound(f"no document {', '.join(repr(d) for d in missing)} in the database")
    return list(dict.fromkeys(doc_ids))


def document_states(
    database: Database, actor: Actor, layer: str, doc_ids: Sequence[str] = ()
) -> list[DocumentState]:
    """The status of each named document (every document when none is named) in `layer`."""
    parsed = Layer.parse(layer)
    check_can_read(actor, parsed)
    wanted = _check_documents(database, doc_ids)
    with database.uow() as uow:
        layer_id = uow.layers.find(parsed)
        states = []
        for doc_id in wanted:
            status, reason = "new", ""
            if layer_id is not None:
                status, reason, _version = uow.annotations.status(
                    uow.documents.pk(doc_id), layer_id
                )
            states.append(DocumentState(doc_id, DocumentStatus(status), reason))
    return states


def set_document_status(
    database: Database,
    actor: Actor,
    layer: str,
    doc_ids: Sequence[str],
    status: DocumentStatus,
    reason: str = "",
) -> int:
    """Set the status of the named documents (every document when none is named) in `layer`.

    Checked first for every document, so a bad name or a refused layer changes nothing.
    Returns how many documents changed status.
    """
    parsed = Layer.parse(layer)
    check_can_write(actor, parsed)
    if status is DocumentStatus.SKIPPED and not reason.strip():
        raise InputError("skipping a document needs a reason (--reason TEXT)")
    changed = 0
    for state in document_states(database, actor, layer, doc_ids):
        if state.status is status and state.reason == reason:
            continue
        editing.apply(
            editing.SetStatus(state.doc_id, parsed.name, status, reason), database.uow, actor
        )
        changed += 1
    return changed

"""Reading the annotator layers to compare, and the documents that count, from the database.

Which documents count: a document counts for an annotator when their status for it is
`in_progress` or `done`, or still `new` but with annotations (an imported layer carries no
status); with `done_only`, only `done`. An untouched document and a `skipped` one (judged not
annotatable) say nothing about agreement. A pair of annotators is
compared on the documents that count for both; Krippendorff's alpha takes every document that
counts for at least two annotators, an annotator who did not annotate a document being missing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from annotator.domain.errors import InputError
from annotator.domain.layers import Layer, LayerKind
from annotator.domain.status import DocumentStatus
from annotator.services.agreement.inputs import Annotations, DocumentAnnotations
from annotator.store.database import Database
from annotator.store.unit_of_work import UnitOfWork

COUNTED_STATUSES = frozenset({DocumentStatus.IN_PROGRESS, DocumentStatus.DONE})
_BATCH = 500


def _status_counts(
    status: str,
    statuses: frozenset[DocumentStatus] | set[DocumentStatus],
    annotated: Callable[[], bool],
) -> bool:
    """Whether a document with `status` counts; `annotated` is asked only for a new one."""
    if status in statuses:
        return True
    return status == DocumentStatus.NEW and DocumentStatus.IN_PROGRESS in statuses and annotated()


def counts(
    uow: UnitOfWork,
    document_pk: int,
    layer_id: int,
    statuses: frozenset[DocumentStatus] | set[DocumentStatus] = COUNTED_STATUSES,
) -> bool:
    """Whether a document counts for a layer (see the module docstring)."""
    status = uow.annotations.status(document_pk, layer_id)[0]
    return _status_counts(
        status, statuses, lambda: uow.annotations.has_annotations(document_pk, layer_id)
    )


def _counted(
    uow: UnitOfWork,
    layer_id: int,
    pks: list[int],
    statuses: frozenset[DocumentStatus] | set[DocumentStatus],
) -> list[int]:
    """The documents among `pks` that count for a layer (see the module docstring)."""
    status = uow.layer_contents.statuses(layer_id, pks)
    new_counts = DocumentStatus.IN_PROGRESS in statuses
    annotated = uow.layer_contents.annotated(layer_id, pks) if new_counts else set()
    return [
        pk
        for pk in pks
        if _status_counts(
            status.get(pk, DocumentStatus.NEW), statuses, partial(annotated.__contains__, pk)
        )
    ]


def _chosen_layers(uow: UnitOfWork, layers: Sequence[str] | None) -> list[str]:
    """The annotator layers to compare: those asked for (checked), else all of them."""
    known = [name for name in uow.layers.names() if Layer.parse(name).kind is LayerKind.ANNOTATOR]
    if not layers:
        return known
    for name in layers:
        if Layer.parse(name).kind is not LayerKind.ANNOTATOR:
            raise InputError(
                f"{name} is not an annotator layer; agreement compares annotator:<name> layers"
            )
    unknown = [name for name in layers if name not in known]
    if unknown:
        raise InputError(
            f"the database has no layer {unknown[0]!r}; annotator layers: "
            f"{', '.join(known) or 'none'}"
        )
    return list(dict.fromkeys(layers))


def load_annotations(
    database: Database,
    layers: Sequence[str] | None = None,
    doc_ids: Sequence[str] | None = None,
    done_only: bool = False,
) -> tuple[list[str], list[DocumentAnnotations]]:
    """The annotator layers compared, and each document's annotations by layer that counts."""
    statuses = {DocumentStatus.DONE} if done_only else COUNTED_STATUSES
    with database.uow() as uow:
        chosen = _chosen_layers(uow, layers)
        if doc_ids:
            missing = set(doc_ids) - uow.documents.existing_doc_ids(doc_ids)
            if missing:
                raise InputError(f"no document {sorted(missing)[0]!r}")
        ids = {name: uow.layers.find(name) for name in chosen}
        rows = uow.layer_contents.documents(list(doc_ids) if doc_ids else None)
        documents: list[DocumentAnnotations] = []
        for first in range(0, len(rows), _BATCH):
            batch = rows[first : first + _BATCH]
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
                    by_document[pk][name] = Annotations(
                        tuple(entities.get(pk, ())), tuple(metrics.get(pk, ()))
                    )
            documents.extend(
                DocumentAnnotations(doc_id, length, by_document[pk])
                for pk, doc_id, length in batch
                if by_document[pk]
            )
    return chosen, documents

"""Rejecting a suggestion, and taking that back, as editing commands.

A rejection is kept per annotator by span (metric and entity suggestions alike), beside the
annotation layers: it changes no annotation and no document status. Each handler returns the
command that undoes it; `services.editing` applies them as it applies every other command.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotator.domain.errors import ConflictError, NotFound, ValidationError
from annotator.domain.layers import Layer, LayerKind
from annotator.services.permissions import Actor, check_can_write
from annotator.store.settings_repository import Rejection
from annotator.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class RejectSuggestion:
    """The annotator of `layer` turns down the suggestion at start..end. `suggestion_key` is
    what was proposed: a metric suggestion's id, or an entity suggestion's rejection key."""

    doc_id: str
    layer: str  # the annotator's own layer
    suggestion_key: str
    start: int
    end: int


@dataclass(frozen=True)
class UnrejectSuggestion:
    """The suggestion at start..end is unreviewed again for the annotator of `layer`."""

    doc_id: str
    layer: str
    start: int
    end: int


@dataclass(frozen=True)
class RejectSuggestions:
    """Several suggestions turned down at once (every one of a text and label: Shift+X), in one
    transaction and one undo step."""

    doc_id: str
    layer: str
    rejections: tuple[Rejection, ...]


@dataclass(frozen=True)
class UnrejectSuggestions:
    """Several suggestions unreviewed again at once (the inverse of RejectSuggestions), by
    span."""

    doc_id: str
    layer: str
    spans: tuple[tuple[int, int], ...]


def _annotator(layer_name: str, actor: Actor) -> str:
    layer = Layer.parse(layer_name)
    if layer.kind is not LayerKind.ANNOTATOR:
        raise ValidationError(
            "layer", f"{layer_name} is not an annotator's layer; only annotators review suggestions"
        )
    check_can_write(actor, layer)
    return layer.owner


def reject(uow: UnitOfWork, cmd: RejectSuggestion, actor: Actor) -> UnrejectSuggestion:
    _record(uow, cmd.doc_id, cmd.layer, actor, [Rejection(cmd.suggestion_key, cmd.start, cmd.end)])
    return UnrejectSuggestion(cmd.doc_id, cmd.layer, cmd.start, cmd.end)


def unreject(uow: UnitOfWork, cmd: UnrejectSuggestion, actor: Actor) -> RejectSuggestion:
    (found,) = _forget(uow, cmd.doc_id, cmd.layer, actor, [(cmd.start, cmd.end)])
    return RejectSuggestion(cmd.doc_id, cmd.layer, found.suggestion_key, cmd.start, cmd.end)


def reject_many(uow: UnitOfWork, cmd: RejectSuggestions, actor: Actor) -> UnrejectSuggestions:
    _record(uow, cmd.doc_id, cmd.layer, actor, cmd.rejections)
    spans = tuple((r.start, r.end) for r in cmd.rejections)
    return UnrejectSuggestions(cmd.doc_id, cmd.layer, spans)


def unreject_many(uow: UnitOfWork, cmd: UnrejectSuggestions, actor: Actor) -> RejectSuggestions:
    found = _forget(uow, cmd.doc_id, cmd.layer, actor, cmd.spans)
    return RejectSuggestions(cmd.doc_id, cmd.layer, tuple(found))


def _record(
    uow: UnitOfWork, doc_id: str, layer: str, actor: Actor, rejections: Sequence[Rejection]
) -> None:
    """Keep the rejections (the layer's permission checked and the document found once)."""
    annotator = _annotator(layer, actor)
    pk = uow.documents.pk(doc_id)
    for rejection in rejections:
        if not uow.suggestion_reviews.reject(pk, annotator, rejection):
            raise ConflictError(
                f"the suggestion at {rejection.start}..{rejection.end} is already rejected"
            )


def _forget(
    uow: UnitOfWork, doc_id: str, layer: str, actor: Actor, spans: Sequence[tuple[int, int]]
) -> list[Rejection]:
    """Take back the rejections at these spans; what they were (the annotator's rejections
    read once)."""
    annotator = _annotator(layer, actor)
    pk = uow.documents.pk(doc_id)
    kept = {
        (r.start, r.end): r
        for entities in (False, True)
        for r in uow.suggestion_reviews.rejections(pk, annotator, entities)
    }
    found = []
    for start, end in spans:
        rejection = kept.get((start, end))
        if rejection is None:
            raise NotFound(f"the suggestion at {start}..{end} is not rejected; reload")
        uow.suggestion_reviews.unreject(pk, annotator, start, end)
        found.append(rejection)
    return found

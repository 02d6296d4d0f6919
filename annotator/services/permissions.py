"""Who may write which layer: annotators their own, curators also gold; predictions are imported."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.domain.errors import PermissionDenied
from annotator.domain.layers import Layer, LayerKind


@dataclass(frozen=True)
class Actor:
    """The person making an edit; `curator` comes from the role list in the database."""

    name: str
    curator: bool = False

    @property
    def own_layer(self) -> Layer:
        return Layer.annotator(self.name)


def check_can_write(actor: Actor, layer: Layer) -> None:
    """Raise PermissionDenied unless `actor` may edit `layer` by hand."""
    if layer.kind is LayerKind.ANNOTATOR and layer.owner == actor.name:
        return
    if layer.kind is LayerKind.GOLD and actor.curator:
        return
    if layer.kind is LayerKind.GOLD:
        raise PermissionDenied(f"{actor.name} is not a curator; only curators write gold")
    if layer.kind is LayerKind.PRED:
        raise PermissionDenied(f"{layer} holds imported predictions; they are not edited by hand")
    raise PermissionDenied(f"{actor.name} may not write {layer}, another annotator's layer")


def check_can_curate(actor: Actor) -> None:
    """Raise PermissionDenied unless `actor` is a curator (curation decisions, the gold view)."""
    if not actor.curator:
        raise PermissionDenied(f"{actor.name} is not a curator; only curators curate")


def check_can_read(actor: Actor, layer: Layer) -> None:
    """Raise PermissionDenied unless `actor` may see `layer` (blind mode).

    An annotator sees their own layer and machine predictions; only curators see other
    annotators' layers and gold, which would reveal the other annotators' choices.
    """
    if actor.curator:
        return
    if layer.kind is LayerKind.ANNOTATOR and layer.owner == actor.name:
        return
    if layer.kind is LayerKind.PRED:
        return
    if layer.kind is LayerKind.GOLD:
        raise PermissionDenied(
            f"{actor.name} is not a curator; only curators see gold while annotation is blind"
        )
    raise PermissionDenied(
        f"{actor.name} may not see {layer}: annotation is blind, only "
        "curators see other annotators' layers"
    )

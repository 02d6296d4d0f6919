"""Project-wide settings kept in the database: the blind share and the suggestion layer."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from annotator.domain.errors import InputError, PermissionDenied, ValidationError
from annotator.domain.layers import Layer, LayerKind
from annotator.store.database import Database
from annotator.store.team_repositories import CURATOR

BLIND_SHARE = "blind_share"
SUGGESTION_LAYER = "suggestion_layer"
DEFAULT_SUGGESTION_LAYER = "pred:assistant"

__all__ = [
    "BLIND_SHARE",
    "DEFAULT_SUGGESTION_LAYER",
    "SUGGESTION_LAYER",
    "ProjectSettings",
    "blind_position",
    "is_blind",
    "parse_blind_share",
    "parse_suggestion_layer",
    "project_settings",
    "set_blind_share",
    "set_suggestion_layer",
]


@dataclass(frozen=True)
class ProjectSettings:
    """The settings with their defaults filled in."""

    blind_share: float = 0.0
    suggestion_layer: str = DEFAULT_SUGGESTION_LAYER


def parse_blind_share(raw: str | float) -> float:
    """A share between 0 and 1 ("0.2", 0.2); InputError otherwise."""
    try:
        share = float(raw)
    except (TypeError, ValueError):
        raise InputError(f"blind share {raw!r} is not a number between 0 and 1") from None
    if not math.isfinite(share) or not 0.0 <= share <= 1.0:
        raise InputError(f"blind share {raw!r} is not a number between 0 and 1")
    return share


def parse_suggestion_layer(name: str) -> str:
    """A prediction layer name (pred:<system>); InputError otherwise."""
    try:
        layer = Layer.parse(name)
    except ValidationError as error:
        raise InputError(str(error)) from None
    if layer.kind is not LayerKind.PRED:
        raise InputError(f"suggestions go into a prediction layer (pred:<system>), not {name!r}")
    return layer.name


def project_settings(database: Database) -> ProjectSettings:
    """The stored settings; a setting never set has its default."""
    with database.uow() as uow:
        stored = uow.settings.all()
    share = stored.get(BLIND_SHARE)
    return ProjectSettings(
        blind_share=parse_blind_share(share) if share is not None else 0.0,
        suggestion_layer=stored.get(SUGGESTION_LAYER, DEFAULT_SUGGESTION_LAYER),
    )


def set_blind_share(database: Database, share: str | float, acting: str) -> float:
    """Keep `share` of the documents blind (no suggestions shown) for each annotator.

    Once the project has curators only they may change it (a share changed mid-way changes
    which documents are blind); before that anyone may, as for the first curator.
    """
    value = parse_blind_share(share)
    with database.uow() as uow:
        if uow.roles.count(CURATOR) and not uow.roles.has(acting, CURATOR):
            raise PermissionDenied(
                f"{acting} is not a curator; only curators change the blind share"
            )
        uow.settings.set(BLIND_SHARE, repr(value), acting)
        uow.commit()
    return value


def set_suggestion_layer(database: Database, layer: str, acting: str) -> str:
    """Record which prediction layer holds the suggestions annotators review."""
    name = parse_suggestion_layer(layer)
    with database.uow() as uow:
        uow.settings.set(SUGGESTION_LAYER, name, acting)
        uow.commit()
    return name


def blind_position(doc_id: str, annotator: str) -> float:
    """A fixed number in [0, 1) for (document, annotator), uniform over documents.

    A document is blind for an annotator when this is below the blind share. A hash keeps
    the choice the same on every machine and every run without storing it, and a larger share
    only adds blind documents to the smaller share's.
    """
    digest = hashlib.sha256(f"{annotator}\n{doc_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def is_blind(
    database: Database, doc_id: str, annotator: str, settings: ProjectSettings | None = None
) -> bool:
    """Whether `annotator` sees no suggestions in `doc_id` (see `blind_position`)."""
    share = (settings or project_settings(database)).blind_share
    return blind_position(doc_id, annotator) < share

"""What agreement is computed from: each annotator's entities and metrics on each document."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from annotator.domain.entities import Entity
from annotator.domain.metrics import Metric


@dataclass(frozen=True)
class Annotations:
    """One annotator's entities and metrics on one document."""

    entities: tuple[Entity, ...] = ()
    metrics: tuple[Metric, ...] = ()


@dataclass(frozen=True)
class DocumentAnnotations:
    """A document's length and the annotations of every annotator it counts for."""

    doc_id: str
    length: int
    layers: Mapping[str, Annotations]

"""LayerRecord: one document with one layer's annotations, the unit every format reads and writes."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.domain.entities import Entity
from annotator.domain.metrics import Metric
from annotator.domain.segments import Segment
from annotator.domain.text import Document


@dataclass(frozen=True)
class LayerRecord:
    """A document and (optionally) one layer of annotations on it, as exported or imported."""

    document: Document
    layer: str | None = None
    entities: tuple[Entity, ...] = field(default_factory=tuple)
    segments: tuple[Segment, ...] = field(default_factory=tuple)
    metrics: tuple[Metric, ...] = field(default_factory=tuple)

    @property
    def has_annotations(self) -> bool:
        return bool(self.entities or self.segments or self.metrics)

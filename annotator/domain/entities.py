"""Entities: labelled spans (PLACE, ORG, PERSON, PROGRAM, PROJECT, DOCUMENT, DATE)."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.domain.metrics import MANUAL, Provenance, ProvenanceKind
from annotator.domain.spans import Span

ENTITY_LABELS: tuple[str, ...] = (
    "PLACE",
    "ORG",
    "PERSON",
    "PROGRAM",
    "PROJECT",
    "DOCUMENT",
    "DATE",
)
# Labels a metric may link to, per link field (spec: Metrics).
LINK_LABELS: dict[str, tuple[str, ...]] = {
    "place": ("PLACE",),
    "org": ("ORG",),
    "subject": ("PROGRAM", "PROJECT"),
}


@dataclass(frozen=True)
class Entity:
    """A named thing in the text. `id` is unique within its document and layer (e1, e2, …).

    `provenance` says whether it was tagged by hand or is an accepted (or edited) suggestion,
    and by which recommenders; `score` is a recommender's confidence, set on suggestions.
    """

    id: str
    label: str
    start: int
    end: int
    text: str
    provenance: Provenance = field(default=MANUAL)
    score: float | None = None

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)

    def edited_provenance(self, label: str, start: int, end: int) -> Provenance:
        """Its provenance once relabelled or moved: an accepted suggestion changed in label or
        boundaries becomes suggested-edited."""
        if self.provenance.kind is ProvenanceKind.SUGGESTED and (label, start, end) != (
            self.label,
            self.start,
            self.end,
        ):
            return Provenance(ProvenanceKind.SUGGESTED_EDITED, self.provenance.system)
        return self.provenance

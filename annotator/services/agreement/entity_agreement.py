"""Pairwise entity agreement per label: matches with exact boundaries and overlapping ones."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.domain.entities import Entity
from annotator.services.agreement.matching import Counts, match_spans


def entity_matches(
    a: Sequence[Entity], b: Sequence[Entity]
) -> tuple[dict[str, Counts], dict[str, Counts]]:
    """Per label, entities matched between two annotators with the same label and identical
    boundaries (first table), or sharing at least one character (second), one to one."""
    spans: dict[str, tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {}
    for side, entities in enumerate((a, b)):
        for e in entities:
            spans.setdefault(e.label, ([], []))[side].append((e.start, e.end))
    exact: dict[str, Counts] = {}
    overlap: dict[str, Counts] = {}
    for label in sorted(spans):
        spans_a, spans_b = spans[label]
        same, near = match_spans(spans_a, spans_b)
        exact[label] = Counts(len(same), len(spans_a), len(spans_b))
        overlap[label] = Counts(len(same) + len(near), len(spans_a), len(spans_b))
    return exact, overlap


def entity_counts(
    a: Sequence[Entity], b: Sequence[Entity], overlap: bool = False
) -> dict[str, Counts]:
    """Per label: entities matched between two annotators (same label; identical boundaries,
    or with `overlap` any shared character), and each side's total."""
    return entity_matches(a, b)[1 if overlap else 0]

"""Finding a text in a document, and tagging every place it occurs in one edit."""

from __future__ import annotations

from collections.abc import Iterable

from annotator.domain.entities import Entity
from annotator.domain.spans import trimmed
from annotator.services import editing


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Every place `needle` occurs in `text`, left to right, not overlapping (code points)."""
    found: list[tuple[int, int]] = []
    if not needle:
        return found
    start = text.find(needle)
    while start >= 0:
        found.append((start, start + len(needle)))
        start = text.find(needle, start + len(needle))
    return found


def tag_all_command(
    doc_id: str, layer: str, text: str, needle: str, label: str, entities: Iterable[Entity]
) -> editing.Batch | None:
    """One edit tagging every occurrence of `needle` as `label`; None when there is nothing
    left to tag. An occurrence already tagged with that label, or lying inside another
    entity of that label, is left as it is."""
    same = [(e.start, e.end) for e in entities if e.label == label]
    commands: list[editing.Command] = []
    for start, end in occurrences(text, needle):
        lo, hi = trimmed(text, start, end)  # as the edit will store it
        if lo == hi or any(s <= lo and hi <= e for s, e in same):
            continue
        commands.append(editing.AddEntity(doc_id, layer, label, lo, hi))
    return editing.Batch(doc_id, layer, tuple(commands)) if commands else None

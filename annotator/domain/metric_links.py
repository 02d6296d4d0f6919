"""Links proposed for a suggested metric: its place, organisation and subject, from the entities
of its document (accepted or suggested).

- place: the first PLACE before the value in its sentence (the subject's place leads it; later
  ones are objects or partners), else the passage's place: the nearest PLACE mentioned before
  the value (the article's place, headline included), stated elsewhere: an implicit place;
- org: the ORG acting in the sentence, the nearest one before the value (an agent comes
  first in a Chinese clause), else the first after it (…住建局负责);
- subject: the PROGRAM or PROJECT of the sentence nearest before the value (one after it is
  an object or a later clause's own).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from annotator.domain.entities import LINK_LABELS, Entity
from annotator.domain.metrics import Metric


def _in_sentence(entity: Entity, start: int, end: int) -> bool:
    return start <= entity.start and entity.end <= end


def _nearest_before(candidates: Sequence[Entity], value_start: int) -> Entity | None:
    before = [e for e in candidates if e.end <= value_start]
    # The closest end wins; of nested ones, the outer (longer) one.
    return max(before, key=lambda e: (e.end, e.end - e.start)) if before else None


def _nearest_after(candidates: Sequence[Entity], value_end: int) -> Entity | None:
    after = [e for e in candidates if e.start >= value_end]
    return min(after, key=lambda e: (e.start, -(e.end - e.start))) if after else None


def lead_place(entities: Sequence[Entity], before: int | None = None) -> Entity | None:
    """The place of the passage: the nearest PLACE mention ending before `before` (the
    article's place at its nearest mention, headline included); without `before`, or with
    none before it, the first PLACE of the document."""
    places = [e for e in entities if e.label == "PLACE"]
    nearest = _nearest_before(places, before) if before is not None else None
    if nearest is not None:
        return nearest
    return min(places, key=lambda e: (e.start, -e.end)) if places else None


def _sentence_place(places: Sequence[Entity], value_start: int) -> Entity | None:
    """The place a sentence states for its value: the first PLACE before the value (the
    subject's place leads the sentence; later ones are objects or partners)."""
    before = [e for e in places if e.end <= value_start]
    return min(before, key=lambda e: (e.start, -e.end)) if before else None


def proposed_links(metric: Metric, entities: Sequence[Entity]) -> dict[str, str | None]:
    """The place, org and subject ids proposed for a metric (None where nothing fits).

    The metric's evidence is its sentence; without evidence or value nothing is proposed.
    """
    links: dict[str, str | None] = {name: None for name in LINK_LABELS}
    value, evidence = metric.value, metric.evidence
    if (
        value is None
        or value.start is None
        or value.end is None
        or evidence is None
        or evidence.start is None
        or evidence.end is None
    ):
        return links
    in_sentence = [
        e
        for e in entities
        if _in_sentence(e, evidence.start, evidence.end)
        and not (e.start < value.end and value.start < e.end)
    ]
    for name, labels in LINK_LABELS.items():
        candidates = [e for e in in_sentence if e.label in labels]
        if name == "place":  # one after the value is not where it happened: use the passage's
            found = _sentence_place(candidates, value.start) or lead_place(entities, value.start)
        elif name == "org":  # the agent comes first; else one named responsible after (…负责)
            found = _nearest_before(candidates, value.start) or _nearest_after(
                candidates, value.end
            )
        else:  # what the fact is about comes before the predicate
            found = _nearest_before(candidates, value.start)
        links[name] = found.id if found is not None else None
    return links


def with_proposed_links(metrics: Sequence[Metric], entities: Sequence[Entity]) -> list[Metric]:
    """The metrics with their links proposed from `entities` (ids of that same layer)."""
    proposed = []
    for metric in metrics:
        links = proposed_links(metric, entities)
        proposed.append(
            replace(metric, place=links["place"], org=links["org"], subject=links["subject"])
        )
    return proposed

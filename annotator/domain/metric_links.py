"""Links proposed for a suggested metric: its place, organisation and subject, from the entities
of its document (accepted or suggested).

- place: the PLACE nearest before the value in its sentence, else the article's lead place
  (the first PLACE of the document), stated elsewhere: an implicit place;
- org: the ORG acting in the sentence, taken as the nearest one before the value (an agent
  comes first in a Chinese clause), else the first after it;
- subject: a PROGRAM or PROJECT of the sentence, the nearest before the value, else after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from annotator.domain.entities import LINK_LABELS, Entity
from annotator.domain.metrics import Metric


def _in_sentence(entity: Entity, start: int, end: int) -> bool:
    return start <= entity.start and entity.end <= end


def _nearest(candidates: Sequence[Entity], value_start: int, value_end: int) -> Entity | None:
    before = [e for e in candidates if e.end <= value_start]
    if before:  # the closest end wins; of nested ones, the outer (longer) one
        return max(before, key=lambda e: (e.end, e.end - e.start))
    after = [e for e in candidates if e.start >= value_end]
    return min(after, key=lambda e: (e.start, -(e.end - e.start))) if after else None


def lead_place(entities: Sequence[Entity]) -> Entity | None:
    """The article's lead place: its first PLACE in text order."""
    places = [e for e in entities if e.label == "PLACE"]
    return min(places, key=lambda e: (e.start, -e.end)) if places else None


def proposed_links(metric: Metric, entities: Sequence[Entity]) -> dict[str, str | None]:
    """The place, org and subject ids proposed for a metric (None where nothing fits).

    The metric's evidence is its sentence; without evidence or value nothing is proposed.
    """
    links: dict[str, str | None] = {name: None for name in LINK_LABELS}
    value, evidence = metric.value, metric.evidence
    if value is None or value.start is None or value.end is None or evidence is None \
            or evidence.start is None or evidence.end is None:
        return links
    in_sentence = [e for e in entities if _in_sentence(e, evidence.start, evidence.end)
                   and not (e.start < value.end and value.start < e.end)]
    for name, labels in LINK_LABELS.items():
        found = _nearest([e for e in in_sentence if e.label in labels], value.start, value.end)
        if name == "place" and found is not None and found.end > value.start:
            found = None  # a place after the value is not where it happened: use the lead
        if name == "place" and found is None:
            found = lead_place(entities)
        links[name] = found.id if found is not None else None
    return links


def with_proposed_links(metrics: Sequence[Metric], entities: Sequence[Entity]) -> list[Metric]:
    """The metrics with their links proposed from `entities` (ids of that same layer)."""
    proposed = []
    for metric in metrics:
        links = proposed_links(metric, entities)
        proposed.append(replace(metric, place=links["place"], org=links["org"],
                                subject=links["subject"]))
    return proposed

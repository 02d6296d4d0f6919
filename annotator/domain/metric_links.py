"""Links proposed for a suggested metric: its place, organisation and subject, from the entities
of its document (accepted or suggested).

- place: the first PLACE before the value in its sentence (the subject's place leads it; later
  ones are objects or partners), else the article's main place (guideline 19): where the
  article's bounds are known (an ARTICLE segment), the place it names most (浏阳 and 浏阳市
  counted as one) at its nearest mention before the value; else the nearest PLACE mentioned
  before the value (on a page of several articles the most named place is often another
  article's: the nearest mention is right more often);
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


# A place's level, left out when its mentions are counted together (浏阳市 and 浏阳).
_LEVELS = ("特别行政区", "自治区", "自治州", "自治县", "街道", "省", "市", "县", "区", "镇", "乡")


def _place_name(text: str) -> str:
    name = "".join(text.split())
    for level in _LEVELS:
        if name.endswith(level) and len(name) - len(level) >= 2:
            return name[: -len(level)]
    return name


def main_place(entities: Sequence[Entity], article: tuple[int, int], before: int) -> Entity | None:
    """The article's main place: of the PLACEs inside `article`, the name said most (ties:
    the first said), at its nearest mention ending before `before`, else its first mention."""
    places = [
        e for e in entities if e.label == "PLACE" and article[0] <= e.start and e.end <= article[1]
    ]
    if not places:
        return None
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for e in sorted(places, key=lambda e: (e.start, e.end)):
        name = _place_name(e.text)
        counts[name] = counts.get(name, 0) + 1
        first.setdefault(name, e.start)
    name = max(counts, key=lambda n: (counts[n], -first[n]))
    mentions = [e for e in places if _place_name(e.text) == name]
    return _nearest_before(mentions, before) or min(mentions, key=lambda e: (e.start, -e.end))


def _article_of(articles: Sequence[tuple[int, int]], position: int) -> tuple[int, int] | None:
    holding = [a for a in articles if a[0] <= position < a[1]]
    return min(holding, key=lambda a: a[1] - a[0]) if holding else None


def proposed_links(
    metric: Metric, entities: Sequence[Entity], articles: Sequence[tuple[int, int]] = ()
) -> dict[str, str | None]:
    """The place, org and subject ids proposed for a metric (None where nothing fits).

    The metric's evidence is its sentence; without evidence or value nothing is proposed.
    `articles` are the bounds of the layer's ARTICLE segments, where it has them.
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
        if name == "place":  # one after the value is not where it happened: the article's
            article = _article_of(articles, value.start)
            found = (
                _sentence_place(candidates, value.start)
                or (main_place(entities, article, value.start) if article else None)
                or lead_place(entities, value.start)
            )
        elif name == "org":  # the agent comes first; else one named responsible after (…负责)
            found = _nearest_before(candidates, value.start) or _nearest_after(
                candidates, value.end
            )
        else:  # what the fact is about comes before the predicate
            found = _nearest_before(candidates, value.start)
        links[name] = found.id if found is not None else None
    return links


def with_proposed_links(
    metrics: Sequence[Metric],
    entities: Sequence[Entity],
    articles: Sequence[tuple[int, int]] = (),
) -> list[Metric]:
    """The metrics with their links proposed from `entities` (ids of that same layer) and the
    layer's `articles` (ARTICLE segment bounds)."""
    proposed = []
    for metric in metrics:
        links = proposed_links(metric, entities, articles)
        proposed.append(
            replace(metric, place=links["place"], org=links["org"], subject=links["subject"])
        )
    return proposed

"""Entity proposals of the recommenders, merged into suggestions, and the review rules on them."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from annotator.domain.entities import ENTITY_LABELS, Entity
from annotator.domain.metrics import Provenance, ProvenanceKind

# A merged suggestion scoring below this is not shown: a wrong suggestion costs a key press.
# Chosen on a dev split of MSRA's training sentences (bench/recommender_bench.py --dev): from
# 0.6 to 0.75 F1 stays within 0.002 of its best, and 0.7 keeps precision near 0.87.
SHOWN_SCORE = 0.7
# The CRF reads the lexicon's matches and LAC's tags as features: where it ran, their agreement
# with it is not independent evidence, and their lone guesses are ones it weighed and turned
# down. Their scores then count at this weight, so alone they never reach SHOWN_SCORE.
STACKED_RECOMMENDER = "crf"
STACKED_WEIGHTS: Mapping[str, float] = {"lexicon": 0.5, "lac": 0.5}
# Recommender names join into a suggestion's provenance system in this order: "crf+lac+lexicon".
SYSTEM_SEPARATOR = "+"


@dataclass(frozen=True)
class Proposal:
    """One recommender's guess: `label` on start..end of the text, with its confidence."""

    start: int
    end: int
    label: str
    score: float
    recommender: str


@dataclass(frozen=True)
class EntitySuggestion:
    """A suggested entity to review, and the other labels proposed for the same span (shown in
    its tooltip), best first."""

    entity: Entity
    alternatives: tuple[Entity, ...] = ()

    @property
    def span(self) -> tuple[int, int]:
        return self.entity.start, self.entity.end

    @property
    def recommenders(self) -> tuple[str, ...]:
        return recommenders_of(self.entity.provenance.system)


def recommenders_of(system: str | None) -> tuple[str, ...]:
    """The recommender names in a provenance system ("crf+lexicon" → ("crf", "lexicon"))."""
    return tuple(system.split(SYSTEM_SEPARATOR)) if system else ()


def merge_weights(recommenders: Iterable[str]) -> Mapping[str, float]:
    """How much each recommender's scores count when these ran together on a text."""
    return STACKED_WEIGHTS if STACKED_RECOMMENDER in set(recommenders) else {}


def _combined(scores: Iterable[float]) -> float:
    # Independent recommenders agreeing make a suggestion likelier than either alone (noisy-or).
    missing = 1.0
    for score in scores:
        missing *= 1.0 - min(max(score, 0.0), 1.0)
    return round(1.0 - missing, 4)


def merge_proposals(
    text: str,
    proposals: Iterable[Proposal],
    *,
    min_score: float = SHOWN_SCORE,
    leave_out: Container[tuple[int, int]] = (),
    weights: Mapping[str, float] | None = None,
    kept: Sequence[Entity] = (),
) -> list[Entity]:
    """Proposals of the same span and label become one suggested entity (e1, e2 … in text
    order) whose provenance system lists its recommenders and whose score combines theirs,
    each weighted by `weights` (1 for a recommender not in it; see `merge_weights`).
    Different labels on one span stay separate entities: `review_order` picks among them.

    Those at a span in `leave_out` (spans `review_order` closes) are not returned, their
    numbers left unused, so that every other entity keeps its id.

    `kept` are suggestions merged before (a suggestion layer's): numbered in the same order
    but taken as they are, score and recommenders, even without a score (an imported system's
    output); a proposal of the same span and label adds nothing to them."""
    # Run at every key press that tags on a page of hundreds of proposals: kept lean.
    weights = weights or {}
    order = {label: i for i, label in enumerate(ENTITY_LABELS)}
    grouped: dict[tuple[int, int, int], dict[str, float]] = {}
    for p in proposals:
        rank = order.get(p.label)
        if rank is None or p.start >= p.end:
            continue
        key = (p.start, -p.end, rank)  # sorts in text order, longest first, then by label
        score = p.score * weights.get(p.recommender, 1.0) if weights else p.score
        by_recommender = grouped.get(key)
        if by_recommender is None:
            grouped[key] = {p.recommender: max(0.0, score)}
        else:
            by_recommender[p.recommender] = max(by_recommender.get(p.recommender, 0.0), score)
    fixed: dict[tuple[int, int, int], Entity] = {}
    for e in kept:
        rank = order.get(e.label)
        if rank is not None and e.start < e.end:
            fixed[(e.start, -e.end, rank)] = e
    provenances: dict[str, Provenance] = {}
    result: list[Entity] = []
    number = 0
    for key in sorted(grouped.keys() | fixed.keys()):
        entity = fixed.get(key)
        if entity is not None:
            number += 1
            if (entity.start, entity.end) not in leave_out:
                result.append(replace(entity, id=f"e{number}"))
            continue
        scores = grouped[key]
        score = _combined(scores.values())
        if score < min_score:
            continue
        number += 1
        start, end = key[0], -key[1]
        if (start, end) not in leave_out:
            label = ENTITY_LABELS[key[2]]
            system = SYSTEM_SEPARATOR.join(sorted(scores))
            provenance = provenances.get(system)
            if provenance is None:
                provenance = provenances[system] = Provenance(ProvenanceKind.SUGGESTED, system)
            result.append(
                Entity(f"e{number}", label, start, end, text[start:end], provenance, score)
            )
    return result


def review_order(
    suggested: Sequence[Entity], own: Sequence[Entity], rejected: Iterable[tuple[int, int]]
) -> list[EntitySuggestion]:
    """What an annotator still has to review, in text order.

    The annotator's own entities suppress suggestions at their span (whatever the label: the
    span was decided), and so do the spans they rejected. Conflicting labels on one span show
    the higher-scored one, the others as alternatives; of two suggestions that cross (overlap
    without one holding the other: recommenders disagreeing on the boundary) only the
    higher-scored one is shown. Nested ones are all shown, as the data nests entities.
    """
    own_spans = {(e.start, e.end) for e in own}
    closed = own_spans | set(rejected)
    by_span: dict[tuple[int, int], list[Entity]] = defaultdict(list)
    for entity in suggested:
        if (entity.start, entity.end) not in closed:
            by_span[(entity.start, entity.end)].append(entity)
    best = {
        span: sorted(entities, key=lambda e: (-(e.score or 0.0), e.label))
        for span, entities in by_span.items()
    }
    # Shown spans by start: only those starting less than the longest span before this one
    # can overlap it, so a page of hundreds of suggestions is not compared pair by pair.
    shown: list[tuple[int, int]] = []
    starts: list[int] = []
    longest = 0
    for span in sorted(best, key=lambda s: (-(best[s][0].score or 0.0), s)):
        near = shown[bisect_left(starts, span[0] - longest) : bisect_left(starts, span[1])]
        if not any(_cross(span, other) for other in near):
            at = bisect_left(starts, span[0])
            starts.insert(at, span[0])
            shown.insert(at, span)
            longest = max(longest, span[1] - span[0])
    return [EntitySuggestion(best[span][0], tuple(best[span][1:])) for span in sorted(shown)]


def _cross(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two spans overlap without one holding the other."""
    overlap = a[0] < b[1] and b[0] < a[1]
    nested = (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])
    return overlap and not nested


def occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    """Every place `surface` occurs in `text`, overlapping ones included."""
    found, at = [], text.find(surface)
    while surface and at >= 0:
        found.append((at, at + len(surface)))
        at = text.find(surface, at + 1)
    return found

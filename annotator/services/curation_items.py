"""Curation items: one disagreement, one item.

The annotators' entities that overlap form one item, whatever differs: the label (全BA PROGRAM
vs PROJECT), the boundary (浏阳市住建局 vs 住建局), both, or one annotator's span missing in
another's layer. Metrics are paired by `agreement.pair_metrics`, the function the agreement
figures use, so curation and agreement have one definition of "the same metric".

Each item is open, taken (gold holds one annotator's version), edited (gold holds something
else there) or rejected (the curator turned every version down; kept in the curation log).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from annotator.domain.entities import Entity
from annotator.domain.metrics import Metric
from annotator.services.agreement.metric_agreement import pair_metrics
from annotator.services.curation import CURATED_FIELDS, GOLD, CurationView, comparable

REJECT = "reject"
REOPEN = "reopen"


class ItemKind(StrEnum):
    AGREED = "agreed"  # every annotator has the same version
    LABEL = "label"  # same span, different labels
    BOUNDARY = "boundary"  # same label, different spans
    LABEL_BOUNDARY = "label_boundary"  # both differ
    MISSING = "missing"  # some annotators have nothing there
    FIELDS = "fields"  # metrics: paired, some fields differ


class ItemState(StrEnum):
    OPEN = "open"
    TAKEN = "taken"
    EDITED = "edited"
    REJECTED = "rejected"


@dataclass(frozen=True)
class EntityItem:
    key: str
    start: int
    end: int
    kind: ItemKind
    versions: Mapping[str, Entity]  # annotator layer → its entity (absent: missing there)
    missing_in: tuple[str, ...]
    gold: Entity | None
    state: ItemState

    @property
    def decided(self) -> bool:
        return self.state is not ItemState.OPEN


@dataclass(frozen=True)
class MetricItem:
    key: str
    start: int
    end: int
    kind: ItemKind
    versions: Mapping[str, Metric]
    missing_in: tuple[str, ...]
    differing: tuple[str, ...]
    gold: Metric | None
    state: ItemState
    # Differing fields whose gold value is one of the annotators' values.
    settled: tuple[str, ...] = ()

    @property
    def decided(self) -> bool:
        return self.state is not ItemState.OPEN


Item = EntityItem | MetricItem  # one thing the curator decides on


@dataclass(frozen=True)
class CurationItems:
    entities: tuple[EntityItem, ...]
    metrics: tuple[MetricItem, ...]

    @property
    def all(self) -> list[Item]:
        """Every item in text order (entities before metrics at the same place)."""
        return sorted(
            [*self.entities, *self.metrics],
            key=lambda i: (i.start, i.end, isinstance(i, MetricItem)),
        )

    @property
    def open(self) -> list[Item]:
        return [item for item in self.all if not item.decided]


def _overlap(a: Entity, b: Entity) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _priority(a: Entity, b: Entity) -> int | None:
    """How closely two entities are the same one: 0 identical … 3 only overlapping."""
    if _overlap(a, b) == 0:
        return None
    same_span = (a.start, a.end) == (b.start, b.end)
    if same_span:
        return 0 if a.label == b.label else 1
    return 2 if a.label == b.label else 3


def _cluster(
    clusters: list[dict[str, Entity]], layer: str, entities: Sequence[Entity], create: bool
) -> dict[int, tuple[Entity, int]]:
    """Join each entity of `layer` to the cluster it matches best, one to one; the unmatched
    start clusters of their own when `create`. Returns cluster index → (entity, priority)."""
    candidates = []
    for ci, cluster in enumerate(clusters):
        if layer in cluster:
            continue
        for ei, entity in enumerate(entities):
            scored = [
                (p, -_overlap(entity, v))
                for v in cluster.values()
                if (p := _priority(entity, v)) is not None
            ]
            if scored:
                p, overlap = min(scored)
                candidates.append((p, overlap, entity.start, ci, ei))
    joined: dict[int, tuple[Entity, int]] = {}
    used: set[int] = set()
    for p, _overlap_neg, _start, ci, ei in sorted(candidates):
        if ci in joined or ei in used:
            continue
        joined[ci] = (entities[ei], p)
        used.add(ei)
    for ci, (entity, _p) in joined.items():
        clusters[ci][layer] = entity
    if create:
        clusters.extend({layer: e} for ei, e in enumerate(entities) if ei not in used)
    return joined


def _entity_kind(versions: Mapping[str, Entity], annotators: Sequence[str]) -> ItemKind:
    if len(versions) < len(annotators):
        return ItemKind.MISSING
    labels = {e.label for e in versions.values()}
    spans = {(e.start, e.end) for e in versions.values()}
    if len(labels) == 1 and len(spans) == 1:
        return ItemKind.AGREED
    if len(spans) == 1:
        return ItemKind.LABEL
    return ItemKind.BOUNDARY if len(labels) == 1 else ItemKind.LABEL_BOUNDARY


def _rejected(view: CurationView) -> set[str]:
    """Item keys whose latest reject/reopen decision is a rejection."""
    latest: dict[str, str] = {}
    for decision in view.decisions:
        if decision.decision in (REJECT, REOPEN):
            latest[decision.item_key] = decision.decision
    return {key for key, decision in latest.items() if decision == REJECT}


def entity_items(view: CurationView, rejected: set[str] | None = None) -> list[EntityItem]:
    annotators = view.annotators
    rejected = _rejected(view) if rejected is None else rejected
    clusters: list[dict[str, Entity]] = []
    for layer in annotators:
        _cluster(
            clusters,
            layer,
            sorted(view.entities.get(layer, ()), key=lambda e: (e.start, e.end)),
            create=True,
        )
    gold_of = _cluster([dict(c) for c in clusters], GOLD, view.gold_entities, create=False)
    items = []
    for ci, versions in enumerate(clusters):
        start = min(e.start for e in versions.values())
        end = max(e.end for e in versions.values())
        key = f"entity:{start}-{end}"
        gold = gold_of[ci][0] if ci in gold_of else None
        taken = gold is not None and any(
            (gold.label, gold.start, gold.end) == (e.label, e.start, e.end)
            for e in versions.values()
        )
        if gold is not None:
            state = ItemState.TAKEN if taken else ItemState.EDITED
        else:
            state = ItemState.REJECTED if key in rejected else ItemState.OPEN
        ordered = {layer: versions[layer] for layer in annotators if layer in versions}
        items.append(
            EntityItem(
                key,
                start,
                end,
                _entity_kind(ordered, annotators),
                ordered,
                tuple(a for a in annotators if a not in versions),
                gold,
                state,
            )
        )
    return sorted(items, key=lambda i: (i.start, i.end))


def _pair_into(
    clusters: list[dict[str, Metric]], layer: str, metrics: Sequence[Metric], create: bool
) -> dict[int, Metric]:
    """Pair `layer`'s metrics with the clusters by `agreement.pair_metrics` on each cluster's
    first version, exactly as agreement pairs two annotators."""
    open_clusters = [ci for ci, c in enumerate(clusters) if layer not in c]
    representatives = [next(iter(clusters[ci].values())) for ci in open_clusters]
    index_of = {id(m): k for k, m in enumerate(representatives)}
    joined: dict[int, Metric] = {}
    for representative, metric in pair_metrics(representatives, metrics):
        joined[open_clusters[index_of[id(representative)]]] = metric
    for ci, metric in joined.items():
        clusters[ci][layer] = metric
    if create:
        used = {id(m) for m in joined.values()}
        clusters.extend({layer: m} for m in metrics if id(m) not in used)
    return joined


def metric_items(view: CurationView, rejected: set[str] | None = None) -> list[MetricItem]:
    annotators = view.annotators
    rejected = _rejected(view) if rejected is None else rejected
    lookups = {
        layer: (
            {e.id: e for e in view.entities.get(layer, ())},
            {m.id: m for m in view.metrics.get(layer, ())},
        )
        for layer in (*annotators, GOLD)
    }
    clusters: list[dict[str, Metric]] = []
    for layer in annotators:
        _pair_into(clusters, layer, view.metrics.get(layer, ()), create=True)
    gold_of = _pair_into([dict(c) for c in clusters], GOLD, view.gold_metrics, create=False)
    items = []
    for ci, versions in enumerate(clusters):
        spans = [s for m in versions.values() if (s := m.value_span) is not None]
        first = next(iter(versions.values()))
        start = min((s[0] for s in spans), default=-1)
        end = max((s[1] for s in spans), default=-1)
        key = f"metric:{start}-{end}" if spans else f"metric:{next(iter(versions))}:{first.id}"

        def values(name: str, layers: Mapping[str, Metric]) -> set[str]:
            return {repr(comparable(m, name, *lookups[layer])) for layer, m in layers.items()}

        differing = tuple(name for name in CURATED_FIELDS if len(values(name, versions)) > 1)
        gold = gold_of.get(ci)
        settled: tuple[str, ...] = ()
        if gold is not None:
            gold_values = {
                name: repr(comparable(gold, name, *lookups[GOLD])) for name in CURATED_FIELDS
            }
            # Taken: every field of gold is one annotator's value for it (settled field by
            # field from several annotators counts too); edited: the curator typed something.
            taken = all(gold_values[name] in values(name, versions) for name in CURATED_FIELDS)
            settled = tuple(
                name for name in differing if gold_values[name] in values(name, versions)
            )
            state = ItemState.TAKEN if taken else ItemState.EDITED
        else:
            state = ItemState.REJECTED if key in rejected else ItemState.OPEN
        if len(versions) < len(annotators):
            kind = ItemKind.MISSING
        else:
            kind = ItemKind.FIELDS if differing else ItemKind.AGREED
        ordered = {layer: versions[layer] for layer in annotators if layer in versions}
        items.append(
            MetricItem(
                key,
                start,
                end,
                kind,
                ordered,
                tuple(a for a in annotators if a not in versions),
                differing,
                gold,
                state,
                settled,
            )
        )
    return sorted(items, key=lambda i: (i.start, i.end))


def curation_items(view: CurationView) -> CurationItems:
    """The document's entity and metric items, in text order."""
    rejected = _rejected(view)
    return CurationItems(tuple(entity_items(view, rejected)), tuple(metric_items(view, rejected)))

"""Curation: the annotators' versions of a document side by side, settled into `gold`.

Every decision is one `services.editing.Decided` command: the gold change and its entry in the
curation log (who, when, what, from which layers, why) in one transaction. It returns the
editing `Applied`, whose inverse undoes it, logged as an undo.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from annotator.domain.entities import Entity
from annotator.domain.errors import InputError, NotFound
from annotator.domain.layers import Layer, LayerKind
from annotator.domain.metrics import ENUM_FIELDS, LINK_FIELDS, SURFACE_FIELDS, Metric
from annotator.domain.segments import segment_label
from annotator.domain.status import DocumentStatus
from annotator.domain.text import Document
from annotator.services import editing
from annotator.services.agreement import counts
from annotator.services.permissions import Actor, check_can_curate
from annotator.store.database import Database
from annotator.store.team_repositories import CurationDecision

GOLD = "gold"
# What curation compares between layers and settles field by field: every field of the record
# except the free-text note, the id and the provenance (how it was typed, not what it says).
CURATED_FIELDS: tuple[str, ...] = (*SURFACE_FIELDS, *ENUM_FIELDS, *LINK_FIELDS, "duplicate_of")

__all__ = [
    "CurationDecision",
    "CurationView",
    "EntityGroup",
    "MetricGroup",
    "accept_unanimous",
    "add_entity",
    "curation_view",
    "edit_entity",
    "remove_entity",
    "remove_metric",
    "save_metric",
    "set_gold_status",
    "settle_field",
    "take_entity",
    "take_metric",
    "take_segment",
    "add_segment",
    "remove_segment",
]


@dataclass(frozen=True)
class EntityGroup:
    """One (label, span) and the annotator layers that tagged it, by entity key."""

    label: str
    start: int
    end: int
    text: str
    keys: Mapping[str, str]
    unanimous: bool
    gold_key: str | None


@dataclass(frozen=True)
class MetricGroup:
    """The metrics of several layers with the same value span, and the fields they differ on."""

    value_span: tuple[int, int] | None
    metrics: Mapping[str, Metric]
    differing: tuple[str, ...]
    unanimous: bool
    gold_key: str | None


@dataclass(frozen=True)
class CurationView:
    """Everything the curator sees of one document."""

    document: Document
    annotators: tuple[str, ...]
    statuses: Mapping[str, DocumentStatus]
    entities: Mapping[str, tuple[Entity, ...]]
    metrics: Mapping[str, tuple[Metric, ...]]
    gold_status: DocumentStatus
    gold_entity_versions: Mapping[str, int]
    gold_metric_versions: Mapping[str, int]
    entity_groups: tuple[EntityGroup, ...]
    metric_groups: tuple[MetricGroup, ...]
    decisions: tuple[CurationDecision, ...] = field(default_factory=tuple)

    @property
    def gold_entities(self) -> tuple[Entity, ...]:
        return self.entities.get(GOLD, ())

    @property
    def gold_metrics(self) -> tuple[Metric, ...]:
        return self.metrics.get(GOLD, ())


# -- comparing ----------------------------------------------------------------------------------


def _entity_target(key: str | None, entities: Mapping[str, Entity]) -> tuple | None:
    if key is None:
        return None
    entity = entities.get(key)
    return (entity.label, entity.start, entity.end) if entity else ("?", key)


def comparable(
    metric: Metric, name: str, entities: Mapping[str, Entity], metrics: Mapping[str, Metric]
) -> object:
    """A field's value in a form equal across layers (links by what they point at)."""
    if name in LINK_FIELDS:
        return _entity_target(getattr(metric, name), entities)
    if name == "duplicate_of":
        target = metrics.get(metric.duplicate_of) if metric.duplicate_of else None
        return target.value_span if target else metric.duplicate_of
    return getattr(metric, name)


def _group_entities(
    annotators: Sequence[str], entities: Mapping[str, Sequence[Entity]]
) -> list[EntityGroup]:
    groups: dict[tuple[str, int, int], dict[str, str]] = {}
    texts: dict[tuple[str, int, int], str] = {}
    for layer in (*annotators, GOLD):
        for entity in entities.get(layer, ()):
            key = (entity.label, entity.start, entity.end)
            groups.setdefault(key, {}).setdefault(layer, entity.id)
            texts[key] = entity.text
    result = []
    for (label, start, end), keys in sorted(
        groups.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[0][0])
    ):
        in_layers = [layer for layer in annotators if layer in keys]
        result.append(
            EntityGroup(
                label,
                start,
                end,
                texts[(label, start, end)],
                {layer: keys[layer] for layer in in_layers},
                len(annotators) >= 2 and len(in_layers) == len(annotators),
                keys.get(GOLD),
            )
        )
    return result


@dataclass(frozen=True)
class _Slot:
    """Where metrics are compared: the value span they share, or, for a metric compared with
    none other (no value span, or a second one of its layer on the same number), that metric."""

    span: tuple[int, int] | None
    alone: tuple[str, str] = ("", "")  # (layer, key) of a metric on its own

    @property
    def position(self) -> tuple[int, int]:
        """Spans in text order; metrics on their own after them, as they came."""
        return self.span if self.span is not None else (10**9, 0)


def _group_metrics(
    annotators: Sequence[str],
    entities: Mapping[str, Sequence[Entity]],
    metrics: Mapping[str, Sequence[Metric]],
) -> list[MetricGroup]:
    by_slot: dict[_Slot, dict[str, Metric]] = {}
    order: list[_Slot] = []
    for layer in (*annotators, GOLD):
        for metric in metrics.get(layer, ()):
            span = metric.value_span
            # Metrics without a value span cannot be compared: each stands alone.
            slot = _Slot(span) if span is not None else _Slot(None, (layer, metric.id))
            group = by_slot.setdefault(slot, {})
            if slot not in order:
                order.append(slot)
            if layer in group:  # two metrics of one layer on one number: keep them apart
                slot = _Slot(None, (layer, metric.id))
                order.append(slot)
                group = by_slot.setdefault(slot, {})
            group[layer] = metric
    lookups = {
        layer: (
            {e.id: e for e in entities.get(layer, ())},
            {m.id: m for m in metrics.get(layer, ())},
        )
        for layer in metrics
    }
    result = []
    for slot in sorted(order, key=lambda s: s.position):
        group = by_slot[slot]
        versions = {layer: m for layer, m in group.items() if layer != GOLD}
        differing = tuple(
            name
            for name in CURATED_FIELDS
            if len({repr(comparable(m, name, *lookups[layer])) for layer, m in versions.items()})
            > 1
        )
        unanimous = (
            len(annotators) >= 2
            and len(versions) == len(annotators)
            and not differing
            and slot.span is not None
        )
        result.append(
            MetricGroup(
                slot.span, versions, differing, unanimous, group[GOLD].id if GOLD in group else None
            )
        )
    return result


# -- reading ------------------------------------------------------------------------------------


def curation_view(database: Database, doc_id: str, actor: Actor) -> CurationView:
    """The annotators' versions of a document, gold, and the log.

    Shown are the annotator layers the document counts for in agreement: in progress, done, or
    new with (imported) annotations; untouched and skipped versions are not.
    """
    check_can_curate(actor)
    with database.uow() as uow:
        document = uow.documents.get(doc_id)
        pk = uow.documents.pk(doc_id)
        statuses: dict[str, DocumentStatus] = {}
        entities: dict[str, tuple[Entity, ...]] = {}
        metrics: dict[str, tuple[Metric, ...]] = {}
        annotators: list[str] = []
        gold_status = DocumentStatus.NEW
        entity_versions: dict[str, int] = {}
        metric_versions: dict[str, int] = {}
        for name in uow.layers.names():
            kind = Layer.parse(name).kind
            if kind is LayerKind.PRED:
                continue
            layer_id = uow.layers.find(name)
            assert layer_id is not None
            status = DocumentStatus(uow.annotations.status(pk, layer_id)[0])
            if kind is LayerKind.GOLD:
                gold_status = status
                entity_versions = uow.annotations.entity_versions(pk, layer_id)
                metric_versions = uow.annotations.metric_versions(pk, layer_id)
            else:
                statuses[name] = status
                if not counts(uow, pk, layer_id):
                    continue
                annotators.append(name)
            entities[name] = tuple(uow.annotations.entities(pk, layer_id))
            metrics[name] = tuple(uow.annotations.metrics(pk, layer_id))
        decisions = tuple(uow.curation.decisions(pk, doc_id))
    return CurationView(
        document,
        tuple(annotators),
        statuses,
        entities,
        metrics,
        gold_status,
        entity_versions,
        metric_versions,
        tuple(_group_entities(annotators, entities)),
        tuple(_group_metrics(annotators, entities, metrics)),
        decisions,
    )


def decisions(database: Database, doc_id: str) -> list[CurationDecision]:
    """The curation log of a document, oldest first."""
    with database.uow() as uow:
        return uow.curation.decisions(uow.documents.pk(doc_id), doc_id)


# -- writing ------------------------------------------------------------------------------------


def _apply(
    database: Database,
    actor: Actor,
    cmd: editing.Command,
    item_kind: str,
    decision: str,
    sources: Iterable[str] = (),
    reason: str = "",
    item_key: str | None = None,
) -> editing.Applied:
    """Apply a gold command and log the decision in the same transaction."""
    entry = editing.Decision(item_kind, decision, item_key, tuple(sources), reason)
    return editing.apply(editing.Decided(cmd.doc_id, entry, cmd), database.uow, actor)


# Decisions on whole items (services.curation_decisions) go through the same path.
apply_decision = _apply


def _source(
    database: Database, doc_id: str, layer: str
) -> tuple[dict[str, Entity], dict[str, Metric]]:
    if Layer.parse(layer).kind is not LayerKind.ANNOTATOR:
        raise InputError(f"{layer} is not an annotator layer")
    with database.uow() as uow:
        pk = uow.documents.pk(doc_id)
        layer_id = uow.layers.find(layer)
        if layer_id is None:
            raise NotFound(f"no layer {layer}")
        return (
            {e.id: e for e in uow.annotations.entities(pk, layer_id)},
            {m.id: m for m in uow.annotations.metrics(pk, layer_id)},
        )


def _gold(database: Database, doc_id: str) -> tuple[dict[str, Entity], dict[str, Metric]]:
    with database.uow() as uow:
        pk = uow.documents.pk(doc_id)
        layer_id = uow.layers.find(GOLD)
        if layer_id is None:
            return {}, {}
        return (
            {e.id: e for e in uow.annotations.entities(pk, layer_id)},
            {m.id: m for m in uow.annotations.metrics(pk, layer_id)},
        )


_KEY_NUMBER = re.compile(r"^e(\d+)$")


class _GoldEntities:
    """Gold entities by span, adding the ones a taken metric links to, with keys chosen ahead
    so that the metric can name them in the same batch."""

    def __init__(self, doc_id: str, gold: Mapping[str, Entity]) -> None:
        self.doc_id = doc_id
        self.by_span = {(e.label, e.start, e.end): e.id for e in gold.values()}
        numbers = [int(m.group(1)) for k in gold if (m := _KEY_NUMBER.match(k))]
        self.next = max(numbers, default=0) + 1
        self.adds: list[editing.Command] = []

    def key_for(self, entity: Entity) -> str:
        span = (entity.label, entity.start, entity.end)
        if span not in self.by_span:
            key = f"e{self.next}"
            self.next += 1
            self.by_span[span] = key
            self.adds.append(
                editing.AddEntity(self.doc_id, GOLD, entity.label, entity.start, entity.end, key)
            )
        return self.by_span[span]


def _remap(
    metric: Metric,
    names: Iterable[str],
    source_entities: Mapping[str, Entity],
    source_metrics: Mapping[str, Metric],
    gold: _GoldEntities,
    gold_metrics: Mapping[str, Metric],
) -> dict[str, object]:
    """Link fields of a source metric rewritten to gold keys (taking linked entities along)."""
    changes: dict[str, object] = {}
    for name in names:
        if name in LINK_FIELDS:
            key = getattr(metric, name)
            entity = source_entities.get(key) if key else None
            changes[name] = gold.key_for(entity) if entity else None
        elif name == "duplicate_of":
            target = source_metrics.get(metric.duplicate_of) if metric.duplicate_of else None
            span = target.value_span if target else None
            changes[name] = next(
                (m.id for m in gold_metrics.values() if span is not None and m.value_span == span),
                None,
            )
    return changes


def take_entity(
    database: Database, actor: Actor, doc_id: str, layer: str, key: str, reason: str = ""
) -> editing.Applied:
    """Copy an annotator's entity into gold."""
    entities, _metrics = _source(database, doc_id, layer)
    entity = entities.get(key)
    if entity is None:
        raise NotFound(f"{layer} has no entity {key} in {doc_id}")
    cmd = editing.AddEntity(doc_id, GOLD, entity.label, entity.start, entity.end)
    return _apply(database, actor, cmd, "entity", "take", (layer,), reason)


def take_segment(
    database: Database, actor: Actor, doc_id: str, layer: str, key: str, reason: str = ""
) -> editing.Applied:
    """Copy an annotator's segment (ARTICLE, HEADLINE, BYLINE, CAPTION, DUPLICATE) into gold."""
    check_can_curate(actor)
    if Layer.parse(layer).kind is not LayerKind.ANNOTATOR:
        raise InputError(f"{layer} is not an annotator layer")
    with database.uow() as uow:
        pk = uow.documents.pk(doc_id)
        layer_id = uow.layers.find(layer)
        segments = {s.id: s for s in uow.annotations.segments(pk, layer_id)} if layer_id else {}
        gold_id = uow.layers.find(GOLD)
        gold = (
            {(s.label, s.start, s.end) for s in uow.annotations.segments(pk, gold_id)}
            if gold_id
            else set()
        )
    segment = segments.get(key)
    if segment is None:
        raise NotFound(f"{layer} has no segment {key} in {doc_id}")
    if (segment.label, segment.start, segment.end) in gold:
        raise InputError(f"gold already has the {segment.label} segment {segment.text[:20]!r}")
    cmd = editing.AddSegment(doc_id, GOLD, segment.label, segment.start, segment.end)
    return _apply(database, actor, cmd, "segment", "take", (layer,), reason)


def add_segment(
    database: Database,
    actor: Actor,
    doc_id: str,
    label: str,
    start: int,
    end: int,
    reason: str = "",
) -> editing.Applied:
    """Add a segment to gold that no annotator marked (or marked differently)."""
    cmd = editing.AddSegment(doc_id, GOLD, segment_label(label), start, end)
    return _apply(database, actor, cmd, "segment", "add", (), reason)


def remove_segment(
    database: Database, actor: Actor, doc_id: str, key: str, reason: str = ""
) -> editing.Applied:
    return _apply(
        database, actor, editing.DeleteSegment(doc_id, GOLD, key), "segment", "remove", (), reason
    )


def add_entity(
    database: Database,
    actor: Actor,
    doc_id: str,
    label: str,
    start: int,
    end: int,
    reason: str = "",
) -> editing.Applied:
    """Add an entity to gold that no annotator tagged (or tagged differently)."""
    return _apply(
        database,
        actor,
        editing.AddEntity(doc_id, GOLD, label, start, end),
        "entity",
        "add",
        (),
        reason,
    )


def edit_entity(
    database: Database,
    actor: Actor,
    doc_id: str,
    key: str,
    label: str,
    start: int,
    end: int,
    reason: str = "",
    expected_version: int | None = None,
) -> editing.Applied:
    """Relabel or move a gold entity."""
    cmd = editing.UpdateEntity(doc_id, GOLD, key, label, start, end, expected_version)
    return _apply(database, actor, cmd, "entity", "edit", (), reason)


def remove_entity(
    database: Database, actor: Actor, doc_id: str, key: str, reason: str = ""
) -> editing.Applied:
    return _apply(
        database, actor, editing.DeleteEntity(doc_id, GOLD, key), "entity", "remove", (), reason
    )


def _take_metric_commands(
    doc_id: str,
    layer: str,
    metric: Metric,
    source: tuple[dict[str, Entity], dict[str, Metric]],
    gold: _GoldEntities,
    gold_metrics: Mapping[str, Metric],
    new_id: str = "",
) -> list[editing.Command]:
    changes = _remap(metric, (*LINK_FIELDS, "duplicate_of"), *source, gold, gold_metrics)
    taken = metric.with_changes(id=new_id, **changes)
    return [editing.SaveMetric(doc_id, GOLD, taken)]


def take_metric(
    database: Database, actor: Actor, doc_id: str, layer: str, key: str, reason: str = ""
) -> editing.Applied:
    """Copy an annotator's metric into gold, with the entities it links to."""
    source = _source(database, doc_id, layer)
    metric = source[1].get(key)
    if metric is None:
        raise NotFound(f"{layer} has no metric {key} in {doc_id}")
    gold_entities, gold_metrics = _gold(database, doc_id)
    gold = _GoldEntities(doc_id, gold_entities)
    saves: list[editing.Command] = []
    target = source[1].get(metric.duplicate_of) if metric.duplicate_of else None
    span = target.value_span if target else None
    if (
        target is not None
        and span is not None
        and not any(m.value_span == span for m in gold_metrics.values())
    ):
        # The metric this one repeats is taken along (as linked entities are), so that the
        # duplicate link is kept rather than dropped.
        numbers = [int(m.group(1)) for k in gold_metrics if (m := re.match(r"^m(\d+)$", k))]
        target_id = f"m{max(numbers, default=0) + 1}"
        saves += _take_metric_commands(doc_id, layer, target, source, gold, gold_metrics, target_id)
        gold_metrics = {**gold_metrics, target_id: target.with_changes(id=target_id)}
    numbers = [int(m.group(1)) for k in gold_metrics if (m := re.match(r"^m(\d+)$", k))]
    new_id = f"m{max(numbers, default=0) + 1}"
    saves += _take_metric_commands(doc_id, layer, metric, source, gold, gold_metrics, new_id)
    # Gold metrics taken earlier as duplicates of this one (their target was not in gold yet)
    # get their link now.
    repeats = {m.value_span for m in source[1].values() if m.duplicate_of == metric.id}
    saves += [
        editing.SaveMetric(doc_id, GOLD, m.with_changes(duplicate_of=new_id))
        for m in gold_metrics.values()
        if m.duplicate_of is None and m.value_span in repeats - {None}
    ]
    cmd = _batch(doc_id, [*gold.adds, *saves])
    return _apply(database, actor, cmd, "metric", "take", (layer,), reason)


def _batch(doc_id: str, commands: Sequence[editing.Command]) -> editing.Command:
    return commands[0] if len(commands) == 1 else editing.Batch(doc_id, GOLD, tuple(commands))


def save_metric(
    database: Database,
    actor: Actor,
    doc_id: str,
    metric: Metric,
    expected_version: int | None = None,
    reason: str = "",
) -> editing.Applied:
    """Write a gold metric as edited by the curator (new when its id is empty)."""
    cmd = editing.SaveMetric(doc_id, GOLD, metric, expected_version)
    return _apply(database, actor, cmd, "metric", "edit" if metric.id else "add", (), reason)


def remove_metric(
    database: Database, actor: Actor, doc_id: str, key: str, reason: str = ""
) -> editing.Applied:
    return _apply(
        database, actor, editing.DeleteMetric(doc_id, GOLD, key), "metric", "remove", (), reason
    )


def _settling(
    database: Database, doc_id: str, gold_key: str, layer: str, source_key: str
) -> tuple[
    tuple[dict[str, Entity], dict[str, Metric]], Metric, _GoldEntities, dict[str, Metric], Metric
]:
    """An annotator's metric and the gold metric it settles, with what remapping links needs:
    (source layer's entities and metrics, the metric, gold entities, gold metrics, target)."""
    source = _source(database, doc_id, layer)
    metric = source[1].get(source_key)
    if metric is None:
        raise NotFound(f"{layer} has no metric {source_key} in {doc_id}")
    gold_entities, gold_metrics = _gold(database, doc_id)
    target = gold_metrics.get(gold_key)
    if target is None:
        raise NotFound(f"gold has no metric {gold_key} in {doc_id}; reload")
    return source, metric, _GoldEntities(doc_id, gold_entities), gold_metrics, target


def settle_field(
    database: Database,
    actor: Actor,
    doc_id: str,
    gold_key: str,
    name: str,
    layer: str,
    source_key: str,
    reason: str = "",
    expected_version: int | None = None,
) -> editing.Applied:
    """Set one field of a gold metric to an annotator's value for it (links taken along)."""
    if name not in CURATED_FIELDS and name != "note":
        raise InputError(f"{name!r} is not a metric field that can be settled")
    source, metric, gold, gold_metrics, target = _settling(
        database, doc_id, gold_key, layer, source_key
    )
    if name in LINK_FIELDS or name == "duplicate_of":
        changes = _remap(metric, (name,), *source, gold, gold_metrics)
    else:
        changes = {name: getattr(metric, name)}
    save = editing.SaveMetric(doc_id, GOLD, target.with_changes(**changes), expected_version)
    cmd = _batch(doc_id, [*gold.adds, save])
    return _apply(
        database,
        actor,
        cmd,
        "metric_field",
        "settle",
        (layer,),
        reason,
        item_key=f"{gold_key}.{name}",
    )


def replace_metric(
    database: Database,
    actor: Actor,
    doc_id: str,
    gold_key: str,
    layer: str,
    source_key: str,
    reason: str = "",
) -> editing.Applied:
    """Set every compared field of a gold metric to an annotator's version (links taken
    along); the gold metric keeps its key."""
    source, metric, gold, gold_metrics, target = _settling(
        database, doc_id, gold_key, layer, source_key
    )
    linked = (*LINK_FIELDS, "duplicate_of")
    changes: dict[str, object] = {
        name: getattr(metric, name) for name in CURATED_FIELDS if name not in linked
    }
    changes.update(_remap(metric, linked, *source, gold, gold_metrics))
    save = editing.SaveMetric(doc_id, GOLD, target.with_changes(**changes))
    return _apply(
        database, actor, _batch(doc_id, [*gold.adds, save]), "metric", "take", (layer,), reason
    )


def accept_unanimous(
    database: Database, actor: Actor, doc_id: str, reason: str = ""
) -> editing.Applied | None:
    """Take into gold every entity and metric all shown annotators agree on and gold lacks.

    Needs at least two annotators; returns None when there is nothing left to take.
    """
    view = curation_view(database, doc_id, actor)
    gold_entities = {e.id: e for e in view.gold_entities}
    gold_metrics = {m.id: m for m in view.gold_metrics}
    gold = _GoldEntities(doc_id, gold_entities)
    for group in view.entity_groups:
        if group.unanimous and group.gold_key is None:
            gold.key_for(Entity("", group.label, group.start, group.end, group.text))
    saves: list[editing.Command] = []
    layer = view.annotators[0] if view.annotators else ""
    taken = [
        group.metrics[layer]
        for group in view.metric_groups
        if group.unanimous and group.gold_key is None
    ]
    # Ids are chosen ahead, so that a metric marked as a duplicate of another one taken in the
    # same step keeps that link; the ones a duplicate points to are saved first.
    numbers = [int(m.group(1)) for k in gold_metrics if (m := re.match(r"^m(\d+)$", k))]
    first = max(numbers, default=0) + 1
    planned = {metric.id: f"m{first + n}" for n, metric in enumerate(taken)}
    known = {**gold_metrics, **{planned[m.id]: m.with_changes(id=planned[m.id]) for m in taken}}
    if taken:
        source = ({e.id: e for e in view.entities[layer]}, {m.id: m for m in view.metrics[layer]})
        for metric in sorted(taken, key=lambda m: m.duplicate_of is not None):
            saves.extend(
                _take_metric_commands(
                    doc_id, layer, metric, source, gold, known, planned[metric.id]
                )
            )
    commands = [*gold.adds, *saves]
    if not commands:
        return None
    return _apply(
        database,
        actor,
        editing.Batch(doc_id, GOLD, tuple(commands)),
        "unanimous",
        "accept_unanimous",
        view.annotators,
        reason,
    )


def set_gold_status(
    database: Database, actor: Actor, doc_id: str, status: DocumentStatus, reason: str = ""
) -> editing.Applied:
    """Mark the gold of a document in progress, done or skipped."""
    return _apply(
        database,
        actor,
        editing.SetStatus(doc_id, GOLD, status, reason),
        "status",
        "status",
        (),
        reason,
        item_key=DocumentStatus(status).value,
    )

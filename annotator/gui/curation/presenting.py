"""How curation shows things: field names in the window's language, links by the entity's text
and span ("浏阳市 [70–73]"), item kinds and states, and each annotator's colour."""

from __future__ import annotations

from collections.abc import Mapping

from annotator.domain.entities import Entity
from annotator.domain.metrics import LINK_FIELDS, Field, Metric
from annotator.gui.i18n import tr
from annotator.gui.widgets.metric_form import enum_text
from annotator.services.curation_items import EntityItem, ItemKind, ItemState, MetricItem

# One colour per annotator, in the order of their keys 1, 2, …; distinct from the label colours.
ANNOTATOR_COLOURS = ("#1f6fd1", "#d1461f", "#2a9d3a", "#8e44ad", "#b8860b", "#008b8b")
DECIDED_COLOUR = "#b8b8b8"


def annotator_colour(index: int) -> str:
    return ANNOTATOR_COLOURS[index % len(ANNOTATOR_COLOURS)]


def annotator_name(layer: str) -> str:
    return layer.partition(":")[2] or layer


def span_text(text: str, start: int, end: int) -> str:
    return f"{text} [{start}–{end}]"


def entity_text(entity: Entity) -> str:
    return f"{entity.label} " + span_text(entity.text, entity.start, entity.end)


def field_value(
    metric: Metric | None, name: str, entities: Mapping[str, Entity], metrics: Mapping[str, Metric]
) -> str:
    """One field of a metric as the curator reads it."""
    if metric is None:
        return ""
    value = getattr(metric, name)
    if value is None:
        return "–"
    if name in LINK_FIELDS:
        entity = entities.get(value)
        return span_text(entity.text, entity.start, entity.end) if entity else str(value)
    if name == "duplicate_of":
        target = metrics.get(value)
        span = target.value.span if target is not None and target.value is not None else None
        return span_text(span.text, span.start, span.end) if span else str(value)
    if isinstance(value, Field):
        if value.implicit:
            return f"({value.normalized or value.number})"
        extra = value.number if value.number is not None else value.normalized
        span = value.span
        shown = span_text(span.text, span.start, span.end) if span else value.text or ""
        return shown + (f" = {extra}" if extra not in (None, "", value.text) else "")
    if name in ("approx", "status", "aspect"):
        return enum_text(str(getattr(value, "value", value)))
    return str(value)


def metric_summary(metric: Metric) -> str:
    parts = [
        metric.value.text if metric.value else "?",
        (metric.unit.normalized or metric.unit.text or "") if metric.unit else "",
        metric.indicator.text if metric.indicator else "",
    ]
    return " ".join(p for p in parts if p)


def kind_text(item: EntityItem | MetricItem) -> str:
    names = {
        ItemKind.AGREED: tr("agreed"),
        ItemKind.LABEL: tr("label"),
        ItemKind.BOUNDARY: tr("boundary"),
        ItemKind.LABEL_BOUNDARY: tr("label and boundary"),
        ItemKind.FIELDS: tr("fields"),
    }
    if item.kind is ItemKind.MISSING:
        present = ", ".join(annotator_name(layer) for layer in item.versions)
        if len(item.versions) == 1:
            return tr("only in {name}").format(name=present)
        missing = ", ".join(annotator_name(layer) for layer in item.missing_in)
        return tr("missing in {name}").format(name=missing)
    return names[item.kind]


def state_text(state: ItemState) -> str:
    return {
        ItemState.OPEN: tr("open"),
        ItemState.TAKEN: tr("taken"),
        ItemState.EDITED: tr("edited"),
        ItemState.REJECTED: tr("rejected"),
    }[state]


STATE_MARKS = {
    ItemState.OPEN: "●",
    ItemState.TAKEN: "✓",
    ItemState.EDITED: "✎",
    ItemState.REJECTED: "✗",
}

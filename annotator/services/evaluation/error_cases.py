"""The errors the report lists: what went wrong, what each side said, and the sentence around it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from annotator.domain.entities import Entity
from annotator.domain.metrics import LINK_FIELDS, Metric, normalised
from annotator.services.evaluation.metric_scores import high_number

ErrorKind = Literal["missed", "spurious", "wrong_label", "wrong_boundary", "wrong_field"]
CONTEXT_CHARS = 60
_SENTENCE_ENDS = "。！？!?\n"


def sentence_context(
    text: str, start: int, end: int, limit: int = CONTEXT_CHARS
) -> tuple[str, str, str]:
    """(before, span, after): the sentence around a span, at most `limit` characters each side."""
    low = max(0, start - limit)
    high = min(len(text), end + limit)
    # Search short slices: much cheaper than bounded searches of a long text.
    head, tail = text[low:start], text[end:high]
    left = max(head.rfind(mark) for mark in _SENTENCE_ENDS)
    found = [i for i in (tail.find(mark) for mark in _SENTENCE_ENDS) if i >= 0]
    if found:
        cut = min(found)
        # Keep the full stop with its sentence, but not the newline.
        tail = tail[: cut + 1] if tail[cut] != "\n" else tail[:cut]
    return head[left + 1 :] if left >= 0 else head, text[start:end], tail


@dataclass(frozen=True)
class ErrorCase:
    """One error as the report lists it: where, what kind, what gold and the system said."""

    doc_id: str
    target: Literal["entity", "metric"]
    kind: ErrorKind
    gold: str
    pred: str
    field: str = ""
    # (before, marked, after) around the span in question; None for a prediction without offsets.
    context: tuple[str, str, str] | None = None
    position: int = 0


def describe_entity(entity: Entity | None) -> str:
    """`PLACE 浏阳市 [70, 73)`; empty for no entity."""
    if entity is None:
        return ""
    return f"{entity.label} {entity.text} [{entity.start}, {entity.end})"


def describe_metric(metric: Metric) -> str:
    """`停车位 14000 = 14000 个`: indicator, value as written, normalised number and unit."""
    indicator = ""
    if metric.indicator is not None:
        indicator = metric.indicator.text or metric.indicator.normalized or ""
    value = metric.value.text if metric.value and metric.value.text else ""
    number = field_text(metric, "number", {})
    unit = normalised(metric.unit) or ""
    return " ".join(part for part in (indicator, value, f"= {number} {unit}".rstrip()) if part)


def field_text(metric: Metric, name: str, entities: dict[str, Entity]) -> str:
    """One field of a metric as the report shows it; `—` when it is empty."""
    if name == "number":
        low, high = metric.number, high_number(metric)
        return "—" if low is None else (f"{low}–{high}" if high is not None else f"{low}")
    if name in ("unit", "period"):
        return normalised(getattr(metric, name)) or "—"
    if name == "links":
        parts = []
        for link in LINK_FIELDS:
            target = entities.get(getattr(metric, link) or "")
            parts.append(f"{link} {describe_entity(target) or '—'}")
        return "; ".join(parts)
    raw = getattr(metric, name)
    return raw.value if raw is not None else "—"


def metric_context(text: str, metric: Metric) -> tuple[str, str, str] | None:
    """The sentence around a metric's value; None for a value without offsets."""
    span = metric.value_span
    return sentence_context(text, *span) if span is not None else None


def metric_position(metric: Metric) -> int:
    """Where a metric's value starts, for sorting the errors; 0 without offsets."""
    span = metric.value_span
    return span[0] if span is not None else 0


def entity_error(
    doc_id: str, text: str, kind: ErrorKind, gold: Entity | None, pred: Entity | None
) -> ErrorCase:
    """The error of an entity pair that is not correct, shown at the prediction (gold if missed)."""
    shown = gold if kind == "missed" else pred
    assert shown is not None
    return ErrorCase(
        doc_id,
        "entity",
        kind,
        describe_entity(gold),
        describe_entity(pred),
        "",
        sentence_context(text, shown.start, shown.end),
        shown.start,
    )


def metric_error(
    doc_id: str, text: str, kind: Literal["missed", "spurious"], metric: Metric
) -> ErrorCase:
    """A missed gold metric or a spurious predicted one."""
    described = describe_metric(metric)
    return ErrorCase(
        doc_id,
        "metric",
        kind,
        described if kind == "missed" else "",
        described if kind == "spurious" else "",
        "",
        metric_context(text, metric),
        metric_position(metric),
    )


def field_error(
    doc_id: str,
    text: str,
    name: str,
    gold: Metric,
    pred: Metric,
    gold_entities: dict[str, Entity],
    pred_entities: dict[str, Entity],
) -> ErrorCase:
    """A field on which a matched pair of metrics disagrees."""
    return ErrorCase(
        doc_id,
        "metric",
        "wrong_field",
        f"{describe_metric(gold)}: {field_text(gold, name, gold_entities)}",
        field_text(pred, name, pred_entities),
        name,
        metric_context(text, pred) or metric_context(text, gold),
        metric_position(gold),
    )

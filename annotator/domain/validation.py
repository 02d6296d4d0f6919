"""Checks of the data contract: offsets, span texts, labels, links, enum values, required fields."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping

from annotator.domain.entities import ENTITY_LABELS, LINK_LABELS, Entity
from annotator.domain.errors import ValidationError
from annotator.domain.metrics import (
    ENUM_FIELDS,
    PERIOD_PATTERN,
    SURFACE_FIELDS,
    Approx,
    Aspect,
    Field,
    Metric,
    Status,
)
from annotator.domain.segments import Segment, SegmentLabel
from annotator.domain.spans import check_span

_ENUMS = {"approx": Approx, "status": Status, "aspect": Aspect}
# Members by name, as sets: exports check a million values, a set answers at once.
_ENUM_VALUES = {name: frozenset(enum.__members__.values()) for name, enum in _ENUMS.items()}
# Numbers are stored as 64-bit floats, exact for integers up to 2**53.
EXACT_INTEGERS = 2**53
# Fields that must point at text: a value or an evidence sentence is never implicit.
_NEVER_IMPLICIT = ("value", "evidence")


def validate_entity(doc_text: str, entity: Entity, labels: Collection[str] = ENTITY_LABELS) -> None:
    """Raise ValidationError if the entity's label is unknown or its span is wrong."""
    if entity.label not in labels:
        raise ValidationError("label", f"unknown entity label {entity.label!r}")
    check_span(doc_text, entity.start, entity.end, entity.text, f"entity {entity.id}")


def validate_segment(doc_text: str, segment: Segment, labels: Collection[str] = ()) -> None:
    """Raise ValidationError if the segment's label is unknown or its span is wrong.

    `labels` are the segment labels the project added to the built-in ones."""
    if segment.label not in SegmentLabel.__members__.values() and segment.label not in labels:
        raise ValidationError("label", f"unknown segment label {segment.label!r}")
    check_span(doc_text, segment.start, segment.end, segment.text, f"segment {segment.id}")


def _field_problems(doc_text: str, name: str, value: Field) -> list[ValidationError]:
    problems: list[ValidationError] = []
    if value.implicit:
        if name in _NEVER_IMPLICIT:
            problems.append(ValidationError(name, "must point at text, it cannot be implicit"))
        if value.start is not None or value.end is not None or value.text is not None:
            problems.append(ValidationError(name, "an implicit field has no span"))
    else:
        if value.start is None or value.end is None or value.text is None:
            problems.append(ValidationError(name, "needs a span (start, end, text) or implicit"))
        else:
            try:
                check_span(doc_text, value.start, value.end, value.text, name)
            except ValidationError as error:
                problems.append(ValidationError(error.field, error.reason, blocking=True))
    if name in ("value", "value_high"):
        number = value.number
        if (
            number is None
            or isinstance(number, bool)
            or not isinstance(number, int | float)
            or (isinstance(number, float) and not math.isfinite(number))
        ):
            problems.append(ValidationError(name, f"needs a finite number, got {number!r}"))
        elif isinstance(number, int) and abs(number) > EXACT_INTEGERS:
            problems.append(
                ValidationError(
                    name,
                    f"{number} is too large to be kept exactly (at most {EXACT_INTEGERS})",
                    blocking=True,
                )
            )
    if name == "unit" and not value.normalized:
        problems.append(ValidationError(name, "needs a normalised unit"))
    if name == "period" and (
        value.normalized is None or not PERIOD_PATTERN.match(value.normalized)
    ):
        problems.append(
            ValidationError(
                name,
                f"normalised value {value.normalized!r} is not an ISO date or "
                "interval (2023, 2023-01/2023-11, 2021-06-15)",
            )
        )
    if value.implicit and name in ("indicator",) and not value.normalized:
        problems.append(ValidationError(name, "an implicit indicator needs a normalised text"))
    return problems


def metric_problems(
    doc_text: str,
    metric: Metric,
    entities: Mapping[str, Entity],
    metric_ids: Collection[str] = (),
) -> list[ValidationError]:
    """Every way the metric falls short of the contract; an empty list means it is complete."""
    problems: list[ValidationError] = []
    for name in ("indicator", "value", "evidence"):
        if getattr(metric, name) is None:
            problems.append(ValidationError(name, "is required"))
    for name in ENUM_FIELDS:
        raw = getattr(metric, name)
        if raw is None:
            problems.append(ValidationError(name, "is required"))
        elif raw not in _ENUM_VALUES[name]:
            problems.append(ValidationError(name, f"unknown value {raw!r}"))
    for name in SURFACE_FIELDS:
        value = getattr(metric, name)
        if value is not None:
            problems.extend(_field_problems(doc_text, name, value))
    if metric.approx == Approx.RANGE and metric.value_high is None:
        problems.append(ValidationError("value_high", "a range needs its upper bound"))
    if metric.value_high is not None and metric.approx not in (Approx.RANGE, None):
        problems.append(ValidationError("approx", "a metric with an upper bound is a range"))
    for name, allowed in LINK_LABELS.items():
        target = getattr(metric, name)
        if target is None:
            continue
        entity = entities.get(target)
        if entity is None:
            problems.append(
                ValidationError(
                    name,
                    f"links to {target!r}, which is not an entity of this document and layer",
                    blocking=True,
                )
            )
        elif entity.label not in allowed:
            problems.append(
                ValidationError(
                    name,
                    f"links to {entity.label} {entity.text!r}; expected {' or '.join(allowed)}",
                    blocking=True,
                )
            )
    if metric.duplicate_of is not None:
        if metric.duplicate_of == metric.id:
            problems.append(
                ValidationError("duplicate_of", "a metric cannot repeat itself", blocking=True)
            )
        elif metric.duplicate_of not in metric_ids:
            problems.append(
                ValidationError(
                    "duplicate_of",
                    f"{metric.duplicate_of!r} is not a metric of this document and layer",
                    blocking=True,
                )
            )
    return problems


def validate_metric(
    doc_text: str, metric: Metric, entities: Mapping[str, Entity], metric_ids: Collection[str] = ()
) -> None:
    """Raise the first problem of `metric_problems`, naming the metric."""
    problems = metric_problems(doc_text, metric, entities, metric_ids)
    if problems:
        first = problems[0]
        raise ValidationError(f"metric {metric.id}.{first.field}", first.reason)


def validate_document_annotations(
    doc_text: str,
    entities: Iterable[Entity],
    segments: Iterable[Segment],
    metrics: Iterable[Metric],
    labels: Collection[str] = ENTITY_LABELS,
    require_complete_metrics: bool = True,
    segment_labels: Collection[str] = (),
) -> None:
    """Check a whole layer of one document; ids must be unique. Raises the first problem."""
    by_id: dict[str, Entity] = {}
    for entity in entities:
        validate_entity(doc_text, entity, labels)
        if entity.id in by_id:
            raise ValidationError(f"entity {entity.id}", "id is used twice")
        by_id[entity.id] = entity
    seen_segments: set[str] = set()
    for segment in segments:
        validate_segment(doc_text, segment, segment_labels)
        if segment.id in seen_segments:
            raise ValidationError(f"segment {segment.id}", "id is used twice")
        seen_segments.add(segment.id)
    metric_list = list(metrics)
    metric_ids = [m.id for m in metric_list]
    if len(set(metric_ids)) != len(metric_ids):
        raise ValidationError("metrics", "a metric id is used twice")
    for metric in metric_list:
        problems = metric_problems(doc_text, metric, by_id, metric_ids)
        if not require_complete_metrics:
            problems = [p for p in problems if p.blocking]
        if problems:
            raise ValidationError(f"metric {metric.id}.{problems[0].field}", problems[0].reason)

"""Conversions between domain objects and table rows: audit stamps, metrics and their fields."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from annotator.domain.entities import Entity
from annotator.domain.metrics import (
    MANUAL,
    SURFACE_FIELDS,
    Approx,
    Aspect,
    Field,
    Metric,
    Provenance,
    ProvenanceKind,
    Status,
    normalise_number,
)
from annotator.store.rows import entities_t
from annotator.store.tables import AUDIT_COLUMNS, FIELD_COLUMNS


def audit_values(user: str, now: Any) -> tuple[Any, ...]:
    """The AUDIT_COLUMNS of a new row: created and last changed by `user` at `now`, version 1."""
    return (user, now, user, now, 1)


def audit(user: str, now: datetime) -> dict[str, Any]:
    """The audit columns of a new row, by name."""
    return dict(zip(AUDIT_COLUMNS, audit_values(user, now), strict=True))


# The entity columns `entity_from_values` takes, in its order: select(*ENTITY_VALUES).
ENTITY_VALUES = tuple(
    entities_t.c[name]
    for name in (
        "key",
        "label",
        "start",
        "end",
        "text",
        "provenance_kind",
        "provenance_system",
        "score",
    )
)


def entity_from_values(
    key: str,
    label: str,
    start: int,
    end: int,
    text: str,
    provenance_kind: str | None,
    provenance_system: str | None,
    score: float | None,
) -> Entity:
    """An entity from its stored columns; hand-tagged ones share the one MANUAL provenance."""
    if provenance_kind in (None, "manual") and provenance_system is None:
        provenance = MANUAL
    else:
        provenance = Provenance(ProvenanceKind(provenance_kind or "manual"), provenance_system)
    return Entity(key, label, start, end, text, provenance, score)


def entity_values(entity: Entity) -> tuple[str, str | None, float | None]:
    """An entity's provenance_kind, provenance_system and score columns."""
    return entity.provenance.kind.value, entity.provenance.system, entity.score


def field_from_values(
    start: int | None,
    end: int | None,
    text: str | None,
    number: Any,
    normalized: str | None,
    implicit: Any,
) -> Field:
    """A metric field from its stored columns (the number is stored as a float)."""
    return Field(
        start,
        end,
        text,
        normalise_number(number) if number is not None else None,
        normalized,
        bool(implicit),
    )


def field_from_row(row: Any) -> Field:
    return field_from_values(row.start, row.end, row.text, row.number, row.normalized, row.implicit)


def metric_from_row(row: Any, surface: dict[str, Field]) -> Metric:
    """A metric from its row and its surface fields by name."""
    return Metric(
        id=row.key,
        approx=Approx(row.approx) if row.approx else None,
        status=Status(row.status) if row.status else None,
        aspect=Aspect(row.aspect) if row.aspect else None,
        place=row.place,
        org=row.org,
        subject=row.subject,
        duplicate_of=row.duplicate_of,
        note=row.note,
        provenance=Provenance(ProvenanceKind(row.provenance_kind), row.provenance_system),
        **{name: surface.get(name) for name in SURFACE_FIELDS},
    )


def metric_values(metric: Metric) -> dict[str, Any]:
    """A metric's METRIC_VALUE_COLUMNS, by name and in that order."""
    return {
        "approx": metric.approx.value if metric.approx else None,
        "status": metric.status.value if metric.status else None,
        "aspect": metric.aspect.value if metric.aspect else None,
        "place": metric.place,
        "org": metric.org,
        "subject": metric.subject,
        "duplicate_of": metric.duplicate_of,
        "note": metric.note,
        "provenance_kind": metric.provenance.kind.value,
        "provenance_system": metric.provenance.system,
    }


def field_tuples(metric_pk: int, metric: Metric) -> list[tuple[Any, ...]]:
    """The rows (FIELD_COLUMNS) of a metric's surface fields that are set."""
    rows = []
    for name in SURFACE_FIELDS:
        value: Field | None = getattr(metric, name)
        if value is not None:
            rows.append(
                (
                    metric_pk,
                    name,
                    value.start,
                    value.end,
                    value.text,
                    float(value.number) if value.number is not None else None,
                    value.normalized,
                    value.implicit,
                )
            )
    return rows


def field_rows(metric_pk: int, metric: Metric) -> list[dict[str, Any]]:
    """The same rows by column name, for SQLAlchemy inserts."""
    return [dict(zip(FIELD_COLUMNS, row, strict=True)) for row in field_tuples(metric_pk, metric)]

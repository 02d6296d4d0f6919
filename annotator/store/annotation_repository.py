"""Per-document edits: entities, segments, metrics and statuses of one (document, layer)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, cast, delete, func, insert, select, update

from annotator.domain.entities import Entity
from annotator.domain.errors import ConflictError
from annotator.domain.metrics import Field, Metric
from annotator.domain.segments import Segment, segment_label
from annotator.store.bulk import AnnotationBatches
from annotator.store.conversions import (
    ENTITY_VALUES,
    audit,
    entity_from_values,
    entity_values,
    field_from_row,
    field_rows,
    metric_from_row,
    metric_values,
)
from annotator.store.rows import entities_t, fields_t, metrics_t, segments_t, states_t, utcnow


@dataclass(frozen=True)
class StoredEntity:
    """An entity with its row version, for optimistic concurrency."""

    entity: Entity
    version: int


class AnnotationRepository(AnnotationBatches):
    """Entities, segments, metrics and statuses of one (document, layer) at a time; many
    documents at once (imports, exports) through AnnotationBatches."""

    # -- entities -----------------------------------------------------------------------------
    def entities(self, document_pk: int, layer_id: int) -> list[Entity]:
        """A layer's entities of one document, in creation order."""
        stmt = (
            select(*ENTITY_VALUES)
            .where(entities_t.c.document_id == document_pk, entities_t.c.layer_id == layer_id)
            .order_by(entities_t.c.id)
        )
        return [entity_from_values(*r) for r in self._c.execute(stmt)]

    def has_entity(self, document_pk: int, layer_id: int, label: str, start: int, end: int) -> bool:
        """Whether the layer already tags this span with this label (one indexed look-up, not
        the whole layer: a dense page holds hundreds of entities)."""
        stmt = (
            select(entities_t.c.id)
            .where(
                entities_t.c.document_id == document_pk,
                entities_t.c.layer_id == layer_id,
                entities_t.c.label == label,
                entities_t.c.start == start,
                entities_t.c.end == end,
            )
            .limit(1)
        )
        return self._c.execute(stmt).first() is not None

    def entity_versions(self, document_pk: int, layer_id: int) -> dict[str, int]:
        return self._versions(entities_t, document_pk, layer_id)

    def add_entity(self, document_pk: int, layer_id: int, entity: Entity, user: str) -> None:
        kind, system, score = entity_values(entity)
        self._c.execute(
            insert(entities_t).values(
                document_id=document_pk,
                layer_id=layer_id,
                key=entity.id,
                label=entity.label,
                start=entity.start,
                end=entity.end,
                text=entity.text,
                provenance_kind=kind,
                provenance_system=system,
                score=score,
                **audit(user, utcnow()),
            )
        )

    def update_entity(
        self,
        document_pk: int,
        layer_id: int,
        entity: Entity,
        user: str,
        expected_version: int | None = None,
    ) -> None:
        """Change label or boundaries; refused if the row changed since `expected_version`."""
        where = _the_row(entities_t, document_pk, layer_id, entity.id, expected_version)
        kind, system, score = entity_values(entity)
        result = self._c.execute(
            update(entities_t)
            .where(*where)
            .values(
                label=entity.label,
                start=entity.start,
                end=entity.end,
                text=entity.text,
                provenance_kind=kind,
                provenance_system=system,
                score=score,
                updated_by=user,
                updated_at=utcnow(),
                version=entities_t.c.version + 1,
            )
        )
        if result.rowcount != 1:
            raise ConflictError(f"entity {entity.id} was changed or removed elsewhere; reload")

    def delete_entity(self, document_pk: int, layer_id: int, key: str) -> None:
        self._delete(entities_t, "entity", document_pk, layer_id, key)

    # -- segments -----------------------------------------------------------------------------
    def segments(self, document_pk: int, layer_id: int) -> list[Segment]:
        stmt = (
            select(
                segments_t.c.key,
                segments_t.c.label,
                segments_t.c.start,
                segments_t.c.end,
                segments_t.c.text,
            )
            .where(segments_t.c.document_id == document_pk, segments_t.c.layer_id == layer_id)
            .order_by(segments_t.c.id)
        )
        return [
            Segment(r.key, segment_label(r.label), r.start, r.end, r.text)
            for r in self._c.execute(stmt)
        ]

    def add_segment(self, document_pk: int, layer_id: int, segment: Segment, user: str) -> None:
        self._c.execute(
            insert(segments_t).values(
                document_id=document_pk,
                layer_id=layer_id,
                key=segment.id,
                label=str(segment.label),
                start=segment.start,
                end=segment.end,
                text=segment.text,
                **audit(user, utcnow()),
            )
        )

    def delete_segment(self, document_pk: int, layer_id: int, key: str) -> None:
        self._delete(segments_t, "segment", document_pk, layer_id, key)

    # -- metrics ------------------------------------------------------------------------------
    def metrics(self, document_pk: int, layer_id: int) -> list[Metric]:
        """A layer's metrics of one document, in creation order, with all their fields."""
        rows = self._c.execute(
            select(metrics_t)
            .where(metrics_t.c.document_id == document_pk, metrics_t.c.layer_id == layer_id)
            .order_by(metrics_t.c.id)
        ).all()
        if not rows:
            return []
        fields_by_metric: dict[int, dict[str, Field]] = {row.id: {} for row in rows}
        stored_fields = self._c.execute(
            select(fields_t).where(fields_t.c.metric_id.in_(list(fields_by_metric)))
        ).all()
        for frow in stored_fields:
            fields_by_metric[frow.metric_id][frow.name] = field_from_row(frow)
        return [metric_from_row(row, fields_by_metric[row.id]) for row in rows]

    def metric_versions(self, document_pk: int, layer_id: int) -> dict[str, int]:
        return self._versions(metrics_t, document_pk, layer_id)

    def add_metric(self, document_pk: int, layer_id: int, metric: Metric, user: str) -> None:
        pk = self._c.execute(
            insert(metrics_t)
            .values(
                document_id=document_pk,
                layer_id=layer_id,
                key=metric.id,
                **metric_values(metric),
                **audit(user, utcnow()),
            )
            .returning(metrics_t.c.id)
        ).scalar_one()
        self._insert_fields(pk, metric)

    def replace_metric(
        self,
        document_pk: int,
        layer_id: int,
        metric: Metric,
        user: str,
        expected_version: int | None = None,
    ) -> None:
        """Overwrite every field of a stored metric; refused if it changed since it was read."""
        where = _the_row(metrics_t, document_pk, layer_id, metric.id, expected_version)
        pk = self._c.execute(
            update(metrics_t)
            .where(*where)
            .values(
                **metric_values(metric),
                updated_by=user,
                updated_at=utcnow(),
                version=metrics_t.c.version + 1,
            )
            .returning(metrics_t.c.id)
        ).scalar_one_or_none()
        if pk is None:
            raise ConflictError(f"metric {metric.id} was changed or removed elsewhere; reload")
        self._c.execute(delete(fields_t).where(fields_t.c.metric_id == pk))
        self._insert_fields(pk, metric)

    def delete_metric(self, document_pk: int, layer_id: int, key: str) -> None:
        self._delete(metrics_t, "metric", document_pk, layer_id, key)

    def _insert_fields(self, metric_pk: int, metric: Metric) -> None:
        rows = field_rows(metric_pk, metric)
        if rows:
            self._c.execute(insert(fields_t), rows)

    # -- keys and clearing --------------------------------------------------------------------
    def next_key(self, document_pk: int, layer_id: int, prefix: str) -> str:
        """The next free id such as e7 for entities, m3 for metrics, s2 for segments."""
        table = {"e": entities_t, "m": metrics_t, "s": segments_t}[prefix]
        # The highest number among keys of the form <prefix><digits>, found by the database
        # (a dense page has hundreds of keys; reading them all cost more than the edit).
        # At most 18 digits, so the number fits a 64-bit integer on both databases; a longer
        # one is left to the scan below.
        number = cast(func.substr(table.c.key, len(prefix) + 1), BigInteger)
        mine = (table.c.document_id == document_pk, table.c.layer_id == layer_id)
        highest = self._c.execute(
            select(func.max(number)).where(
                *mine, table.c.key.regexp_match(f"^{prefix}[0-9]{{1,18}}$")
            )
        ).scalar()
        if highest is not None and highest < 10**17:
            return f"{prefix}{highest + 1}"
        keys = self._c.execute(select(table.c.key).where(*mine)).scalars()
        numbers = [
            int(key[len(prefix) :])
            for key in keys
            if key.startswith(prefix) and key[len(prefix) :].isdigit()
        ]
        return f"{prefix}{max(numbers, default=0) + 1}"

    def clear_layer(self, document_pk: int, layer_id: int) -> None:
        """Remove a layer's annotations of one document (before a re-import replaces them)."""
        for table in (metrics_t, entities_t, segments_t):
            self._c.execute(
                delete(table).where(
                    table.c.document_id == document_pk, table.c.layer_id == layer_id
                )
            )

    def has_annotations(self, document_pk: int, layer_id: int) -> bool:
        for table in (entities_t, metrics_t, segments_t):
            found = self._c.execute(
                select(table.c.id)
                .where(table.c.document_id == document_pk, table.c.layer_id == layer_id)
                .limit(1)
            ).first()
            if found:
                return True
        return False

    # -- status -------------------------------------------------------------------------------
    def status(self, document_pk: int, layer_id: int) -> tuple[str, str, int | None]:
        """(status, reason, version); a document never touched is new with no version."""
        row = self._c.execute(
            select(states_t.c.status, states_t.c.reason, states_t.c.version).where(
                states_t.c.document_id == document_pk, states_t.c.layer_id == layer_id
            )
        ).one_or_none()
        if row is None:
            return "new", "", None
        return row.status, row.reason, row.version

    def set_status(
        self, document_pk: int, layer_id: int, status: str, reason: str, user: str
    ) -> None:
        now = utcnow()
        result = self._c.execute(
            update(states_t)
            .where(states_t.c.document_id == document_pk, states_t.c.layer_id == layer_id)
            .values(
                status=status,
                reason=reason,
                updated_by=user,
                updated_at=now,
                version=states_t.c.version + 1,
            )
        )
        if result.rowcount == 0:
            self._c.execute(
                insert(states_t).values(
                    document_id=document_pk,
                    layer_id=layer_id,
                    status=status,
                    reason=reason,
                    **audit(user, now),
                )
            )

    # -- shared by entities, segments and metrics ---------------------------------------------
    def _versions(self, table: Any, document_pk: int, layer_id: int) -> dict[str, int]:
        """Row version by key of one document's items of a layer."""
        stmt = select(table.c.key, table.c.version).where(
            table.c.document_id == document_pk, table.c.layer_id == layer_id
        )
        return dict(self._c.execute(stmt).all())

    def _delete(self, table: Any, noun: str, document_pk: int, layer_id: int, key: str) -> None:
        result = self._c.execute(delete(table).where(*_the_row(table, document_pk, layer_id, key)))
        if result.rowcount != 1:
            raise ConflictError(f"{noun} {key} was already removed elsewhere; reload")


def _the_row(
    table: Any, document_pk: int, layer_id: int, key: str, expected_version: int | None = None
) -> list[Any]:
    """The conditions naming one item of a document's layer, and (when given) the version it
    must still have."""
    where = [table.c.document_id == document_pk, table.c.layer_id == layer_id, table.c.key == key]
    if expected_version is not None:
        where.append(table.c.version == expected_version)
    return where

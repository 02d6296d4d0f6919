"""Annotations of many documents at once: bulk inserts for imports, batched reads for exports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, DateTime, select

from annotator.domain.entities import Entity
from annotator.domain.metrics import (
    Approx,
    Aspect,
    Field,
    Metric,
    Provenance,
    ProvenanceKind,
    Status,
)
from annotator.domain.segments import Segment, segment_label
from annotator.store.conversions import (
    ENTITY_VALUES,
    audit_values,
    entity_from_values,
    entity_values,
    field_from_values,
    field_tuples,
    metric_values,
)
from annotator.store.rows import entities_t, fields_t, metrics_t, segments_t, states_t, utcnow
from annotator.store.tables import ENTITY_COLUMNS, FIELD_COLUMNS, METRIC_COLUMNS, SPAN_COLUMNS

LayerContents = tuple[list[Entity], list[Segment], list[Metric]]


class AnnotationBatches:
    """Many documents' annotations of one layer: bulk inserts, batched and layer-wide reads."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    # -- bulk inserts (imports) ---------------------------------------------------------------
    def _insert_many(self, table: Any, columns: Sequence[str], rows: list[tuple]) -> None:
        """Insert plain tuples with the driver's executemany.

        Imports insert hundreds of thousands of rows; building SQLAlchemy parameters per row
        costs more than SQLite's own work, so bulk paths hand tuples to the driver directly.
        """
        if not rows:
            return
        marker = "?" if self._c.dialect.paramstyle == "qmark" else "%s"
        names = ", ".join(f'"{table.c[name].name}"' for name in columns)
        self._c.exec_driver_sql(
            f"INSERT INTO {table.name} ({names}) VALUES ({', '.join([marker] * len(columns))})",
            rows,
        )

    def _audit_tuple(self, user: str) -> tuple[Any, ...]:
        now = DateTime(timezone=True).dialect_impl(self._c.dialect).bind_processor(self._c.dialect)
        stamp = now(utcnow()) if now else utcnow()
        return audit_values(user, stamp)

    def bulk_add(
        self,
        layer_id: int,
        user: str,
        items: Sequence[tuple[int, Sequence[Entity], Sequence[Segment], Sequence[Metric]]],
    ) -> None:
        """Insert many documents' annotations at once (imports): a few statements per batch."""
        audit = self._audit_tuple(user)
        self._insert_many(
            entities_t,
            ENTITY_COLUMNS,
            [
                (*audit, pk, layer_id, e.id, e.label, e.start, e.end, e.text, *entity_values(e))
                for pk, entities, _, _ in items
                for e in entities
            ],
        )
        self._insert_many(
            segments_t,
            SPAN_COLUMNS,
            [
                (*audit, pk, layer_id, s.id, str(s.label), s.start, s.end, s.text)
                for pk, _, segments, _ in items
                for s in segments
            ],
        )
        metric_rows = [
            (*audit, pk, layer_id, m.id, *metric_values(m).values())
            for pk, _, _, metrics in items
            for m in metrics
        ]
        if not metric_rows:
            return
        self._insert_many(metrics_t, METRIC_COLUMNS, metric_rows)
        # Fetching the new ids by (document, key) is one query; RETURNING with kept parameter
        # order would cost one statement per row on SQLite.
        pks = [pk for pk, _, _, metrics in items if metrics]
        ids: dict[tuple[int, str], int] = {}
        for i in range(0, len(pks), 500):
            ids.update(
                ((doc, key), pk)
                for pk, doc, key in self._plain_rows(
                    select(metrics_t.c.id, metrics_t.c.document_id, metrics_t.c.key).where(
                        metrics_t.c.layer_id == layer_id,
                        metrics_t.c.document_id.in_(pks[i : i + 500]),
                    )
                )
            )
        self._insert_many(
            fields_t,
            FIELD_COLUMNS,
            [
                row
                for pk, _, _, metrics in items
                for metric in metrics
                for row in field_tuples(ids[(pk, metric.id)], metric)
            ],
        )

    # -- batched reads (exports) --------------------------------------------------------------
    def _plain_rows(self, stmt: Any) -> Sequence[tuple[Any, ...]]:
        """Rows as the driver's plain tuples, for columns that need no type conversion.

        Exports read about a million rows; SQLAlchemy's result rows roughly double the cost.
        """
        compiled = stmt.compile(
            dialect=self._c.dialect, compile_kwargs={"render_postcompile": True}
        )
        params: Any = compiled.params
        if compiled.positional:
            params = tuple(params[name] for name in compiled.positiontup or ())
        driver_connection = self._c.connection.dbapi_connection
        assert driver_connection is not None  # None only once the connection is closed
        cursor = driver_connection.cursor()
        try:
            cursor.execute(compiled.string, params)
            return cursor.fetchall()
        finally:
            cursor.close()

    def layer_contents(
        self, document_pks: Sequence[int], layer_id: int
    ) -> dict[int, LayerContents]:
        """Entities, segments and metrics of many documents of one layer, in creation order.

        Four queries for the whole batch instead of several per document (exports stream
        tens of thousands of documents through this).
        """
        pks = list(document_pks)
        result: dict[int, LayerContents] = {pk: ([], [], []) for pk in pks}
        if not pks:
            return result
        entity_rows = self._plain_rows(
            select(entities_t.c.document_id, *ENTITY_VALUES)
            .where(entities_t.c.layer_id == layer_id, entities_t.c.document_id.in_(pks))
            .order_by(entities_t.c.document_id, entities_t.c.id)
        )
        current, entities = None, []
        for doc, *values in entity_rows:  # sorted by document
            if doc != current:
                current, entities = doc, result[doc][0]
            entities.append(entity_from_values(*values))
        segment_rows = self._plain_rows(
            select(
                segments_t.c.document_id,
                segments_t.c.key,
                segments_t.c.label,
                segments_t.c.start,
                segments_t.c.end,
                segments_t.c.text,
            )
            .where(segments_t.c.layer_id == layer_id, segments_t.c.document_id.in_(pks))
            .order_by(segments_t.c.document_id, segments_t.c.id)
        )
        for doc, key, label, start, end, text in segment_rows:
            result[doc][1].append(Segment(key, segment_label(label), start, end, text))
        for doc, metric in self._metrics(pks, layer_id):
            result[doc][2].append(metric)
        return result

    def _metrics(self, pks: list[int], layer_id: int) -> list[tuple[int, Metric]]:
        """(document, metric) of many documents of one layer, by document in creation order."""
        surface: dict[int, dict[str, Field]] = {}
        field_rows = self._plain_rows(
            select(
                fields_t.c.metric_id,
                fields_t.c.name,
                fields_t.c.start,
                fields_t.c.end,
                fields_t.c.text,
                fields_t.c.number,
                fields_t.c.normalized,
                fields_t.c.implicit,
            )
            .select_from(fields_t.join(metrics_t, fields_t.c.metric_id == metrics_t.c.id))
            .where(metrics_t.c.layer_id == layer_id, metrics_t.c.document_id.in_(pks))
        )
        for metric_pk, name, start, end, text, number, normalized, implicit in field_rows:
            fields = surface.get(metric_pk)
            if fields is None:
                fields = surface[metric_pk] = {}
            fields[name] = field_from_values(start, end, text, number, normalized, implicit)
        metric_rows = self._plain_rows(
            select(
                metrics_t.c.document_id,
                metrics_t.c.id,
                metrics_t.c.key,
                metrics_t.c.approx,
                metrics_t.c.status,
                metrics_t.c.aspect,
                metrics_t.c.place,
                metrics_t.c.org,
                metrics_t.c.subject,
                metrics_t.c.duplicate_of,
                metrics_t.c.note,
                metrics_t.c.provenance_kind,
                metrics_t.c.provenance_system,
            )
            .where(metrics_t.c.layer_id == layer_id, metrics_t.c.document_id.in_(pks))
            .order_by(metrics_t.c.document_id, metrics_t.c.id)
        )
        # Enum members and provenances by their stored value: looked up once, not per row.
        approxes = {m.value: m for m in Approx}
        statuses = {m.value: m for m in Status}
        aspects = {m.value: m for m in Aspect}
        provenances: dict[tuple[str, str | None], Provenance] = {}
        metrics: list[tuple[int, Metric]] = []
        none: dict[str, Field] = {}
        for (
            doc,
            metric_pk,
            key,
            approx,
            status,
            aspect,
            place,
            org,
            subject,
            duplicate_of,
            note,
            provenance_kind,
            provenance_system,
        ) in metric_rows:
            get = surface.get(metric_pk, none).get
            provenance = provenances.get((provenance_kind, provenance_system))
            if provenance is None:
                provenance = Provenance(ProvenanceKind(provenance_kind), provenance_system)
                provenances[(provenance_kind, provenance_system)] = provenance
            metrics.append(
                (
                    doc,
                    Metric(
                        id=key,
                        indicator=get("indicator"),
                        value=get("value"),
                        value_high=get("value_high"),
                        unit=get("unit"),
                        approx=approxes[approx] if approx else None,
                        status=statuses[status] if status else None,
                        aspect=aspects[aspect] if aspect else None,
                        period=get("period"),
                        place=place,
                        org=org,
                        subject=subject,
                        evidence=get("evidence"),
                        duplicate_of=duplicate_of,
                        note=note,
                        provenance=provenance,
                    ),
                )
            )
        return metrics

    def statuses(self, document_pks: Sequence[int], layer_id: int) -> dict[int, str]:
        """Status of each given document in a layer; documents never touched are left out."""
        pks = list(document_pks)
        if not pks:
            return {}
        return dict(
            self._c.execute(
                select(states_t.c.document_id, states_t.c.status).where(
                    states_t.c.layer_id == layer_id, states_t.c.document_id.in_(pks)
                )
            ).all()
        )

    # -- layer-wide reads ---------------------------------------------------------------------
    def contributors(self, layer_id: int) -> list[str]:
        """Sorted names of everybody who created or changed a layer's annotations or statuses."""
        names: set[str] = set()
        for table in (entities_t, segments_t, metrics_t, states_t):  # one pass over each
            for created_by, updated_by in self._c.execute(
                select(table.c.created_by, table.c.updated_by)
                .where(table.c.layer_id == layer_id)
                .distinct()
            ):
                names.update((created_by, updated_by))
        return sorted(name for name in names if name)

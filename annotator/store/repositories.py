"""Repositories: read and write domain objects through SQLAlchemy Core on one connection."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, DateTime, and_, delete, func, insert, or_, select, update

from annotator.domain.entities import Entity
from annotator.domain.errors import ConflictError, NotFound
from annotator.domain.layers import Layer
from annotator.domain.metrics import (
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
from annotator.domain.segments import Segment, SegmentLabel
from annotator.domain.text import Document, first_line, text_sha256
from annotator.store.rows import (
    DocumentRow,
    DocumentStateRow,
    EntityRow,
    LayerRow,
    MetricFieldRow,
    MetricRow,
    SegmentRow,
    utcnow,
)

documents_t = DocumentRow.__table__
layers_t = LayerRow.__table__
states_t = DocumentStateRow.__table__
entities_t = EntityRow.__table__
segments_t = SegmentRow.__table__
metrics_t = MetricRow.__table__
fields_t = MetricFieldRow.__table__


@dataclass(frozen=True)
class DocumentSummary:
    """What a document list shows, without the text."""

    pk: int
    doc_id: str
    title: str
    chars: int
    status: str
    entities: int
    metrics: int


@dataclass(frozen=True)
class StoredEntity:
    """An entity with its row version, for optimistic concurrency."""

    entity: Entity
    version: int


class DocumentRepository:
    """Documents: bulk insertion for imports, lookups by id or hash, lists without texts."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection
        self._pk_cache: dict[str, int] = {}

    def add_many(self, documents: Sequence[Document], source: Sequence[str],
                 hashes: Sequence[str] | None = None) -> dict[str, int]:
        """Insert documents (with their text hashes, if already computed); keys by doc_id."""
        if not documents:
            return {}
        now = utcnow()
        rows = [
            {
                "doc_id": doc.doc_id,
                "text": doc.text,
                "text_sha256": sha,
                "title": first_line(doc.text),
                "chars": len(doc.text),
                "source": src,
                "meta": dict(doc.meta),
                "created_at": now,
            }
            for doc, src, sha in zip(documents, source,
                                     hashes or [text_sha256(d.text) for d in documents],
                                     strict=True)
        ]
        result = self._c.execute(
            insert(documents_t).returning(documents_t.c.id, documents_t.c.doc_id,
                                          sort_by_parameter_order=True),
            rows,
        )
        pks = {doc_id: pk for pk, doc_id in result}
        self._pk_cache.update(pks)
        return pks

    def existing_by_sha(self, hashes: Iterable[str]) -> dict[str, str]:
        """doc_id of each given text hash already stored."""
        found: dict[str, str] = {}
        wanted = list(dict.fromkeys(hashes))
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            stmt = select(documents_t.c.text_sha256, documents_t.c.doc_id).where(
                documents_t.c.text_sha256.in_(chunk)
            )
            found.update(dict(self._c.execute(stmt).all()))
        return found

    def existing_doc_ids(self, doc_ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(doc_ids))
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            stmt = select(documents_t.c.doc_id).where(documents_t.c.doc_id.in_(wanted[i : i + 500]))
            found.update(self._c.execute(stmt).scalars())
        return found

    def pk(self, doc_id: str) -> int:
        """Primary key of a document, or NotFound."""
        cached = self._pk_cache.get(doc_id)
        if cached is not None:
            return cached
        pk = self._c.execute(
            select(documents_t.c.id).where(documents_t.c.doc_id == doc_id)
        ).scalar_one_or_none()
        if pk is None:
            raise NotFound(f"no document {doc_id!r}")
        self._pk_cache[doc_id] = pk
        return pk

    def get(self, doc_id: str) -> Document:
        row = self._c.execute(
            select(documents_t.c.doc_id, documents_t.c.text, documents_t.c.meta).where(
                documents_t.c.doc_id == doc_id
            )
        ).one_or_none()
        if row is None:
            raise NotFound(f"no document {doc_id!r}")
        return Document(row.doc_id, row.text, row.meta or {})

    def count(self) -> int:
        return self._c.execute(select(func.count()).select_from(documents_t)).scalar_one()

    def total_chars(self) -> int:
        return int(self._c.execute(select(func.coalesce(func.sum(documents_t.c.chars), 0)))
                   .scalar_one())

    def doc_ids(self) -> list[str]:
        """Every doc_id in import order."""
        return list(self._c.execute(select(documents_t.c.doc_id).order_by(documents_t.c.id))
                    .scalars())

    def iter_documents(self, doc_ids: Sequence[str] | None = None,
                       batch: int = 200) -> Iterator[tuple[int, Document]]:
        """Documents with their primary keys, in import order, loaded a batch at a time."""
        last = 0
        while True:
            stmt = (
                select(documents_t.c.id, documents_t.c.doc_id, documents_t.c.text,
                       documents_t.c.meta)
                .where(documents_t.c.id > last)
                .order_by(documents_t.c.id)
                .limit(batch)
            )
            if doc_ids is not None:
                stmt = stmt.where(documents_t.c.doc_id.in_(doc_ids))
            rows = self._c.execute(stmt).all()
            if not rows:
                return
            for row in rows:
                yield row.id, Document(row.doc_id, row.text, row.meta or {})
            last = rows[-1].id

    def summaries(self, layer_id: int | None, *, offset: int = 0, limit: int = 200,
                  status: str | None = None, search: str | None = None) -> list[DocumentSummary]:
        """One page of the document list for a layer; never loads texts (only `title`)."""
        stmt = self._summary_query(layer_id, status, search).order_by(documents_t.c.id)
        rows = self._c.execute(stmt.offset(offset).limit(limit)).all()
        return self._with_counts(rows, layer_id)

    def count_summaries(self, layer_id: int | None, status: str | None = None,
                        search: str | None = None) -> int:
        sub = self._summary_query(layer_id, status, search).subquery()
        return self._c.execute(select(func.count()).select_from(sub)).scalar_one()

    def _summary_query(self, layer_id: int | None, status: str | None,
                       search: str | None) -> Any:
        status_col = func.coalesce(states_t.c.status, "new").label("status")
        stmt = select(documents_t.c.id, documents_t.c.doc_id, documents_t.c.title,
                      documents_t.c.chars, status_col).select_from(
            documents_t.outerjoin(
                states_t,
                and_(states_t.c.document_id == documents_t.c.id, states_t.c.layer_id == layer_id),
            )
        )
        if status:
            stmt = stmt.where(status_col == status)
        if search:
            # Texts are searched in the database, so the list never has to load them.
            pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            stmt = stmt.where(or_(documents_t.c.text.like(pattern, escape="\\"),
                                  documents_t.c.doc_id.like(pattern, escape="\\")))
        return stmt

    def _with_counts(self, rows: Sequence[Any], layer_id: int | None) -> list[DocumentSummary]:
        pks = [row.id for row in rows]
        entity_counts: dict[int, int] = {}
        metric_counts: dict[int, int] = {}
        if pks and layer_id is not None:
            for table, counts in ((entities_t, entity_counts), (metrics_t, metric_counts)):
                stmt = (
                    select(table.c.document_id, func.count())
                    .where(table.c.layer_id == layer_id, table.c.document_id.in_(pks))
                    .group_by(table.c.document_id)
                )
                counts.update(dict(self._c.execute(stmt).all()))
        return [
            DocumentSummary(row.id, row.doc_id, row.title, row.chars, row.status,
                            entity_counts.get(row.id, 0), metric_counts.get(row.id, 0))
            for row in rows
        ]


class LayerRepository:
    """Layers by name, created on first use with the guideline version they are made under."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection
        self._ids: dict[str, int] = {}

    def find(self, layer: Layer | str) -> int | None:
        name = str(layer)
        if name in self._ids:
            return self._ids[name]
        found = self._c.execute(select(layers_t.c.id).where(layers_t.c.name == name)
                                ).scalar_one_or_none()
        if found is not None:
            self._ids[name] = found
        return found

    def get_or_create(self, layer: Layer, guideline_version: str = "") -> int:
        found = self.find(layer)
        if found is not None:
            return found
        pk = self._c.execute(
            insert(layers_t).values(name=layer.name, kind=layer.kind.value,
                                    guideline_version=guideline_version, created_at=utcnow())
            .returning(layers_t.c.id)
        ).scalar_one()
        self._ids[layer.name] = pk
        return pk

    def names(self) -> list[str]:
        return list(self._c.execute(select(layers_t.c.name).order_by(layers_t.c.name)).scalars())

    def guideline_version(self, layer: Layer | str) -> str | None:
        return self._c.execute(select(layers_t.c.guideline_version)
                               .where(layers_t.c.name == str(layer))).scalar_one_or_none()


_AUDIT_COLUMNS = ("created_by", "created_at", "updated_by", "updated_at", "version")
_SPAN_COLUMNS = (*_AUDIT_COLUMNS, "document_id", "layer_id", "key", "label", "start", "end", "text")
_METRIC_VALUE_COLUMNS = ("approx", "status", "aspect", "place", "org", "subject", "duplicate_of",
                         "note", "provenance_kind", "provenance_system")
_FIELD_COLUMNS = ("metric_id", "name", "start", "end", "text", "number", "normalized", "implicit")


def _audit(user: str, now: datetime) -> dict[str, Any]:
    return {"created_by": user, "created_at": now, "updated_by": user, "updated_at": now,
            "version": 1}


def _field_from_row(row: Any) -> Field:
    number = normalise_number(row.number) if row.number is not None else None
    return Field(row.start, row.end, row.text, number, row.normalized, bool(row.implicit))


class AnnotationRepository:
    """Entities, segments, metrics and statuses of one (document, layer) at a time."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    # -- entities -----------------------------------------------------------------------------
    def entities(self, document_pk: int, layer_id: int) -> list[Entity]:
        """A layer's entities of one document, in creation order."""
        stmt = (select(entities_t.c.key, entities_t.c.label, entities_t.c.start, entities_t.c.end,
                       entities_t.c.text)
                .where(entities_t.c.document_id == document_pk, entities_t.c.layer_id == layer_id)
                .order_by(entities_t.c.id))
        return [Entity(r.key, r.label, r.start, r.end, r.text) for r in self._c.execute(stmt)]

    def entity_versions(self, document_pk: int, layer_id: int) -> dict[str, int]:
        stmt = select(entities_t.c.key, entities_t.c.version).where(
            entities_t.c.document_id == document_pk, entities_t.c.layer_id == layer_id)
        return dict(self._c.execute(stmt).all())

    def add_entity(self, document_pk: int, layer_id: int, entity: Entity, user: str) -> None:
        self._c.execute(insert(entities_t).values(
            document_id=document_pk, layer_id=layer_id, key=entity.id, label=entity.label,
            start=entity.start, end=entity.end, text=entity.text, **_audit(user, utcnow())))

    def update_entity(self, document_pk: int, layer_id: int, entity: Entity, user: str,
                      expected_version: int | None = None) -> None:
        """Change label or boundaries; refused if the row changed since `expected_version`."""
        where = [entities_t.c.document_id == document_pk, entities_t.c.layer_id == layer_id,
                 entities_t.c.key == entity.id]
        if expected_version is not None:
            where.append(entities_t.c.version == expected_version)
        result = self._c.execute(update(entities_t).where(*where).values(
            label=entity.label, start=entity.start, end=entity.end, text=entity.text,
            updated_by=user, updated_at=utcnow(), version=entities_t.c.version + 1))
        if result.rowcount != 1:
            raise ConflictError(f"entity {entity.id} was changed or removed elsewhere; reload")

    def delete_entity(self, document_pk: int, layer_id: int, key: str) -> None:
        result = self._c.execute(delete(entities_t).where(
            entities_t.c.document_id == document_pk, entities_t.c.layer_id == layer_id,
            entities_t.c.key == key))
        if result.rowcount != 1:
            raise ConflictError(f"entity {key} was already removed elsewhere; reload")

    # -- segments -----------------------------------------------------------------------------
    def segments(self, document_pk: int, layer_id: int) -> list[Segment]:
        stmt = (select(segments_t.c.key, segments_t.c.label, segments_t.c.start, segments_t.c.end,
                       segments_t.c.text)
                .where(segments_t.c.document_id == document_pk, segments_t.c.layer_id == layer_id)
                .order_by(segments_t.c.id))
        return [Segment(r.key, SegmentLabel(r.label), r.start, r.end, r.text)
                for r in self._c.execute(stmt)]

    def add_segment(self, document_pk: int, layer_id: int, segment: Segment, user: str) -> None:
        self._c.execute(insert(segments_t).values(
            document_id=document_pk, layer_id=layer_id, key=segment.id, label=segment.label.value,
            start=segment.start, end=segment.end, text=segment.text, **_audit(user, utcnow())))

    def delete_segment(self, document_pk: int, layer_id: int, key: str) -> None:
        result = self._c.execute(delete(segments_t).where(
            segments_t.c.document_id == document_pk, segments_t.c.layer_id == layer_id,
            segments_t.c.key == key))
        if result.rowcount != 1:
            raise ConflictError(f"segment {key} was already removed elsewhere; reload")

    # -- metrics ------------------------------------------------------------------------------
    def metrics(self, document_pk: int, layer_id: int) -> list[Metric]:
        """A layer's metrics of one document, in creation order, with all their fields."""
        rows = self._c.execute(
            select(metrics_t).where(metrics_t.c.document_id == document_pk,
                                    metrics_t.c.layer_id == layer_id).order_by(metrics_t.c.id)
        ).all()
        if not rows:
            return []
        fields_by_metric: dict[int, dict[str, Field]] = {row.id: {} for row in rows}
        field_rows = self._c.execute(
            select(fields_t).where(fields_t.c.metric_id.in_(list(fields_by_metric)))
        ).all()
        for frow in field_rows:
            fields_by_metric[frow.metric_id][frow.name] = _field_from_row(frow)
        return [self._metric_from_row(row, fields_by_metric[row.id]) for row in rows]

    @staticmethod
    def _metric_from_row(row: Any, surface: dict[str, Field]) -> Metric:
        return Metric(
            id=row.key,
            approx=Approx(row.approx) if row.approx else None,
            status=Status(row.status) if row.status else None,
            aspect=Aspect(row.aspect) if row.aspect else None,
            place=row.place, org=row.org, subject=row.subject,
            duplicate_of=row.duplicate_of, note=row.note,
            provenance=Provenance(ProvenanceKind(row.provenance_kind), row.provenance_system),
            **{name: surface.get(name) for name in SURFACE_FIELDS},
        )

    def metric_versions(self, document_pk: int, layer_id: int) -> dict[str, int]:
        stmt = select(metrics_t.c.key, metrics_t.c.version).where(
            metrics_t.c.document_id == document_pk, metrics_t.c.layer_id == layer_id)
        return dict(self._c.execute(stmt).all())

    @staticmethod
    def _metric_values(metric: Metric) -> dict[str, Any]:
        return {
            "approx": metric.approx.value if metric.approx else None,
            "status": metric.status.value if metric.status else None,
            "aspect": metric.aspect.value if metric.aspect else None,
            "place": metric.place, "org": metric.org, "subject": metric.subject,
            "duplicate_of": metric.duplicate_of, "note": metric.note,
            "provenance_kind": metric.provenance.kind.value,
            "provenance_system": metric.provenance.system,
        }

    @staticmethod
    def _field_rows(metric_pk: int, metric: Metric) -> list[dict[str, Any]]:
        rows = []
        for name in SURFACE_FIELDS:
            value: Field | None = getattr(metric, name)
            if value is None:
                continue
            rows.append({"metric_id": metric_pk, "name": name, "start": value.start,
                         "end": value.end, "text": value.text,
                         "number": float(value.number) if value.number is not None else None,
                         "normalized": value.normalized, "implicit": value.implicit})
        return rows

    def add_metric(self, document_pk: int, layer_id: int, metric: Metric, user: str) -> None:
        pk = self._c.execute(insert(metrics_t).values(
            document_id=document_pk, layer_id=layer_id, key=metric.id,
            **self._metric_values(metric), **_audit(user, utcnow())).returning(metrics_t.c.id)
        ).scalar_one()
        rows = self._field_rows(pk, metric)
        if rows:
            self._c.execute(insert(fields_t), rows)

    def replace_metric(self, document_pk: int, layer_id: int, metric: Metric, user: str,
                       expected_version: int | None = None) -> None:
        """Overwrite every field of a stored metric; refused if it changed since it was read."""
        where = [metrics_t.c.document_id == document_pk, metrics_t.c.layer_id == layer_id,
                 metrics_t.c.key == metric.id]
        if expected_version is not None:
            where.append(metrics_t.c.version == expected_version)
        pk = self._c.execute(update(metrics_t).where(*where).values(
            **self._metric_values(metric), updated_by=user, updated_at=utcnow(),
            version=metrics_t.c.version + 1).returning(metrics_t.c.id)).scalar_one_or_none()
        if pk is None:
            raise ConflictError(f"metric {metric.id} was changed or removed elsewhere; reload")
        self._c.execute(delete(fields_t).where(fields_t.c.metric_id == pk))
        rows = self._field_rows(pk, metric)
        if rows:
            self._c.execute(insert(fields_t), rows)

    def delete_metric(self, document_pk: int, layer_id: int, key: str) -> None:
        result = self._c.execute(delete(metrics_t).where(
            metrics_t.c.document_id == document_pk, metrics_t.c.layer_id == layer_id,
            metrics_t.c.key == key))
        if result.rowcount != 1:
            raise ConflictError(f"metric {key} was already removed elsewhere; reload")

    # -- keys and bulk ------------------------------------------------------------------------
    def next_key(self, document_pk: int, layer_id: int, prefix: str) -> str:
        """The next free id such as e7 for entities, m3 for metrics, s2 for segments."""
        table = {"e": entities_t, "m": metrics_t, "s": segments_t}[prefix]
        keys = self._c.execute(select(table.c.key).where(
            table.c.document_id == document_pk, table.c.layer_id == layer_id)).scalars()
        highest = 0
        for key in keys:
            if key.startswith(prefix) and key[len(prefix):].isdigit():
                highest = max(highest, int(key[len(prefix):]))
        return f"{prefix}{highest + 1}"

    def clear_layer(self, document_pk: int, layer_id: int) -> None:
        """Remove a layer's annotations of one document (before a re-import replaces them)."""
        for table in (metrics_t, entities_t, segments_t):
            self._c.execute(delete(table).where(table.c.document_id == document_pk,
                                                table.c.layer_id == layer_id))

    def has_annotations(self, document_pk: int, layer_id: int) -> bool:
        for table in (entities_t, metrics_t, segments_t):
            found = self._c.execute(select(table.c.id).where(
                table.c.document_id == document_pk, table.c.layer_id == layer_id).limit(1)).first()
            if found:
                return True
        return False

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
            f'INSERT INTO {table.name} ({names}) VALUES ({", ".join([marker] * len(columns))})',
            rows)

    def _audit_tuple(self, user: str) -> tuple[Any, ...]:
        now = DateTime(timezone=True).dialect_impl(self._c.dialect).bind_processor(
            self._c.dialect)
        stamp = now(utcnow()) if now else utcnow()
        return (user, stamp, user, stamp, 1)

    def bulk_add(self, layer_id: int, user: str,
                 items: Sequence[tuple[int, Sequence[Entity], Sequence[Segment],
                                       Sequence[Metric]]]) -> None:
        """Insert many documents' annotations at once (imports): a few statements per batch."""
        audit = self._audit_tuple(user)
        self._insert_many(entities_t, _SPAN_COLUMNS, [
            (*audit, pk, layer_id, e.id, e.label, e.start, e.end, e.text)
            for pk, entities, _, _ in items for e in entities
        ])
        self._insert_many(segments_t, _SPAN_COLUMNS, [
            (*audit, pk, layer_id, s.id, s.label.value, s.start, s.end, s.text)
            for pk, _, segments, _ in items for s in segments
        ])
        metric_rows = [
            (*audit, pk, layer_id, m.id, *self._metric_values(m).values())
            for pk, _, _, metrics in items for m in metrics
        ]
        if not metric_rows:
            return
        self._insert_many(metrics_t, (*_AUDIT_COLUMNS, "document_id", "layer_id", "key",
                                      *_METRIC_VALUE_COLUMNS), metric_rows)
        # Fetching the new ids by (document, key) is one query; RETURNING with kept parameter
        # order would cost one statement per row on SQLite.
        pks = [pk for pk, _, _, metrics in items if metrics]
        ids: dict[tuple[int, str], int] = {}
        for i in range(0, len(pks), 500):
            ids.update(((doc, key), pk) for pk, doc, key in self._c.execute(
                select(metrics_t.c.id, metrics_t.c.document_id, metrics_t.c.key).where(
                    metrics_t.c.layer_id == layer_id, metrics_t.c.document_id.in_(pks[i:i + 500]))))
        field_rows: list[tuple] = []
        for pk, _, _, metrics in items:
            for metric in metrics:
                metric_pk = ids[(pk, metric.id)]
                for name in SURFACE_FIELDS:
                    value: Field | None = getattr(metric, name)
                    if value is not None:
                        field_rows.append((
                            metric_pk, name, value.start, value.end, value.text,
                            float(value.number) if value.number is not None else None,
                            value.normalized, value.implicit))
        self._insert_many(fields_t, _FIELD_COLUMNS, field_rows)

    # -- status -------------------------------------------------------------------------------
    def status(self, document_pk: int, layer_id: int) -> tuple[str, str, int | None]:
        """(status, reason, version); a document never touched is new with no version."""
        row = self._c.execute(select(states_t.c.status, states_t.c.reason, states_t.c.version)
                              .where(states_t.c.document_id == document_pk,
                                     states_t.c.layer_id == layer_id)).one_or_none()
        if row is None:
            return "new", "", None
        return row.status, row.reason, row.version

    def set_status(self, document_pk: int, layer_id: int, status: str, reason: str,
                   user: str) -> None:
        now = utcnow()
        result = self._c.execute(update(states_t).where(
            states_t.c.document_id == document_pk, states_t.c.layer_id == layer_id).values(
            status=status, reason=reason, updated_by=user, updated_at=now,
            version=states_t.c.version + 1))
        if result.rowcount == 0:
            self._c.execute(insert(states_t).values(
                document_id=document_pk, layer_id=layer_id, status=status, reason=reason,
                **_audit(user, now)))

    # -- batched reads (exports) --------------------------------------------------------------
    def _plain_rows(self, stmt: Any) -> list[tuple[Any, ...]]:
        """Rows as the driver's plain tuples, for columns that need no type conversion.

        Exports read about a million rows; SQLAlchemy's result rows roughly double the cost.
        """
        compiled = stmt.compile(dialect=self._c.dialect,
                                compile_kwargs={"render_postcompile": True})
        params: Any = compiled.params
        if compiled.positional:
            params = tuple(params[name] for name in compiled.positiontup or ())
        cursor = self._c.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(compiled.string, params)
            return cursor.fetchall()
        finally:
            cursor.close()

    def layer_contents(self, document_pks: Sequence[int], layer_id: int
                       ) -> dict[int, tuple[list[Entity], list[Segment], list[Metric]]]:
        """Entities, segments and metrics of many documents of one layer, in creation order.

        Four queries for the whole batch instead of several per document (exports stream
        tens of thousands of documents through this).
        """
        pks = list(document_pks)
        result: dict[int, tuple[list[Entity], list[Segment], list[Metric]]] = {
            pk: ([], [], []) for pk in pks}
        if not pks:
            return result
        entity_rows = self._plain_rows(
            select(entities_t.c.document_id, entities_t.c.key, entities_t.c.label,
                   entities_t.c.start, entities_t.c.end, entities_t.c.text)
            .where(entities_t.c.layer_id == layer_id, entities_t.c.document_id.in_(pks))
            .order_by(entities_t.c.document_id, entities_t.c.id))
        current, entities = None, []
        for doc, key, label, start, end, text in entity_rows:  # sorted by document
            if doc != current:
                current, entities = doc, result[doc][0]
            entities.append(Entity(key, label, start, end, text))
        segment_rows = self._plain_rows(
            select(segments_t.c.document_id, segments_t.c.key, segments_t.c.label,
                   segments_t.c.start, segments_t.c.end, segments_t.c.text)
            .where(segments_t.c.layer_id == layer_id, segments_t.c.document_id.in_(pks))
            .order_by(segments_t.c.document_id, segments_t.c.id))
        for doc, key, label, start, end, text in segment_rows:
            result[doc][1].append(Segment(key, SegmentLabel(label), start, end, text))
        surface: dict[int, dict[str, Field]] = {}
        field_rows = self._plain_rows(
            select(fields_t.c.metric_id, fields_t.c.name, fields_t.c.start, fields_t.c.end,
                   fields_t.c.text, fields_t.c.number, fields_t.c.normalized,
                   fields_t.c.implicit)
            .select_from(fields_t.join(metrics_t, fields_t.c.metric_id == metrics_t.c.id))
            .where(metrics_t.c.layer_id == layer_id, metrics_t.c.document_id.in_(pks)))
        for metric_pk, name, start, end, text, number, normalized, implicit in field_rows:
            surface.setdefault(metric_pk, {})[name] = Field(
                start, end, text, normalise_number(number) if number is not None else None,
                normalized, bool(implicit))
        metric_rows = self._plain_rows(
            select(metrics_t.c.document_id, metrics_t.c.id, metrics_t.c.key, metrics_t.c.approx,
                   metrics_t.c.status, metrics_t.c.aspect, metrics_t.c.place, metrics_t.c.org,
                   metrics_t.c.subject, metrics_t.c.duplicate_of, metrics_t.c.note,
                   metrics_t.c.provenance_kind, metrics_t.c.provenance_system)
            .where(metrics_t.c.layer_id == layer_id, metrics_t.c.document_id.in_(pks))
            .order_by(metrics_t.c.document_id, metrics_t.c.id))
        # Enum members and provenances by their stored value: looked up once, not per row.
        approxes = {m.value: m for m in Approx}
        statuses = {m.value: m for m in Status}
        aspects = {m.value: m for m in Aspect}
        provenances: dict[tuple[str, str | None], Provenance] = {}
        for (doc, metric_pk, key, approx, status, aspect, place, org, subject, duplicate_of, note,
             provenance_kind, provenance_system) in metric_rows:
            fields = surface.get(metric_pk, {})
            provenance = provenances.get((provenance_kind, provenance_system))
            if provenance is None:
                provenance = Provenance(ProvenanceKind(provenance_kind), provenance_system)
                provenances[(provenance_kind, provenance_system)] = provenance
            result[doc][2].append(Metric(
                id=key,
                approx=approxes[approx] if approx else None,
                status=statuses[status] if status else None,
                aspect=aspects[aspect] if aspect else None,
                place=place, org=org, subject=subject, duplicate_of=duplicate_of, note=note,
                provenance=provenance,
                **{name: fields.get(name) for name in SURFACE_FIELDS}))
        return result

    def statuses(self, document_pks: Sequence[int], layer_id: int) -> dict[int, str]:
        """Status of each given document in a layer; documents never touched are left out."""
        pks = list(document_pks)
        if not pks:
            return {}
        return dict(self._c.execute(
            select(states_t.c.document_id, states_t.c.status)
            .where(states_t.c.layer_id == layer_id, states_t.c.document_id.in_(pks))).all())

    def contributors(self, layer_id: int) -> list[str]:
        """Sorted names of everybody who created or changed a layer's annotations or statuses."""
        names: set[str] = set()
        for table in (entities_t, segments_t, metrics_t, states_t):
            for column in (table.c.created_by, table.c.updated_by):
                names.update(self._c.execute(
                    select(column).where(table.c.layer_id == layer_id).distinct()).scalars())
        return sorted(name for name in names if name)

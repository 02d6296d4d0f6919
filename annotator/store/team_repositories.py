"""Repositories of team mode: the role list, the curation decision log and frozen releases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, delete, func, insert, select

from annotator.domain.entities import Entity
from annotator.domain.errors import NotFound
from annotator.domain.metrics import Field, Metric
from annotator.store.conversions import (
    ENTITY_VALUES,
    entity_from_values,
    field_from_row,
    metric_from_row,
)
from annotator.store.rows import (
    decisions_t,
    documents_t,
    entities_t,
    fields_t,
    metrics_t,
    releases_t,
    roles_t,
    segments_t,
    states_t,
    utcnow,
)

CURATOR = "curator"


@dataclass(frozen=True)
class RoleGrant:
    """A user's role, who granted it and when."""

    user: str
    role: str
    granted_by: str
    granted_at: datetime


@dataclass(frozen=True)
class CurationDecision:
    """One entry of the curation log of a document."""

    doc_id: str
    item_kind: str
    item_key: str
    decision: str
    source_layers: tuple[str, ...]
    decided_by: str
    decided_at: datetime
    reason: str


@dataclass(frozen=True)
class ReleaseInfo:
    """What a release is, without its content."""

    number: int
    name: str
    created_by: str
    created_at: datetime
    guideline_version: str
    schema_version: int
    content_sha256: str
    documents: int
    entities: int
    metrics: int
    note: str


class RoleRepository:
    """Roles by user name; the store keeps them, services decide who may change them."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def grants(self, role: str = CURATOR) -> list[RoleGrant]:
        """Everyone holding `role`, by name."""
        stmt = (
            select(roles_t.c.user_name, roles_t.c.role, roles_t.c.granted_by, roles_t.c.granted_at)
            .where(roles_t.c.role == role)
            .order_by(roles_t.c.user_name)
        )
        return [RoleGrant(*row) for row in self._c.execute(stmt)]

    def has(self, user: str, role: str = CURATOR) -> bool:
        stmt = select(roles_t.c.id).where(roles_t.c.user_name == user, roles_t.c.role == role)
        return self._c.execute(stmt).first() is not None

    def count(self, role: str = CURATOR) -> int:
        stmt = select(func.count()).select_from(roles_t).where(roles_t.c.role == role)
        return self._c.execute(stmt).scalar_one()

    def grant(self, user: str, granted_by: str, role: str = CURATOR) -> None:
        self._c.execute(
            insert(roles_t).values(
                user_name=user, role=role, granted_by=granted_by, granted_at=utcnow()
            )
        )

    def revoke(self, user: str, role: str = CURATOR) -> None:
        result = self._c.execute(
            delete(roles_t).where(roles_t.c.user_name == user, roles_t.c.role == role)
        )
        if result.rowcount != 1:
            raise NotFound(f"{user} has no {role} role")

    def lock(self) -> None:
        """Serialise role changes on PostgreSQL, so that two bootstraps cannot both succeed."""
        if self._c.dialect.name == "postgresql":
            # A transaction-scoped advisory lock: released at commit or rollback.
            self._c.execute(select(func.pg_advisory_xact_lock(0x726F6C65)))


class CurationRepository:
    """The append-only log of curation decisions."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def record(
        self,
        document_pk: int,
        item_kind: str,
        item_key: str,
        decision: str,
        source_layers: tuple[str, ...],
        decided_by: str,
        reason: str = "",
    ) -> None:
        self._c.execute(
            insert(decisions_t).values(
                document_id=document_pk,
                item_kind=item_kind,
                item_key=item_key,
                decision=decision,
                source_layers=",".join(source_layers),
                decided_by=decided_by,
                decided_at=utcnow(),
                reason=reason,
            )
        )

    def decisions(self, document_pk: int, doc_id: str) -> list[CurationDecision]:
        """A document's decisions, oldest first."""
        stmt = (
            select(decisions_t)
            .where(decisions_t.c.document_id == document_pk)
            .order_by(decisions_t.c.id)
        )
        return [
            CurationDecision(
                doc_id,
                r.item_kind,
                r.item_key,
                r.decision,
                tuple(s for s in r.source_layers.split(",") if s),
                r.decided_by,
                r.decided_at,
                r.reason,
            )
            for r in self._c.execute(stmt)
        ]


class ReleaseRepository:
    """Releases: written once, never updated or deleted through the store."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def _check_reader(self) -> None:
        """On PostgreSQL the server refuses a non-curator by name (migration 0005), where the
        row policies alone would show an empty list."""
        if self._c.dialect.name == "postgresql":
            self._c.execute(select(func.annotator_check_curator("reading releases")))

    _INFO = (
        releases_t.c.number,
        releases_t.c.name,
        releases_t.c.created_by,
        releases_t.c.created_at,
        releases_t.c.guideline_version,
        releases_t.c.schema_version,
        releases_t.c.content_sha256,
        releases_t.c.documents,
        releases_t.c.entities,
        releases_t.c.metrics,
        releases_t.c.note,
    )

    def next_number(self) -> int:
        highest = self._c.execute(select(func.max(releases_t.c.number))).scalar_one()
        return (highest or 0) + 1

    def add(self, info: ReleaseInfo, content_gzip: bytes, card: str | None = None) -> None:
        self._c.execute(
            insert(releases_t).values(
                number=info.number,
                name=info.name,
                created_by=info.created_by,
                created_at=info.created_at,
                guideline_version=info.guideline_version,
                schema_version=info.schema_version,
                content_sha256=info.content_sha256,
                documents=info.documents,
                entities=info.entities,
                metrics=info.metrics,
                note=info.note,
                content_gzip=content_gzip,
                card=card,
            )
        )

    def all(self) -> list[ReleaseInfo]:
        """Every release, oldest first."""
        self._check_reader()
        stmt = select(*self._INFO).order_by(releases_t.c.number)
        return [ReleaseInfo(*row) for row in self._c.execute(stmt)]

    @staticmethod
    def _where(name: str) -> ColumnElement[bool]:
        # A release is named by its name, or by its number ("3" or "#3").
        if name.lstrip("#").isdigit():
            return releases_t.c.number == int(name.lstrip("#"))
        return releases_t.c.name == name

    def get(self, name: str) -> ReleaseInfo:
        self._check_reader()
        row = self._c.execute(select(*self._INFO).where(self._where(name))).one_or_none()
        if row is None:
            raise NotFound(f"no release {name!r}")
        return ReleaseInfo(*row)

    def content(self, name: str) -> bytes:
        """The compressed JSONL of a release."""
        self._check_reader()
        data = self._c.execute(
            select(releases_t.c.content_gzip).where(self._where(name))
        ).scalar_one_or_none()
        if data is None:
            raise NotFound(f"no release {name!r}")
        return bytes(data)

    def card(self, name: str) -> str | None:
        """The card stored with a release (None for releases made before cards were kept)."""
        self._check_reader()
        row = self._c.execute(select(releases_t.c.card).where(self._where(name))).one_or_none()
        if row is None:
            raise NotFound(f"no release {name!r}")
        return row[0]

    def name_taken(self, name: str) -> bool:
        return (
            self._c.execute(select(releases_t.c.id).where(releases_t.c.name == name)).first()
            is not None
        )


class LayerContentRepository:
    """Many documents' annotations of one layer in a few queries (agreement reads whole layers,
    where a query per document and layer would dominate the time)."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def documents(self, doc_ids: list[str] | None = None) -> list[tuple[int, str, int]]:
        """(primary key, doc_id, length) of documents in import order, without their texts."""
        stmt = select(documents_t.c.id, documents_t.c.doc_id, documents_t.c.chars).order_by(
            documents_t.c.id
        )
        if doc_ids is not None:
            stmt = stmt.where(documents_t.c.doc_id.in_(doc_ids))
        return [tuple(row) for row in self._c.execute(stmt)]

    def statuses(self, layer_id: int, document_pks: list[int]) -> dict[int, str]:
        """Status by document; documents never touched are absent (they are new)."""
        stmt = select(states_t.c.document_id, states_t.c.status).where(
            states_t.c.layer_id == layer_id, states_t.c.document_id.in_(document_pks)
        )
        return dict(self._c.execute(stmt).all())

    def annotated(self, layer_id: int, document_pks: list[int]) -> set[int]:
        """The documents on which the layer has any entity, metric or segment."""
        found: set[int] = set()
        for table in (entities_t, metrics_t, segments_t):
            stmt = (
                select(table.c.document_id)
                .distinct()
                .where(table.c.layer_id == layer_id, table.c.document_id.in_(document_pks))
            )
            found.update(self._c.execute(stmt).scalars())
        return found

    def entities(self, layer_id: int, document_pks: list[int]) -> dict[int, list[Entity]]:
        """Entities by document, each in creation order."""
        stmt = (
            select(entities_t.c.document_id, *ENTITY_VALUES)
            .where(entities_t.c.layer_id == layer_id, entities_t.c.document_id.in_(document_pks))
            .order_by(entities_t.c.id)
        )
        result: dict[int, list[Entity]] = {}
        for document_pk, *values in self._c.execute(stmt):
            result.setdefault(document_pk, []).append(entity_from_values(*values))
        return result

    def metrics(self, layer_id: int, document_pks: list[int]) -> dict[int, list[Metric]]:
        """Metrics with all their fields by document, each in creation order.

        Rows become metrics through `conversions`, as in AnnotationRepository, so both read alike.
        """
        rows = self._c.execute(
            select(metrics_t)
            .where(metrics_t.c.layer_id == layer_id, metrics_t.c.document_id.in_(document_pks))
            .order_by(metrics_t.c.id)
        ).all()
        fields: dict[int, dict[str, Field]] = {row.id: {} for row in rows}
        if rows:
            stmt = (
                select(fields_t)
                .join(metrics_t, metrics_t.c.id == fields_t.c.metric_id)
                .where(metrics_t.c.layer_id == layer_id, metrics_t.c.document_id.in_(document_pks))
            )
            for frow in self._c.execute(stmt):
                fields[frow.metric_id][frow.name] = field_from_row(frow)
        result: dict[int, list[Metric]] = {}
        for row in rows:
            result.setdefault(row.document_id, []).append(metric_from_row(row, fields[row.id]))
        return result

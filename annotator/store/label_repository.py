"""The project's label schema (the `labels` table) and relabelling annotations across layers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select, update

from annotator.schema.labels import LabelSchema
from annotator.store.rows import entities_t, labels_t, reviews_t, segments_t, utcnow

ENTITY = "entity"
SEGMENT = "segment"
# Rejected entity suggestions are kept by "entity:<LABEL>" (see settings_repository).
_REJECTED_ENTITY = "entity:"


@dataclass(frozen=True)
class StoredLabel:
    """One row of the label schema, as stored."""

    name: str
    kind: str  # ENTITY or SEGMENT
    key: str
    colour: str
    zh: str
    en: str
    description: str
    position: int
    retired: bool
    updated_by: str = ""
    updated_at: datetime | None = None


def schema_labels(schema: LabelSchema) -> list[StoredLabel]:
    """The labels of a schema file as rows: entities then segments, in the file's order."""
    return [
        StoredLabel(
            spec.name,
            kind,
            spec.key,
            spec.colour,
            spec.zh,
            spec.en or spec.name.title(),
            spec.description,
            position,
            False,
        )
        for kind, specs in ((ENTITY, schema.entity), (SEGMENT, schema.segment))
        for position, spec in enumerate(specs)
    ]


class LabelRepository:
    """Rows of the `labels` table; services decide who may change them and what is valid."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def all(self) -> list[StoredLabel]:
        """Every label, retired ones too, entity labels first, each kind in its order."""
        c = labels_t.c
        stmt = select(
            c.name,
            c.kind,
            c.key,
            c.colour,
            c.zh,
            c.en,
            c.description,
            c.position,
            c.retired,
            c.updated_by,
            c.updated_at,
        ).order_by(c.kind, c.position, c.name)
        return [
            StoredLabel(
                name,
                kind,
                key or "",
                colour,
                zh,
                en,
                description,
                position,
                bool(retired),
                updated_by,
                updated_at,
            )
            for (
                name,
                kind,
                key,
                colour,
                zh,
                en,
                description,
                position,
                retired,
                updated_by,
                updated_at,
            ) in self._c.execute(stmt)
        ]

    def is_empty(self) -> bool:
        return not self._c.execute(select(func.count()).select_from(labels_t)).scalar_one()

    def seed(self, schema: LabelSchema, user: str) -> None:
        """Fill an empty table with `schema` (the bundled labels.toml)."""
        for label in schema_labels(schema):
            self.add(label, user)

    def add(self, label: StoredLabel, user: str) -> None:
        self._c.execute(
            insert(labels_t).values(
                name=label.name,
                kind=label.kind,
                key=label.key or None,
                colour=label.colour,
                zh=label.zh,
                en=label.en,
                description=label.description,
                position=label.position,
                retired=label.retired,
                updated_by=user,
                updated_at=utcnow(),
            )
        )

    def update(self, name: str, user: str, **values: object) -> None:
        """Change columns of one label (`key=""` clears its key)."""
        if "key" in values:
            values["key"] = values["key"] or None
        self._c.execute(
            update(labels_t)
            .where(labels_t.c.name == name)
            .values(**values, updated_by=user, updated_at=utcnow())
        )

    def remove(self, name: str) -> None:
        self._c.execute(delete(labels_t).where(labels_t.c.name == name))

    def uses(self, name: str) -> int:
        """How many entities and segments of every layer carry the label."""
        count = 0
        for table in (entities_t, segments_t):
            count += self._c.execute(
                select(func.count()).select_from(table).where(table.c.label == name)
            ).scalar_one()
        return count

    def relabel(self, old: str, new: str, user: str) -> int:
        """Give every entity and segment of every layer labelled `old` the label `new` (their
        version moves on, so that a window holding the old one reloads); returns how many."""
        changed = 0
        for table in (entities_t, segments_t):
            result = self._c.execute(
                update(table)
                .where(table.c.label == old)
                .values(
                    label=new, version=table.c.version + 1, updated_by=user, updated_at=utcnow()
                )
            )
            changed += result.rowcount or 0
        self._c.execute(
            update(reviews_t)
            .where(reviews_t.c.suggestion_key == _REJECTED_ENTITY + old)
            .values(suggestion_key=_REJECTED_ENTITY + new)
        )
        return changed

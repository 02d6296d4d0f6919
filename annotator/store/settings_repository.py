"""Repositories of project settings (key → text) and of annotators' rejected suggestions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, delete, func, insert, select, update

from annotator.store.rows import (
    documents_t,
    layers_t,
    metrics_t,
    reviews_t,
    settings_t,
    states_t,
    utcnow,
)

REJECTED = "rejected"
# Rejected entity suggestions share the table with metric ones: their suggestion_key is
# "entity:<LABEL>:<recommenders>" (a metric's is its id, m1…), which keeps the two apart.
ENTITY_KEY_PREFIX = "entity:"


@dataclass(frozen=True)
class Rejection:
    """A suggestion an annotator turned down: its id when rejected, and its value span."""

    suggestion_key: str
    start: int
    end: int


@dataclass(frozen=True)
class LayerDocumentFigures:
    """What one layer holds for one document: its size, status and metrics by provenance."""

    doc_id: str
    chars: int
    status: str
    # (provenance kind, provenance system or "") → metrics
    metrics: dict[tuple[str, str], int]


def _of_entities(entities: bool) -> ColumnElement[bool]:
    is_entity = reviews_t.c.suggestion_key.startswith(ENTITY_KEY_PREFIX)
    return is_entity if entities else ~is_entity


class SettingsRepository:
    """Project settings as text values by key; services parse and check them."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self, key: str) -> str | None:
        """The stored value of `key`, or None when it was never set."""
        return self._c.execute(
            select(settings_t.c.value).where(settings_t.c.key == key)
        ).scalar_one_or_none()

    def set(self, key: str, value: str, user: str) -> None:
        """Store `value` under `key`, replacing any earlier value."""
        result = self._c.execute(
            update(settings_t)
            .where(settings_t.c.key == key)
            .values(value=value, updated_by=user, updated_at=utcnow())
        )
        if result.rowcount == 0:
            self._c.execute(
                insert(settings_t).values(
                    key=key, value=value, updated_by=user, updated_at=utcnow()
                )
            )

    def delete(self, key: str) -> None:
        self._c.execute(delete(settings_t).where(settings_t.c.key == key))

    def all(self) -> dict[str, str]:
        """Every stored setting, by key."""
        return dict(
            self._c.execute(
                select(settings_t.c.key, settings_t.c.value).order_by(settings_t.c.key)
            ).all()
        )


class SuggestionReviewRepository:
    """Rejections of suggestions per (document, annotator); acceptances are the metrics."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def rejections(
        self, document_pk: int, annotator: str, entities: bool = False
    ) -> list[Rejection]:
        """An annotator's rejections of metric (or, with `entities`, entity) suggestions in one
        document, in span order."""
        stmt = (
            select(reviews_t.c.suggestion_key, reviews_t.c.start, reviews_t.c.end)
            .where(
                reviews_t.c.document_id == document_pk,
                reviews_t.c.annotator == annotator,
                reviews_t.c.decision == REJECTED,
                _of_entities(entities),
            )
            .order_by(reviews_t.c.start, reviews_t.c.end)
        )
        return [Rejection(*row) for row in self._c.execute(stmt)]

    def reject(self, document_pk: int, annotator: str, rejection: Rejection) -> bool:
        """Record a rejection; False when that span was already rejected (nothing changes)."""
        exists = self._c.execute(
            select(reviews_t.c.id).where(
                reviews_t.c.document_id == document_pk,
                reviews_t.c.annotator == annotator,
                reviews_t.c.start == rejection.start,
                reviews_t.c.end == rejection.end,
            )
        ).first()
        if exists:
            return False
        self._c.execute(
            insert(reviews_t).values(
                document_id=document_pk,
                annotator=annotator,
                suggestion_key=rejection.suggestion_key,
                start=rejection.start,
                end=rejection.end,
                decision=REJECTED,
                decided_at=utcnow(),
            )
        )
        return True

    def unreject(self, document_pk: int, annotator: str, start: int, end: int) -> bool:
        """Forget the rejection of the suggestion at start..end; False if there was none."""
        result = self._c.execute(
            delete(reviews_t).where(
                reviews_t.c.document_id == document_pk,
                reviews_t.c.annotator == annotator,
                reviews_t.c.start == start,
                reviews_t.c.end == end,
            )
        )
        return result.rowcount > 0

    def rejection_counts(self, entities: bool = False) -> dict[str, dict[str, int]]:
        """{annotator: {doc_id: rejections}} of metric (or entity) suggestions over the store."""
        result: dict[str, dict[str, int]] = defaultdict(dict)
        stmt = (
            select(reviews_t.c.annotator, documents_t.c.doc_id, func.count())
            .select_from(reviews_t.join(documents_t, reviews_t.c.document_id == documents_t.c.id))
            .where(reviews_t.c.decision == REJECTED, _of_entities(entities))
            .group_by(reviews_t.c.annotator, documents_t.c.doc_id)
        )
        for annotator, doc_id, count in self._c.execute(stmt):
            result[annotator][doc_id] = count
        return dict(result)

    def rejection_keys(self, entities: bool = False) -> dict[str, dict[str, int]]:
        """{annotator: {suggestion_key: rejections}} of metric (or entity) suggestions."""
        result: dict[str, dict[str, int]] = defaultdict(dict)
        stmt = (
            select(reviews_t.c.annotator, reviews_t.c.suggestion_key, func.count())
            .where(reviews_t.c.decision == REJECTED, _of_entities(entities))
            .group_by(reviews_t.c.annotator, reviews_t.c.suggestion_key)
        )
        for annotator, key, count in self._c.execute(stmt):
            result[annotator][key] = count
        return dict(result)

    def layer_figures(self, layer_name: str) -> list[LayerDocumentFigures]:
        """Per document a layer has touched (a status or a metric): size, status, metrics.

        Three grouped queries for the whole layer, so `annotator stats` stays cheap on large
        stores.
        """
        layer_id = self._c.execute(
            select(layers_t.c.id).where(layers_t.c.name == layer_name)
        ).scalar_one_or_none()
        if layer_id is None:
            return []
        statuses = dict(
            self._c.execute(
                select(states_t.c.document_id, states_t.c.status).where(
                    states_t.c.layer_id == layer_id
                )
            ).all()
        )
        counts: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
        for doc_pk, kind, system, count in self._c.execute(
            select(
                metrics_t.c.document_id,
                metrics_t.c.provenance_kind,
                metrics_t.c.provenance_system,
                func.count(),
            )
            .where(metrics_t.c.layer_id == layer_id)
            .group_by(
                metrics_t.c.document_id, metrics_t.c.provenance_kind, metrics_t.c.provenance_system
            )
        ):
            counts[doc_pk][(kind, system or "")] = count
        pks = sorted(set(statuses) | set(counts))
        figures: list[LayerDocumentFigures] = []
        for i in range(0, len(pks), 500):
            for pk, doc_id, chars in self._c.execute(
                select(documents_t.c.id, documents_t.c.doc_id, documents_t.c.chars)
                .where(documents_t.c.id.in_(pks[i : i + 500]))
                .order_by(documents_t.c.id)
            ):
                figures.append(
                    LayerDocumentFigures(
                        doc_id, chars, statuses.get(pk, "new"), dict(counts.get(pk, {}))
                    )
                )
        return figures

"""UnitOfWork: one transaction, with the repositories bound to its connection."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from annotator.domain.errors import AnnotatorError, ConflictError
from annotator.store.annotation_repository import AnnotationRepository
from annotator.store.document_repository import DocumentRepository
from annotator.store.layer_repository import LayerRepository
from annotator.store.settings_repository import SettingsRepository, SuggestionReviewRepository
from annotator.store.statistics import StatisticsRepository
from annotator.store.team_repositories import (
    CurationRepository,
    LayerContentRepository,
    ReleaseRepository,
    RoleRepository,
)


class StoreError(AnnotatorError):
    """The database refused or failed an operation (locked, gone, out of space …)."""


class UnitOfWork:
    """`with UnitOfWork(engine) as uow: …; uow.commit()`. Leaving without commit rolls back.

    Database errors leave as domain errors, so that services never import SQLAlchemy.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def __enter__(self) -> UnitOfWork:
        self._connection = self._engine.connect()
        self._transaction = self._connection.begin()
        self.documents = DocumentRepository(self._connection)
        self.layers = LayerRepository(self._connection)
        self.annotations = AnnotationRepository(self._connection)
        self.statistics = StatisticsRepository(self._connection)
        self.roles = RoleRepository(self._connection)
        self.curation = CurationRepository(self._connection)
        self.releases = ReleaseRepository(self._connection)
        self.layer_contents = LayerContentRepository(self._connection)
        self.settings = SettingsRepository(self._connection)
        self.suggestion_reviews = SuggestionReviewRepository(self._connection)
        return self

    def commit(self) -> None:
        try:
            self._transaction.commit()
        except DBAPIError as error:
            raise _translate(error) from error

    def rollback(self) -> None:
        if self._transaction.is_active:
            self._transaction.rollback()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> bool:
        try:
            self.rollback()
        finally:
            self._connection.close()
        if isinstance(exc, DBAPIError):
            raise _translate(exc) from exc
        return False

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name


def _translate(error: DBAPIError) -> AnnotatorError:
    detail = str(error.orig).splitlines()[0] if error.orig is not None else str(error)
    if isinstance(error, IntegrityError):
        if _is_unique_violation(detail):
            # Two windows or annotators added the same thing at once, e.g. entities with one id.
            return ConflictError("someone else saved the same thing at the same moment; reload "
                                 f"and try again (the database said: {detail})")
        return ConflictError(f"the database refused the change: {detail}")
    if isinstance(error, OperationalError):
        return StoreError(f"the database is not available: {detail}")
    return StoreError(f"database error: {detail}")


def _is_unique_violation(detail: str) -> bool:
    """SQLite says "UNIQUE constraint failed", PostgreSQL "duplicate key value violates"."""
    return "UNIQUE constraint failed" in detail or "duplicate key value" in detail

"""UnitOfWork: one transaction, with the repositories bound to its connection."""

from __future__ import annotations

import time
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from annotator.store.annotation_repository import AnnotationRepository
from annotator.store.database_errors import StoreError, reported, translate
from annotator.store.document_repository import DocumentRepository
from annotator.store.label_repository import LabelRepository
from annotator.store.layer_repository import LayerRepository
from annotator.store.settings_repository import SettingsRepository, SuggestionReviewRepository
from annotator.store.statistics import StatisticsRepository
from annotator.store.team_logins import TeamLogins
from annotator.store.team_repositories import (
    CurationRepository,
    LayerContentRepository,
    ReleaseRepository,
    RoleRepository,
)

__all__ = ["StoreError", "UnitOfWork"]


class UnitOfWork:
    """`with UnitOfWork(engine) as uow: …; uow.commit()`. Leaving without commit rolls back.

    Database errors leave as domain errors, so that services never import SQLAlchemy.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def __enter__(self) -> UnitOfWork:
        with reported(self._engine):  # a server that is down fails here, before any work
            self._connection = self._engine.connect()
            self._transaction = self._connection.begin()
        self._began = time.monotonic()
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
        self.labels = LabelRepository(self._connection)
        self.logins = TeamLogins(self._connection)
        return self

    def commit(self) -> None:
        try:
            self._transaction.commit()
        except DBAPIError as error:
            raise translate(error, self._engine) from error

    def transaction_age(self) -> float:
        """Seconds since the current transaction began."""
        return time.monotonic() - self._began

    def commit_and_continue(self) -> None:
        """Commit, then go on in a new transaction: a long writer calls it after each of its
        short writes, so that it holds SQLite's write lock briefly and an edit in the window
        waits little. What was committed stays if a later part fails."""
        self.commit()
        with reported(self._engine):
            self._transaction = self._connection.begin()
        self._began = time.monotonic()

    def rollback(self) -> None:
        if self._transaction.is_active:
            self._transaction.rollback()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            with reported(self._engine):
                self.rollback()
        finally:
            self._connection.close()
        if isinstance(exc, DBAPIError):
            raise translate(exc, self._engine) from exc

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

"""Opening a database: where the default one lives, creating, upgrading and seeding it."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_path

from annotator.resources import seeds_dir
from annotator.store.engine import is_sqlite, make_engine, sqlite_path
from annotator.store.schema_version import SchemaCheck, SchemaState, ensure_schema
from annotator.store.unit_of_work import UnitOfWork

ENV_VAR = "ANNOTATOR_DB"


def default_database_path() -> Path:
    """The embedded SQLite file in the platform's user data folder."""
    return user_data_path("annotator", appauthor=False, ensure_exists=True) / "annotator.sqlite3"


def resolve_target(option: str | None) -> tuple[str, bool]:
    """(database path or URL, whether it is the default) from --db, then ANNOTATOR_DB."""
    if option:
        return option, False
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return from_env, False
    return str(default_database_path()), True


@dataclass
class Database:
    """An open, up-to-date database and the factory of its units of work."""

    target: str
    engine: object
    schema: SchemaCheck

    @property
    def uow(self) -> Callable[[], UnitOfWork]:
        return lambda: UnitOfWork(self.engine)  # type: ignore[arg-type]

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.engine)  # type: ignore[arg-type]

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.engine)  # type: ignore[arg-type]

    def describe(self) -> str:
        path = self.path
        if path is not None:
            return str(path)
        return self.engine.url.render_as_string(hide_password=True)  # type: ignore[attr-defined]

    def close(self) -> None:
        self.engine.dispose()  # type: ignore[attr-defined]


def open_database(target: str, seed_if_new: bool = False, allow_upgrade: bool = False) -> Database:
    """Open (and create, or back up and upgrade) a database; seed a brand-new default one.

    Seeding imports the bundled corpus and fills the metric assistant's suggestions for it.
    """
    engine = make_engine(target)
    try:
        check = ensure_schema(engine, allow_upgrade=allow_upgrade)
    except Exception:
        engine.dispose()
        raise
    database = Database(target, engine, check)
    if seed_if_new and check.state is SchemaState.EMPTY:
        # Imported here: importing and suggesting need this module themselves.
        from annotator.services.importing import import_paths
        from annotator.services.suggesting import suggest_all

        import_paths(database, [seeds_dir()])
        # A first start shows the metric assistant at work on the bundled corpus.
        suggest_all(database)
    return database

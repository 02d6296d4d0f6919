"""Which schema a database has, and bringing it to the one this app knows (Alembic)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from annotator.domain.errors import AnnotatorError
from annotator.store.database_errors import reported, where
from annotator.store.engine import sqlite_path
from annotator.store.sqlite_files import remove as remove_sqlite_files

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration; a test keeps it equal to Alembic's head. Opening a current database
# compares against it with one query, without loading Alembic and its scripts.
HEAD_REVISION = "0005"


class SchemaState(Enum):
    EMPTY = "empty"
    CURRENT = "current"
    OLDER = "older"
    NEWER = "newer"


class SchemaMismatch(AnnotatorError):
    """The database was written by a newer version of the app, or is not ours."""


@dataclass(frozen=True)
class SchemaCheck:
    state: SchemaState
    database_revision: str | None
    head_revision: str


def alembic_config(engine: Engine) -> Config:
    """Alembic configuration built in code: no alembic.ini to ship or find."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def _script(engine: Engine) -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine))


def check_schema(engine: Engine) -> SchemaCheck:
    """Compare the database's Alembic revision with the newest this app ships."""
    with reported(engine):
        return _check_schema(engine)


def _check_schema(engine: Engine) -> SchemaCheck:
    from alembic.runtime.migration import MigrationContext

    script = _script(engine)
    head = script.get_current_head()
    assert head is not None
    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
        has_tables = bool(inspect(connection).get_table_names())
    if revision is None:
        if has_tables:
            raise SchemaMismatch(
                f"{where(engine)} holds tables but no annotator schema version; "
                "it is not an annotator database"
            )
        return SchemaCheck(SchemaState.EMPTY, None, head)
    if revision == head:
        return SchemaCheck(SchemaState.CURRENT, revision, head)
    try:
        known = {rev.revision for rev in script.walk_revisions()}
    except Exception:  # a broken chain is as unknown as a newer one
        known = set()
    if revision in known:
        return SchemaCheck(SchemaState.OLDER, revision, head)
    return SchemaCheck(SchemaState.NEWER, revision, head)


def newer_schema(engine: Engine, check: SchemaCheck) -> SchemaMismatch:
    """The refusal of a database written by a newer version, naming it and both versions."""
    return SchemaMismatch(
        f"{where(engine)} has schema revision {check.database_revision}, which is newer than "
        f"this version of annotator knows (newest: {check.head_revision}); update annotator"
    )


def _stamped_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, or None when there is no stamp to read."""
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None


def upgrade(engine: Engine) -> None:
    """Run every migration up to head, in one transaction per migration run."""
    from alembic import command

    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def backup_sqlite(engine: Engine, label: str) -> Path | None:
    """Copy a SQLite database beside itself with the backup API (it also copies WAL pages)."""
    path = sqlite_path(engine)
    if path is None or not path.exists():
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}.bak")
    source = sqlite3.connect(path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    except BaseException:
        remove_sqlite_files(target)  # half a backup (a full disk) is no backup
        raise
    finally:
        source.close()
    return target


def ensure_schema(engine: Engine, allow_upgrade: bool = True) -> SchemaCheck:
    """Bring the database to head: create an empty one, back up and upgrade an older one.

    A newer database is refused. A PostgreSQL database shared by a team is upgraded only by an
    explicit `annotator db upgrade`, after its administrator has taken a backup.
    """
    with reported(engine):
        return _ensure_schema(engine, allow_upgrade)


def _ensure_schema(engine: Engine, allow_upgrade: bool) -> SchemaCheck:
    if _stamped_revision(engine) == HEAD_REVISION:
        return SchemaCheck(SchemaState.CURRENT, HEAD_REVISION, HEAD_REVISION)
    check = _check_schema(engine)
    if check.state is SchemaState.NEWER:
        raise newer_schema(engine, check)
    if check.state is SchemaState.EMPTY:
        upgrade(engine)
        seed_labels(engine)
    elif check.state is SchemaState.OLDER:
        if sqlite_path(engine) is None and not allow_upgrade:
            raise SchemaMismatch(
                f"{where(engine)} has schema revision {check.database_revision}; this version "
                f"needs {check.head_revision}. Back it up, then run `annotator db upgrade`"
            )
        backup_sqlite(engine, f"before-{check.head_revision}")
        upgrade(engine)
        seed_labels(engine)
    return check


def seed_labels(engine: Engine) -> None:
    """Give a new or just upgraded database the bundled label schema when it has no labels."""
    from annotator.schema.labels import default_label_schema
    from annotator.store.label_repository import LabelRepository

    with engine.begin() as connection:
        labels = LabelRepository(connection)
        if labels.is_empty():
            labels.seed(default_label_schema(), "annotator")

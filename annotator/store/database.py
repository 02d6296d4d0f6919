"""Opening a database: creating, upgrading or checking it, and the factory of its units of work."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from annotator.domain.errors import AnnotatorError, InputError
from annotator.store import sqlite_files
from annotator.store.database_errors import StoreError
from annotator.store.engine import BUSY_TIMEOUT, is_sqlite, make_engine, sqlite_path
from annotator.store.schema_version import (
    HEAD_REVISION,
    SchemaCheck,
    SchemaState,
    check_schema,
    ensure_schema,
    newer_schema,
)
from annotator.store.unit_of_work import UnitOfWork


@dataclass
class Database:
    """An open, up-to-date database and the factory of its units of work."""

    target: str
    engine: Engine
    schema: SchemaCheck

    @property
    def uow(self) -> Callable[[], UnitOfWork]:
        return lambda: UnitOfWork(self.engine)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.engine)

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.engine)

    def describe(self) -> str:
        path = self.path
        if path is not None:
            return str(path)
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()


# What fills a database just created (the bundled corpus, say): the store only calls it.
FillNew = Callable[[Database], None]


def open_database(
    target: str,
    allow_upgrade: bool = False,
    busy_timeout: float = BUSY_TIMEOUT,
    fill_new: FillNew | None = None,
) -> Database:
    """Open (and create, or back up and upgrade) a database.

    A database this call creates is first given to `fill_new`; a new SQLite file is made whole
    beside its place, filled, and only then renamed into it (see _create_sqlite). On SQLite a
    write waits up to `busy_timeout` seconds for another program's write lock.
    """
    engine = make_engine(target, busy_timeout)
    path = sqlite_path(engine)
    if path is not None:
        sqlite_files.refuse_what_cannot_be_a_database(path)
    if path is not None and sqlite_files.is_unstarted(path):
        engine.dispose()
        check = _create_sqlite(path, fill_new)
        return Database(target, make_engine(target, busy_timeout), check)
    try:
        check = ensure_schema(engine, allow_upgrade=allow_upgrade)
    except Exception:
        engine.dispose()
        raise
    database = Database(target, engine, check)
    if fill_new is not None and check.state is SchemaState.EMPTY:
        fill_new(database)
    return database


def check_database(target: str) -> SchemaCheck:
    """Which schema the database at `target` has, compared with this version's; changes nothing
    (a file that does not exist is not created). A newer one is refused (SchemaMismatch)."""
    engine = make_engine(target)
    try:
        path = sqlite_path(engine)
        if path is not None:
            sqlite_files.refuse_what_cannot_be_a_database(path)
        if path is not None and sqlite_files.is_unstarted(path):
            return SchemaCheck(SchemaState.EMPTY, None, HEAD_REVISION)
        check = check_schema(engine)
        if check.state is SchemaState.NEWER:
            raise newer_schema(engine, check)
        return check
    finally:
        engine.dispose()


def _create_sqlite(path: Path, fill_new: FillNew | None) -> SchemaCheck:
    """Make a new database (schema, and what `fill_new` adds) in a hidden file beside `path`, and
    move it into place only once it is whole: a full disk, a crash or a kill never leaves a
    half-made database at `path` for every later start to refuse."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.creating")
    try:
        with open(temporary, "xb"):  # a folder that cannot be written fails here, by name
            pass
    except OSError as error:
        raise InputError(
            f"a new database cannot be created here: {error.strerror or error}", str(path)
        ) from error
    engine = make_engine(temporary)
    try:
        check = ensure_schema(engine)
        if fill_new is not None:
            fill_new(Database(str(temporary), engine, check))
        sqlite_files.close_whole(engine)
        _move_new_file_into_place(temporary, path)
    except (AnnotatorError, OSError) as error:
        # The hidden file's name would only puzzle: the reason is told of the target.
        reason = (
            str(error).removeprefix(f"{temporary}: ")
            if isinstance(error, AnnotatorError)
            else error.strerror or str(error)
        )
        raise StoreError(
            f"{path}: the new database could not be created, and nothing was left behind: {reason}"
        ) from error
    finally:
        engine.dispose()
        sqlite_files.remove(temporary)
    return check


def _move_new_file_into_place(temporary: Path, path: Path) -> None:
    """Rename the new database to `path` unless another start made one there meanwhile (then
    that one is kept); an empty file at `path` is replaced."""
    try:
        os.link(temporary, path)  # unlike a rename, refuses to replace what is there
    except FileExistsError:
        if sqlite_files.is_unstarted(path):
            os.replace(temporary, path)
    except OSError:  # a file system without hard links
        os.replace(temporary, path)
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()

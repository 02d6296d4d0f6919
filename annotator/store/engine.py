"""Engines for SQLite (WAL, foreign keys on) and PostgreSQL from a path or a SQLAlchemy URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from annotator.domain.errors import InputError

CONNECT_TIMEOUT = 15  # seconds to reach a database server


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL for `target`: a URL stays as it is, anything else is a SQLite file path."""
    text = str(target)
    if "://" in text:
        try:
            make_url(text)
        except ArgumentError as error:
            raise InputError(f"not a database URL: {error}", text) from error
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


# How long a write waits for another program's write lock before it is refused as busy.
# Commands wait long (an import is one transaction); the window passes 1 s and keeps the edit.
BUSY_TIMEOUT = 10.0


def _sqlite_pragmas(busy_timeout: float) -> Any:
    def set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets the window read while a command writes; NORMAL sync is durable across app
        # crashes.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        # 64 MB of page cache: large imports spill to disk less often.
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.close()

    return set_pragmas


def make_engine(target: str | Path, busy_timeout: float = BUSY_TIMEOUT) -> Engine:
    """Engine for a SQLite path or any SQLAlchemy URL (postgresql+psycopg://…); on SQLite a
    write waits up to `busy_timeout` seconds for another program's write lock."""
    url = make_url(database_url(target))
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            path = Path(url.database)
            if path.is_dir():
                raise InputError(
                    "is a folder; give a database file (or a new file's name)", str(path)
                )
            if not path.parent.is_dir():
                raise InputError("the folder of the database file does not exist", str(path.parent))
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout))
        return engine
    # A server that drops packets would otherwise keep a command waiting for minutes.
    connect_args = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def sqlite_path(engine: Engine) -> Path | None:
    """The database file of a SQLite engine, else None."""
    if not is_sqlite(engine) or not engine.url.database or engine.url.database == ":memory:":
        return None
    return Path(engine.url.database)

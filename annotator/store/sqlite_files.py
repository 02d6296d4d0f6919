"""The files of one SQLite database on disk: whether one was started, and closing it whole."""

from __future__ import annotations

import contextlib
import stat
from pathlib import Path

from sqlalchemy import Engine, text

from annotator.store.database_errors import StoreError, reported, where

# What SQLite keeps beside a database file while it is open or after a crash.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
HEADER_SIZE = 100  # bytes of the file header every SQLite database starts with


def companions(path: Path) -> list[Path]:
    """The database file and the files SQLite may keep beside it."""
    return [path] + [path.with_name(path.name + suffix) for suffix in COMPANION_SUFFIXES]


def is_unstarted(path: Path) -> bool:
    """Whether no database was ever written at `path`: no file, or an empty one with no
    write-ahead log beside it (SQLite itself takes an empty file for a new database)."""
    wal = path.with_name(path.name + "-wal")
    try:
        found = path.stat()
    except FileNotFoundError:
        pass
    else:
        # Only an empty regular file is replaced (never, say, /dev/null).
        if found.st_size or not stat.S_ISREG(found.st_mode):
            return False
    return not (wal.exists() and wal.stat().st_size)


def refuse_what_cannot_be_a_database(path: Path) -> None:
    """Refuse a device, a pipe or a file shorter than an SQLite header before SQLite opens it:
    SQLite would take a file holding only the header's first bytes for an empty database and
    write over it."""
    try:
        found = path.stat()
    except OSError:
        return  # nothing there, or a fault SQLite will report
    if not stat.S_ISREG(found.st_mode) and not stat.S_ISDIR(found.st_mode):
        raise StoreError(f"{path}: is not a database (not a regular file)")
    if stat.S_ISREG(found.st_mode) and 0 < found.st_size < HEADER_SIZE:
        raise StoreError(
            f"{path}: is not a database (a file of {found.st_size} bytes, shorter "
            f"than the {HEADER_SIZE}-byte header of an SQLite file)"
        )


def close_whole(engine: Engine) -> None:
    """Copy the write-ahead log into the database file, then close every connection, so that the
    file alone holds everything (it can then be renamed); a log left behind is an error."""
    path = engine.url.database
    with reported(engine), engine.connect() as connection:
        busy, _log, _copied = connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).one()
    engine.dispose()
    wal = Path(f"{path}-wal")
    if busy or (wal.exists() and wal.stat().st_size):
        raise StoreError(
            f"{where(engine)}: the database could not be written out whole "
            "(its write-ahead log stayed behind)"
        )


def remove(path: Path) -> None:
    """Remove a database file and its companions, if they exist."""
    for file in companions(path):
        with contextlib.suppress(FileNotFoundError):
            file.unlink()

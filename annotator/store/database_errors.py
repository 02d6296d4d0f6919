"""What a database's failures mean to a user: SQLAlchemy and driver errors as domain errors."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from annotator.domain.errors import AnnotatorError, Busy, ConflictError, PermissionDenied
from annotator.store.engine import sqlite_path

# SQLSTATE classes of a refused login: 28 (bad password, no such role or pg_hba entry) and
# 3D000 (no such database).
_LOGIN_REFUSED_STATES = ("28", "3D000")
_LOGIN_REFUSED_WORDS = (
    "authentication failed",
    "no pg_hba.conf entry",
    "does not exist",
    "permission denied for database",
    "too many connections",
)


class StoreError(AnnotatorError):
    """The database refused or failed an operation (not a database, read-only, full, gone …)."""


class DatabaseBusy(StoreError, Busy):
    """Another program held the database's write lock for longer than we waited."""


# PostgreSQL's insufficient_privilege: a missing GRANT, a row-level security policy, or the
# layer check of migration 0005.
_INSUFFICIENT_PRIVILEGE = "42501"
# What each table's rows need beyond a team login (see migration 0005).
_CURATOR_TABLES = {
    "releases": "releases",
    "curation_decisions": "curation decisions",
    "roles": "the curator list",
    "settings": "the project settings",
    "labels": "the label schema",
    "documents": "documents",
    "layers": "layers other than one's own",
}


def where(engine: Engine) -> str:
    """The database as a user named it: its file, or its URL without the password."""
    path = sqlite_path(engine)
    return str(path) if path else engine.url.render_as_string(hide_password=True)


@contextmanager
def reported(engine: Engine) -> Iterator[None]:
    """Within it, a database failure leaves as a StoreError (or ConflictError) naming the
    database, so that services and the command line never see SQLAlchemy's errors."""
    try:
        yield
    except DBAPIError as error:
        raise translate(error, engine) from error
    except sqlite3.Error as error:  # the backup API is sqlite3's own, beneath SQLAlchemy
        raise StoreError(_sqlite_message(str(error), sqlite_path(engine), where(engine))) from error


def translate(error: DBAPIError, engine: Engine) -> AnnotatorError:
    """The domain error a user reads for a failed database operation."""
    detail = _first_line(error)
    if isinstance(error, IntegrityError):
        if _is_unique_violation(detail):
            # Two windows or annotators added the same thing at once, e.g. entities with one id.
            return ConflictError(
                "someone else saved the same thing at the same moment; reload "
                f"and try again (the database said: {detail})"
            )
        return ConflictError(f"the database refused the change: {detail}")
    path = sqlite_path(engine)
    if engine.dialect.name == "sqlite":
        message = _sqlite_message(detail, path, where(engine))
        if "locked" in detail.lower() or "busy" in detail.lower():
            return DatabaseBusy(message)
        return StoreError(message)
    if getattr(error.orig, "sqlstate", None) == _INSUFFICIENT_PRIVILEGE:
        return PermissionDenied(
            f"{where(engine)}: the database server refused: {_refusal(detail, engine)}"
        )
    if error.connection_invalidated or _is_connection_failure(error):
        return StoreError(_server_message(error, detail, where(engine)))
    return StoreError(f"{where(engine)}: the database failed: {detail}")


def _refusal(detail: str, engine: Engine) -> str:
    """What right a refused action needs, in words (`detail` is the server's first line)."""
    login = engine.url.username or "this login"
    if "row-level security" in detail:
        table = detail.rsplit("table", 1)[-1].strip().strip('"')
        if table in _CURATOR_TABLES:
            return f"writing {_CURATOR_TABLES[table]} needs the curator role ({detail})"
        return (
            f"{login} may write only its own layer, annotator:{login}; other layers need "
            f"the curator role ({detail})"
        )
    if (
        "permission denied to create role" in detail
        or "must have admin option" in detail
        or "permission denied to grant" in detail
        or "CREATEROLE" in detail
    ):
        return (
            f"managing the team's logins needs the CREATEROLE right on the server and the "
            f"curator role, as the database owner has ({detail})"
        )
    if detail.startswith("permission denied for"):
        return (
            f"{login} is not a member of this database's team; the database owner adds it "
            f"with `annotator team add-annotator {login}` ({detail})"
        )
    return detail


def _first_line(error: DBAPIError) -> str:
    text = str(error.orig) if error.orig is not None else str(error)
    return next((line.strip() for line in text.splitlines() if line.strip()), text)


def _sqlite_message(detail: str, path: Path | None, name: str) -> str:
    lowered = detail.lower()
    if "file is not a database" in lowered:
        return f"{name}: is not a database (SQLite said: {detail})"
    if "malformed" in lowered or "corrupt" in lowered:
        return (
            f"{name}: the database file is damaged, e.g. cut short (SQLite said: {detail}); "
            "restore it from a backup"
        )
    if "full" in lowered or "disk i/o error" in lowered:
        return (
            f"{name}: the disk is full or failed (SQLite said: {detail}); nothing was changed "
            "by the unfinished command. Free some space and try again"
        )
    if "locked" in lowered or "busy" in lowered:
        return f"{name}: the database is busy in another program (SQLite said: {detail})"
    if "readonly" in lowered or "read-only" in lowered or _is_read_only(path):
        return (
            f"{name}: the database is read-only (SQLite said: {detail}); annotator writes to "
            "the file and beside it, so the file and its folder must be writable"
        )
    if "unable to open" in lowered:
        return f"{name}: the database file cannot be opened (SQLite said: {detail})"
    return f"{name}: the database failed (SQLite said: {detail})"


def _is_read_only(path: Path | None) -> bool:
    """Whether the file or its folder cannot be written (a root user sees this only on a
    read-only file system: os.access asks the kernel, which answers for the real user)."""
    if path is None:
        return False
    return (path.exists() and not os.access(path, os.W_OK)) or not os.access(path.parent, os.W_OK)


def _is_connection_failure(error: DBAPIError) -> bool:
    return type(error.orig).__name__ == "OperationalError" and "connection" in str(error.orig)


def _server_message(error: DBAPIError, detail: str, name: str) -> str:
    state = getattr(error.orig, "sqlstate", None) or ""
    text = str(error.orig)
    if state.startswith(_LOGIN_REFUSED_STATES) or any(w in text for w in _LOGIN_REFUSED_WORDS):
        reason = _server_reason(text) or detail
        return f"{name}: the database server refused the login ({reason})"
    reason = _server_reason(text) or detail
    return f"{name}: cannot reach the database server ({reason}); is it running?"


def _server_reason(text: str) -> str:
    """libpq's own words after "failed:" (e.g. "Connection refused", "FATAL: password …")."""
    for line in text.splitlines():
        if "failed:" in line:
            return line.rsplit("failed:", 1)[1].strip()
    return ""


def _is_unique_violation(detail: str) -> bool:
    """SQLite says "UNIQUE constraint failed", PostgreSQL "duplicate key value violates"."""
    return "UNIQUE constraint failed" in detail or "duplicate key value" in detail

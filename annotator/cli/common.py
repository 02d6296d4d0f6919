"""What every command shares: opening the database from --db / ANNOTATOR_DB, progress bars."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from annotator.services.database_location import resolve_target
from annotator.services.progress import NoProgress, ProgressSink
from annotator.services.seeding import open_seeded
from annotator.services.team import acting_name
from annotator.store.database import Database

if TYPE_CHECKING:
    from rich.progress import TaskID  # rich itself is imported only when a bar is shown


def add_db_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: without --db here, a command keeps the one given before its name
    # (`annotator --db team.sqlite3 export …`); argparse would otherwise reset it to None.
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=argparse.SUPPRESS,
        help="SQLite file or SQLAlchemy URL (postgresql+psycopg://…); default: $ANNOTATOR_DB, "
        "else an embedded database in the user data folder, seeded with the bundled corpus",
    )


def add_conll_options(parser: argparse.ArgumentParser, files: str = "CoNLL") -> None:
    """--scheme, --repair and --split, read by the CoNLL reader (`files` names what is read:
    "CoNLL", "CoNLL predictions")."""
    from annotator.formats import conll

    parser.add_argument(
        "--scheme",
        default="auto",
        choices=conll.SCHEMES,
        help=f"{files}: tag scheme (default: detected from the tags)",
    )
    parser.add_argument(
        "--repair",
        action="store_true",
        help=f"{files}: start an entity at an I-/M-/E- tag with no B- before it instead of "
        "refusing the file",
    )
    parser.add_argument(
        "--split",
        default="document",
        choices=conll.SPLITS,
        help=f"{files}: one document per file (default) or per sentence",
    )


def add_label_map_options(parser: argparse.ArgumentParser, files: str = "the files'") -> None:
    """--map and --map-file: labels of what is read taken as ours (`files` names whose)."""
    from pathlib import Path

    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="SRC=DST",
        help=f"read {files} label SRC as our label DST; SRC= leaves SRC out, counted (repeatable)",
    )
    parser.add_argument(
        "--map-file",
        type=Path,
        metavar="FILE",
        help='label rules as a TOML [map] table: SRC = "DST" ("" drops SRC); --map options '
        "win over it",
    )


def open_from_args(args: argparse.Namespace, allow_upgrade: bool = False) -> Database:
    """The database of --db / $ANNOTATOR_DB. On PostgreSQL a name given with --user, --as or
    $ANNOTATOR_USER that is not the login's own is refused here, for every command."""
    target, is_default = resolve_target(getattr(args, "db", None))
    database = open_seeded(target, seed_if_new=is_default, allow_upgrade=allow_upgrade)
    try:
        for given in (getattr(args, "user", None), getattr(args, "acting", None), None):
            acting_name(database, given)
    except BaseException:
        database.close()
        raise
    return database


class RichProgress:
    """A progress bar on a terminal's stderr (rich); silent when stderr is not a terminal."""

    def __init__(self) -> None:
        from rich.progress import Progress

        self._progress = Progress(transient=True)
        self._task: TaskID | None = None

    def start(self, total: int, label: str) -> None:
        self._progress.start()
        self._task = self._progress.add_task(label, total=total)

    def advance(self, steps: int = 1) -> None:
        assert self._task is not None, "advance() before start()"
        self._progress.advance(self._task, steps)

    def finish(self) -> None:
        self._progress.stop()


def terminal_progress() -> ProgressSink:
    return RichProgress() if sys.stderr.isatty() else NoProgress()

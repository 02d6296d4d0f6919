"""`annotator db upgrade|check`: bring a database to this version's schema, or report it."""

from __future__ import annotations

import argparse

from annotator.cli.common import add_db_option
from annotator.services.database_location import resolve_target
from annotator.services.seeding import open_seeded
from annotator.store.database import check_database


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="database schema: upgrade or check")
    parser.add_argument("action", choices=["upgrade", "check"])
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    target, is_default = resolve_target(args.db)
    if args.action == "check":
        check = check_database(target)  # a newer database is refused: exit 2
        print(
            f"{check.state.value}: database {check.database_revision or '-'}, "
            f"this version {check.head_revision}"
        )
        return 0
    database = open_seeded(target, seed_if_new=is_default, allow_upgrade=True)
    try:
        print(
            f"{database.describe()}: schema at {database.schema.head_revision} "
            f"(was {database.schema.database_revision or 'empty'})"
        )
    finally:
        database.close()
    return 0

"""`annotator curator add|remove|list`: the curator list kept in the database."""

from __future__ import annotations

import argparse
import sys

from annotator.cli.common import add_db_option, open_from_args
from annotator.services.roles import add_curator, list_curators, remove_curator
from annotator.services.team import USER_VAR, acting_name


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "curator",
        help="list, add or remove curators (who may write gold and see every layer)",
        description="The first curator may be added by anyone while the list is empty; after "
        "that only curators change it, and the last curator cannot be removed.",
    )
    parser.add_argument("action", choices=("add", "remove", "list"))
    parser.add_argument("name", nargs="?", help="the user name to add or remove")
    parser.add_argument(
        "--as",
        dest="acting",
        metavar="CURATOR",
        help=f"who makes the change (default: ${USER_VAR}, else the login name); "
        "on PostgreSQL always the database login",
    )
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.action != "list" and not args.name:
        print(f"annotator curator {args.action}: a NAME is needed", file=sys.stderr)
        return 2
    database = open_from_args(args)
    try:
        acting = acting_name(database, args.acting)  # on PostgreSQL, the login
        if args.action == "add":
            add_curator(database, args.name, acting)
            print(f"{args.name} is now a curator (added by {acting})")
        elif args.action == "remove":
            remove_curator(database, args.name, acting)
            print(f"{args.name} is no longer a curator (removed by {acting})")
        else:
            grants = list_curators(database)
            if not grants:
                print("no curators yet; the first one may be added by anyone")
            for grant in grants:
                print(
                    f"{grant.user}\tadded by {grant.granted_by} on "
                    f"{grant.granted_at:%Y-%m-%d %H:%M}"
                )
    finally:
        database.close()
    return 0

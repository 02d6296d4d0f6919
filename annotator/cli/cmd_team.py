"""`annotator team add-annotator|add-curator|remove|list`: a PostgreSQL team's logins."""

from __future__ import annotations

import argparse
import getpass
import sys

from annotator.cli.common import add_db_option, open_from_args
from annotator.services.team import TEAM_ROLE, add_member, remove_member, team_members


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "team",
        help="PostgreSQL team mode: add or remove annotators and curators, list them",
        description="Run by the database owner or a curator. add-annotator and add-curator "
        "create the PostgreSQL login if it does not exist (which needs the "
        "CREATEROLE right), make it a member of the group role "
        f"{TEAM_ROLE} and let it connect to this database; the server's "
        "row-level security then lets an annotator read and write only their own "
        "layer, and a curator everything. remove takes the access and curator role "
        "back; the login and its annotations stay.",
    )
    parser.add_argument("action", choices=("add-annotator", "add-curator", "remove", "list"))
    parser.add_argument("name", nargs="?", help="the login (user) name")
    parser.add_argument(
        "--password",
        metavar="PASSWORD",
        help="set this password for the login ('-' asks for it); without it a "
        "new login has none, for peer or certificate authentication",
    )
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.action != "list" and not args.name:
        print(f"annotator team {args.action}: a NAME is needed", file=sys.stderr)
        return 2
    password = args.password
    if password == "-":
        password = getpass.getpass(f"password for {args.name}: ")
    database = open_from_args(args)
    try:
        if args.action == "list":
            for member in team_members(database):
                print(f"{member.name}\t{'curator' if member.curator else 'annotator'}")
            return 0
        if args.action == "remove":
            done = remove_member(database, args.name)
        else:
            done = add_member(database, args.name, args.action == "add-curator", password)
    finally:
        database.close()
    for line in done:
        print(line)
    return 0

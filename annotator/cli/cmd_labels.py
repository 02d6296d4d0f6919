"""`annotator labels list|add|rename|recolor|retire|edit`: the project's label schema."""

from __future__ import annotations

import argparse

from annotator.cli.common import add_db_option, open_from_args
from annotator.domain.errors import InputError
from annotator.services import label_schema
from annotator.services.team import USER_VAR, acting_actor

_NEEDS = {"add": 1, "rename": 2, "recolor": 2, "retire": 1, "edit": 1, "list": 0}
_USAGE = {
    "add": "NAME",
    "rename": "OLD NEW",
    "recolor": "NAME #RRGGBB",
    "retire": "NAME",
    "edit": "NAME",
}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "labels",
        help="list or change the project's entity and segment labels",
        description="The label schema lives in the database (seeded from the bundled labels). "
        "add NAME; rename OLD NEW (every annotation of every layer follows); "
        "recolor NAME #RRGGBB; retire NAME (refused while annotations use it, "
        "unless --map-to OTHER relabels them); edit NAME (key, names, "
        "description). In a team database only curators change it.",
    )
    parser.add_argument("action", choices=tuple(_NEEDS))
    parser.add_argument("names", nargs="*", metavar="NAME")
    parser.add_argument(
        "--kind",
        choices=(label_schema.ENTITY, label_schema.SEGMENT),
        default=label_schema.ENTITY,
        help="add: entity (default) or segment",
    )
    parser.add_argument(
        "--key",
        help='the key that applies the label in the window: a letter or Shift+letter ("" for none)',
    )
    parser.add_argument(
        "--colour",
        "--color",
        dest="colour",
        default=None,
        help="add: #RRGGBB (default: a colour unlike those in use)",
    )
    parser.add_argument("--zh", help="Chinese display name")
    parser.add_argument("--en", help="English display name")
    parser.add_argument("--description", help="what the label is for")
    parser.add_argument(
        "--map-to",
        metavar="OTHER",
        help="retire: relabel the label's annotations as OTHER, in the same transaction",
    )
    parser.add_argument(
        "--as",
        dest="acting",
        metavar="CURATOR",
        help=f"who makes the change (default: ${USER_VAR}, else the login "
        "name); on PostgreSQL always the database login",
    )
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if len(args.names) != _NEEDS[args.action]:
        raise InputError(
            f"annotator labels {args.action} needs {_USAGE.get(args.action, '')}".strip()
        )
    database = open_from_args(args)
    try:
        if args.action == "list":
            _print_list(label_schema.label_rows(database))
            return 0
        actor = acting_actor(database, args.acting)  # on PostgreSQL, the login
        if args.action == "add":
            row = label_schema.add_label(
                database,
                actor,
                args.names[0],
                args.kind,
                args.key or "",
                args.colour or "",
                args.zh or "",
                args.en or "",
                args.description or "",
            )
            print(f"added {row.kind} label {row.name} (key {row.key or 'none'}, {row.colour})")
        elif args.action == "rename":
            change = label_schema.rename_label(database, actor, *args.names)
            print(
                f"renamed {args.names[0]} to {change.label}; {change.annotations} "
                "annotation(s) follow"
            )
        elif args.action == "recolor":
            row = label_schema.recolor_label(database, actor, *args.names)
            print(f"{row.name} is now {row.colour}")
        elif args.action == "retire":
            change = label_schema.retire_label(database, actor, args.names[0], args.map_to)
            moved = (
                f"; {change.annotations} annotation(s) relabelled {args.map_to}"
                if args.map_to
                else ""
            )
            print(f"retired {change.label}{moved}")
        else:
            row = label_schema.update_label(
                database, actor, args.names[0], args.key, args.zh, args.en, args.description
            )
            print(f"{row.name}: key {row.key or 'none'}, {row.zh or '-'} / {row.en or '-'}")
    finally:
        database.close()
    return 0


def _print_list(rows: list[label_schema.StoredLabel]) -> None:
    print("name\tkind\tkey\tcolour\tzh\ten\tstate\tdescription")
    for row in rows:
        state = "retired" if row.retired else "in use"
        print(
            f"{row.name}\t{row.kind}\t{row.key or '-'}\t{row.colour}\t{row.zh or '-'}\t"
            f"{row.en or '-'}\t{state}\t{row.description}"
        )

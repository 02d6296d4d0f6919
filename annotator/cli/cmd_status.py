"""`annotator status [DOC…] --layer L [--set STATUS]`: read or set documents' statuses."""

from __future__ import annotations

import argparse

from annotator.cli.common import add_db_option, open_from_args
from annotator.domain.status import DocumentStatus
from annotator.services.statuses import document_states, parse_status, set_document_status
from annotator.services.team import USER_VAR, acting_actor


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "status",
        help="show or set documents' status (new, in_progress, done, skipped) in a layer",
        description="Without --set, prints each document's status in the layer. With --set, "
        "sets it for the named documents (all documents when none is named); an "
        "annotator sets their own layer, only curators set gold.",
    )
    parser.add_argument("doc_ids", nargs="*", metavar="DOC", help="document ids (default: all)")
    parser.add_argument("--layer", required=True, help="the layer, e.g. gold or annotator:NAME")
    parser.add_argument(
        "--set", dest="status", metavar="STATUS", help=", ".join(s.value for s in DocumentStatus)
    )
    parser.add_argument("--reason", default="", help="why (needed to skip a document)")
    parser.add_argument(
        "--as",
        dest="acting",
        metavar="NAME",
        help=f"who acts (default: ${USER_VAR}, else the login name)",
    )
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    database = open_from_args(args)
    try:
        actor = acting_actor(database, args.acting)
        if args.status is None:
            for state in document_states(database, actor, args.layer, args.doc_ids):
                reason = f"\t{state.reason}" if state.reason else ""
                print(f"{state.doc_id}\t{state.status.value}{reason}")
            return 0
        status = parse_status(args.status)
        changed = set_document_status(
            database, actor, args.layer, args.doc_ids, status, args.reason
        )
        noun = "document" if changed == 1 else "documents"
        print(f"{changed} {noun} set to {status.value} in {args.layer}")
    finally:
        database.close()
    return 0

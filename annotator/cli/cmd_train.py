"""`annotator train`: train the entity assistant's CRF on gold and the documents marked done."""

from __future__ import annotations

import argparse

from annotator.cli.common import add_db_option, open_from_args, terminal_progress
from annotator.services.recommenders.crf import train_current


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "train",
        help="train the entity assistant's model on the team's labels",
        description="Train the character CRF the entity assistant suggests with, on the gold "
        "layer and the documents marked done in annotator layers. A model trained on "
        "exactly the current data is kept and not trained again (unless --force); "
        "`annotator suggest` retrains a stale model itself before using it.",
    )
    parser.add_argument(
        "--force", action="store_true", help="train even when the stored model is current"
    )
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    database = open_from_args(args)
    try:
        report = train_current(database, terminal_progress(), force=args.force)
    finally:
        database.close()
    print(report.summary())
    return 0

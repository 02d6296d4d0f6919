"""`annotator import PATH…`: documents and annotation layers from files, all or nothing."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli.common import (
    add_conll_options,
    add_db_option,
    add_label_map_options,
    open_from_args,
    terminal_progress,
)
from annotator.domain.errors import InputError
from annotator.domain.status import DocumentStatus
from annotator.formats.base import ImportOptions
from annotator.formats.registry import READERS
from annotator.schema.labels import label_mapping
from annotator.services.importing import import_paths
from annotator.services.label_rules import import_label_rules
from annotator.services.label_schema import project_labels
from annotator.services.statuses import parse_status
from annotator.services.team import USER_VAR, acting_actor


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import", help="import text or annotated files into the database"
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    parser.add_argument("--layer", help="layer for the annotations: annotator:NAME, pred:SYS, gold")
    parser.add_argument(
        "--format",
        default="auto",
        choices=["auto", *sorted(READERS)],
        help="input format (default: by file suffix, a .jsonl file by its first record)",
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="overwrite a layer's different annotations of a document",
    )
    add_conll_options(parser)
    add_label_map_options(parser)
    parser.add_argument(
        "--add-labels",
        action="store_true",
        help="add the files' labels this project does not know as entity "
        "labels (curators, in a team database), then import",
    )
    parser.add_argument(
        "--status",
        metavar="STATUS",
        help="mark the imported documents of the layer new, in_progress, done "
        "or skipped (gold only by curators), in the same transaction",
    )
    parser.add_argument(
        "--as",
        dest="acting",
        metavar="NAME",
        help=f"who imports and marks (default: ${USER_VAR}, else the login name)",
    )
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    rules = import_label_rules(args.map, args.map_file)  # bad rules stop before the database
    status = parse_status(args.status) if args.status else None
    if status is DocumentStatus.SKIPPED:
        raise InputError(
            "--status skipped needs a reason per document; import, then use "
            "`annotator status DOC… --set skipped --reason TEXT`"
        )
    database = open_from_args(args)
    try:
        labels = label_mapping(rules, project_labels(database), add_unknown=args.add_labels)
        actor = (
            acting_actor(database, args.acting)
            if (status is not None or args.acting or args.add_labels)
            else None
        )
        report = import_paths(
            database,
            args.paths,
            layer=args.layer,
            fmt=args.format,
            progress=terminal_progress(),
            replace=args.replace,
            options=ImportOptions(
                scheme=args.scheme, repair=args.repair, split=args.split, labels=labels
            ),
            user=actor.name if actor else "",
            status=status,
            actor=actor,
        )
    finally:
        database.close()
    print(report.summary())
    return 0

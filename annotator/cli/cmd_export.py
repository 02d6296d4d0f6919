"""`annotator export --format FMT --out PATH`: a layer as a dataset file or folder, with a card."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from annotator.cli.common import add_db_option, open_from_args, terminal_progress
from annotator.formats.registry import WRITERS
from annotator.services.exporting import INCOMPLETE_MODES, export_layer


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="export a layer as jsonl, csv, parquet, spacy … with a dataset card"
    )
    parser.add_argument("--format", required=True, choices=sorted(WRITERS), help="output format")
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="PATH",
        help="file (or folder, for folder formats) to write",
    )
    parser.add_argument(
        "--layer", default="gold", help="gold (default), annotator:NAME or pred:SYSTEM"
    )
    parser.add_argument("--status", help="only documents the layer has marked so (e.g. done)")
    parser.add_argument(
        "--release",
        metavar="NAME",
        help="export a frozen release of the gold (by name or number) instead of the current layer",
    )
    parser.add_argument(
        "--incomplete",
        default="error",
        choices=INCOMPLETE_MODES,
        help="incomplete metrics: fail with a list (error, default) or leave "
        "them out and count them (skip)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="processes writing at once on large exports (default: one per "
        "core; 1: this process only); the files are the same either way",
    )
    add_db_option(parser)
    parser.set_defaults(run=run)


def card_command(args: argparse.Namespace) -> str:
    """The command line for the dataset card: the same for the same export, wherever it ran.

    --out is shown by its name only (the card lies beside the data); --db is left out (a
    machine's path, or a server address that may hold a password), and so is --jobs, which
    changes only the speed.
    """
    words = [
        "annotator",
        "export",
        "--format",
        args.format,
        "--out",
        args.out.name,
        "--layer",
        args.layer,
    ]
    if args.status:
        words += ["--status", args.status]
    if args.incomplete != "error":
        words += ["--incomplete", args.incomplete]
    if args.release:
        words += ["--release", args.release]
    return shlex.join(words)


def run(args: argparse.Namespace) -> int:
    database = open_from_args(args)
    try:
        report = export_layer(
            database,
            args.format,
            args.out,
            args.layer,
            status=args.status,
            progress=terminal_progress(),
            command=card_command(args),
            incomplete=args.incomplete,
            release=args.release,
            jobs=args.jobs,
        )
    finally:
        database.close()
    print(report.summary())
    return 0

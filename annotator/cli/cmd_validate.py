"""`annotator validate FILE`: check a JSONL export against the JSON Schema and its own texts."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.schema.export_schema import check_jsonl


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate", help="check a JSONL export against the shipped JSON Schema and its offsets"
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="a JSONL file")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    records = bad = 0
    for line, problems in check_jsonl(args.file):
        records += 1
        if problems:
            bad += 1
        for problem in problems:
            print(f"{args.file}:{line}: {problem}")
    if bad:
        print(f"{bad} of {records} record(s) are bad")
        return 2
    print(f"{records} record(s), all valid")
    return 0

"""`annotator evaluate`: score a system's predictions against the gold data; table, JSON, HTML."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from annotator.cli.common import (
    add_conll_options,
    add_db_option,
    add_label_map_options,
    open_from_args,
)
from annotator.domain.errors import InputError
from annotator.formats.base import ImportOptions
from annotator.formats.html_report import write_report
from annotator.formats.registry import READERS
from annotator.schema.labels import label_mapping
from annotator.services.evaluation import (
    SCHEMES,
    SCORED_FIELDS,
    Evaluation,
    evaluate,
    read_gold_file,
    read_gold_layer,
    read_gold_release,
    read_predictions,
)
from annotator.services.label_rules import import_label_rules
from annotator.services.label_schema import project_labels


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="score predictions against the gold data (entities and metrics)",
        description="Score a system's predictions against the gold data: entities under the "
        "strict, exact, partial and type schemes, metrics and their fields.",
    )
    parser.add_argument(
        "--gold",
        type=Path,
        metavar="FILE",
        help="gold JSONL export; without it the gold layer of --db is used",
    )
    parser.add_argument(
        "--gold-layer",
        default="gold",
        metavar="LAYER",
        help="database layer holding the gold data (default: gold)",
    )
    parser.add_argument(
        "--release",
        metavar="NAME",
        help="with --db: score against a frozen release of the gold (name or "
        "number), so that the figure can be reproduced later",
    )
    parser.add_argument(
        "--pred", type=Path, required=True, metavar="FILE", help="the system's predictions"
    )
    parser.add_argument(
        "--pred-format",
        default="auto",
        choices=["auto", *sorted(name for name in READERS if name != "txt")],
        help="format of the predictions (default: by file suffix, a .jsonl "
        "file by its first record)",
    )
    add_conll_options(parser, "CoNLL predictions")
    add_label_map_options(parser, "the predictions'")
    parser.add_argument(
        "--tolerance",
        type=float,
        default=0.0,
        metavar="X",
        help="a predicted number agrees when within X of the gold number, "
        "relative to it (0.01 = 1%%; default 0: equal)",
    )
    parser.add_argument(
        "--missing-as-empty",
        action="store_true",
        help="score gold documents absent from the predictions as if the system "
        "found nothing (default: list them, do not score them)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--html", type=Path, metavar="FILE", help="also write a report with charts and every error"
    )
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.gold is not None and args.db is not None:
        raise InputError("give the gold data either as --gold FILE or as --db, not both")
    if args.release and args.gold is not None:
        raise InputError("--release names gold in the database; it does not go with --gold")
    rules = import_label_rules(args.map, args.map_file)  # bad rules stop before the database
    database = open_from_args(args) if args.gold is None else None
    try:
        # Predictions are mapped onto the labels of the gold's project (the bundled ones for
        # a gold file).
        schema = project_labels(database) if database is not None else None
        options = ImportOptions(
            scheme=args.scheme,
            repair=args.repair,
            split=args.split,
            labels=label_mapping(rules, schema),
        )
        predictions = read_predictions(args.pred, args.pred_format, options)
        sources: dict[str, Any] = {"pred": str(args.pred), "pred_format": args.pred_format}
        if database is None:
            sources["gold"] = str(args.gold)
            evaluation = evaluate(
                read_gold_file(args.gold), predictions, args.tolerance, args.missing_as_empty
            )
        else:
            if args.release:
                sources["gold"] = f"{database.describe()} (release {args.release})"
                gold = read_gold_release(database, args.release)
            else:
                sources["gold"] = f"{database.describe()} (layer {args.gold_layer})"
                gold = read_gold_layer(database, args.gold_layer)
            evaluation = evaluate(gold, predictions, args.tolerance, args.missing_as_empty)
    finally:
        if database is not None:
            database.close()
    evaluation.sources.update(sources)
    summary = evaluation.to_json()
    if args.html is not None:
        write_report(args.html, summary, evaluation.errors, title=f"Evaluation of {args.pred.name}")
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        _print_table(summary, evaluation)
        if args.html is not None:
            print(f"report: {args.html}")
    _warn_missing(summary, args.missing_as_empty)
    for note in options.notes:  # e.g. tag sequences repaired
        print(f"annotator: note: {note}", file=sys.stderr)
    return 0


def _print_table(summary: dict[str, Any], evaluation: Evaluation) -> None:
    entities = summary["entities"]
    print(f"documents scored: {summary['documents']['scored']}")
    print(f"{'entities':10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>7} {'fp':>7} {'fn':>7}")
    for scheme in SCHEMES:
        s = entities[scheme]
        print(
            f"{scheme:10} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
            f"{s['tp']:>7g} {s['fp']:>7g} {s['fn']:>7g}"
        )
    macro = entities["macro"]["strict"]
    print(
        f"{'macro':10} {macro['precision']:6.3f} {macro['recall']:6.3f} {macro['f1']:6.3f}"
        "   (strict, mean over labels)"
    )
    for label, scores in entities["per_label"].items():
        s = scores["strict"]
        print(
            f"  {label:8} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
            f"{s['tp']:>7g} {s['fp']:>7g} {s['fn']:>7g}"
        )
    m = summary["metrics"]
    print(
        f"{'metrics':10} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
        f"{m['tp']:>7} {m['fp']:>7} {m['fn']:>7}"
    )
    fields = ", ".join(
        f"{name} {m['fields'][name]:.3f}" if m["fields"][name] is not None else f"{name} -"
        for name in SCORED_FIELDS
    )
    print(f"  field accuracy on {m['tp']} matched: {fields}")
    print(f"errors: {len(evaluation.errors)}")


def _warn_missing(summary: dict[str, Any], missing_as_empty: bool) -> None:
    documents = summary["documents"]
    gold_only = (
        "gold documents without predictions, scored as found nothing"
        if missing_as_empty
        else "gold documents without predictions, not scored"
    )
    for key, what in (
        ("gold_only", gold_only),
        ("pred_only", "predicted documents without gold, not scored"),
    ):
        names = documents[key]
        if names:
            shown = ", ".join(names[:10]) + (f" … ({len(names)} in all)" if len(names) > 10 else "")
            print(f"annotator: note: {len(names)} {what}: {shown}", file=sys.stderr)
    for pair in documents["matched_by_text"]:
        print(
            f"annotator: note: prediction {pair['pred']!r} scored against gold {pair['gold']!r} "
            "(same text, other id)",
            file=sys.stderr,
        )

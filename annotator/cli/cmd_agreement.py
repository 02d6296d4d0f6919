"""`annotator agreement`: inter-annotator agreement per pair of annotators, and alpha over all."""

from __future__ import annotations

import argparse
import json
from typing import Any

from annotator.cli.common import add_db_option, open_from_args
from annotator.services.agreement import compute_agreement


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "agreement",
        help="agreement between annotators (entity F1, kappa, alpha, metrics)",
        description="Compare annotator layers on the documents both annotators have in progress "
        "or done (new and skipped documents do not count).",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--doc", action="append", metavar="DOC_ID", help="only this document (repeatable)"
    )
    parser.add_argument(
        "--layer",
        action="append",
        metavar="LAYER",
        help="only this annotator layer, e.g. annotator:li (repeatable)",
    )
    parser.add_argument(
        "--done-only", action="store_true", help="count only documents both annotators marked done"
    )
    add_db_option(parser)
    parser.set_defaults(run=run)


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def run(args: argparse.Namespace) -> int:
    database = open_from_args(args)
    try:
        report = compute_agreement(database, args.layer, args.doc, args.done_only)
    finally:
        database.close()
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    if len(report.layers) < 2:
        print(f"annotator layers: {', '.join(report.layers) or 'none'}; agreement needs two")
    for pair in report.pairs:
        _print_pair(pair)
    print(
        f"Krippendorff's alpha (characters, all annotators): {_figure(report.alpha_char)} "
        f"over {report.alpha_documents} documents"
    )
    return 0


def _print_pair(pair: dict[str, Any]) -> None:
    a, b = pair["a"], pair["b"]
    print(f"{a} ~ {b}: {pair['documents']} documents")
    print(
        f"  entity F1 exact {_figure(pair['entity_f1_exact'])}, overlapping "
        f"{_figure(pair['entity_f1_overlap'])}; kappa (characters) "
        f"{_figure(pair['kappa_char'])}; metric F1 {_figure(pair['metric_f1'])} "
        f"({pair['metrics_paired']} paired; metrics {a} {pair['metrics_a']}, "
        f"{b} {pair['metrics_b']})"
    )
    # Every count names the layer it belongs to.
    for label, figures in pair["labels"].items():
        print(
            f"    {label:<9} exact {_figure(figures['exact'])}  overlapping "
            f"{_figure(figures['overlap'])}  (entities: {a} {figures['a']}, "
            f"{b} {figures['b']})"
        )
    if pair["metrics_paired"]:
        print(
            "  metric fields: "
            + ", ".join(f"{name} {_figure(rate)}" for name, rate in pair["metric_fields"].items())
        )
    confused = sorted(
        ((n, x, y) for x, row in pair["confusion"].items() for y, n in row.items() if x != y),
        reverse=True,
    )[:5]
    if confused:
        print(
            f"  label confusion (characters, {a} → {b}): "
            + ", ".join(f"{x} → {y} {n}" for n, x, y in confused)
        )

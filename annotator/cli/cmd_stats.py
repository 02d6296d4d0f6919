"""`annotator stats`: documents, characters, annotations per layer and status counts."""

from __future__ import annotations

import argparse
import json

from annotator.cli.common import add_db_option, open_from_args
from annotator.services.stats import corpus_stats


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("stats", help="print counts of documents and annotations")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    database = open_from_args(args)
    try:
        stats = corpus_stats(database)
        where = database.describe()
    finally:
        database.close()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    print(f"database:   {where}")
    print(f"documents:  {stats['documents']}")
    print(f"characters: {stats['characters']}")
    if not stats["layers"]:
        print("layers:     none yet")
    for name, counts in stats["layers"].items():
        labels = ", ".join(f"{k} {v}" for k, v in counts["entities_by_label"].items()) or "-"
        status = stats["status"].get(name, {})
        print(
            f"{name}: {counts['entities']} entities ({labels}), {counts['metrics']} metrics, "
            f"{counts['segments']} segments; status "
            + ", ".join(f"{k} {v}" for k, v in status.items())
        )
        provenance = stats["provenance"].get(name)
        if provenance:
            print("    metric provenance: " + ", ".join(f"{k} {v}" for k, v in provenance.items()))
        assistant = stats["assistant"]["layers"].get(name)
        if assistant:
            print("    " + _assistant_line(assistant))
        recommenders = stats["recommenders"]["layers"].get(name)
        if recommenders:
            print("    entity recommenders: " + _recommender_line(recommenders))
    return 0


def _recommender_line(figures: dict) -> str:
    """Per recommender: accepted of reviewed suggestions, and how many the suggestion layer
    holds (a window's own suggestions, computed when a document opens, are not stored)."""
    return "; ".join(
        f"{name} {f['accepted']} accepted, {f['rejected']} rejected "
        f"({_percent(f['acceptance_rate'])}), {f['proposed']} proposed in the suggestion layer"
        for name, f in figures.items()
    )


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.0%}"


def _per_1000(density: float | None) -> str:
    return "-" if density is None else f"{density:g}"


def _assistant_line(figures: dict) -> str:
    """Acceptance, edits and metric density in blind vs shown documents, in one line."""
    density = ", ".join(
        f"{group} {_per_1000(figures[group]['metrics_per_1000_chars'])} "
        f"({figures[group]['documents']} docs)"
        for group in ("blind", "shown")
    )
    return (
        f"assistant: {figures['accepted']} of {figures['reviewed']} reviewed suggestions "
        f"accepted ({_percent(figures['acceptance_rate'])}), {figures['accepted_edited']} "
        f"edited ({_percent(figures['edit_rate'])}); metrics per 1,000 chars: {density}"
    )

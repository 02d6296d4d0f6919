"""`annotator suggest`: fill the assistant's prediction layer, try it on a text, set the blind share."""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json

from annotator.cli.common import add_db_option, open_from_args, terminal_progress
from annotator.domain.errors import InputError
from annotator.services.project_settings import DEFAULT_SUGGESTION_LAYER, set_blind_share
from annotator.services.suggesting import suggest_all, suggest_text
from annotator.services.suggestion_workers import PARALLEL_FROM, default_jobs
from annotator.services.team import USER_VAR, acting_name


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "suggest",
        help="fill the metric assistant's suggestions for every document",
        description="Detect quantities in every document and store them as suggested metrics "
        "in a prediction layer (replacing that layer's earlier suggestions); with "
        "--text, print the suggestions for a piece of text instead; with "
        "--blind-share, set the share of documents kept blind for each annotator.",
    )
    parser.add_argument(
        "--layer",
        default=DEFAULT_SUGGESTION_LAYER,
        metavar="pred:NAME",
        help=f"prediction layer to fill (default: {DEFAULT_SUGGESTION_LAYER}); "
        "it becomes the layer annotators review",
    )
    parser.add_argument(
        "--what",
        default="entities,metrics",
        metavar="entities,metrics",
        help="what to suggest (default: both); the other kind's suggestions in the layer are kept",
    )
    parser.add_argument(
        "--recommenders",
        default="lexicon,crf,lac",
        metavar="NAMES",
        help="entity recommenders to run (default: lexicon,crf,lac; lac needs "
        "pip install 'annotator[ner]')",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="worker processes working out the suggestions (default: one per core; a corpus "
        f"under {PARALLEL_FROM} documents is done in this process)",
    )
    parser.add_argument(
        "--text", metavar="TEXT", help="print the suggestions for TEXT; no database is opened"
    )
    parser.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="with --text: the document date (bounds what counts as a year)",
    )
    parser.add_argument(
        "--blind-share",
        metavar="SHARE",
        help="keep this share of documents (0 to 1, e.g. 0.2) blind for each "
        "annotator: no suggestions shown there; only sets the share",
    )
    parser.add_argument(
        "--as",
        dest="acting",
        metavar="NAME",
        help=f"with --blind-share: who changes it (default: ${USER_VAR}, else "
        "the login name); once there are curators, only they may",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_db_option(parser)
    parser.set_defaults(run=run)


def _date(raw: str | None) -> datetime.date | None:
    if raw is None:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise InputError(f"--date {raw!r} is not a date (YYYY-MM-DD)") from None


def _names(raw: str, allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(n.strip() for n in raw.split(",") if n.strip()))
    unknown = [n for n in names if n not in allowed]
    if unknown or not names:
        raise InputError(f"{option} takes {', '.join(allowed)} (comma-separated), not {raw!r}")
    return names


def _jobs(raw: int | None) -> int:
    if raw is None:
        return default_jobs()
    if raw < 1:
        raise InputError(f"--jobs takes a number of processes, 1 or more, not {raw}")
    return raw


def run(args: argparse.Namespace) -> int:
    if args.text is not None and args.blind_share is not None:
        raise InputError("give either --text or --blind-share, not both")
    if args.text is not None:
        return _print_text(args.text, _date(args.date), args.json)
    database = open_from_args(args)
    try:
        if args.blind_share is not None:
            share = set_blind_share(database, args.blind_share, acting_name(database, args.acting))
            if args.json:
                print(json.dumps({"blind_share": share}))
            else:
                print(f"blind share: {share:g} of the documents are kept blind for each annotator")
            return 0
        report = suggest_all(
            database,
            args.layer,
            terminal_progress(),
            what=_names(args.what, ("entities", "metrics"), "--what"),
            recommenders=_names(args.recommenders, ("lexicon", "crf", "lac"), "--recommenders"),
            jobs=_jobs(args.jobs),
        )
    finally:
        database.close()
    if args.json:
        print(json.dumps(dataclasses.asdict(report), ensure_ascii=False, sort_keys=True))
    else:
        print(report.summary())
    return 0


def _print_text(text: str, date: datetime.date | None, as_json: bool) -> int:
    suggestions = suggest_text(text, date)
    if as_json:
        print(json.dumps(suggestions, ensure_ascii=False, indent=2))
        return 0
    if not suggestions:
        print("no quantities found")
    for item in suggestions:
        indicator = item.get("indicator")
        high = f"–{item['number_high']}" if "number_high" in item else ""
        print(
            f"{item['start']}..{item['end']} {item['text']}: {item['number']}{high} "
            f"{item['unit'] or '-'} ({item['approx']})"
            + (f", indicator {indicator['text']}" if indicator else "")
        )
    return 0

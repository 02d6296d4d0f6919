"""`annotator release NAME | --list | --show NAME`: freeze the gold, list or describe releases."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from annotator.cli.common import add_db_option, open_from_args
from annotator.services.releases import (
    ReleasedDocument,
    ReleaseInfo,
    create_release,
    list_releases,
    release_bytes,
    release_card,
    release_info,
    released_documents,
)
from annotator.services.team import USER_VAR, acting_actor


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "release",
        help="freeze the gold of done documents into a numbered release",
        description="A release is immutable: later gold edits do not change it, and "
        "`--show NAME --jsonl FILE` writes it again byte for byte.",
    )
    parser.add_argument("name", nargs="?", help="the new release's name (e.g. v1.0)")
    parser.add_argument("--list", action="store_true", help="list the releases")
    parser.add_argument("--show", metavar="NAME", help="describe one release (name or number)")
    parser.add_argument(
        "--jsonl",
        metavar="FILE",
        type=Path,
        help="with --show, also write the release's frozen JSONL to FILE",
    )
    parser.add_argument("--note", default="", help="a note kept with the new release")
    parser.add_argument(
        "--as",
        dest="acting",
        metavar="CURATOR",
        help=f"who makes the release (default: ${USER_VAR}, else the login name)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_db_option(parser)
    parser.set_defaults(run=run)


def _describe(info: ReleaseInfo) -> str:
    return (
        f"#{info.number} {info.name}: {info.documents} documents, {info.entities} entities, "
        f"{info.metrics} metrics; guideline {info.guideline_version or '-'}, schema "
        f"{info.schema_version}; sha256 {info.content_sha256}; by {info.created_by} on "
        f"{info.created_at:%Y-%m-%d %H:%M}" + (f"; {info.note}" if info.note else "")
    )


def _document_table(documents: list[ReleasedDocument]) -> str:
    rows = [("document", "characters", "entities", "metrics", "segments")]
    rows += [
        (d.doc_id, str(d.characters), str(d.entities), str(d.metrics), str(d.segments))
        for d in documents
    ]
    width = max(len(row[0]) for row in rows)
    return "\n".join(
        f"{row[0]:<{width}}  " + "  ".join(f"{cell:>10}" for cell in row[1:]) for row in rows
    )


def _as_json(info: ReleaseInfo) -> dict:
    data = asdict(info)
    data["created_at"] = info.created_at.isoformat()
    return data


def run(args: argparse.Namespace) -> int:
    chosen = sum(bool(x) for x in (args.name, args.list, args.show))
    if chosen != 1:
        print("annotator release: give a NAME, or --list, or --show NAME", file=sys.stderr)
        return 2
    database = open_from_args(args)
    try:
        if args.list:
            infos = list_releases(database)
            if args.json:
                print(json.dumps([_as_json(i) for i in infos], ensure_ascii=False, indent=2))
            elif not infos:
                print("no releases yet")
            for info in infos if not args.json else []:
                print(_describe(info))
            return 0
        if args.show:
            info = release_info(database, args.show)
            if args.jsonl:
                args.jsonl.write_bytes(release_bytes(database, args.show))
            documents = released_documents(database, args.show)
            card = release_card(database, args.show)
            if args.json:
                print(
                    json.dumps(
                        {
                            **_as_json(info),
                            "documents_detail": [asdict(d) for d in documents],
                            "card": json.loads(card.to_json()) if card.recorded else None,
                        },
                        ensure_ascii=False,
                        indent=2,
                    )
                )
            else:
                print(_describe(info))
                print(_document_table(documents))
                print("\n".join(card.summary()))
            return 0
        actor = acting_actor(database, args.acting)
        info = create_release(database, args.name, actor, args.note)
    finally:
        database.close()
    print(
        json.dumps(_as_json(info), ensure_ascii=False, indent=2)
        if args.json
        else "released " + _describe(info)
    )
    return 0

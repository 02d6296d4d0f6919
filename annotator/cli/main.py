"""Entry point: parses the command line and maps failures to exit codes (0 done, 2 bad input, 1 bug)."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence

from annotator import __version__
from annotator.cli import (
    cmd_agreement,
    cmd_curator,
    cmd_db,
    cmd_evaluate,
    cmd_export,
    cmd_import,
    cmd_release,
    cmd_stats,
    cmd_suggest,
    cmd_validate,
)
from annotator.domain.errors import AnnotatorError

# Each command module adds its own sub-parser (calibre's db/cli layout).
COMMANDS = [cmd_import, cmd_stats, cmd_db, cmd_export, cmd_validate, cmd_evaluate, cmd_agreement,
            cmd_curator, cmd_release, cmd_suggest]

EXIT_OK, EXIT_BUG, EXIT_BAD_INPUT = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Annotate entities and metrics in Chinese news; with no command, open the "
                    "window.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    parser.add_argument("--db", metavar="PATH_OR_URL", help="database for the window")
    parser.add_argument("--user", metavar="NAME", help="annotator name for the window "
                        "(default: $ANNOTATOR_USER, else the remembered one, else asked)")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser




def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse reports usage errors with exit code 2 itself
        return int(exit_.code or 0)
    run = getattr(args, "run", None)
    try:
        if run is None:
            return _open_window(args)
        return run(args)
    except AnnotatorError as error:
        print(f"annotator: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("annotator: interrupted; nothing was changed by the unfinished command",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception:
        traceback.print_exc()
        print("annotator: internal error (a bug); please report the text above", file=sys.stderr)
        return EXIT_BUG


def _open_window(args: argparse.Namespace) -> int:
    try:
        from annotator.gui.app import run_window
    except ImportError as error:
        print(f"annotator: the window cannot start: {error}", file=sys.stderr)
        return EXIT_BUG
    return run_window(args)

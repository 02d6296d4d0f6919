"""Entry point: parses the command line and maps failures to exit codes (0 done, 2 bad input, 1 bug)."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from importlib import import_module

from annotator import __version__
from annotator.domain.errors import AnnotatorError

# Each command module adds its own sub-parser (calibre's db/cli layout). They are imported only
# when a command is given, so that opening the window does not pay for every command's imports.
COMMANDS = {
    "import": "cmd_import",
    "stats": "cmd_stats",
    "db": "cmd_db",
    "export": "cmd_export",
    "validate": "cmd_validate",
    "evaluate": "cmd_evaluate",
    "agreement": "cmd_agreement",
    "curator": "cmd_curator",
    "release": "cmd_release",
    "suggest": "cmd_suggest",
    "status": "cmd_status",
    "team": "cmd_team",
    "labels": "cmd_labels",
    "train": "cmd_train",
}

EXIT_OK, EXIT_BUG, EXIT_BAD_INPUT = 0, 1, 2


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Annotate entities and metrics in Chinese news; with no command, open the "
        "window.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="database for the window, or for the command that follows",
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="annotator name for the window "
        "(default: $ANNOTATOR_USER, else the remembered one, else asked); on "
        "PostgreSQL you are your login, and another name is refused",
    )
    if with_commands:
        subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
        for module in COMMANDS.values():
            import_module(f"annotator.cli.{module}").add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    wants_command = any(arg in COMMANDS or arg in ("-h", "--help") for arg in argv)
    parser = build_parser(with_commands=wants_command or not _only_window_options(argv))
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
    except BrokenPipeError:
        # The reader went away (`annotator stats | head`): nothing to report. Point stdout at
        # devnull so that Python's own flush at exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print(
            "annotator: interrupted; nothing was changed by the unfinished command", file=sys.stderr
        )
        return EXIT_BAD_INPUT
    except Exception:
        traceback.print_exc()
        print("annotator: internal error (a bug); please report the text above", file=sys.stderr)
        return EXIT_BUG


def _only_window_options(argv: list[str]) -> bool:
    """True when argv holds nothing but the window's own options (--db X, --user Y)."""
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg in ("--db", "--user") and rest:
            rest.pop(0)
        elif not arg.startswith(("--db=", "--user=")):
            return False
    return True


def _open_window(args: argparse.Namespace) -> int:
    try:
        from annotator.gui.app import run_window
    except ImportError as error:
        print(f"annotator: the window cannot start: {error}", file=sys.stderr)
        return EXIT_BUG
    return run_window(args)

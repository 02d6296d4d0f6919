"""A killed export's hidden files beside its output are removed by the next export to the same
place; files of an export still running, and anything not an export's, are kept."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.services.export_leftovers import remove_stale

LAYER = "annotator:example"
KILL_AT = 40_000  # bytes: past the database's shared-memory file, before the export's end


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# Python ignores SIGXFSZ from its start; the program restores the kernel's default (kill the
# process) before it runs the command line.
DIE_PAST_THE_LIMIT = f"""
import resource, runpy, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
resource.setrlimit(resource.RLIMIT_FSIZE, ({KILL_AT}, {KILL_AT}))
sys.argv = ["annotator", *sys.argv[1:]]
runpy.run_module("annotator", run_name="__main__")
"""


def export_killed_midway(db: str, fmt: str, out: Path) -> None:
    """Run an export that the kernel kills (SIGXFSZ) at its first write past KILL_AT bytes: a
    kill at a known moment, as `kill -9` or a power cut would leave it."""
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            DIE_PAST_THE_LIMIT,
            "export",
            "--format",
            fmt,
            "--out",
            str(out),
            "--layer",
            LAYER,
            "--jobs",
            "1",
            "--db",
            db,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGXFSZ, killed.stderr


@pytest.fixture
def example_db(sqlite_url, seeds_path, example_jsonl, capsys) -> str:
    assert main(["import", str(seeds_path), "--db", sqlite_url]) == 0
    assert main(["import", str(example_jsonl), "--db", sqlite_url]) == 0
    capsys.readouterr()
    return sqlite_url


@pytest.fixture
def running_process():
    """A live process, standing for an export still at work in another window."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    yield process.pid
    process.kill()
    process.wait()


@pytest.mark.parametrize(("fmt", "name"), [("jsonl", "gold.jsonl"), ("labelstudio", "ls")])
def test_next_export_removes_a_killed_exports_leftovers_and_nothing_else(
    example_db, tmp_path, capsys, running_process, fmt, name
):
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / name
    export_killed_midway(example_db, fmt, out)
    (leftover,) = [n for n in hidden(folder) if n.endswith(".partial")]
    tag = leftover.removeprefix(f".{name}.").removesuffix(".partial")  # "<pid>-<random>"
    # What the same killed export would have left with a card and parts in flight, and one of
    # a version that did not yet put the process id in the names.
    killed_too = [
        f"..{name}.{tag}.partial.part1",
        f"..{name}.{tag}.partial.part12",
        f".{name}.0123abcd.partial",
    ]
    if fmt == "jsonl":  # a file's card is beside it (a folder's is inside)
        killed_too.append(f".{name}.README.md.{tag}.partial")
    # An export still running, another target's leftovers, and files that are not ours.
    kept = [
        f".{name}.{running_process}-89abcdef.partial",
        f".other.jsonl.{tag}.partial",
        f".{name}.partial",
        f".{name}.{tag}.partial.bak",
        "notes.txt",
        f"{name}.bak",
    ]
    for file in killed_too + kept:
        (folder / file).write_text("x", encoding="utf-8")

    assert (
        main(["export", "--format", fmt, "--out", str(out), "--layer", LAYER, "--db", example_db])
        == 0
    )

    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([*kept, name, *([f"{name}.README.md"] if fmt == "jsonl" else [])])


def test_no_leftovers_are_found_beside_an_output_whose_folder_does_not_exist_yet(tmp_path):
    assert remove_stale([tmp_path / "missing" / "gold.jsonl"]) == []

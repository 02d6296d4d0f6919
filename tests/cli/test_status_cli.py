"""`annotator status`: documents' statuses read and set from the command line, with the window's
permissions, so that a finished gold set can be imported and released without the window."""

from __future__ import annotations

import pytest

from annotator.cli.main import main

SEED0, SEED1 = "000_1ea8a40e98bb81c3", "001_6426e2cb22c9a201"


@pytest.fixture
def seeded(sqlite_url: str, seeds_path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["import", str(seeds_path), "--db", sqlite_url]) == 0
    capsys.readouterr()
    return sqlite_url


def _statuses(db: str, layer: str, acting: str, capsys) -> dict[str, str]:
    assert main(["status", "--layer", layer, "--as", acting, "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    return {line.split("\t")[0]: line.split("\t")[1] for line in lines}


def test_an_annotator_sets_and_reads_their_own_layer(seeded: str, capsys) -> None:
    assert (
        main(
            [
                "status",
                SEED0,
                "--layer",
                "annotator:li",
                "--set",
                "done",
                "--as",
                "li",
                "--db",
                seeded,
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.strip() == "1 document set to done in annotator:li"
    states = _statuses(seeded, "annotator:li", "li", capsys)
    assert states[SEED0] == "done" and states[SEED1] == "new" and len(states) == 5


def test_a_skip_needs_a_reason_and_keeps_it(seeded: str, capsys) -> None:
    assert (
        main(
            [
                "status",
                SEED1,
                "--layer",
                "annotator:li",
                "--set",
                "skipped",
                "--as",
                "li",
                "--db",
                seeded,
            ]
        )
        == 2
    )
    assert "needs a reason" in capsys.readouterr().err
    assert (
        main(
            [
                "status",
                SEED1,
                "--layer",
                "annotator:li",
                "--set",
                "skipped",
                "--as",
                "li",
                "--reason",
                "an advertisement page",
                "--db",
                seeded,
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["status", SEED1, "--layer", "annotator:li", "--as", "li", "--db", seeded]) == 0
    assert capsys.readouterr().out.strip() == f"{SEED1}\tskipped\tan advertisement page"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--layer", "gold", "--set", "done", "--as", "li"], "only curators write gold"),
        (["--layer", "annotator:wang", "--set", "done", "--as", "li"], "another annotator's layer"),
        (["--layer", "pred:assistant", "--set", "done", "--as", "li"], "imported predictions"),
        (
            [SEED0, "missing-doc", "--layer", "annotator:li", "--set", "done", "--as", "li"],
            "no document 'missing-doc'",
        ),
        (["--layer", "annotator:li", "--set", "finished", "--as", "li"], "unknown status"),
    ],
)
def test_refused_changes_exit_2_and_change_nothing(seeded: str, capsys, argv, message) -> None:
    assert main(["status", *argv, "--db", seeded]) == 2
    assert message in capsys.readouterr().err
    assert set(_statuses(seeded, "annotator:li", "li", capsys).values()) == {"new"}


def test_imported_gold_is_marked_done_by_a_curator_and_released(
    seeded: str, example_jsonl, capsys
) -> None:
    assert main(["import", str(example_jsonl), "--layer", "gold", "--db", seeded]) == 0
    assert main(["curator", "add", "zhang", "--as", "zhang", "--db", seeded]) == 0
    assert main(["release", "v1", "--as", "zhang", "--db", seeded]) == 2  # nothing done yet
    assert (
        main(["status", SEED0, "--layer", "gold", "--set", "done", "--as", "zhang", "--db", seeded])
        == 0
    )
    assert main(["release", "v1", "--as", "zhang", "--db", seeded]) == 0
    capsys.readouterr()
    assert main(["release", "--list", "--db", seeded]) == 0
    listing = capsys.readouterr().out
    assert "v1: 1 documents, 6 entities, 3 metrics" in listing


def test_import_with_status_done_marks_the_imported_gold_for_release(
    seeded: str, example_jsonl, capsys
) -> None:
    assert main(["curator", "add", "zhang", "--as", "zhang", "--db", seeded]) == 0
    capsys.readouterr()
    assert (
        main(
            [
                "import",
                str(example_jsonl),
                "--layer",
                "gold",
                "--status",
                "done",
                "--as",
                "zhang",
                "--db",
                seeded,
            ]
        )
        == 0
    )
    assert "1 documents of gold marked done" in capsys.readouterr().out
    states = _statuses(seeded, "gold", "zhang", capsys)
    assert states[SEED0] == "done" and states[SEED1] == "new"
    assert main(["release", "v1", "--as", "zhang", "--db", seeded]) == 0
    assert "released #1 v1: 1 documents, 6 entities, 3 metrics" in capsys.readouterr().out


def test_import_with_status_of_gold_by_a_non_curator_imports_nothing(
    sqlite_url: str, seeds_path, example_jsonl, capsys
) -> None:
    assert (
        main(
            [
                "import",
                str(example_jsonl),
                "--layer",
                "gold",
                "--status",
                "done",
                "--as",
                "li",
                "--db",
                sqlite_url,
            ]
        )
        == 2
    )
    assert "only curators mark gold" in capsys.readouterr().err
    # The whole import was one transaction: not even the document was kept.
    assert main(["status", "--layer", "annotator:li", "--as", "li", "--db", sqlite_url]) == 0
    assert capsys.readouterr().out == ""


def test_import_marks_an_annotators_layer_done_as_that_annotator(
    seeded: str, example_jsonl, capsys
) -> None:
    assert (
        main(
            [
                "import",
                str(example_jsonl),
                "--layer",
                "annotator:li",
                "--status",
                "done",
                "--as",
                "li",
                "--db",
                seeded,
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert _statuses(seeded, "annotator:li", "li", capsys)[SEED0] == "done"
    assert (
        main(
            [
                "import",
                str(example_jsonl),
                "--layer",
                "annotator:wang",
                "--status",
                "done",
                "--as",
                "li",
                "--db",
                seeded,
            ]
        )
        == 2
    )
    assert "another annotator's layer" in capsys.readouterr().err

"""Files other tools published (tests/data/real, byte for byte) through the real command line:
each with labels not the project's is refused with the one --map line to use, imports with
exactly that line, and says what it could not keep; brat texts come back byte for byte."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from annotator.cli.main import main

REAL = Path(__file__).parent / "data" / "real"
BRAT = REAL / "brat"
DOCCANO = [
    REAL / "doccano" / "relation_extraction.jsonl",
    REAL / "doccano" / "sequence_labeling.jsonl",
]
LABEL_STUDIO_0_4 = REAL / "label_studio" / "named_entity_completion.json"


def _proposed_map_line(paths: list[Path], db: str, capsys) -> list[str]:
    """The `--map …` options the unknown-label message proposes (exit 2, nothing imported)."""
    capsys.readouterr()
    assert main(["import", *map(str, paths), "--layer", "gold", "--db", db]) == 2
    err = capsys.readouterr().err
    found = re.search(r"^Map or drop each label, for example: (.+)$", err, re.MULTILINE)
    assert found, err
    assert "or add them to this project's labels: --add-labels" in err
    return shlex.split(found.group(1))


def _gold_entities(db: str, capsys) -> dict[str, int]:
    capsys.readouterr()
    assert main(["stats", "--json", "--db", db]) == 0
    stats = json.loads(capsys.readouterr().out)
    return stats["layers"].get("gold", {}).get("entities_by_label", {}) | {
        "documents": stats["documents"]
    }


def test_brat_example_data_imports_with_the_proposed_map_line_and_counts_what_it_drops(
    sqlite_url, capsys
):
    line = _proposed_map_line([BRAT], sqlite_url, capsys)
    assert line == ["--map", "Money=", "--map", "Organization=ORG", "--map", "Protein="]
    assert _gold_entities(sqlite_url, capsys) == {"documents": 0}

    assert main(["import", str(BRAT), "--layer", "gold", *line, "--db", sqlite_url]) == 0
    out = capsys.readouterr().out.splitlines()
    # The folder's .txt files are read as texts too: the same texts as their .ann, once each;
    # bio/ and news/ both have a 000-introduction, with different texts: both are kept.
    assert out[0] == (
        "3 new, 0 already present, 3 repeated within the import (imported once); "
        "annotations imported for 2 documents (gold)"
    )
    assert out[1] == "dropped by --map: Money 1, Protein 2"
    assert out[2] == (
        "not kept (no place for them here): 9 brat attributes not on a Metric "
        "event (A/M), 1 brat equivalences (*), 5 brat events other than Metric "
        "(E), 1 brat normalizations (N), 2 brat notes not on a Metric event (#), "
        "3 brat relations (R)"
    )
    # news/000-introduction: 2 Organization, 2 Person, 1 GPE (its Transfer-money trigger
    # belongs to the event); news/060-relation_annotation: 8 Person, 2 GPE; bio/: 2 Protein.
    assert _gold_entities(sqlite_url, capsys) == {
        "documents": 3,
        "ORG": 2,
        "PERSON": 10,
        "PLACE": 3,
    }


def test_brat_example_texts_round_trip_byte_identical(sqlite_url, tmp_path, capsys):
    line = _proposed_map_line([BRAT], sqlite_url, capsys)
    assert main(["import", str(BRAT), "--layer", "gold", *line, "--db", sqlite_url]) == 0
    out = tmp_path / "brat"
    assert (
        main(
            ["export", "--format", "brat", "--layer", "gold", "--out", str(out), "--db", sqlite_url]
        )
        == 0
    )
    written = {path.read_bytes(): path for path in out.glob("*.txt")}
    sources = sorted(BRAT.rglob("*.txt"))
    assert sorted(written) == sorted(source.read_bytes() for source in sources)
    # Every kept entity is written at the offsets and with the surface it was read with.
    relabel = {"Person": "PERSON", "Organization": "ORG", "GPE": "PLACE"}
    for source in sources:
        ann = written[source.read_bytes()].with_suffix(".ann")
        theirs = {
            tuple(row.split("\t")[1:])
            for row in source.with_suffix(".ann").read_text("utf-8").splitlines()
            if row.startswith("T") and row.split("\t")[1].split()[0] in relabel
        }
        ours = {
            tuple(row.split("\t")[1:])
            for row in ann.read_text("utf-8").splitlines()
            if row.startswith("T")
        }
        assert ours == {
            (relabel[kind.split()[0]] + kind[kind.index(" ") :], surface)
            for kind, surface in theirs
        }


def test_brat_example_data_imports_with_add_labels_as_new_upper_case_labels(sqlite_url, capsys):
    assert main(["import", str(BRAT), "--layer", "gold", "--add-labels", "--db", sqlite_url]) == 0
    assert _gold_entities(sqlite_url, capsys) == {
        "documents": 3,
        "MONEY": 1,
        "ORGANIZATION": 2,
        "PERSON": 10,
        "PLACE": 3,
        "PROTEIN": 2,
    }


def test_doccano_examples_pretty_printed_and_with_relations_import_and_count_relations(
    sqlite_url, capsys
):
    line = _proposed_map_line(DOCCANO, sqlite_url, capsys)
    assert line == ["--map", "MISC="]
    assert main(["import", *map(str, DOCCANO), "--layer", "gold", *line, "--db", sqlite_url]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "4 new, 0 already present; annotations imported for 4 documents (gold)",
        "dropped by --map: MISC 1",
        "not kept (no place for them here): 3 doccano relations",
    ]
    assert _gold_entities(sqlite_url, capsys) == {"documents": 4, "DATE": 1, "ORG": 2, "PERSON": 4}


def test_label_studio_0_4_completion_imports_its_span_whole_despite_the_end_on_its_last_character(
    sqlite_url, tmp_path, capsys
):
    # Its one label, Date, is the project's DATE: nothing is refused, no --map line is needed.
    assert main(["import", str(LABEL_STUDIO_0_4), "--layer", "gold", "--db", sqlite_url]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "1 new, 0 already present; annotations imported for 1 documents (gold)"
    ]
    assert _gold_entities(sqlite_url, capsys) == {"documents": 1, "DATE": 1}

    out = tmp_path / "labelstudio"
    export = ["export", "--format", "labelstudio", "--layer", "gold", "--out", str(out)]
    assert main([*export, "--db", sqlite_url]) == 0
    [task] = json.loads((out / "tasks.json").read_text("utf-8"))
    source = json.loads(LABEL_STUDIO_0_4.read_text("utf-8"))
    assert task["data"]["text"] == source["data"]["text"]
    # Written 343..353 for "February 22": the end on its last character, as before 0.5.
    [result] = task["annotations"][0]["result"]
    assert result["value"] == {
        "start": 343,
        "end": 354,
        "text": "February 22",
        "labels": ["DATE"],
    }

"""`annotator labels …` and `import --add-labels` through the real entry point; exports, the
dataset card and the label configurations carry the project's labels."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.cli.main import main

DATA = Path(__file__).parent.parent / "data" / "formats"
CLUENER = DATA / "cluener_sample.json"


def _labels(db: str, capsys) -> dict[str, list[str]]:
    capsys.readouterr()
    assert main(["labels", "list", "--db", db]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()[1:]]
    return {row[0]: row[1:] for row in rows}


def test_unknown_labels_message_proposes_add_labels_next_to_the_map_line(sqlite_url, capsys):
    assert main(["import", str(CLUENER), "--layer", "pred:x", "--db", sqlite_url]) == 2
    err = capsys.readouterr().err
    assert "for example: --map address=PLACE" in err
    assert "\nor add them to this project's labels: --add-labels\n" in err


def test_import_with_add_labels_adds_the_files_labels_then_imports(sqlite_url, tmp_path, capsys):
    assert (
        main(
            [
                "import",
                str(CLUENER),
                "--layer",
                "gold",
                "--add-labels",
                "--as",
                "zhang",
                "--db",
                sqlite_url,
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert (
        "labels added to the project: ADDRESS (from address), COMPANY (from company), "
        "GAME (from game), GOVERNMENT (from government), NAME (from name), POSITION (from "
        "position)"
    ) in out
    labels = _labels(sqlite_url, capsys)
    assert labels["GAME"][0] == "entity" and labels["GAME"][-1] == "added by import"
    keys = [row[1] for row in labels.values() if row[1] != "-"]
    assert len(keys) == len(set(keys)) and "M" not in keys and "N" not in keys
    capsys.readouterr()
    # The entities carry the new labels, and a second import needs no option any more.
    exported = tmp_path / "gold.jsonl"
    assert main(["export", "--format", "jsonl", "--out", str(exported), "--db", sqlite_url]) == 0
    first = json.loads(exported.read_text(encoding="utf-8").splitlines()[0])
    assert {e["label"] for e in first["entities"]} == {"COMPANY", "NAME"}
    assert main(["import", str(CLUENER), "--layer", "pred:x", "--db", sqlite_url]) == 0


def test_a_non_curator_cannot_add_labels_by_import_and_nothing_is_imported(sqlite_url, capsys):
    assert main(["curator", "add", "zhang", "--as", "zhang", "--db", sqlite_url]) == 0
    assert (
        main(
            [
                "import",
                str(CLUENER),
                "--layer",
                "pred:x",
                "--add-labels",
                "--as",
                "li",
                "--db",
                sqlite_url,
            ]
        )
        == 2
    )
    assert "li is not a curator; only curators change the label schema" in capsys.readouterr().err
    assert "GAME" not in _labels(sqlite_url, capsys)
    assert main(["stats", "--json", "--db", sqlite_url]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 0


def test_labels_add_rename_recolor_retire_from_the_command_line(sqlite_url, tmp_path, capsys):
    db = ["--db", sqlite_url, "--as", "zhang"]
    assert (
        main(
            [
                "labels",
                "add",
                "METRIC",
                "--key",
                "q",
                "--zh",
                "指标",
                "--en",
                "Metric",
                "--colour",
                "#AA5500",
                "--description",
                "a measured quantity",
                *db,
            ]
        )
        == 0
    )
    assert _labels(sqlite_url, capsys)["METRIC"] == [
        "entity",
        "Q",
        "#aa5500",
        "指标",
        "Metric",
        "in use",
        "a measured quantity",
    ]
    assert main(["labels", "add", "MONEY", "--key", "Q", *db]) == 2
    assert "key Q is already METRIC's" in capsys.readouterr().err
    assert main(["labels", "rename", "METRIC", "INDICATOR", *db]) == 0
    assert "renamed METRIC to INDICATOR; 0 annotation(s) follow" in capsys.readouterr().out
    assert main(["labels", "recolor", "INDICATOR", "#00ff00", *db]) == 0
    assert _labels(sqlite_url, capsys)["INDICATOR"][2] == "#00ff00"
    text = tmp_path / "a.txt"
    text.write_text("浏阳市住建局新增停车位。", encoding="utf-8")
    ann = tmp_path / "a.ann"
    ann.write_text("T1\tINDICATOR 8 11\t停车位\n", encoding="utf-8")
    assert main(["import", str(tmp_path), "--layer", "gold", "--db", sqlite_url]) == 0
    assert main(["labels", "retire", "INDICATOR", *db]) == 2
    assert "INDICATOR is used by 1 annotation(s)" in capsys.readouterr().err
    assert main(["labels", "retire", "INDICATOR", "--map-to", "PROJECT", *db]) == 0
    assert "1 annotation(s) relabelled PROJECT" in capsys.readouterr().out
    assert _labels(sqlite_url, capsys)["INDICATOR"][5] == "retired"


def test_exports_card_and_label_configurations_carry_a_project_label(sqlite_url, tmp_path, capsys):
    db = ["--db", sqlite_url]
    assert main(["labels", "add", "METRIC", "--zh", "指标", "--colour", "#aa5500", *db]) == 0
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("新增停车位一万个。", encoding="utf-8")
    (tmp_path / "in" / "a.ann").write_text("T1\tMETRIC 2 5\t停车位\n", encoding="utf-8")
    assert main(["import", str(tmp_path / "in"), "--layer", "gold", *db]) == 0
    studio = tmp_path / "studio"
    assert main(["export", "--format", "labelstudio", "--out", str(studio), *db]) == 0
    config = next(studio.glob("*.xml")).read_text(encoding="utf-8")
    assert '<Label value="METRIC" background="#aa5500"/>' in config
    brat = tmp_path / "brat"
    assert main(["export", "--format", "brat", "--out", str(brat), *db]) == 0
    assert "\nMETRIC\n" in (brat / "annotation.conf").read_text(encoding="utf-8")
    visual = (brat / "visual.conf").read_text(encoding="utf-8")
    assert "METRIC | 指标" in visual and "METRIC\tbgColor:#aa5500" in visual
    card = (studio / "README.md").read_text(encoding="utf-8")
    assert (
        "Label set: the project's own labels (compared with the annotation spec's: adds METRIC)"
    ) in card
    assert "| METRIC | entity | - | #aa5500 | 指标 | Metric |" in card
    assert "| METRIC | 1 |" in card


def test_a_card_of_the_spec_labels_says_so(sqlite_url, tmp_path, capsys):
    (tmp_path / "a.txt").write_text("浏阳市。", encoding="utf-8")
    (tmp_path / "a.ann").write_text("T1\tPLACE 0 3\t浏阳市\n", encoding="utf-8")
    assert main(["import", str(tmp_path), "--layer", "gold", "--db", sqlite_url]) == 0
    out = tmp_path / "out.jsonl"
    assert main(["export", "--format", "jsonl", "--out", str(out), "--db", sqlite_url]) == 0
    card = (tmp_path / "out.jsonl.README.md").read_text(encoding="utf-8")
    assert "Label set: the annotation spec's labels (guideline 2026.2)." in card
    assert "| PLACE | entity | P | #8ecae6 | 地点 | Place |" in card


def test_an_export_with_a_project_label_validates_against_the_shipped_schema(
    sqlite_url, tmp_path, capsys
):
    assert main(["labels", "add", "METRIC", "--db", sqlite_url]) == 0
    (tmp_path / "a.txt").write_text("新增停车位。", encoding="utf-8")
    (tmp_path / "a.ann").write_text("T1\tMETRIC 2 5\t停车位\n", encoding="utf-8")
    assert main(["import", str(tmp_path), "--layer", "gold", "--db", sqlite_url]) == 0
    out = tmp_path / "out.jsonl"
    assert main(["export", "--format", "jsonl", "--out", str(out), "--db", sqlite_url]) == 0
    assert main(["validate", str(out)]) == 0

"""Other tools' files through the real entry point: --map and --map-file, the unknown-label
message, the import summary's counts, CLUENER out and back, long doc ids in a brat export."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.cli.main import main

DATA = Path(__file__).parent.parent / "data" / "formats"


def _count_documents(db: str, capsys) -> int:
    capsys.readouterr()
    assert main(["stats", "--json", "--db", db]) == 0
    return json.loads(capsys.readouterr().out)["documents"]


def test_unknown_labels_exit_2_naming_every_file_and_the_map_line(sqlite_url, capsys):
    assert (
        main(
            [
                "import",
                str(DATA / "cluener_sample.json"),
                str(DATA / "brat_extras"),
                "--layer",
                "pred:x",
                "--db",
                sqlite_url,
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert (
        f"  {DATA / 'cluener_sample.json'}: address 5, company 1, game 1, government 1, "
        "name 2, position 1\n" in err
    )
    assert f"  {DATA / 'brat_extras' / 'news002.ann'}: Title 1\n" in err
    assert (
        "for example: --map Title= --map address=PLACE --map company=ORG --map game= "
        "--map government=ORG --map name=PERSON --map position=\n"
    ) in err
    assert _count_documents(sqlite_url, capsys) == 0


def test_map_file_and_map_options_import_and_the_summary_counts_what_was_left_out(
    sqlite_url, capsys
):
    assert (
        main(
            [
                "import",
                str(DATA / "cluener_sample.json"),
                str(DATA / "brat_extras"),
                "--layer",
                "pred:x",
                "--map-file",
                str(DATA / "cluener_map.toml"),
                "--map",
                "Title=",
                "--db",
                sqlite_url,
            ]
        )
        == 0
    )
    out = capsys.readouterr().out.splitlines()
    # The brat folder's .txt is read as a text too: the same text as its .ann, imported once.
    assert out[0] == (
        "4 new, 0 already present, 1 repeated within the import (imported once); "
        "annotations imported for 4 documents (pred:x)"
    )
    assert out[1] == "dropped by --map: Title 1, game 1, position 1"
    assert out[2] == (
        "not kept (no place for them here): 2 brat attributes not on a Metric "
        "event (A/M), 1 brat equivalences (*), 1 brat events other than Metric "
        "(E), 1 brat normalizations (N), 2 brat notes not on a Metric event (#), "
        "1 brat relations (R)"
    )


def test_a_bad_map_option_exits_2_before_anything_is_read(sqlite_url, capsys):
    assert (
        main(
            [
                "import",
                str(DATA / "cluener_sample.json"),
                "--layer",
                "pred:x",
                "--map",
                "name=NAME",
                "--db",
                sqlite_url,
            ]
        )
        == 2
    )
    assert "--map name=NAME: NAME is not a label of this project" in capsys.readouterr().err


def test_cluener_export_reads_back_the_same_entities(sqlite_url, tmp_path, capsys):
    assert (
        main(
            [
                "import",
                str(DATA / "cluener_sample.json"),
                "--layer",
                "gold",
                "--map-file",
                str(DATA / "cluener_map.toml"),
                "--db",
                sqlite_url,
            ]
        )
        == 0
    )
    out = tmp_path / "gold.json"
    assert main(["export", "--format", "cluener", "--out", str(out), "--db", sqlite_url]) == 0
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["label"] == {"ORG": {"浙商银行": [[0, 3]]}, "PERSON": {"叶老桂": [[9, 11]]}}
    card = (tmp_path / "gold.json.README.md").read_text(encoding="utf-8")
    assert "CLUENER2020 JSON lines" in card
    capsys.readouterr()
    second = tmp_path / "second.sqlite3"
    assert main(["import", str(out), "--layer", "gold", "--db", str(second)]) == 0
    assert capsys.readouterr().out.startswith(
        "3 new, 0 already present; annotations imported for 3 documents (gold)"
    )
    again = tmp_path / "again.json"
    assert main(["export", "--format", "cluener", "--out", str(again), "--db", str(second)]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_brat_export_of_an_over_long_doc_id_fits_the_file_name_and_the_card_says_so(
    sqlite_url, tmp_path, capsys
):
    long_id = "湖南日报" * 45  # 180 characters, 540 bytes
    source = tmp_path / "long.jsonl"
    source.write_text(
        json.dumps(
            {
                "doc_id": long_id,
                "text": "浏阳市。",
                "layer": "gold",
                "entities": [
                    {"id": "e1", "label": "PLACE", "start": 0, "end": 3, "text": "浏阳市"}
                ],
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    assert main(["import", str(source), "--db", sqlite_url]) == 0
    out = tmp_path / "brat"
    assert main(["export", "--format", "brat", "--out", str(out), "--db", sqlite_url]) == 0
    [ann] = out.glob("*.ann")
    assert len(ann.name.encode("utf-8")) <= 255
    assert ann.read_text(encoding="utf-8") == "T1\tPLACE 0 3\t浏阳市\n"
    card = (out / "README.md").read_text(encoding="utf-8")
    assert (
        f"brat: doc_id {long_id!r} is too long for a file name; written as {ann.stem}.txt "
        f"and {ann.name}" in card
    )

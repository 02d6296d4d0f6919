"""`annotator suggest` through the real entry point: text mode, filling the layer, blind share."""

from __future__ import annotations

import json

from annotator.cli.main import main


def test_suggest_text_json_prints_number_unit_and_indicator(capsys):
    assert main(["suggest", "--text", "新增14000个停车位", "--json"]) == 0
    [found] = json.loads(capsys.readouterr().out)
    assert {
        k: found[k] for k in ("start", "end", "text", "number", "unit", "approx", "indicator")
    } == {
        "start": 2,
        "end": 8,
        "text": "14000个",
        "number": 14000,
        "unit": "个",
        "approx": "exact",
        "indicator": {"start": 8, "end": 11, "text": "停车位"},
    }
    assert (found["status"], found["aspect"]) == ("achieved", "increase")


def test_suggest_text_without_json_prints_one_line_per_quantity(capsys):
    assert main(["suggest", "--text", "投入2800余万元,建设30—50个停车场"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "2..9 2800余万元: 28000000 元 (over), indicator 投入",
        "12..18 30—50个: 30–50 个 (range), indicator 停车场",
    ]


def test_suggest_fills_the_layer_idempotently_and_stats_counts_it(sqlite_url, seeds_path, capsys):
    assert main(["import", str(seeds_path), "--db", sqlite_url]) == 0
    capsys.readouterr()
    assert main(["suggest", "--db", sqlite_url, "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["suggest", "--db", sqlite_url]) == 0
    line, entity_line, *notes = capsys.readouterr().out.strip().splitlines()
    assert "entity suggestions in 5 documents written to pred:assistant" in entity_line
    assert "crf: nothing to learn from yet (no gold, no done documents)" in notes
    assert line.startswith(
        f"{first['suggestions']} suggestions in 5 documents written to pred:assistant"
    )
    assert line.endswith(f"{first['suggestions']} earlier suggestions replaced)")

    assert main(["stats", "--json", "--db", sqlite_url]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["layers"]["pred:assistant"]["metrics"] == first["suggestions"]
    assert stats["assistant"]["suggestions"] == first["suggestions"]


def test_suggest_blind_share_is_stored_and_shown_by_stats(sqlite_url, capsys, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_USER", "lead")
    assert main(["suggest", "--blind-share", "0.2", "--db", sqlite_url]) == 0
    assert "0.2" in capsys.readouterr().out
    assert main(["stats", "--json", "--db", sqlite_url]) == 0
    assert json.loads(capsys.readouterr().out)["assistant"]["blind_share"] == 0.2


def test_suggest_bad_share_or_layer_exits_2_with_a_message(sqlite_url, capsys):
    assert main(["suggest", "--blind-share", "20%", "--db", sqlite_url]) == 2
    assert "between 0 and 1" in capsys.readouterr().err
    assert main(["suggest", "--layer", "gold", "--db", sqlite_url]) == 2
    assert "prediction layer" in capsys.readouterr().err
    assert main(["suggest", "--text", "5个", "--date", "yesterday"]) == 2
    assert "--date" in capsys.readouterr().err


def test_stats_prints_per_recommender_what_was_reviewed_and_what_the_layer_holds(
    sqlite_url, tmp_path, capsys
):
    from annotator.services import entity_suggesting
    from annotator.store.database import open_database

    gold = {
        "doc_id": "seen",
        "text": "今年浏阳市开会。",
        "layer": "gold",
        "entities": [{"id": "e1", "label": "PLACE", "start": 2, "end": 5, "text": "浏阳市"}],
    }
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold, ensure_ascii=False) + "\n", "utf-8")
    (tmp_path / "new.txt").write_text("浏阳市新增停车位。今年浏阳市还将新建学校。", "utf-8")
    for path in ("gold.jsonl", "new.txt"):
        assert main(["import", str(tmp_path / path), "--db", sqlite_url]) == 0
    assert main(["suggest", "--recommenders", "lexicon", "--db", sqlite_url]) == 0
    database = open_database(sqlite_url)
    entity_suggesting.accept(database, "new", "li", 0, 3)
    entity_suggesting.reject(database, "new", "li", 11, 14)
    database.close()
    capsys.readouterr()

    assert main(["stats", "--db", sqlite_url]) == 0

    out = capsys.readouterr().out  # the layer: 浏阳市 twice in "new", once in "seen"
    assert (
        "entity recommenders: lexicon 1 accepted, 1 rejected (50%), 3 proposed in the suggestion layer"
        in out
    )

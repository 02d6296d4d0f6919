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

"""`annotator evaluate` through the real entry point: JSON, HTML, gold from a database, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.domain.entities import ENTITY_LABELS
from annotator.formats.base import ExportContext
from annotator.formats.jsonl import read_records
from annotator.formats.registry import WRITERS


def _prediction(example_jsonl: Path, tmp_path: Path) -> Path:
    """The worked example as a system would get it wrong: a relabel, a short span, a drop, a
    spurious entity, a wrong number and a missed metric."""
    record = json.loads(example_jsonl.read_text(encoding="utf-8"))
    text = record["text"]
    record["layer"] = "pred:sys"
    entities = record["entities"]
    entities[0]["label"] = "ORG"  # 浏阳市 PLACE → ORG
    entities[1].update(end=68, text=text[64:68])  # 2023年 → 2023
    del entities[2]  # 长沙市 missed
    entities.append(
        {"id": "e9", "label": "PERSON", "start": 142, "end": 144, "text": text[142:144]}
    )  # spurious
    for metric in record["metrics"]:
        metric.pop("place")  # links to the relabelled entity
    record["metrics"][0]["value"]["number"] = 14001
    del record["metrics"][2]
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_json_output_has_the_documented_keys_and_figures(example_jsonl, tmp_path, capsys):
    pred = _prediction(example_jsonl, tmp_path)
    assert main(["evaluate", "--gold", str(example_jsonl), "--pred", str(pred), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    for scheme in ("strict", "exact", "partial", "type"):
        assert {"precision", "recall", "f1", "tp", "fp", "fn"} <= set(figures["entities"][scheme])
    # 6 gold, 6 predicted; strict: 3 right (全BA, 浏阳市住建局, 大塘实验小学) → P = R = 0.5
    strict = figures["entities"]["strict"]
    assert (strict["tp"], strict["fp"], strict["fn"], strict["f1"]) == (3, 3, 3, 0.5)
    assert set(figures["entities"]["per_label"]) == {
        "PLACE",
        "ORG",
        "DATE",
        "PROGRAM",
        "PROJECT",
        "PERSON",
    }
    metrics = figures["metrics"]
    # 2 of 3 gold metrics found, nothing spurious; m1's number and both links are wrong.
    assert (metrics["tp"], metrics["fp"], metrics["fn"]) == (2, 0, 1)
    assert metrics["fields"]["number"] == 0.5 and metrics["fields"]["links"] == 0.0
    assert set(metrics["fields"]) == {
        "number",
        "unit",
        "approx",
        "status",
        "aspect",
        "period",
        "links",
    }
    assert figures["documents"] == {
        "scored": 1,
        "gold_only": [],
        "pred_only": [],
        "matched_by_text": [],
    }


def test_table_output_and_html_report(example_jsonl, tmp_path, capsys):
    pred = _prediction(example_jsonl, tmp_path)
    report = tmp_path / "report.html"
    assert (
        main(["evaluate", "--gold", str(example_jsonl), "--pred", str(pred), "--html", str(report)])
        == 0
    )
    out = capsys.readouterr().out
    assert "strict" in out and "field accuracy on 2 matched" in out
    html = report.read_text(encoding="utf-8")
    assert "<svg" in html and "<mark>长沙市</mark>" in html and "wrong boundary" in html


def test_changed_text_is_refused_with_exit_2_naming_the_document(example_jsonl, tmp_path, capsys):
    record = json.loads(example_jsonl.read_text(encoding="utf-8"))
    record["text"] += "补"
    record.pop("text_sha256")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["evaluate", "--gold", str(example_jsonl), "--pred", str(pred)]) == 2
    err = capsys.readouterr().err
    assert f"{pred}:1" in err and record["doc_id"] in err and "different text" in err


def _jsonl_lines(path: Path, records: list[dict]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def test_missing_documents_are_named_on_stderr(example_jsonl, tmp_path, capsys):
    example = json.loads(example_jsonl.read_text(encoding="utf-8"))
    gold = _jsonl_lines(
        tmp_path / "gold.jsonl", [example, {"doc_id": "only-gold", "text": "只在金标准里。"}]
    )
    pred = _jsonl_lines(
        tmp_path / "pred.jsonl",
        [{**example, "layer": "pred:sys"}, {"doc_id": "only-pred", "text": "另一篇。"}],
    )
    assert main(["evaluate", "--gold", str(gold), "--pred", str(pred), "--json"]) == 0
    captured = capsys.readouterr()
    documents = json.loads(captured.out)["documents"]
    assert (documents["gold_only"], documents["pred_only"]) == (["only-gold"], ["only-pred"])
    notes = captured.err.splitlines()
    assert "1 gold documents without predictions, not scored: only-gold" in notes[0]
    assert "1 predicted documents without gold, not scored: only-pred" in notes[1]


def test_predictions_that_pair_with_no_gold_document_exit_2_naming_both_sides(
    example_jsonl, tmp_path, capsys
):
    other = _jsonl_lines(tmp_path / "other.jsonl", [{"doc_id": "x", "text": "另一篇。"}])
    assert main(["evaluate", "--gold", str(example_jsonl), "--pred", str(other)]) == 2
    err = capsys.readouterr().err
    assert "no predicted document pairs with a gold document" in err
    assert "1 predicted ('x'), 1 gold ('000_1ea8a40e98bb81c3')" in err


def test_a_gold_document_without_entities_counts_alike_from_the_database_and_the_file(
    db_url, seeds_path, example_jsonl, tmp_path, capsys
):
    from annotator.domain.status import DocumentStatus
    from annotator.services import editing
    from annotator.services.permissions import Actor
    from annotator.store.database import open_database

    assert main(["import", str(seeds_path), "--db", db_url]) == 0
    assert main(["import", str(example_jsonl), "--layer", "gold", "--db", db_url]) == 0
    database = open_database(db_url)
    try:
        # A curator looked at seed 001 and found nothing to label: gold, without entities.
        for doc_id in ("000_1ea8a40e98bb81c3", "001_6426e2cb22c9a201"):
            editing.apply(
                editing.SetStatus(doc_id, "gold", DocumentStatus.DONE),
                database.uow,
                Actor("li", curator=True),
            )
        # Begun but empty so far: says nothing yet, not a gold document.
        editing.apply(
            editing.SetStatus("002_e7020531463ac4ab", "gold", DocumentStatus.IN_PROGRESS),
            database.uow,
            Actor("li", curator=True),
        )
        text = next(r for _l, r in read_records(example_jsonl)).document.text
        with database.uow() as uow:
            empty_text = uow.documents.get("001_6426e2cb22c9a201").text
    finally:
        database.close()
    assert (
        main(
            [
                "export",
                "--format",
                "jsonl",
                "--out",
                str(tmp_path / "gold.jsonl"),
                "--status",
                "done",
                "--db",
                db_url,
            ]
        )
        == 0
    )
    example = json.loads(example_jsonl.read_text(encoding="utf-8"))
    spurious = {
        "doc_id": "001_6426e2cb22c9a201",
        "text": empty_text,
        "layer": "pred:sys",
        "entities": [{"id": "e1", "label": "PLACE", "start": 0, "end": 2, "text": empty_text[:2]}],
    }
    assert text == example["text"]
    pred = _jsonl_lines(tmp_path / "pred.jsonl", [{**example, "layer": "pred:sys"}, spurious])
    capsys.readouterr()
    assert main(["evaluate", "--db", db_url, "--pred", str(pred), "--json"]) == 0
    from_db = json.loads(capsys.readouterr().out)
    assert (
        main(["evaluate", "--gold", str(tmp_path / "gold.jsonl"), "--pred", str(pred), "--json"])
        == 0
    )
    from_file = json.loads(capsys.readouterr().out)
    assert from_db["documents"]["scored"] == from_file["documents"]["scored"] == 2
    assert from_db["documents"]["pred_only"] == from_file["documents"]["pred_only"] == []
    assert from_db["documents"]["gold_only"] == from_file["documents"]["gold_only"] == []
    assert from_db["entities"] == from_file["entities"]
    assert from_db["entities"]["strict"]["fp"] == 1


def test_conll_predictions_take_repair_and_split_sentences_as_import_does(tmp_path, capsys):
    gold = _jsonl_lines(
        tmp_path / "gold.jsonl",
        [
            {
                "doc_id": "g1",
                "text": "浏阳市新增停车位。",
                "entities": [
                    {"id": "e1", "label": "PLACE", "start": 0, "end": 3, "text": "浏阳市"}
                ],
            },
            {
                "doc_id": "g2",
                "text": "张洪开介绍。",
                "entities": [
                    {"id": "e1", "label": "PERSON", "start": 0, "end": 3, "text": "张洪开"}
                ],
            },
        ],
    )
    rows = [("浏", "B-LOC"), ("阳", "I-LOC"), ("市", "I-LOC")] + [(c, "O") for c in "新增停车位。"]
    rows += [None, ("张", "I-PER"), ("洪", "I-PER"), ("开", "I-PER")] + [(c, "O") for c in "介绍。"]
    pred = tmp_path / "pred.bio"
    pred.write_text(
        "".join("\n" if row is None else f"{row[0]}\t{row[1]}\n" for row in rows), encoding="utf-8"
    )
    base = ["evaluate", "--gold", str(gold), "--pred", str(pred), "--pred-format", "conll"]
    assert main([*base, "--split", "sentences"]) == 2
    assert f"{pred}:11: I-PER does not continue an entity" in capsys.readouterr().err
    assert main([*base, "--split", "sentences", "--repair", "--json"]) == 0
    captured = capsys.readouterr()
    figures = json.loads(captured.out)
    assert figures["documents"]["scored"] == 2
    assert figures["entities"]["strict"]["tp"] == 2
    assert "pred.bio: repaired 1 invalid tag sequences" in captured.err


def test_gold_layer_of_a_database(db_url, seeds_path, example_jsonl, tmp_path, capsys):
    assert main(["import", str(seeds_path), "--db", db_url]) == 0
    assert main(["import", str(example_jsonl), "--layer", "gold", "--db", db_url]) == 0
    capsys.readouterr()
    pred = _prediction(example_jsonl, tmp_path)
    assert main(["evaluate", "--db", db_url, "--pred", str(pred), "--json"]) == 0
    from_db = json.loads(capsys.readouterr().out)
    assert main(["evaluate", "--gold", str(example_jsonl), "--pred", str(pred), "--json"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert from_db["entities"] == from_file["entities"]
    assert from_db["metrics"] == from_file["metrics"]
    assert (
        main(["evaluate", "--db", db_url, "--gold-layer", "annotator:nobody", "--pred", str(pred)])
        == 2
    )
    assert "no layer 'annotator:nobody'" in capsys.readouterr().err


def test_gold_file_and_database_together_are_refused(example_jsonl, sqlite_url, tmp_path, capsys):
    pred = _prediction(example_jsonl, tmp_path)
    assert (
        main(["evaluate", "--gold", str(example_jsonl), "--db", sqlite_url, "--pred", str(pred)])
        == 2
    )
    assert "not both" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["labelstudio", "doccano", "brat"])
def test_predictions_in_other_formats_score_like_jsonl(fmt, example_jsonl, tmp_path, capsys):
    pred_jsonl = _prediction(example_jsonl, tmp_path)
    records = [record for _, record in read_records(pred_jsonl)]
    writer = WRITERS[fmt]
    out = tmp_path / ("brat" if writer.output == "folder" else f"exported_{fmt}{writer.suffix}")
    writer.write(records, out, ExportContext("pred:sys", ENTITY_LABELS))
    assert (
        main(["evaluate", "--gold", str(example_jsonl), "--pred", str(pred_jsonl), "--json"]) == 0
    )
    expected = json.loads(capsys.readouterr().out)
    assert (
        main(
            [
                "evaluate",
                "--gold",
                str(example_jsonl),
                "--pred",
                str(out),
                "--pred-format",
                fmt,
                "--json",
            ]
        )
        == 0
    )
    figures = json.loads(capsys.readouterr().out)
    assert figures["documents"]["scored"] == 1
    assert figures["entities"] == expected["entities"]


def test_predictions_in_another_label_set_are_named_or_mapped_as_on_import(tmp_path, capsys):
    gold = _jsonl_lines(
        tmp_path / "gold.jsonl",
        [
            {
                "doc_id": "g1",
                "text": "叶老桂在浙商银行。",
                "entities": [
                    {"id": "e1", "label": "PERSON", "start": 0, "end": 3, "text": "叶老桂"}
                ],
            }
        ],
    )
    pred = tmp_path / "pred.json"
    pred.write_text(
        json.dumps(
            {
                "text": "叶老桂在浙商银行。",
                "label": {"name": {"叶老桂": [[0, 2]]}, "company": {"浙商银行": [[4, 7]]}},
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    base = ["evaluate", "--gold", str(gold), "--pred", str(pred)]
    assert main(base) == 2
    assert f"  {pred}: company 1, name 1\n" in capsys.readouterr().err
    assert main([*base, "--map", "name=PERSON", "--map", "company=", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["entities"]["strict"]["f1"] == 1.0

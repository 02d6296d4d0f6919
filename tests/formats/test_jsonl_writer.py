"""The JSONL writer and the shipped JSON Schema: what we write is what the schema accepts."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.errors import InputError
from annotator.domain.text import text_sha256
from annotator.formats.base import ExportContext
from annotator.formats.jsonl import read_records, record_line, write_records
from annotator.schema.export_schema import check_jsonl, export_schema, record_problems

# A text that breaks naive exporters: a non-BMP character before entities, newlines, markup,
# commas, quotes and cells that a spreadsheet would run as formulas.
SAMPLE_TEXT = (
    "浏阳市住建局新增14000个停车位,\"=cmd|' /C calc'!A0\"\n"
    "𠀀长沙市<b>2023年</b>计划建设30—50亩&amp;农田。\n"
    "@home +1 -2"
)


def _span(text: str, part: str, after: int = 0) -> dict[str, Any]:
    start = text.index(part, after)
    return {"start": start, "end": start + len(part), "text": part}


def plain_record(doc_id: str, text: str, layer: str = "gold") -> dict[str, Any]:
    """A record without annotations."""
    return {
        "doc_id": doc_id,
        "text": text,
        "text_sha256": text_sha256(text),
        "meta": {"source": f"{doc_id}.txt"},
        "layer": layer,
        "schema_version": 2,
        "segments": [],
        "entities": [],
        "metrics": [],
    }


def sample_record(doc_id: str = "sample", layer: str = "gold") -> dict[str, Any]:
    """A complete record of the spec on SAMPLE_TEXT (+ the doc id, so that every text differs):
    nested entities, a range, implicit fields."""
    text = f"{SAMPLE_TEXT}\n{doc_id}"
    line2 = text.index("𠀀")
    manual = {"kind": "manual"}
    entities = [
        {"id": "e1", "label": "ORG", **_span(text, "浏阳市住建局"), "provenance": manual},
        {
            "id": "e2",
            "label": "PLACE",
            **_span(text, "浏阳市"),
            "provenance": {"kind": "suggested", "system": "lexicon+crf"},
        },
        {
            "id": "e3",
            "label": "PLACE",
            **_span(text, "长沙市"),
            "provenance": {"kind": "suggested-edited", "system": "lac"},
        },
        {
            "id": "e4",
            "label": "DATE",
            **_span(text, "2023年"),
            "provenance": {"kind": "suggested", "system": "crf"},
            "score": 0.875,
        },
    ]
    metrics = [
        {
            "id": "m1",
            "indicator": _span(text, "停车位"),
            "value": {**_span(text, "14000"), "number": 14000},
            "unit": {**_span(text, "个"), "normalized": "个"},
            "approx": "exact",
            "status": "achieved",
            "aspect": "increase",
            "period": {"normalized": "2023", "implicit": True},
            "place": "e2",
            "org": "e1",
            "evidence": {"start": 0, "end": line2 - 1, "text": text[: line2 - 1]},
            "note": '=SUM(A1), "quoted"\nsecond line',
            "provenance": {"kind": "manual"},
        },
        {
            "id": "m2",
            "indicator": {"normalized": "农田", "implicit": True},
            "value": {**_span(text, "30"), "number": 30},
            "value_high": {**_span(text, "50"), "number": 50},
            "unit": {**_span(text, "亩"), "normalized": "亩"},
            "approx": "range",
            "status": "planned",
            "aspect": "total",
            "period": {**_span(text, "2023年"), "normalized": "2023"},
            "place": "e3",
            "evidence": {
                "start": line2,
                "end": text.index("。") + 1,
                "text": text[line2 : text.index("。") + 1],
            },
            "provenance": {"kind": "suggested", "system": "rules-v1"},
        },
    ]
    return {
        "doc_id": doc_id,
        "text": text,
        "text_sha256": text_sha256(text),
        "meta": {"source": f"{doc_id}.txt", "publication": "株洲日报"},
        "layer": layer,
        "schema_version": 2,
        "segments": [{"id": "s1", "label": "ARTICLE", "start": 0, "end": len(text), "text": text}],
        "entities": entities,
        "metrics": metrics,
    }


def write_sample_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    """Records as a JSONL file, written the way our writer writes lines (compact, UTF-8)."""
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records),
        encoding="utf-8",
    )
    return path


def test_spec_example_validates_against_shipped_json_schema(example_jsonl: Path) -> None:
    assert export_schema()["$schema"].endswith("2020-12/schema")
    assert [(line, problems) for line, problems in check_jsonl(example_jsonl)] == [(1, [])]


def test_sample_record_is_valid_and_round_trips_through_reader_and_writer(tmp_path: Path) -> None:
    source = write_sample_jsonl(
        tmp_path / "in.jsonl", [sample_record("a"), plain_record("b", "只有正文。")]
    )
    records = [record for _, record in read_records(source)]
    out = tmp_path / "out.jsonl"
    summary = write_records(iter(records), out, ExportContext("gold", ()))

    assert (summary.documents, summary.entities, summary.metrics, summary.segments) == (2, 4, 2, 1)
    assert out.read_bytes() == source.read_bytes()
    assert [problems for _, problems in check_jsonl(out)] == [[], []]


def _huge_meta(record: dict[str, Any]) -> None:
    record["meta"]["views"] = 2**70 + 1  # not a float's value


def _huge_count(record: dict[str, Any]) -> None:
    record["metrics"][0]["value"]["number"] = 10**20 + 7


@pytest.mark.parametrize("change", [_huge_meta, _huge_count])
def test_an_integer_beyond_64_bits_is_read_and_written_exactly(change: Any, tmp_path: Path) -> None:
    # orjson would read it as a float and cannot write it: the json module does both, spans too.
    big = sample_record("big")
    change(big)
    [(_, record)] = list(read_records(write_sample_jsonl(tmp_path / "in.jsonl", [big])))

    assert json.loads(record_line(record)) == big


def test_writer_keeps_markup_and_non_bmp_characters_as_text(tmp_path: Path) -> None:
    record = next(
        r for _, r in read_records(write_sample_jsonl(tmp_path / "in.jsonl", [sample_record()]))
    )
    line = record_line(record)
    assert "<b>2023年</b>" in line and "&amp;" in line and "𠀀" in line


def _without(record: dict[str, Any], *path: str | int) -> dict[str, Any]:
    changed = copy.deepcopy(record)
    target = changed
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return changed


def _with(record: dict[str, Any], value: Any, *path: str | int) -> dict[str, Any]:
    changed = copy.deepcopy(record)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: _with(r, "roughly", "metrics", 0, "approx"), "$.metrics[0].approx"),
        (lambda r: _with(r, "done", "metrics", 0, "status"), "$.metrics[0].status"),
        (lambda r: _with(r, "size", "metrics", 0, "aspect"), "$.metrics[0].aspect"),
        (lambda r: _with(r, "town hall", "entities", 0, "label"), "$.entities[0]"),
        (lambda r: _with(r, 3, "schema_version"), "$.schema_version"),
        (lambda r: _without(r, "entities", 0, "provenance"), "$.entities[0]"),
        (
            lambda r: _with(r, {"kind": "guessed"}, "entities", 1, "provenance"),
            "$.entities[1].provenance",
        ),
        (lambda r: _with(r, "high", "entities", 3, "score"), "$.entities[3].score"),
        (lambda r: _with(r, None, "metrics", 0, "indicator"), "$.metrics[0].indicator"),
        (lambda r: _without(r, "metrics", 0, "evidence"), "$.metrics[0]"),
        (lambda r: _without(r, "metrics", 1, "value_high"), "$.metrics[1]"),
        (lambda r: _with(r, 1, "extra"), "$"),
        (
            lambda r: _with(r, {"kind": "manual", "by": "x"}, "metrics", 0, "provenance"),
            "$.metrics[0].provenance",
        ),
        (
            lambda r: _with(r, {"normalized": "2023年", "implicit": True}, "metrics", 0, "period"),
            "$.metrics[0].period",
        ),
        (
            lambda r: _with(
                r, {"start": 1, "end": 2, "text": "x", "implicit": True}, "metrics", 0, "period"
            ),
            "$.metrics[0].period",
        ),
    ],
)
def test_schema_rejects_records_that_break_the_contract(change: Any, expected: str) -> None:
    problems = record_problems(change(sample_record()))
    assert problems and any(p.startswith(expected) for p in problems), problems


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: _with(r, 3, "entities", 0, "start"), "entity e1"),
        (lambda r: _with(r, 999, "metrics", 0, "value", "end"), "metric m1.value"),
        (lambda r: _with(r, "0" * 64, "text_sha256"), "text_sha256"),
        (lambda r: _with(r, "e4", "metrics", 0, "place"), "metric m1.place"),
        (lambda r: _with(r, "e9", "metrics", 0, "org"), "metric m1.org"),
        (lambda r: _with(r, "m9", "metrics", 0, "duplicate_of"), "metric m1.duplicate_of"),
    ],
)
def test_content_checks_find_what_json_schema_cannot_express(change: Any, expected: str) -> None:
    problems = record_problems(change(sample_record()))
    assert any(p.startswith(expected) for p in problems), problems


def test_a_line_cut_short_is_reported_where_it_stops(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    path.write_bytes(b'{"doc_id": "x", "text": \r\n')
    with pytest.raises(
        InputError,
        match=r"cut\.jsonl:1: is not valid JSON: Expecting value at "
        r"column 25",
    ):
        list(read_records(path))


def test_a_schema_1_record_still_imports_its_entities_as_manual_and_is_written_as_schema_2(
    tmp_path: Path,
) -> None:
    old = sample_record("old")
    old["schema_version"] = 1
    for entity in old["entities"]:
        entity.pop("provenance")
        entity.pop("score", None)
    assert record_problems(old) == []  # `validate` still accepts files of version 1

    [(_, record)] = list(read_records(write_sample_jsonl(tmp_path / "old.jsonl", [old])))
    written = json.loads(record_line(record))

    assert written["schema_version"] == 2
    assert [e["provenance"] for e in written["entities"]] == [{"kind": "manual"}] * 4
    assert [{k: v for k, v in e.items() if k != "provenance"} for e in written["entities"]] == old[
        "entities"
    ]
    assert record_problems(written) == []


def test_entity_provenance_and_score_survive_reading_and_writing(tmp_path: Path) -> None:
    [(_, record)] = list(read_records(write_sample_jsonl(tmp_path / "in.jsonl", [sample_record()])))
    by_id = {e.id: e for e in record.entities}
    assert (by_id["e2"].provenance.kind.value, by_id["e2"].provenance.system) == (
        "suggested",
        "lexicon+crf",
    )
    assert (by_id["e4"].score, by_id["e1"].score) == (0.875, None)
    assert json.loads(record_line(record))["entities"] == sample_record()["entities"]

"""doccano JSONL: both shapes in, the relation shape out, offsets in UTF-16 units both ways."""

import json
from pathlib import Path

import pytest

from annotator.domain.entities import ENTITY_LABELS, Entity
from annotator.domain.errors import InputError
from annotator.domain.records import LayerRecord
from annotator.domain.text import Document
from annotator.formats import doccano, jsonl
from annotator.formats.base import ExportContext, ImportOptions
from annotator.formats.registry import detect_format, expand_paths

DATA = Path(__file__).parent.parent / "data" / "formats"
SAMPLE_SPANS = [
    ("ORG", 19, 25, "浏阳市住建局"),
    ("PERSON", 12, 15, "张洪开"),
    ("PLACE", 0, 4, "𠮷祥社区"),
    ("PLACE", 6, 9, "浏阳市"),
]


def _read(path: Path) -> tuple[list[LayerRecord], ImportOptions]:
    options = ImportOptions()
    return [record for _loc, record in doccano.read(path, options)], options


def _spans(record: LayerRecord) -> list[tuple[str, int, int, str]]:
    return sorted((e.label, e.start, e.end, e.text) for e in record.entities)


@pytest.mark.parametrize(
    ("sample", "doc_id"),
    [
        ("doccano_sequence.jsonl", "doccano_sequence-1"),
        ("doccano_relations.jsonl", "doccano_relations-12"),
    ],
)
def test_both_doccano_shapes_import_with_utf16_offsets_converted(sample, doc_id):
    [record], options = _read(DATA / sample)
    assert _spans(record) == SAMPLE_SPANS
    assert record.document.doc_id == doc_id
    if sample == "doccano_relations.jsonl":
        assert +options.lost == {"doccano relations": 1}


def test_writer_counts_utf16_units_and_round_trips_entities_and_segments(tmp_path, example_jsonl):
    [(_line, record)] = list(jsonl.read_records(example_jsonl))
    text = "𠮷" + record.document.text  # shifts every code point offset by one UTF-16 unit more
    shifted = LayerRecord(
        Document("x", text),
        "gold",
        tuple(Entity(e.id, e.label, e.start + 1, e.end + 1, e.text) for e in record.entities),
    )
    out = tmp_path / "out.jsonl"
    summary = doccano.write(iter([shifted]), out, ExportContext("gold", ENTITY_LABELS))
    line = json.loads(out.read_text(encoding="utf-8"))
    assert set(line) == {"id", "doc_id", "text", "entities", "relations"}
    units = text.encode("utf-16-le")
    for raw in line["entities"][: len(record.entities)]:
        entity = record.entities[raw["id"] - 1]
        piece = units[2 * raw["start_offset"] : 2 * raw["end_offset"]].decode("utf-16-le")
        assert (raw["label"], piece) == (entity.label, entity.text)
    assert summary.entities == len(record.entities)
    [back], _ = _read(out)
    assert back.document.text == text
    assert _spans(back) == _spans(shifted)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"text": "𠮷浏阳", "label": [[1, 3, "PLACE"]]}, "splits a surrogate pair"),
        ({"text": "浏阳", "label": [[0, 9, "PLACE"]]}, "outside the text"),
        ({"text": "浏阳", "label": [[1, 1, "PLACE"]]}, "end must be greater"),
        ({"text": "浏阳", "label": [[0, "2", "PLACE"]]}, "integer offsets"),
        ({"text": "", "label": []}, "no 'text'"),
    ],
)
def test_bad_spans_name_the_line(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"text": "好"}\n' + json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match=message) as caught:
        _read(path)
    assert (caught.value.source, caught.value.line) == (str(path), 2)


def test_truncated_line_names_the_line(tmp_path):
    path = tmp_path / "cut.jsonl"
    path.write_text(
        '{"text": "好", "label": []}\n{"text": "浏阳", "label": [[0, 2', encoding="utf-8"
    )
    with pytest.raises(InputError, match="is not valid JSON") as caught:
        _read(path)
    assert caught.value.line == 2


def test_metrics_are_written_as_metric_spans_with_relations_and_skipped_on_read(
    tmp_path, example_jsonl
):
    [(_line, record)] = list(jsonl.read_records(example_jsonl))
    out = tmp_path / "out.jsonl"
    summary = doccano.write(iter([record]), out, ExportContext("gold", ENTITY_LABELS))
    line = json.loads(out.read_text(encoding="utf-8"))
    by_id = {e["id"]: e for e in line["entities"]}
    metric_spans = [e for e in line["entities"] if e["label"] == "METRIC"]
    assert [record.document.text[e["start_offset"] : e["end_offset"]] for e in metric_spans] == [
        m.value.text for m in record.metrics
    ]
    first = [
        (r["type"], by_id[r["to_id"]]["label"])
        for r in line["relations"]
        if r["from_id"] == metric_spans[0]["id"]
    ]
    assert first == [
        ("indicator", "INDICATOR"),
        ("unit", "UNIT"),
        ("evidence", "EVIDENCE"),
        ("place", "PLACE"),
    ]
    assert summary.metrics == 3
    [back], options = _read(out)
    assert back.metrics == ()
    assert _spans(back) == _spans(record)
    assert options.lost["doccano metric spans (METRIC, INDICATOR, …)"] == len(metric_spans) + len(
        [r for r in line["relations"] if r["type"] not in ("place", "org", "subject")]
    )
    assert options.lost["doccano relations"] == len(line["relations"])


@pytest.mark.parametrize("sample", ["doccano_sequence.jsonl", "doccano_relations.jsonl"])
def test_a_doccano_jsonl_file_is_recognised_by_its_first_record(sample, tmp_path):
    assert detect_format(DATA / sample).name == "doccano"
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "ours.jsonl").write_bytes(DATA.parent.joinpath("seed000-example.jsonl").read_bytes())
    (folder / "theirs.jsonl").write_bytes((DATA / sample).read_bytes())
    assert [(p.name, f.name) for p, f in expand_paths([folder])] == [
        ("ours.jsonl", "jsonl"),
        ("theirs.jsonl", "doccano"),
    ]


def test_a_broken_or_spec_jsonl_file_stays_with_the_jsonl_reader(tmp_path, example_jsonl):
    assert detect_format(example_jsonl).name == "jsonl"
    broken = tmp_path / "broken.jsonl"
    broken.write_text('\n{"label": [[0, 1, "PLACE"]\n', encoding="utf-8")
    assert detect_format(broken).name == "jsonl"  # whose message names the bad line

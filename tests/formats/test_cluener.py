"""CLUENER2020 JSON lines: read with every surface checked (end inclusive), written back the same."""

import json
from pathlib import Path

import pytest

from annotator.domain.entities import ENTITY_LABELS, Entity
from annotator.domain.errors import InputError
from annotator.domain.metrics import Field, Metric
from annotator.domain.records import LayerRecord
from annotator.domain.segments import Segment, SegmentLabel
from annotator.domain.text import Document
from annotator.formats import cluener
from annotator.formats.base import ExportContext, ImportOptions
from annotator.formats.registry import detect_format, expand_paths
from annotator.services.label_rules import import_label_mapping

DATA = Path(__file__).parent.parent / "data" / "formats"
SAMPLE = DATA / "cluener_sample.json"
CONTEXT = ExportContext("gold", ENTITY_LABELS)


def _read(path: Path, options: ImportOptions | None = None) -> list[LayerRecord]:
    return [record for _loc, record in cluener.read(path, options or ImportOptions())]


def _spans(record: LayerRecord) -> list[tuple[str, int, int, str]]:
    return sorted((e.label, e.start, e.end, e.text) for e in record.entities)


def test_cluener_labels_are_unknown_until_mapped_and_then_import_as_ours():
    options = ImportOptions()
    records = _read(SAMPLE, options)
    assert all(record.entities == () for record in records)
    assert options.labels.unknown[str(SAMPLE)] == {
        "address": 5,
        "company": 1,
        "game": 1,
        "government": 1,
        "name": 2,
        "position": 1,
    }
    mapped = ImportOptions(labels=import_label_mapping(map_file=DATA / "cluener_map.toml"))
    first, _second, third = _read(SAMPLE, mapped)
    assert _spans(first) == [("ORG", 0, 4, "浙商银行"), ("PERSON", 9, 12, "叶老桂")]
    # Nested spans of one label (长沙 in 长沙市, both in 长沙市政府) are all kept.
    assert _spans(third) == [
        ("ORG", 11, 16, "长沙市政府"),
        ("PLACE", 11, 13, "长沙"),
        ("PLACE", 11, 14, "长沙市"),
        ("PLACE", 22, 24, "长沙"),
        ("PLACE", 25, 28, "长沙市"),
    ]
    assert mapped.labels.dropped == {"game": 1, "position": 1}
    assert first.document.doc_id == "cluener_sample-1"


def test_written_file_reads_back_with_the_same_entities_nested_and_repeated(tmp_path):
    text = "长沙市政府在长沙市开会，长沙很热。"
    entities = (
        Entity("e1", "ORG", 0, 5, "长沙市政府"),
        Entity("e2", "PLACE", 0, 3, "长沙市"),
        Entity("e3", "PLACE", 0, 2, "长沙"),
        Entity("e4", "PLACE", 6, 9, "长沙市"),
        Entity("e5", "PLACE", 12, 14, "长沙"),
    )
    metric = Metric(id="m1", value=Field(6, 8, "长沙", number=1))
    records = [
        LayerRecord(
            Document("d-1", text),
            "gold",
            entities,
            (Segment("s1", SegmentLabel.ARTICLE, 0, len(text), text),),
            (metric,),
        ),
        LayerRecord(Document("d-2", "没有实体。"), "gold"),
    ]
    out = tmp_path / "out.json"
    summary = cluener.write(iter(records), out, CONTEXT)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["label"]["PLACE"] == {"长沙": [[0, 1], [12, 13]], "长沙市": [[0, 2], [6, 8]]}
    assert lines[1] == {"id": "d-2", "text": "没有实体。", "label": {}}
    assert summary.notes == [
        "CLUENER: 1 metrics and 1 segments not written (the format holds "
        "entities only; entity ids are not kept either)"
    ]
    back = _read(out)
    assert [r.document.doc_id for r in back] == ["d-1", "d-2"]
    assert _spans(back[0]) == sorted((e.label, e.start, e.end, e.text) for e in entities)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            {"text": "浏阳市住建局", "label": {"address": {"浏阳市": [[0, 3]]}}},
            "address '浏阳市': the text at [0, 3] is '浏阳市住' (CLUENER's end is inclusive)",
        ),
        ({"text": "浏阳市住建局", "label": {"address": {"浏阳": [[5, 6]]}}}, "[5, 6] is outside"),
        ({"text": "浏阳市住建局", "label": {"address": {"浏阳": [0, 1]}}}, "0 is not [start, end]"),
        ({"text": "浏阳市住建局", "label": {"address": ["浏阳"]}}, "must map each surface"),
        ({"text": "", "label": {}}, "has no 'text'"),
    ],
)
def test_a_surface_that_does_not_match_the_text_is_refused_naming_the_line(tmp_path, line, message):
    path = tmp_path / "dev.json"
    good = {"text": "浏阳市", "label": {"address": {"浏阳市": [[0, 2]]}}}
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in (good, line)) + "\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as raised:
        _read(path)
    assert (raised.value.source, raised.value.line) == (str(path), 2)
    assert message in raised.value.message


def test_a_cluener_file_is_recognised_by_its_first_record_whatever_its_suffix(tmp_path):
    assert detect_format(SAMPLE).name == "cluener"
    assert detect_format(DATA / "labelstudio_current.json").name == "labelstudio"
    assert detect_format(DATA / "doccano_sequence.jsonl").name == "doccano"
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "train.jsonl").write_bytes(SAMPLE.read_bytes())
    (folder / "tasks.json").write_bytes((DATA / "labelstudio_current.json").read_bytes())
    (folder / "test.json").write_text(
        '{"id": 0, "text": "无标注的句子。", "label": {}}\n', encoding="utf-8"
    )
    assert [(p.name, f.name) for p, f in expand_paths([folder])] == [
        ("tasks.json", "labelstudio"),
        ("test.json", "cluener"),
        ("train.jsonl", "cluener"),
    ]
    [record] = _read(folder / "test.json")
    assert (record.document.doc_id, record.entities) == ("test-0", ())


def test_a_pretty_printed_cluener_file_reads_as_its_json_lines_and_is_recognised(tmp_path):
    # Copies of CLUENER2020 shared in public repositories are often one indented object per
    # record (json.dumps(indent=...)), not one line per record.
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    pretty = tmp_path / "dev.json"
    pretty.write_text(
        "".join(
            json.dumps(json.loads(line), ensure_ascii=False, indent=4) + "\n" for line in lines
        ),
        encoding="utf-8",
    )
    assert detect_format(pretty).name == "cluener"
    mapping = import_label_mapping(map_file=DATA / "cluener_map.toml")
    assert [_spans(r) for r in _read(pretty, ImportOptions(labels=mapping))] == [
        _spans(r) for r in _read(SAMPLE, ImportOptions(labels=mapping))
    ]
    # Records are numbered (and their doc_id made) by the line each starts on.
    starts = [number for number, _record in cluener.read(pretty, ImportOptions(labels=mapping))]
    assert starts[0] == 1 and pretty.read_text(encoding="utf-8").splitlines()[starts[1] - 1] == "{"


def test_a_broken_pretty_printed_record_names_the_line_of_the_fault(tmp_path):
    path = tmp_path / "dev.json"
    path.write_text(
        '{\n    "text": "浏阳市",\n    "label": {"address": {"浏阳市": [[0, 2]]}}\n}\n'
        '{\n    "text": "长沙",\n    "label": {"address" {"长沙": [[0, 1]]}}\n}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="is not valid JSON") as raised:
        _read(path)
    assert (raised.value.source, raised.value.line) == (str(path), 7)

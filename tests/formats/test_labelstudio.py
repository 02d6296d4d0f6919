"""Label Studio: task lists out with annotations or predictions; exports in, old and new offsets."""

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from annotator.domain.entities import ENTITY_LABELS, Entity
from annotator.domain.errors import InputError
from annotator.domain.records import LayerRecord
from annotator.domain.segments import Segment, SegmentLabel
from annotator.domain.text import Document
from annotator.formats import labelstudio
from annotator.formats.base import ExportContext, ImportOptions

DATA = Path(__file__).parent.parent / "data" / "formats"
SAMPLE_TEXT = "𠮷祥社区位于浏阳市，居民张洪开介绍，\n浏阳市住建局今年新增停车位14000个。"
SAMPLE_SPANS = [
    ("ORG", 19, 25, "浏阳市住建局"),
    ("PERSON", 12, 15, "张洪开"),
    ("PLACE", 0, 4, "𠮷祥社区"),
    ("PLACE", 6, 9, "浏阳市"),
]


def _read(path: Path) -> list[LayerRecord]:
    return [record for _loc, record in labelstudio.read(path, ImportOptions())]


def _spans(record: LayerRecord) -> list[tuple[str, int, int, str]]:
    return sorted((e.label, e.start, e.end, e.text) for e in record.entities)


@pytest.mark.parametrize("sample", ["labelstudio_current.json", "labelstudio_pre2021.json"])
def test_export_with_characters_outside_the_bmp_imports_with_code_point_offsets(sample):
    [record] = _read(DATA / sample)
    assert record.document.text == SAMPLE_TEXT
    assert _spans(record) == SAMPLE_SPANS
    assert record.document.doc_id == f"{Path(sample).stem}-7"


def _task(result: list[dict], text: str = "𠮷浏阳市") -> dict:
    return {"id": 3, "data": {"text": text}, "annotations": [{"id": 1, "result": result}]}


def _span(rid: str, start: int, end: int, text: str, label: str = "PLACE") -> dict:
    return {
        "id": rid,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": text, "labels": [label]},
    }


def _file(tmp_path: Path, tasks: list[dict]) -> Path:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return path


def test_span_text_matching_neither_reading_names_the_task_and_result(tmp_path):
    path = _file(
        tmp_path, [_task([_span("ok1", 1, 4, "浏阳市")]), _task([_span("Xy7", 1, 3, "长沙")])]
    )
    with pytest.raises(InputError) as caught:
        _read(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: task 2 (id 3), result Xy7: text '长沙' matches")
    assert "UTF-16" in message


def test_end_on_the_last_character_as_label_studio_before_0_5_wrote_it_is_read(tmp_path):
    # Label Studio up to 0.4 put `end` on a span's last character ('February 22' at 343..353);
    # it counted in UTF-16 units then, so that reading is tried with the inclusive end too.
    path = _file(
        tmp_path,
        [
            _task(
                [
                    _span("cp", 1, 3, "浏阳市"),
                    _span("one", 2, 2, "阳", "ORG"),
                    _span("u16", 2, 3, "浏阳", "PERSON"),
                ]
            )
        ],
    )
    [record] = _read(path)
    assert _spans(record) == [
        ("ORG", 2, 3, "阳"),
        ("PERSON", 1, 3, "浏阳"),
        ("PLACE", 1, 4, "浏阳市"),
    ]


def test_offsets_outside_the_text_are_refused(tmp_path):
    with pytest.raises(InputError, match="task 1 .*result r1: offsets 2..40 are outside"):
        _read(_file(tmp_path, [_task([_span("r1", 2, 40, "浏阳")])]))


def test_truncated_export_names_the_line(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text('[\n  {"data": {"text": "浏阳"},\n  "annotations": [', encoding="utf-8")
    with pytest.raises(InputError, match="is not valid JSON") as caught:
        _read(path)
    assert caught.value.line == 3


def test_ground_truth_wins_cancelled_is_skipped_and_predictions_fill_in(tmp_path):
    first = {"id": 1, "result": [_span("a", 1, 2, "浏")], "ground_truth": False}
    truth = {"id": 2, "result": [_span("b", 1, 4, "浏阳市")], "ground_truth": True}
    cancelled = {"id": 3, "result": [_span("c", 2, 3, "阳")], "was_cancelled": True}
    prediction = {"model_version": "v1", "result": [_span("d", 2, 4, "阳市")]}
    path = _file(
        tmp_path,
        [
            {"id": 1, "data": {"text": "𠮷浏阳市"}, "annotations": [first, truth]},
            {
                "id": 2,
                "data": {"text": "𠮷浏阳市"},
                "annotations": [cancelled],
                "predictions": [prediction],
            },
            {"id": 3, "data": {"text": "𠮷浏阳市"}, "annotations": [cancelled, first]},
        ],
    )
    assert [_spans(r) for r in _read(path)] == [
        [("PLACE", 1, 4, "浏阳市")],
        [("PLACE", 2, 4, "阳市")],
        [("PLACE", 1, 2, "浏")],
    ]


def test_results_of_other_types_are_ignored_and_segment_labels_become_segments(tmp_path):
    result = [
        _span("a", 0, 5, "浏阳市新闻", "HEADLINE"),
        {
            "id": "c",
            "from_name": "topic",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": ["民生"]},
        },
        _span("b", 0, 3, "浏阳市", "LOC"),
    ]
    [record] = _read(_file(tmp_path, [_task(result, "浏阳市新闻")]))
    assert _spans(record) == [("PLACE", 0, 3, "浏阳市")]
    assert [(s.label, s.text) for s in record.segments] == [(SegmentLabel.HEADLINE, "浏阳市新闻")]


def _record(layer: str) -> LayerRecord:
    text = "𠮷浏阳市<b>&amp;</b>住建局"
    return LayerRecord(
        Document("d1", text),
        layer,
        (Entity("e1", "PLACE", 1, 4, "浏阳市"), Entity("e2", "ORG", 16, 19, "住建局")),
        (Segment("s1", SegmentLabel.ARTICLE, 0, len(text), text),),
    )


@pytest.mark.parametrize(
    ("layer", "key"),
    [("annotator:li", "annotations"), ("gold", "annotations"), ("pred:rules", "predictions")],
)
def test_writer_puts_spans_in_annotations_or_predictions_with_code_point_offsets(
    tmp_path, layer, key
):
    summary = labelstudio.write(
        iter([_record(layer)]), tmp_path / "ls", ExportContext(layer, ENTITY_LABELS)
    )
    [task] = json.loads((tmp_path / "ls" / "tasks.json").read_text(encoding="utf-8"))
    assert task["data"] == {"text": "𠮷浏阳市<b>&amp;</b>住建局", "doc_id": "d1"}
    assert set(task) == {"data", key}
    [block] = task[key]
    assert block["result"][0] == {
        "id": "e1",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": 1, "end": 4, "text": "浏阳市", "labels": ["PLACE"]},
    }
    assert block["result"][2]["from_name"] == "segment"
    if key == "predictions":
        assert block["model_version"] == "rules"
    else:
        assert block["ground_truth"] is (layer == "gold")
    assert summary.files == [tmp_path / "ls" / "tasks.json", tmp_path / "ls" / "label_config.xml"]


def test_labeling_config_names_every_label_the_tasks_use(tmp_path):
    labelstudio.write(iter([_record("gold")]), tmp_path, ExportContext("gold", ENTITY_LABELS))
    view = ElementTree.parse(tmp_path / "label_config.xml").getroot()
    controls = {c.get("name"): [label.get("value") for label in c] for c in view.iter("Labels")}
    assert controls["label"] == list(ENTITY_LABELS)
    assert "ARTICLE" in controls["segment"]
    assert view.find("Text").get("value") == "$text"


def test_written_tasks_read_back_to_the_same_spans(tmp_path):
    records = [_record("gold"), LayerRecord(Document("d2", "张洪开"), "gold")]
    labelstudio.write(iter(records), tmp_path, ExportContext("gold", ENTITY_LABELS))
    back = _read(tmp_path / "tasks.json")
    assert [(r.document.doc_id, r.document.text) for r in back] == [
        (r.document.doc_id, r.document.text) for r in records
    ]
    assert [_spans(r) for r in back] == [_spans(r) for r in records]
    assert back[0].segments == records[0].segments


def test_relations_and_other_results_and_versions_not_read_are_counted_by_kind():
    options = ImportOptions()
    first, second = [
        r for _loc, r in labelstudio.read(DATA / "labelstudio_relations.json", options)
    ]
    # The ground-truth annotation is read; PER and LOC are the built-in aliases.
    assert _spans(first) == [
        ("ORG", 0, 6, "浏阳市住建局"),
        ("PERSON", 22, 25, "张洪开"),
        ("PLACE", 0, 3, "浏阳市"),
    ]
    assert _spans(second) == [("PLACE", 0, 3, "株洲市")]
    assert +options.lost == {
        "Label Studio relations": 2,
        "Label Studio choices results": 1,
        "Label Studio textarea results": 1,
        "Label Studio annotations and predictions not read (one per task is)": 2,
    }

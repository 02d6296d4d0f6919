"""brat: folders of .txt/.ann with entities, segments and Metric events; plain corpora; CRLF."""

from pathlib import Path

import pytest

from annotator.domain.entities import ENTITY_LABELS, Entity
from annotator.domain.errors import InputError
from annotator.domain.records import LayerRecord
from annotator.domain.segments import Segment, SegmentLabel
from annotator.domain.text import Document
from annotator.formats import brat, jsonl
from annotator.formats.base import ExportContext, ImportOptions

DATA = Path(__file__).parent.parent / "data" / "formats"
CONTEXT = ExportContext("gold", ENTITY_LABELS)


def _read(path: Path) -> LayerRecord:
    [(_loc, record)] = list(brat.read(path, ImportOptions()))
    return record


def _spans(record: LayerRecord) -> list[tuple[str, int, int, str]]:
    return sorted((e.label, e.start, e.end, e.text) for e in record.entities)


def test_folder_holds_txt_and_ann_per_document_and_both_confs(tmp_path, example_jsonl):
    [(_line, record)] = list(jsonl.read_records(example_jsonl))
    out = tmp_path / "brat"
    summary = brat.write(iter([record]), out, CONTEXT)
    stem = record.document.doc_id
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{stem}.txt", f"{stem}.ann", "annotation.conf", "visual.conf"]
    )
    assert (out / f"{stem}.txt").read_bytes() == record.document.text.encode("utf-8")
    ann = (out / f"{stem}.ann").read_text(encoding="utf-8").splitlines()
    first = record.entities[0]
    assert ann[0] == f"T1\t{first.label} {first.start} {first.end}\t{first.text}"
    assert any(
        line.startswith("E1\tMetric:T") and "Indicator:T" in line and "Place:T1" in line
        for line in ann
    )
    assert "A1\tApprox E1 exact" in ann
    assert any(line.startswith("#1\tAnnotatorNotes E1\t{") for line in ann)
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "[events]\nMetric\tIndicator?:Indicator" in conf
    assert "Approx\tArg:Metric, Value:exact|about|over|under|range" in conf
    assert "PLACE\tbgColor:#" in (out / "visual.conf").read_text(encoding="utf-8")
    assert (summary.documents, summary.entities, summary.metrics) == (1, 6, 3)


def test_written_folder_reads_back_entities_segments_and_metrics_exactly(tmp_path, example_jsonl):
    [(_line, record)] = list(jsonl.read_records(example_jsonl))
    text = record.document.text
    record = LayerRecord(
        record.document,
        "gold",
        record.entities,
        (Segment("s1", SegmentLabel.HEADLINE, 2, 25, text[2:25]),),
        record.metrics,
    )
    brat.write(iter([record]), tmp_path, CONTEXT)
    back = _read(tmp_path / f"{record.document.doc_id}.ann")
    assert back.document.text == text
    assert back.entities == record.entities  # ids e1… in the order they were written
    assert back.segments == record.segments
    assert back.metrics == record.metrics


def test_plain_brat_corpus_with_only_t_lines_reads(tmp_path):
    record = _read(DATA / "brat_plain" / "news001.ann")
    assert record.document.doc_id == "news001"
    assert _spans(record) == [
        ("ORG", 19, 25, "浏阳市住建局"),
        ("PERSON", 12, 15, "张洪开"),
        ("PLACE", 0, 4, "𠮷祥社区"),
        ("PLACE", 6, 9, "浏阳市"),
    ]


def test_crlf_txt_is_counted_as_brat_counts_it(tmp_path):
    text = "浏阳市新闻\r\n\r\n住建局新增停车位\r\n"
    (tmp_path / "crlf.txt").write_bytes(text.encode("utf-8"))
    start = text.index("住建局")  # brat counts \r\n as two code points
    (tmp_path / "crlf.ann").write_bytes(
        f"T1\tORG {start} {start + 3}\t住建局\r\nT2\tPLACE 0 3\t浏阳市\r\n".encode()
    )
    record = _read(tmp_path / "crlf.ann")
    assert record.document.text == "浏阳市新闻\n\n住建局新增停车位\n"
    assert _spans(record) == [("ORG", 7, 10, "住建局"), ("PLACE", 0, 3, "浏阳市")]


def _pair(tmp_path: Path, text: str, ann: str) -> Path:
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    (tmp_path / "doc.ann").write_text(ann, encoding="utf-8")
    return tmp_path / "doc.ann"


@pytest.mark.parametrize(
    ("ann", "message", "line"),
    [
        ("T1\tPLACE 0 3\t浏阳市\nT2\tPLACE 0 2;3 5\t浏阳 住建\n", "discontinuous span", 2),
        ("T1\tPLACE 0 3\t长沙市\n", "does not match the document", 1),
        ("T1\tPLACE 0 99\t浏阳市\n", "outside the text", 1),
        ("T1\tPLACE 0 3\t浏阳市\nT2\tPLACE zero\t浏\n", "not a brat annotation line", 2),
        ("T1\tMetric 3 5\t住建\nE1\tMetric:T1 Indicator:T9\n", "not a text-bound", 2),
        ("T1\tMetric 3 5\t住建\nE1\tMetric:T1 Size:T1\n", "unknown Metric roles Size", 2),
    ],
)
def test_bad_annotation_lines_name_the_file_and_line(tmp_path, ann, message, line):
    path = _pair(tmp_path, "浏阳市住建局", ann)
    with pytest.raises(InputError, match=message) as caught:
        _read(path)
    assert (caught.value.source, caught.value.line) == (str(path), line)


def test_unknown_label_is_left_out_counted_and_named_by_the_check(tmp_path):
    path = _pair(tmp_path, "浏阳市住建局", "T1\tCITY 0 3\t浏阳市\nT2\tORG 3 6\t住建局\n")
    options = ImportOptions()
    [(_loc, record)] = list(brat.read(path, options))
    assert _spans(record) == [("ORG", 3, 6, "住建局")]
    assert options.labels.unknown == {str(path): {"CITY": 1}}
    with pytest.raises(InputError, match=rf"{path}: CITY 1\n.*--map CITY="):
        options.labels.check()


def test_missing_txt_is_named(tmp_path):
    (tmp_path / "lonely.ann").write_text("T1\tPLACE 0 3\t浏阳市\n", encoding="utf-8")
    with pytest.raises(InputError, match="needs both lonely.ann and lonely.txt"):
        _read(tmp_path / "lonely.ann")


def test_unsafe_doc_ids_become_distinct_file_names(tmp_path):
    records = [
        LayerRecord(Document("a/b", "浏阳"), "gold", (Entity("e1", "PLACE", 0, 2, "浏阳"),)),
        LayerRecord(Document("a_b", "长沙"), "gold"),
    ]
    brat.write(iter(records), tmp_path, CONTEXT)
    assert sorted(p.name for p in tmp_path.glob("*.txt")) == ["a_b-2.txt", "a_b.txt"]
    assert (tmp_path / "a_b.ann").read_text(encoding="utf-8") == "T1\tPLACE 0 2\t浏阳\n"


def test_entity_across_a_line_break_is_written_on_one_line_and_reads_back(tmp_path):
    text = "据相\n关负责人介绍"
    record = LayerRecord(Document("broken", text), "gold", (Entity("e1", "ORG", 1, 7, text[1:7]),))
    brat.write(iter([record]), tmp_path, CONTEXT)
    assert (tmp_path / "broken.ann").read_text(encoding="utf-8") == "T1\tORG 1 7\t相 关负责人\n"
    assert _read(tmp_path / "broken.ann").entities == record.entities


def test_lines_without_a_place_here_are_counted_by_kind(tmp_path):
    options = ImportOptions()
    path = DATA / "brat_extras" / "news002.ann"
    [(_loc, record)] = list(brat.read(path, options))
    # The trigger of the Announce event (宣布) goes with its event; Person and GPE map to ours.
    assert _spans(record) == [
        ("ORG", 0, 6, "浏阳市住建局"),
        ("PERSON", 8, 11, "张洪开"),
        ("PERSON", 36, 38, "李明"),
        ("PLACE", 14, 17, "浏阳市"),
        ("PLACE", 32, 34, "长沙"),
    ]
    assert options.labels.unknown == {str(path): {"Title": 1}}
    # Entities have no note field (it would take a store migration): their notes are counted.
    assert +options.lost == {
        "brat relations (R)": 1,
        "brat events other than Metric (E)": 1,
        "brat attributes not on a Metric event (A/M)": 2,
        "brat normalizations (N)": 1,
        "brat equivalences (*)": 1,
        "brat notes not on a Metric event (#)": 2,
    }


def test_metric_events_with_their_attributes_and_notes_count_nothing_lost(tmp_path, example_jsonl):
    [(_line, record)] = list(jsonl.read_records(example_jsonl))
    brat.write(iter([record]), tmp_path, CONTEXT)
    options = ImportOptions()
    list(brat.read(next(tmp_path.glob("*.ann")), options))
    assert +options.lost == {}


def test_a_doc_id_too_long_for_a_file_name_is_cut_with_a_hash_and_listed(tmp_path):
    long_id = "浏阳市住建局" * 30  # 540 bytes in UTF-8
    records = [
        LayerRecord(Document(long_id, "浏阳"), "gold"),
        LayerRecord(Document(long_id + "乙", "长沙"), "gold"),
        LayerRecord(Document("short", "株洲"), "gold"),
    ]
    summary = brat.write(iter(records), tmp_path, CONTEXT)
    names = sorted(p.name for p in tmp_path.glob("*.txt"))
    assert len(names) == 3 and "short.txt" in names
    assert all(len(name.encode("utf-8")) <= 255 for name in names)
    first, second = (brat.file_stems([doc_id])[0] for doc_id in (long_id, long_id + "乙"))
    assert first != second and {f"{first}.txt", f"{second}.txt"} <= set(names)
    assert summary.notes[:2] == [
        f"brat: doc_id {long_id!r} is too long for a file name; written as {first}.txt and "
        f"{first}.ann",
        f"brat: doc_id {long_id + '乙'!r} is too long for a file name; written as {second}.txt "
        f"and {second}.ann",
    ]

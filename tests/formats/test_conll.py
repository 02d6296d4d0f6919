"""CoNLL: character-level IOB2 out; BIO, BIOES and BMES files in, with repair and splitting."""

from dataclasses import replace
from pathlib import Path

import pytest

from annotator.domain.entities import ENTITY_LABELS, Entity
from annotator.domain.errors import InputError
from annotator.domain.metrics import Metric
from annotator.domain.records import LayerRecord
from annotator.domain.segments import Segment, SegmentLabel
from annotator.domain.text import Document
from annotator.formats import conll, jsonl
from annotator.formats.base import ExportContext, ImportOptions

DATA = Path(__file__).parent.parent / "data" / "formats"
CONTEXT = ExportContext("annotator:li", ENTITY_LABELS)


def _entity(eid: str, label: str, text: str, start: int, end: int) -> Entity:
    return Entity(eid, label, start, end, text[start:end])


def _read(path: Path, **options) -> tuple[list[LayerRecord], ImportOptions]:
    opts = ImportOptions(**options)
    return [record for _loc, record in conll.read(path, opts)], opts


def _spans(record: LayerRecord) -> list[tuple[str, int, int, str]]:
    return sorted((e.label, e.start, e.end, e.text) for e in record.entities)


def _write_tags(tmp_path: Path, content: str, name: str = "in.conll", newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(content.replace("\n", newline).encode("utf-8"))
    return path


# Leading and doubled newlines, ASCII, ideographic and tab spaces, a character outside the BMP,
# an entity across a line break (相\n关), a nested entity, and a trailing newline.
TRICKY = "\n\n𠮷祥社区 浏阳市住建局\u3000说:\n\n\n相\n关负责人\t介绍<b>&amp;</b>。\n"


def _tricky_record() -> LayerRecord:
    text = TRICKY
    place = text.index("浏阳市")
    return LayerRecord(
        Document("tricky", text),
        "annotator:li",
        (
            _entity("e1", "PLACE", text, 2, 6),
            _entity("e2", "ORG", text, place, place + 6),
            _entity("e3", "PLACE", text, place, place + 3),  # nested in e2: dropped
            _entity("e4", "ORG", text, text.index("相"), text.index("人") + 1),
        ),
    )


def test_write_then_read_gives_the_same_text_offsets_and_outermost_entities(tmp_path):
    out = tmp_path / "out.conll"
    summary = conll.write(iter([_tricky_record()]), out, CONTEXT)
    [back], _ = _read(out)
    assert back.document.text == TRICKY
    expected = _tricky_record()
    assert _spans(back) == sorted(
        (e.label, e.start, e.end, e.text) for e in expected.entities if e.id != "e3"
    )
    assert summary.entities == 3
    assert summary.notes == [
        "CoNLL: 1 nested or overlapping entities left out (the outermost span is kept)"
    ]


def test_writer_says_how_many_metrics_and_segments_it_could_not_write(tmp_path):
    record = replace(
        _tricky_record(),
        segments=(Segment("s1", SegmentLabel.HEADLINE, 2, 6, TRICKY[2:6]),),
        metrics=(Metric("m1"),),
    )
    summary = conll.write(iter([record]), tmp_path / "out.conll", CONTEXT)
    assert (
        "CoNLL: 1 metrics and 1 segments not written (the format holds entity tags only)"
        in summary.notes
    )


def test_writer_puts_one_character_a_line_with_iob2_tags_and_blank_lines_between_sentences(
    tmp_path,
):
    text = "在浏阳市\n张 三"
    record = LayerRecord(
        Document("d", text),
        "gold",
        (_entity("e1", "PLACE", text, 1, 4), _entity("e2", "PERSON", text, 5, 8)),
    )
    out = tmp_path / "out.conll"
    conll.write(iter([record, record]), out, CONTEXT)
    block = (
        "-DOCSTART-\tO\n\n在\tO\n浏\tB-PLACE\n阳\tI-PLACE\n市\tI-PLACE\n\n"
        "张\tB-PERSON\nU+0020\tI-PERSON\n三\tI-PERSON\n\n"
    )
    assert out.read_text(encoding="utf-8") == block + block


def test_overlapping_spans_keep_the_earlier_starting_then_the_longer():
    text = "浏阳市住建局长"
    kept, dropped = conll.outermost(
        [
            _entity("e1", "PLACE", text, 0, 3),
            _entity("e2", "ORG", text, 0, 6),
            _entity("e3", "PERSON", text, 4, 7),
        ]
    )
    assert [e.id for e in kept] == ["e2"]
    assert dropped == 2


def test_example_record_round_trips_its_entities_but_not_its_metrics(tmp_path, example_jsonl):
    [(_line, record)] = list(jsonl.read_records(example_jsonl))
    out = tmp_path / "example.conll"
    conll.write(iter([record]), out, CONTEXT)
    [back], _ = _read(out)
    assert back.document.text == record.document.text
    assert _spans(back) == _spans(record)
    assert back.metrics == ()


def test_msra_sample_maps_nt_ns_nr_and_keeps_each_sentence_as_a_segment():
    [record], _ = _read(DATA / "msra_sample.bio")
    text = record.document.text
    assert text == "中共中央致中国致公党十一大的贺词\n在浏阳市，张洪开介绍了情况。"
    assert _spans(record) == [
        ("ORG", 0, 4, "中共中央"),
        ("ORG", 5, 13, "中国致公党十一大"),
        ("PERSON", 22, 25, "张洪开"),
        ("PLACE", 18, 21, "浏阳市"),
    ]
    assert [(s.label.value, s.text) for s in record.segments] == [
        ("SENTENCE", "中共中央致中国致公党十一大的贺词"),
        ("SENTENCE", "在浏阳市，张洪开介绍了情况。"),
    ]
    assert record.document.doc_id == "msra_sample"


@pytest.mark.parametrize("scheme", ["auto", "bmes"])
def test_space_separated_bmes_file_reads_with_detected_or_named_scheme(scheme):
    [record], _ = _read(DATA / "resume_style.bmes", scheme=scheme)
    assert _spans(record) == [
        ("ORG", 3, 6, "住建局"),
        ("PERSON", 8, 11, "吴新伟"),
        ("PLACE", 0, 3, "浏阳市"),
        ("PLACE", 13, 14, "湘"),
    ]


def test_bioes_file_with_crlf_reads_like_lf(tmp_path):
    content = "浏\tB-LOC\n阳\tE-LOC\n的\tO\n张\tS-PER\n\n好\tO\n"
    lf, _ = _read(_write_tags(tmp_path, content, "lf.conll"))
    crlf, _ = _read(_write_tags(tmp_path, content, "crlf.conll", newline="\r\n"))
    assert _spans(lf[0]) == _spans(crlf[0]) == [("PERSON", 3, 4, "张"), ("PLACE", 0, 2, "浏阳")]
    assert lf[0].document.text == crlf[0].document.text == "浏阳的张\n好"


def test_token_level_file_joins_tokens_without_spaces(tmp_path):
    path = _write_tags(tmp_path, "浏阳市 B-NS\n住建局 I-NS\n发布 O\n2023年 B-DATE\n")
    [record], _ = _read(path)
    assert record.document.text == "浏阳市住建局发布2023年"
    assert _spans(record) == [("DATE", 8, 13, "2023年"), ("PLACE", 0, 6, "浏阳市住建局")]


@pytest.mark.parametrize(
    ("content", "line", "tag"),
    [
        ("浏\tO\n阳\tI-LOC\n", 2, "I-LOC"),
        ("浏\tB-PER\n阳\tI-LOC\n", 2, "I-LOC"),
        ("好\tO\n\n浏\tM-LOC\n阳\tE-LOC\n", 3, "M-LOC"),
        ("浏\tS-LOC\n阳\tE-LOC\n", 2, "E-LOC"),
    ],
)
def test_continuation_without_a_start_is_an_error_naming_the_line(tmp_path, content, line, tag):
    path = _write_tags(tmp_path, content)
    with pytest.raises(InputError) as caught:
        _read(path)
    assert caught.value.line == line
    assert caught.value.source == str(path)
    assert tag in str(caught.value) and "--repair" in str(caught.value)


def test_repair_starts_an_entity_at_each_bad_tag_and_counts_them(tmp_path):
    path = _write_tags(tmp_path, "浏\tO\n阳\tI-LOC\n市\tI-LOC\n张\tB-PER\n三\tI-LOC\n")
    [record], options = _read(path, repair=True)
    assert _spans(record) == [
        ("PERSON", 3, 4, "张"),
        ("PLACE", 1, 3, "阳市"),
        ("PLACE", 4, 5, "三"),
    ]
    assert options.notes == ["in.conll: repaired 2 invalid tag sequences"]


def test_split_sentences_gives_one_document_per_sentence_named_after_the_file():
    records, _ = _read(DATA / "msra_sample.bio", split="sentences")
    assert [r.document.doc_id for r in records] == ["msra_sample-1", "msra_sample-2"]
    assert records[1].document.text == "在浏阳市，张洪开介绍了情况。"
    assert _spans(records[1]) == [("PERSON", 5, 8, "张洪开"), ("PLACE", 1, 4, "浏阳市")]
    assert all(r.segments == () for r in records)


def test_unknown_labels_are_all_listed_with_counts_and_a_proposed_map(tmp_path):
    path = _write_tags(tmp_path, "甲\tB-NAME\n乙\tB-TITLE\n丙\tB-NS\n丁\tB-TITLE\n")
    [record], options = _read(path)
    assert _spans(record) == [("PLACE", 2, 3, "丙")]
    with pytest.raises(
        InputError,
        match=rf"{path}: NAME 1, TITLE 2\n"
        r"Map or drop each label, for example: "
        r"--map NAME=PERSON --map TITLE=",
    ):
        options.labels.check()


@pytest.mark.parametrize(
    ("tag", "label"),
    [
        ("NR", "PERSON"),
        ("NS", "PLACE"),
        ("NT", "ORG"),
        ("PER", "PERSON"),
        ("LOC", "PLACE"),
        ("ORG", "ORG"),
        ("GPE", "PLACE"),
        ("PER.NAM", "PERSON"),
        ("GPE.NAM", "PLACE"),
        ("ORG.NAM", "ORG"),
    ],
)
def test_labels_of_msra_peoples_daily_and_weibo_map_without_rules(tmp_path, tag, label):
    path = _write_tags(tmp_path, f"甲\tB-{tag}\n乙\tI-{tag}\n")
    [record], options = _read(path)
    assert _spans(record) == [(label, 0, 2, "甲乙")]
    options.labels.check()


def test_named_scheme_refuses_a_prefix_it_does_not_have(tmp_path):
    path = _write_tags(tmp_path, "浏\tB-LOC\n阳\tE-LOC\n")
    with pytest.raises(InputError, match="not part of the BIO scheme") as caught:
        _read(path, scheme="bio")
    assert caught.value.line == 2


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        ("浏\tB-LOC\n阳\n", "expected a token and a tag", 2),
        ("浏\tB-LOC\n阳\tX-LOC\n", "is not a tag", 2),
        ("\n\n", "empty", None),
    ],
)
def test_malformed_files_name_the_line(tmp_path, content, message, line):
    with pytest.raises(InputError, match=message) as caught:
        _read(_write_tags(tmp_path, content))
    assert caught.value.line == line


def test_weibo_ner_characters_with_word_positions_read_as_the_characters(tmp_path):
    # As Weibo NER publishes them: each character with its position in its segmented word; an
    # emoji its publication lost is two U+FFFD; a digit stands before its own position (20).
    path = _write_tags(
        tmp_path,
        "科0\tB-PER.NAM\n比1\tI-PER.NAM\n说0\tO\n\ufffd\ufffd0\tO\n"
        "20\tO\n\n在0\tO\n北0\tB-GPE.NAM\n京1\tI-GPE.NAM\n",
    )
    [record], options = _read(path)
    assert record.document.text == "科比说\ufffd\ufffd2\n在北京"
    assert _spans(record) == [("PERSON", 0, 2, "科比"), ("PLACE", 8, 10, "北京")]
    assert options.notes == [
        f"{path.name}: tokens read as characters with their positions in a "
        "segmented word (Weibo NER); the position digits are left out"
    ]


def test_tokens_that_only_some_end_in_digits_are_read_as_written(tmp_path):
    path = _write_tags(tmp_path, "Win\tO\n2004\tB-DATE\nA1\tO\n")
    [record], options = _read(path)
    assert record.document.text == "Win2004A1"
    assert options.notes == []

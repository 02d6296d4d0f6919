"""spaCy export: spaCy loads the DocBin, and its span texts equal ours, past non-BMP characters."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

import spacy
from spacy.tokens import Doc, DocBin, Span

from annotator.domain.entities import Entity
from annotator.domain.metrics import Field, Metric
from annotator.domain.records import LayerRecord
from annotator.domain.segments import Segment, SegmentLabel
from annotator.domain.text import Document, text_sha256
from annotator.formats.base import ExportContext
from annotator.formats.jsonl import metric_json, read_records
from annotator.formats.spacy_docbin import (
    DOCBIN_ATTRS,
    CharacterTable,
    _vocab,
    bin_header,
    character_docbin_class,
    msgpack_plugins_looked_up_once,
    outermost,
    value_spans,
    write_docbins,
)
from tests.formats.test_jsonl_writer import plain_record, sample_record, write_sample_jsonl


def test_spacy_loads_docbin_with_our_texts_spans_and_doc_ids(tmp_path: Path) -> None:
    source = write_sample_jsonl(
        tmp_path / "in.jsonl", [sample_record("a"), plain_record("b", "正文\n第二行。")]
    )
    records = [r for _, r in read_records(source)]
    out = tmp_path / "docbins"
    summary = write_docbins(iter(records), out, ExportContext("gold", ()))

    assert summary.files == [out / "part-00000.spacy"]
    docs = list(DocBin().from_disk(summary.files[0]).get_docs(spacy.blank("zh").vocab))
    assert [d.user_data["doc_id"] for d in docs] == ["a", "b"]
    doc, record = docs[0], records[0]
    assert doc.text == record.document.text and "𠀀" in doc.text and "\n" in doc.text
    assert [(s.start_char, s.end_char, s.label_, s.text) for s in doc.spans["entities"]] == [
        (e.start, e.end, e.label, e.text) for e in record.entities
    ]
    # 浏阳市 is inside 浏阳市住建局: only the outer one can be a doc.ents entity.
    assert [(e.label_, e.text) for e in doc.ents] == [
        ("ORG", "浏阳市住建局"),
        ("PLACE", "长沙市"),
        ("DATE", "2023年"),
    ]
    assert [(s.label_, s.text, s.id_) for s in doc.spans["metric_values"]] == [
        ("VALUE", "14000", "m1"),
        ("VALUE", "30", "m2"),
        ("VALUE_HIGH", "50", "m2"),
    ]
    assert [m["id"] for m in doc.user_data["metrics"]] == ["m1", "m2"]
    assert docs[1].text == "正文\n第二行。" and len(docs[1].ents) == 0


def test_docbins_split_into_files_of_a_fixed_size(tmp_path: Path, monkeypatch) -> None:
    from annotator.formats import spacy_docbin

    monkeypatch.setattr(spacy_docbin, "SHARD", 2)
    records = [
        r
        for _, r in read_records(
            write_sample_jsonl(
                tmp_path / "in.jsonl", [plain_record(f"d{i}", f"第{i}篇。") for i in range(5)]
            )
        )
    ]
    summary = write_docbins(iter(records), tmp_path / "out", ExportContext("gold", ()))
    assert [p.name for p in summary.files] == [
        "part-00000.spacy",
        "part-00001.spacy",
        "part-00002.spacy",
    ]
    vocab = spacy.blank("zh").vocab
    assert [
        d.user_data["doc_id"] for f in summary.files for d in DocBin().from_disk(f).get_docs(vocab)
    ] == [f"d{i}" for i in range(5)]


def test_docbins_compressed_by_pythons_zlib_when_isal_is_missing_load_the_same(
    tmp_path: Path, monkeypatch
) -> None:
    from annotator.formats import spacy_docbin

    records = [
        r for _, r in read_records(write_sample_jsonl(tmp_path / "in.jsonl", [sample_record("a")]))
    ]
    with_isal = write_docbins(iter(records), tmp_path / "isal", ExportContext("gold", ()))
    monkeypatch.setattr(spacy_docbin, "compression", lambda: zlib)
    without = write_docbins(iter(records), tmp_path / "zlib", ExportContext("gold", ()))
    payload = [zlib.decompress(s.files[0].read_bytes()) for s in (with_isal, without)]
    assert payload[0] == payload[1]
    doc = next(DocBin().from_disk(without.files[0]).get_docs(spacy.blank("zh").vocab))
    assert doc.text == records[0].document.text


def test_outermost_keeps_containing_and_first_of_crossing_entities() -> None:
    entities = [
        Entity("e1", "PLACE", 0, 3, "abc"),
        Entity("e2", "ORG", 0, 6, "abcdef"),
        Entity("e3", "DATE", 5, 8, "fgh"),
        Entity("e4", "PERSON", 8, 9, "i"),
    ]
    assert [e.id for e in outermost(entities)] == ["e2", "e4"]


def record_doc(vocab: Any, record: LayerRecord) -> Doc:
    """The Doc an export means for a record, built with spaCy's own classes."""
    text = record.document.text
    doc = Doc(vocab, words=list(text), spaces=[False] * len(text))
    doc.spans["entities"] = [
        Span(doc, e.start, e.end, label=e.label, span_id=e.id) for e in record.entities
    ]
    doc.ents = [
        Span(doc, e.start, e.end, label=e.label, span_id=e.id) for e in outermost(record.entities)
    ]
    doc.spans["metric_values"] = [
        Span(doc, start, end, label=label, span_id=metric_id)
        for metric_id, label, start, end in value_spans(record)
    ]
    doc.spans["segments"] = [
        Span(doc, s.start, s.end, label=s.label.value, span_id=s.id) for s in record.segments
    ]
    doc.user_data.update(
        {
            "doc_id": record.document.doc_id,
            "layer": record.layer,
            "text_sha256": text_sha256(text),
            "metrics": [metric_json(m) for m in record.metrics],
        }
    )
    return doc


def test_our_docbin_holds_what_spacys_docbin_add_makes_of_the_same_docs() -> None:
    # Latin capitals (their NORM differs), spaces, newlines, markup, non-BMP characters,
    # nested entities, metric values with a high value and segments: every kind of token
    # string and span DocBin stores.
    text = "𠀀 A浏阳市住建局\n<b>&amp;</b> 新增14000至15000个停车位。"
    org, low, high = text.index("浏阳市住建局"), text.index("14000"), text.index("15000")
    record = LayerRecord(
        Document("d", text, {"date": "2023-12-01"}),
        "gold",
        (
            Entity("e1", "ORG", org, org + 6, "浏阳市住建局"),
            Entity("e2", "PLACE", org, org + 3, "浏阳市"),
            Entity("e3", "PERSON", 2, 3, "A"),
        ),
        (Segment("s1", SegmentLabel.HEADLINE, 0, org + 6, text[: org + 6]),),
        (
            Metric(
                "m1",
                value=Field(low, low + 5, "14000", number=14000),
                value_high=Field(high, high + 5, "15000", number=15000),
            ),
        ),
    )
    second = LayerRecord(
        Document("e", "长沙市B区"), "gold", (Entity("e1", "PLACE", 0, 3, "长沙市"),)
    )  # strings new and repeated
    third = LayerRecord(Document("f", "无标注的一句。"), "gold")  # no spans: every token O
    vocab = _vocab()
    ours = character_docbin_class()(CharacterTable(vocab))
    theirs = DocBin(attrs=DOCBIN_ATTRS, store_user_data=True)
    for each in (record, second, third):
        ours.add_record(each)
        theirs.add(record_doc(vocab, each))

    assert zlib.decompress(ours.to_bytes()) == zlib.decompress(theirs.to_bytes())
    assert ours.strings == theirs.strings and {"a", "b"} <= ours.strings  # NORM of A and B


def test_srsly_plugin_lookup_is_restored_after_nested_exports() -> None:
    from srsly import msgpack

    registry = msgpack.msgpack_encoders
    with msgpack_plugins_looked_up_once():
        with msgpack_plugins_looked_up_once():
            assert "get_all" in vars(registry)
        assert "get_all" in vars(registry)  # the outer export still has it
    assert "get_all" not in vars(registry)
    assert "numpy" in registry.get_all()  # srsly's own encoder, found the usual way again


def test_byte_string_headers_match_msgpacks_own_at_each_size_boundary() -> None:
    import srsly

    for size in (0, 255, 256, 65_535, 65_536, 200_000):
        assert bin_header(size) + bytes(size) == srsly.msgpack_dumps(bytes(size))

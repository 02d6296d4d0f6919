"""Importing texts and JSONL: encodings, idempotence, and bad input that changes nothing."""

import codecs
import json
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.services.importing import import_paths
from annotator.services.stats import corpus_stats
from tests.helpers import entities, metrics, snapshot

TEXT = "浏阳市住建局:\n新增14000个停车位,相\n关负责人介绍。<b>&amp;</b>"


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", TEXT.encode("utf-8")),
        ("utf-8 BOM", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
        ("gb18030", TEXT.encode("gb18030")),
        ("gbk", TEXT.encode("gbk")),
        ("utf-16 BOM", TEXT.encode("utf-16")),
        ("utf-16-le no BOM", TEXT.encode("utf-16-le")),
        ("crlf", TEXT.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_text_in_each_encoding_imports_as_the_same_normalised_text(
    database, tmp_path, encoding, data
):
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    report = import_paths(database, [path])
    assert report.new == 1
    with database.uow() as uow:
        assert uow.documents.get("page").text == TEXT


def test_reimporting_the_seeds_adds_nothing_and_says_so(database, seeds_path):
    first = import_paths(database, [seeds_path])
    second = import_paths(database, [seeds_path])
    assert (first.new, first.present) == (5, 0)
    assert (second.new, second.present) == (0, 5)
    assert second.summary().startswith("0 new, 5 already present")
    assert corpus_stats(database)["documents"] == 5


def _jsonl(tmp_path: Path, records: list[dict], name: str = "in.jsonl") -> Path:
    path = tmp_path / name
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def _record(**changes) -> dict:
    record = {
        "doc_id": "d1",
        "text": "浏阳市新增停车位",
        "layer": "annotator:li",
        "entities": [{"id": "e1", "label": "PLACE", "start": 0, "end": 3, "text": "浏阳市"}],
    }
    record.update(changes)
    return record


def test_jsonl_with_annotations_imports_into_its_layer(database, tmp_path):
    report = import_paths(database, [_jsonl(tmp_path, [_record()])])
    assert (report.new, report.annotated) == (1, 1)
    assert [(e.label, e.start, e.end) for e in entities(database, "d1", "annotator:li")] == [
        ("PLACE", 0, 3)
    ]


def test_layer_option_overrides_the_records_layer(database, tmp_path):
    import_paths(database, [_jsonl(tmp_path, [_record()])], layer="pred:rules")
    assert entities(database, "d1", "annotator:li") == []
    assert len(entities(database, "d1", "pred:rules")) == 1


def test_example_imports_with_all_metric_fields(database, seeds_path, example_jsonl):
    import_paths(database, [seeds_path])
    report = import_paths(database, [example_jsonl])
    assert (report.new, report.present, report.annotated) == (0, 1, 1)
    stored = metrics(database, "000_1ea8a40e98bb81c3", "annotator:example")
    assert [(m.id, m.value.number, m.unit.normalized) for m in stored] == [
        ("m1", 14000, "个"),
        ("m2", 202600, "亩"),
        ("m3", 116.88, "%"),
    ]
    assert stored[0].period.implicit and stored[0].period.normalized == "2023"
    again = import_paths(database, [example_jsonl])
    assert (again.annotated, again.unchanged_layers) == (0, 1)


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = _jsonl(tmp_path, [_record(doc_id="ok")], "good.jsonl")
    cases = {
        "empty": ("empty.txt", b"", "empty"),
        "blank": ("blank.txt", b"  \n\n", "empty"),
        "binary": ("image.txt", bytes(range(256)) * 4, "binary"),
        "bad json": (
            "bad.jsonl",
            b'{"doc_id": "x", "text": "a"}\n{"doc_id": \n',
            ":2: is not valid JSON",
        ),
        "offset outside": (
            "out.jsonl",
            json.dumps(
                _record(
                    entities=[{"id": "e1", "label": "PLACE", "start": 5, "end": 50, "text": "x"}]
                ),
                ensure_ascii=False,
            ).encode(),
            ":1: entity e1: offsets 5..50 are outside",
        ),
        "text mismatch": (
            "mismatch.jsonl",
            json.dumps(
                _record(
                    entities=[
                        {"id": "e1", "label": "PLACE", "start": 0, "end": 3, "text": "长沙市"}
                    ]
                ),
                ensure_ascii=False,
            ).encode(),
            "does not match",
        ),
        "newer schema": (
            "newer.jsonl",
            json.dumps(_record(schema_version=99)).encode(),
            "newer than this app supports",
        ),
        "unknown label": (
            "label.jsonl",
            json.dumps(
                _record(
                    entities=[{"id": "e1", "label": "CITY", "start": 0, "end": 3, "text": "浏阳市"}]
                ),
                ensure_ascii=False,
            ).encode(),
            ": CITY 1",
        ),
        "not utf8 jsonl": (
            "gbk.jsonl",
            json.dumps(_record(), ensure_ascii=False).encode("gbk"),
            "is not UTF-8",
        ),
        "wrong hash": (
            "hash.jsonl",
            json.dumps(_record(text_sha256="0" * 64)).encode(),
            "text_sha256",
        ),
        # JSON's escapes can spell half a surrogate pair, which no UTF-8 file or database holds.
        "lone surrogate": (
            "surrogate.jsonl",
            b'{"doc_id": "s", "text": "a\\ud800b", "text_sha256": "' + b"0" * 64 + b'"}',
            ":1: text: holds a lone UTF-16 surrogate U+D800 at offset 1",
        ),
        "lone surrogate in label studio": (
            "tasks.json",
            b'[{"data": {"text": "ab\\udc00"}}]',
            ":task 1: text: holds a lone UTF-16 surrogate U+DC00 at offset 2",
        ),
        "lone surrogate in a doc id": (
            "ids.json",
            b'[{"data": {"text": "ab", "doc_id": "x\\ud800"}}]',
            ":task 1: doc_id: holds a lone UTF-16 surrogate U+D800 at offset 1",
        ),
        "lone surrogate in a note": (
            "note.jsonl",
            json.dumps(
                _record(
                    metrics=[
                        {
                            "id": "m1",
                            "value": {"start": 0, "end": 1, "text": "浏", "number": 1},
                            "note": "x\udfff",
                        }
                    ]
                )
            ).encode(),
            ":1: metrics[0].note: holds a lone UTF-16 surrogate U+DFFF at offset 1",
        ),
    }
    out = {}
    for key, (name, data, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        out[key] = (path, message)
    out["good"] = (good, "")
    return out


@pytest.mark.parametrize(
    "case",
    [
        "empty",
        "blank",
        "binary",
        "bad json",
        "offset outside",
        "text mismatch",
        "newer schema",
        "unknown label",
        "not utf8 jsonl",
        "wrong hash",
        "lone surrogate",
        "lone surrogate in label studio",
        "lone surrogate in a doc id",
        "lone surrogate in a note",
    ],
)
def test_bad_file_aborts_the_whole_import_naming_file_and_line(
    database, tmp_path, seeds_path, case
):
    import_paths(database, [seeds_path])
    before = snapshot(database)
    inputs = _bad_inputs(tmp_path)
    bad_path, message = inputs[case]
    with pytest.raises(InputError) as raised:
        # The good file comes first: its document must not survive the failed import.
        import_paths(database, [inputs["good"][0], bad_path])
    assert str(bad_path) in str(raised.value)
    assert message in str(raised.value)
    assert snapshot(database) == before


def test_different_annotations_for_an_annotated_document_need_replace(database, tmp_path):
    import_paths(database, [_jsonl(tmp_path, [_record()])])
    changed = _record(
        entities=[{"id": "e1", "label": "ORG", "start": 0, "end": 3, "text": "浏阳市"}]
    )
    path = _jsonl(tmp_path, [changed], "changed.jsonl")
    with pytest.raises(InputError, match="--replace"):
        import_paths(database, [path])
    import_paths(database, [path], replace=True)
    assert [e.label for e in entities(database, "d1", "annotator:li")] == ["ORG"]


def test_two_files_with_the_same_name_and_different_text_both_import(database, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "page.txt").write_text("第一篇", encoding="utf-8")
    (tmp_path / "b" / "page.txt").write_text("第二篇", encoding="utf-8")
    report = import_paths(database, [tmp_path])
    assert report.new == 2
    with database.uow() as uow:
        ids = uow.documents.doc_ids()
    assert ids[0] == "page" and ids[1].startswith("page_")


def test_markup_in_text_is_stored_as_characters(database, tmp_path):
    path = tmp_path / "markup.txt"
    path.write_text("<b>加粗</b> <img src=x onerror=alert(1)> &amp;", encoding="utf-8")
    import_paths(database, [path])
    with database.uow() as uow:
        assert uow.documents.get("markup").text == "<b>加粗</b> <img src=x onerror=alert(1)> &amp;"


def test_bad_record_after_many_written_batches_still_leaves_the_database_unchanged(
    database, tmp_path
):
    records = [_record(doc_id=f"d{i}", text=f"浏阳市第{i}篇") for i in range(1200)]
    records[1100]["entities"][0]["text"] = "长沙市"  # a span that does not match its text
    before = snapshot(database)
    with pytest.raises(InputError, match=r"big\.jsonl:1101: entity e1"):
        import_paths(database, [_jsonl(tmp_path, records, "big.jsonl")])
    assert snapshot(database) == before


def test_doc_id_clash_found_while_writing_is_reported_and_nothing_is_kept(database, tmp_path):
    records = [_record(doc_id=f"d{i}", text=f"浏阳市第{i}篇") for i in range(600)]
    records.append(_record(doc_id="d3", text="浏阳市另一篇文章"))
    with pytest.raises(InputError, match="already used by a different text"):
        import_paths(database, [_jsonl(tmp_path, records, "clash.jsonl")])
    assert corpus_stats(database)["documents"] == 0

"""Importing brat, CoNLL, Label Studio and doccano files into the database, and back out again."""

import json
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.domain.errors import InputError
from annotator.formats.base import ImportOptions
from annotator.services.exporting import export_layer
from annotator.services.importing import import_paths
from annotator.store.database import open_database
from tests.helpers import entities, metrics, snapshot

DATA = Path(__file__).parent.parent / "data" / "formats"
SAMPLE_SPANS = [
    ("ORG", 19, 25, "浏阳市住建局"),
    ("PERSON", 12, 15, "张洪开"),
    ("PLACE", 0, 4, "𠮷祥社区"),
    ("PLACE", 6, 9, "浏阳市"),
]


def _spans(items) -> list[tuple[str, int, int, str]]:
    return sorted((e.label, e.start, e.end, e.text) for e in items)


def _segments(database, doc_id: str, layer: str) -> list:
    with database.uow() as uow:
        return uow.annotations.segments(uow.documents.pk(doc_id), uow.layers.find(layer))


@pytest.mark.parametrize(
    ("fmt", "sample", "doc_id"),
    [
        ("labelstudio", "labelstudio_current.json", "labelstudio_current-7"),
        ("labelstudio", "labelstudio_pre2021.json", "labelstudio_pre2021-7"),
        ("doccano", "doccano_sequence.jsonl", "doccano_sequence-1"),
        ("doccano", "doccano_relations.jsonl", "doccano_relations-12"),
        ("brat", "brat_plain", "news001"),
    ],
)
def test_samples_import_with_code_point_offsets_into_the_named_layer(database, fmt, sample, doc_id):
    report = import_paths(database, [DATA / sample], layer="pred:tool", fmt=fmt)
    assert (report.new, report.annotated) == (1, 1)
    assert _spans(entities(database, doc_id, "pred:tool")) == SAMPLE_SPANS


def test_conll_sample_imports_as_one_document_with_sentence_segments(database):
    report = import_paths(database, [DATA / "msra_sample.bio"], layer="pred:msra", fmt="conll")
    assert (report.new, report.annotated) == (1, 1)
    assert _spans(entities(database, "msra_sample", "pred:msra"))[2:] == [
        ("PERSON", 22, 25, "张洪开"),
        ("PLACE", 18, 21, "浏阳市"),
    ]
    assert [s.label.value for s in _segments(database, "msra_sample", "pred:msra")] == [
        "SENTENCE",
        "SENTENCE",
    ]


def test_conll_split_sentences_and_repair_notes_reach_the_report(database, tmp_path):
    path = tmp_path / "ner.conll"
    path.write_text("浏 B-LOC\n阳 I-LOC\n\n张 O\n三 I-PER\n", encoding="utf-8")
    report = import_paths(
        database,
        [path],
        layer="pred:ner",
        fmt="conll",
        options=ImportOptions(repair=True, split="sentences"),
    )
    assert report.new == 2
    assert report.summary().endswith("\nner.conll: repaired 1 invalid tag sequences")
    assert _spans(entities(database, "ner-2", "pred:ner")) == [("PERSON", 1, 2, "三")]


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("brat", "brat_out"),
        ("conll", "out.conll"),
        ("labelstudio", "ls_out"),
        ("doccano", "out.jsonl"),
    ],
)
def test_export_then_import_puts_the_same_entities_on_the_same_document(
    database, tmp_path, example_jsonl, fmt, name
):
    import_paths(database, [example_jsonl])
    out = tmp_path / name
    export_layer(database, fmt, out, "annotator:example")
    report = import_paths(database, [out], layer="pred:back", fmt=fmt)
    assert (report.new, report.present, report.annotated) == (0, 1, 1)
    doc_id = "000_1ea8a40e98bb81c3"
    original = entities(database, doc_id, "annotator:example")
    assert _spans(entities(database, doc_id, "pred:back")) == _spans(original)
    back_metrics = metrics(database, doc_id, "pred:back")
    # Only brat carries metrics (as events); the other formats lose them (resources/formats.md).
    assert back_metrics == (metrics(database, doc_id, "annotator:example") if fmt == "brat" else [])


def _bad(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


GOOD = {
    "conll": "msra_sample.bio",
    "labelstudio": "labelstudio_current.json",
    "doccano": "doccano_sequence.jsonl",
}
BAD_INPUTS = [
    ("conll", "bad.conll", "好\tO\n\n浏\tB-LOC\n阳\tI-LOC\n市\tI-ORG\n", ":5: ", "I-ORG"),
    ("conll", "crlf.conll", "好\tO\r\n\r\n浏\tE-LOC\r\n", ":3: ", "E-LOC"),
    (
        "labelstudio",
        "cut.json",
        '[{"data": {"text": "浏阳"},\n "annotations": [{"result": [',
        ":2: ",
        "not valid JSON",
    ),
    (
        "labelstudio",
        "wrong.json",
        json.dumps(
            [
                {
                    "id": 4,
                    "data": {"text": "浏阳市"},
                    "annotations": [
                        {
                            "result": [
                                {
                                    "id": "q1",
                                    "type": "labels",
                                    "from_name": "label",
                                    "to_name": "text",
                                    "value": {
                                        "start": 0,
                                        "end": 2,
                                        "text": "长沙",
                                        "labels": ["PLACE"],
                                    },
                                }
                            ]
                        }
                    ],
                }
            ]
        ),
        ": task 1 (id 4), result q1",
        "neither",
    ),
    (
        "doccano",
        "far.jsonl",
        '{"text": "浏阳", "label": []}\n{"text": "浏阳", "label": [[0, 7, "PLACE"]]}\n',
        ":2: ",
        "outside the text",
    ),
]


@pytest.mark.parametrize(("fmt", "name", "content", "where", "message"), BAD_INPUTS)
def test_bad_input_aborts_the_import_naming_file_and_record_and_changes_nothing(
    database, tmp_path, seeds_path, fmt, name, content, where, message
):
    import_paths(database, [seeds_path])
    good = DATA / GOOD[fmt]  # read first: its documents must not be written either
    before = snapshot(database)
    path = _bad(tmp_path, name, content)
    with pytest.raises(InputError) as caught:
        import_paths(database, [good, path], layer="pred:x", fmt=fmt)
    assert f"{path}{where}" in str(caught.value)
    assert message in str(caught.value)
    assert snapshot(database) == before


def test_brat_span_mismatch_late_in_a_folder_leaves_the_database_unchanged(database, tmp_path):
    (tmp_path / "a.txt").write_text("浏阳市", encoding="utf-8")
    (tmp_path / "a.ann").write_text("T1\tPLACE 0 3\t浏阳市\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("长沙市", encoding="utf-8")
    (tmp_path / "b.ann").write_text("T1\tPLACE 0 2\t浏阳\n", encoding="utf-8")
    before = snapshot(database)
    with pytest.raises(InputError, match=r"b\.ann:1: T1: text '浏阳' does not match"):
        import_paths(database, [tmp_path], layer="gold", fmt="brat")
    assert snapshot(database) == before


def test_cli_imports_bmes_with_repair_and_reports_it(sqlite_url, tmp_path, capsys):
    path = tmp_path / "resume.bmes"
    path.write_text("浏 B-LOC\n阳 M-LOC\n市 E-LOC\n吴 M-PER\n新 E-PER\n", encoding="utf-8")
    args = [
        "import",
        str(path),
        "--format",
        "conll",
        "--scheme",
        "bmes",
        "--layer",
        "pred:ner",
        "--db",
        sqlite_url,
    ]
    assert main(args) == 2
    assert f"{path}:4: M-PER does not continue an entity" in capsys.readouterr().err
    assert main([*args, "--repair"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "1 new, 0 already present; annotations imported for 1 documents (pred:ner)",
        "resume.bmes: repaired 1 invalid tag sequences",
    ]
    assert main([*args[:-4], "--scheme", "bio", "--split", "sentences", "--db", sqlite_url]) == 2
    assert "M- is not part of the BIO scheme" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["brat", "conll", "labelstudio", "doccano"])
def test_exporting_twice_gives_byte_identical_files(sqlite_url, tmp_path, example_jsonl, fmt):
    database = open_database(sqlite_url)
    try:
        import_paths(database, [example_jsonl])
        outputs = []
        for n in (1, 2):
            out = tmp_path / f"{n}" / "export"
            out.parent.mkdir()
            export_layer(database, fmt, out, "annotator:example")
            files = sorted(out.rglob("*")) if out.is_dir() else [out]
            outputs.append(
                {
                    f.relative_to(out).as_posix() if out.is_dir() else f.name: f.read_bytes()
                    for f in files
                    if f.name != "README.md"
                }
            )
    finally:
        database.close()
    assert outputs[0] == outputs[1]
    assert outputs[0]

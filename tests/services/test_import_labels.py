"""Importing other tools' labels: --map rules, drops counted, unknown labels named over a whole
import; what readers could not keep counted; one text twice in an import; texts no database
keeps alike."""

import json
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.formats.base import ImportOptions
from annotator.services.importing import import_paths
from annotator.services.label_rules import import_label_mapping, read_map_file
from tests.helpers import entities, segments, snapshot

DATA = Path(__file__).parent.parent / "data" / "formats"


def _options(*rules: str, map_file: Path | None = None, **others) -> ImportOptions:
    return ImportOptions(labels=import_label_mapping(rules, map_file), **others)


def _spans(items) -> list[tuple[str, int, int, str]]:
    return sorted((e.label, e.start, e.end, e.text) for e in items)


def _conll(folder: Path, name: str, rows: str) -> Path:
    path = folder / name
    path.write_text(rows, encoding="utf-8")
    return path


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder as real corpora come: Resume-NER-like tags, CoNLL-2003's MISC, ours."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    _conll(folder, "a.bmes", "张\tB-NAME\n三\tE-NAME\n任\tO\n局\tB-TITLE\n长\tE-TITLE\n")
    _conll(folder, "b.bio", "浏\tB-LOC\n阳\tI-LOC\n英\tB-MISC\n语\tI-MISC\n李\tB-NAME\n")
    _conll(folder, "c.bio", "长\tB-NS\n沙\tI-NS\n")
    return folder


def test_unknown_labels_of_every_file_are_named_at_once_with_counts_and_nothing_is_written(
    database, corpus, seeds_path
):
    import_paths(database, [seeds_path])
    before = snapshot(database)
    with pytest.raises(InputError) as raised:
        import_paths(database, [corpus], layer="pred:x", fmt="conll")
    message = str(raised.value)
    assert f"  {corpus / 'a.bmes'}: NAME 1, TITLE 1\n" in message
    assert f"  {corpus / 'b.bio'}: MISC 1, NAME 1\n" in message
    assert "c.bio" not in message  # NS is MSRA's PLACE
    assert "for example: --map MISC= --map NAME=PERSON --map TITLE=\n" in message
    assert snapshot(database) == before


def test_map_and_drop_rules_import_the_folder_and_count_what_was_dropped(database, corpus):
    report = import_paths(
        database,
        [corpus],
        layer="pred:x",
        fmt="conll",
        options=_options("NAME=PERSON", "TITLE=", "MISC="),
    )
    assert report.new == 3
    assert _spans(entities(database, "a", "pred:x")) == [("PERSON", 0, 2, "张三")]
    assert _spans(entities(database, "b", "pred:x")) == [
        ("PERSON", 4, 5, "李"),
        ("PLACE", 0, 2, "浏阳"),
    ]
    assert report.dropped == {"MISC": 1, "TITLE": 1}
    assert report.losses() == ["dropped by --map: MISC 1, TITLE 1"]
    assert "\ndropped by --map: MISC 1, TITLE 1" in report.summary()


def test_a_rule_can_make_a_segment_and_overrides_a_built_in_alias(database, tmp_path):
    path = _conll(tmp_path, "t.bio", "标\tB-TITLE\n题\tI-TITLE\n浏\tB-LOC\n")
    import_paths(
        database, [path], layer="pred:x", fmt="conll", options=_options("TITLE=HEADLINE", "LOC=ORG")
    )
    assert _spans(entities(database, "t", "pred:x")) == [("ORG", 2, 3, "浏")]
    assert [(s.label.value, s.text) for s in segments(database, "t", "pred:x")] == [
        ("SENTENCE", "标题浏"),
        ("HEADLINE", "标题"),
    ]


def test_a_map_file_takes_the_rules_and_options_win_over_it(database, tmp_path):
    mapped = import_label_mapping(["game=DOCUMENT"], DATA / "cluener_map.toml")
    report = import_paths(
        database,
        [DATA / "cluener_sample.json"],
        layer="pred:c",
        options=ImportOptions(labels=mapped),
    )
    assert report.new == 3
    assert ("DOCUMENT", 0, 6, "《黑暗之魂》") in _spans(
        entities(database, "cluener_sample-3", "pred:c")
    )
    assert report.dropped == {"position": 1}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[map]\nname = PERSON\n", "is not valid TOML"),
        ('name = "PERSON"\n', "needs a [map] table"),
        ('[map]\nPER.NOM = ""\n', "a label with a dot is quoted"),
        ("[map]\nname = 3\n", "[map] name: the value must be a label in quotes"),
    ],
)
def test_a_bad_map_file_is_refused_naming_the_file(tmp_path, content, message):
    path = tmp_path / "map.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("[", r"\[")) as raised:
        read_map_file(path)
    assert raised.value.source == str(path)


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (["CITY"], "expected SRC=DST"),
        (["CITY=TOWN"], "TOWN is not a label of this project"),
        (["CITY=PLACE", "CITY=ORG"], "mapped twice"),
    ],
)
def test_bad_map_options_are_refused(rules, message):
    with pytest.raises(InputError, match=message):
        import_label_mapping(rules)


def test_what_readers_could_not_keep_reaches_the_report_by_kind(database):
    report = import_paths(
        database,
        [DATA / "brat_extras" / "news002.ann", DATA / "labelstudio_relations.json"],
        layer="pred:x",
        options=_options("Title="),
    )
    assert report.not_kept["brat relations (R)"] == 1
    assert report.not_kept["Label Studio relations"] == 2
    [dropped, not_kept] = report.losses()
    assert dropped == "dropped by --map: Title 1"
    assert not_kept.startswith("not kept (no place for them here): ")
    for part in (
        "1 brat relations (R)",
        "1 brat events other than Metric (E)",
        "2 brat attributes not on a Metric event (A/M)",
        "1 brat normalizations (N)",
        "1 brat equivalences (*)",
        "2 brat notes not on a Metric event (#)",
        "2 Label Studio relations",
        "1 Label Studio choices results",
        "1 Label Studio textarea results",
    ):
        assert part in not_kept


# -- one text twice in one import ----------------------------------------------------------------
def test_a_sentence_repeated_under_split_sentences_imports_once(database, tmp_path):
    path = _conll(
        tmp_path, "s.bio", "浏\tB-LOC\n阳\tI-LOC\n。\tO\n\n株\tO\n\n浏\tB-LOC\n阳\tI-LOC\n。\tO\n"
    )
    report = import_paths(
        database, [path], layer="pred:x", fmt="conll", options=ImportOptions(split="sentences")
    )
    assert (report.new, report.repeated, report.annotated) == (2, 1, 1)
    assert "1 repeated within the import (imported once)" in report.summary()
    assert _spans(entities(database, "s-1", "pred:x")) == [("PLACE", 0, 2, "浏阳")]


def test_two_identical_files_and_a_duplicated_task_import_once(database, tmp_path):
    tasks = json.loads((DATA / "labelstudio_current.json").read_text(encoding="utf-8"))
    doubled = tmp_path / "doubled.json"
    doubled.write_text(json.dumps(tasks + tasks, ensure_ascii=False), encoding="utf-8")
    copy = tmp_path / "copy.json"
    copy.write_bytes(doubled.read_bytes())
    report = import_paths(database, [doubled, copy], layer="pred:x")
    assert (report.new, report.repeated, report.annotated) == (1, 3, 1)
    assert len(entities(database, "doubled-7", "pred:x")) == 4


def test_a_repeated_text_with_other_annotations_is_refused_naming_both_places(
    database, tmp_path, seeds_path
):
    import_paths(database, [seeds_path])
    before = snapshot(database)
    path = _conll(tmp_path, "s.bio", "浏\tB-LOC\n阳\tI-LOC\n。\tO\n\n浏\tB-ORG\n阳\tI-ORG\n。\tO\n")
    with pytest.raises(InputError) as raised:
        import_paths(
            database, [path], layer="pred:x", fmt="conll", options=ImportOptions(split="sentences")
        )
    assert str(raised.value) == (
        f"{path}:5: the same text as {path}:1 (document 's-1') with different annotations for "
        "layer pred:x; keep one of the two, or make them the same"
    )
    assert snapshot(database) == before


def test_repeats_further_apart_than_a_batch_are_compared_too(database, tmp_path):
    records = [{"doc_id": f"d{n}", "text": f"第{n}篇。"} for n in range(600)]
    same = {
        "doc_id": "x",
        "text": "浏阳市。",
        "entities": [{"id": "e1", "label": "PLACE", "start": 0, "end": 3, "text": "浏阳市"}],
    }
    _jsonl(tmp_path / "a.jsonl", [same, *records, same])
    report = import_paths(database, [tmp_path / "a.jsonl"], layer="gold")
    assert (report.new, report.repeated) == (601, 1)
    changsha = {
        "doc_id": "y",
        "text": "长沙市。",
        "entities": [{"id": "e1", "label": "PLACE", "start": 0, "end": 3, "text": "长沙市"}],
    }
    relabelled = {**changsha, "entities": [{**changsha["entities"][0], "label": "ORG"}]}
    _jsonl(tmp_path / "b.jsonl", [changsha, *records[:1], relabelled])
    with pytest.raises(InputError, match=r"b\.jsonl:3: the same text as .*b\.jsonl:1 "):
        import_paths(database, [tmp_path / "b.jsonl"], layer="gold")


# -- what no database keeps alike ----------------------------------------------------------------
@pytest.mark.parametrize("name", ["nul.jsonl", "nul.json"])  # ours, and CLUENER's
def test_a_text_holding_nul_is_refused_naming_the_file_and_line(database, tmp_path, name):
    text = "第一行\n第二\x00行"
    extra = {"label": {}} if name.endswith(".json") else {}
    path = _jsonl(
        tmp_path / name,
        [{"doc_id": "a", "text": "好", **extra}, {"doc_id": "b", "text": text, **extra}],
    )
    where = f"{path}:2: "
    before = snapshot(database)
    with pytest.raises(InputError) as raised:
        import_paths(database, [path])
    assert str(raised.value) == (
        f"{where}the text holds the character U+0000 (NUL) at its line 2, column 3; no database "
        "keeps it alike (PostgreSQL refuses it): remove it from the file"
    )
    assert snapshot(database) == before


def test_a_doc_id_longer_than_the_store_keeps_is_refused_and_a_long_file_name_shortened(
    database, tmp_path
):
    path = _jsonl(tmp_path / "long.jsonl", [{"doc_id": "长" * 201, "text": "好"}])
    with pytest.raises(
        InputError,
        match=rf"{path}:1: doc_id '长+'… is 201 characters long; "
        "at most 200 are kept",
    ):
        import_paths(database, [path])
    long_name = tmp_path / ("a" * 240 + ".txt")
    long_name.write_text("一篇文章。", encoding="utf-8")
    import_paths(database, [long_name])
    with database.uow() as uow:
        [(_pk, stored)] = list(uow.documents.iter_documents(batch=10))
    assert len(stored.doc_id) == 200 and stored.doc_id.startswith("a" * 191 + "_")


def test_a_brat_folder_with_one_file_name_longer_than_a_doc_id_imports_it_shortened(
    database, tmp_path
):
    folder = tmp_path / "brat"
    folder.mkdir()
    for stem, text in (("short", "长沙市。"), ("n" * 240, "浏阳市。")):
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
        (folder / f"{stem}.ann").write_text("T1\tPLACE 0 3\t" + text[:3] + "\n", encoding="utf-8")
    report = import_paths(database, [folder], layer="gold", fmt="brat")
    assert (report.new, report.annotated) == (2, 2)
    with database.uow() as uow:
        doc_ids = sorted(doc.doc_id for _pk, doc in uow.documents.iter_documents(batch=10))
    assert doc_ids[0].startswith("n" * 191 + "_") and len(doc_ids[0]) == 200
    assert doc_ids[1] == "short"

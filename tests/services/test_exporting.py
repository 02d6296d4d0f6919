"""export_layer: streamed, atomic, deterministic exports with a dataset card, on both databases."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.errors import AnnotatorError, InputError
from annotator.formats.registry import WRITERS
from annotator.schema.export_schema import check_jsonl
from annotator.services.export_records import iter_layer_records
from annotator.services.exporting import IncompleteMetrics, export_layer
from annotator.services.importing import import_paths
from annotator.services.progress import Cancelled
from annotator.store.database import Database
from tests.formats.test_jsonl_writer import plain_record, sample_record, write_sample_jsonl
from tests.helpers import as_schema_2

OUR_FORMATS = ("jsonl", "csv", "parquet", "spacy")


def _import(
    database: Database, tmp_path: Path, records: list[dict[str, Any]], name: str = "in.jsonl"
) -> None:
    import_paths(database, [write_sample_jsonl(tmp_path / name, records)])


def _incomplete(doc_id: str) -> dict[str, Any]:
    record = sample_record(doc_id)
    del record["metrics"][1]["status"]
    record["metrics"].append(
        {**copy.deepcopy(record["metrics"][0]), "id": "m3", "duplicate_of": "m2"}
    )
    return record


def _tree(path: Path) -> dict[str, bytes]:
    """Every file an export left in a folder (hidden leftovers included)."""
    return {
        p.relative_to(path).as_posix(): p.read_bytes()
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


def test_jsonl_export_of_the_imported_spec_example_is_byte_identical(
    database: Database, example_jsonl: Path, tmp_path: Path
) -> None:
    import_paths(database, [example_jsonl])
    out = tmp_path / "out" / "example.jsonl"

    report = export_layer(database, "jsonl", out, "annotator:example")

    # Same keys in the same order with the same values; our lines are compact JSON, and the
    # example of schema 1 comes out as schema 2 (its entities hand-tagged).
    compact = [
        json.dumps(as_schema_2(json.loads(line)), ensure_ascii=False, separators=(",", ":"))
        for line in example_jsonl.read_text(encoding="utf-8").splitlines()
    ]
    assert out.read_text(encoding="utf-8") == "".join(line + "\n" for line in compact)
    assert (report.documents, report.entities, report.metrics) == (1, 6, 3)
    assert report.files == [out, tmp_path / "out" / "example.jsonl.README.md"]


@pytest.mark.parametrize("fmt", OUR_FORMATS)
def test_same_database_gives_byte_identical_exports_every_time(
    database: Database, tmp_path: Path, fmt: str
) -> None:
    _import(
        database, tmp_path, [sample_record("a"), plain_record("b", "正文。"), sample_record("c")]
    )
    first, second = tmp_path / "one", tmp_path / "two"
    for folder in (first, second):
        export_layer(database, fmt, folder / f"data.{fmt}", "gold", command="annotator export")

    assert _tree(first) == _tree(second)
    assert len(_tree(first)) >= 2  # the data and its card, nothing else (no temporary files)


def test_exported_jsonl_validates_against_the_schema(database: Database, tmp_path: Path) -> None:
    _import(database, tmp_path, [sample_record(f"d{i}") for i in range(3)])
    out = tmp_path / "gold.jsonl"
    export_layer(database, "jsonl", out, "gold")
    assert [problems for _, problems in check_jsonl(out)] == [[], [], []]


def test_export_refuses_incomplete_metrics_with_a_list_and_writes_nothing(
    database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path, [sample_record("fine"), _incomplete("bad")])
    out = tmp_path / "out" / "gold.jsonl"

    with pytest.raises(IncompleteMetrics) as caught:
        export_layer(database, "jsonl", out, "gold")

    assert [(p.doc_id, p.metric_id) for p in caught.value.problems] == [("bad", "m2")]
    assert "bad\tm2\tstatus: is required" in str(caught.value)
    assert list((tmp_path / "out").iterdir()) == []


def test_skip_leaves_incomplete_metrics_and_their_repeats_out_and_counts_them(
    database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path, [sample_record("fine"), _incomplete("bad")])
    out = tmp_path / "gold.jsonl"

    report = export_layer(database, "jsonl", out, "gold", incomplete="skip")

    records = list(iter_layer_records(database, "gold"))
    assert [len(r.metrics) for r in records] == [2, 3]
    assert report.metrics == 3 and report.skipped_metrics == 2
    assert [problems for _, problems in check_jsonl(out)] == [[], []]
    card = report.card.read_text(encoding="utf-8")
    assert "| incomplete metrics left out | 2 |" in card
    assert "| bad | m3 | duplicate_of: repeats m2, which was left out |" in card


class _CancelAfter:
    def __init__(self, documents: int) -> None:
        self.left = documents

    def start(self, total: int, label: str) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        self.left -= steps
        if self.left < 0:
            raise Cancelled("cancelled")

    def finish(self) -> None:
        pass


@pytest.mark.parametrize("fmt", OUR_FORMATS)
def test_cancelled_export_leaves_no_half_written_files(
    database: Database, tmp_path: Path, fmt: str
) -> None:
    _import(database, tmp_path, [sample_record(f"d{i}") for i in range(3)])
    folder = tmp_path / "out"
    folder.mkdir()

    with pytest.raises(Cancelled):
        export_layer(database, fmt, folder / f"gold.{fmt}", "gold", progress=_CancelAfter(2))

    assert list(folder.iterdir()) == []


def test_cancelled_export_keeps_the_earlier_export_in_place(
    database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path, [sample_record(f"d{i}") for i in range(3)])
    out = tmp_path / "out" / "gold.jsonl"
    export_layer(database, "jsonl", out, "gold", command="first")
    before = _tree(out.parent)

    with pytest.raises(Cancelled):
        export_layer(database, "jsonl", out, "gold", progress=_CancelAfter(1), command="second")

    assert _tree(out.parent) == before


def test_status_keeps_only_documents_the_layer_marked_so(
    database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path, [sample_record("a"), sample_record("b"), sample_record("c")])
    with database.uow() as uow:
        layer_id = uow.layers.find("gold")
        for doc_id in ("a", "c"):
            uow.annotations.set_status(uow.documents.pk(doc_id), layer_id, "done", "", "li")
        uow.commit()

    done = export_layer(database, "jsonl", tmp_path / "done.jsonl", "gold", status="done")
    new = export_layer(database, "jsonl", tmp_path / "new.jsonl", "gold", status="new")

    assert [r.document.doc_id for r in iter_layer_records(database, "gold", status="done")] == [
        "a",
        "c",
    ]
    assert (done.documents, new.documents) == (2, 1)
    assert "documents with status `done`" in done.card.read_text(encoding="utf-8")


def test_dataset_card_tells_counts_labels_annotators_versions_and_command(
    database: Database, tmp_path: Path
) -> None:
    _import(
        database,
        tmp_path,
        [sample_record("a", layer="annotator:li"), sample_record("b", layer="annotator:li")],
    )
    out = tmp_path / "li"

    report = export_layer(
        database, "spacy", out, "annotator:li", command="annotator export --format spacy --out li"
    )

    card = (out / "README.md").read_text(encoding="utf-8")
    assert report.card == out / "README.md"
    assert card.startswith("# Dataset card: annotator:li (spacy)")
    for expected in (
        "| documents | 2 |",
        "| entities | 8 |",
        "| metrics | 4 |",
        "| PLACE | 4 |",
        "| ORG | 2 |",
        "| DATE | 2 |",
        "| total | 2 |",
        "| 亩 | 2 |",
        "`li`",
        "record schema version: 2",
        "guideline version: 2026.2",
        "annotator export --format spacy --out li",
        "- `part-00000.spacy`",
        "not computed",
    ):
        assert expected in card, expected
    assert str(tmp_path) not in card


def test_dataset_card_reports_agreement_when_two_annotators_labelled(
    database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path, [sample_record("a", layer="annotator:li")], "li.jsonl")
    _import(database, tmp_path, [sample_record("a", layer="annotator:wang")], "wang.jsonl")
    with database.uow() as uow:
        pk = uow.documents.pk("a")
        for name in ("annotator:li", "annotator:wang"):
            uow.annotations.set_status(pk, uow.layers.find(name), "done", "", "x")
        uow.commit()

    report = export_layer(database, "jsonl", tmp_path / "li.out.jsonl", "annotator:li")

    card = report.card.read_text(encoding="utf-8")
    assert "`annotator:li` and `annotator:wang`: entity F1 (exact) 1.000" in card


def test_release_exports_the_frozen_snapshot_and_an_unknown_one_writes_nothing(
    database: Database, tmp_path: Path
) -> None:
    from annotator.services.permissions import Actor
    from annotator.services.releases import create_release

    _import(database, tmp_path, [sample_record("a"), sample_record("b")])
    with database.uow() as uow:
        uow.annotations.set_status(
            uow.documents.pk("a"), uow.layers.find("gold"), "done", "", "chief"
        )
        uow.commit()
    create_release(database, "v1", Actor("chief", curator=True))
    _import(database, tmp_path, [sample_record("later")], "later.jsonl")

    report = export_layer(database, "jsonl", tmp_path / "v1.jsonl", "gold", release="v1")

    assert [r.document.doc_id for r in iter_layer_records(database, "gold")] == ["a", "b", "later"]
    assert report.documents == 1
    assert "release `v1`" in report.card.read_text(encoding="utf-8")
    with pytest.raises(AnnotatorError, match="no release 'v9'"):
        export_layer(database, "jsonl", tmp_path / "v9.jsonl", "gold", release="v9")
    assert not (tmp_path / "v9.jsonl").exists()


def test_unknown_layer_status_or_format_is_an_input_error(
    database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path, [sample_record("a")])
    out = tmp_path / "out"
    with pytest.raises(InputError, match="no layer 'pred:none'"):
        export_layer(database, "jsonl", out / "x.jsonl", "pred:none")
    with pytest.raises(InputError, match="unknown status"):
        export_layer(database, "jsonl", out / "x.jsonl", "gold", status="finished")
    with pytest.raises(InputError, match="unknown export format"):
        export_layer(database, "xml", out / "x.xml", "gold")
    assert not out.exists()


def test_folder_export_replaces_an_earlier_export_but_not_a_foreign_folder(
    database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path, [sample_record("a")])
    out = tmp_path / "docbins"
    export_layer(database, "spacy", out, "gold")
    (out / "part-00007.spacy").write_bytes(b"stale")
    export_layer(database, "spacy", out, "gold")
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "part-00000.spacy"]

    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "cat.jpg").write_bytes(b"meow")
    with pytest.raises(InputError, match="holds other files"):
        export_layer(database, "spacy", foreign, "gold")
    assert [p.name for p in foreign.iterdir()] == ["cat.jpg"]


def test_every_writer_is_registered_with_its_output_kind() -> None:
    assert {name: WRITERS[name].output for name in OUR_FORMATS} == {
        "jsonl": "file",
        "csv": "file",
        "parquet": "file",
        "spacy": "folder",
    }

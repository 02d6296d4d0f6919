"""Releases: frozen gold, numbered, hashed, immutable, exported again byte for byte."""

import hashlib
import json

import pytest

from annotator.cli.main import main
from annotator.domain.errors import InputError, PermissionDenied
from annotator.domain.status import DocumentStatus
from annotator.formats.jsonl import record_line
from annotator.services import editing
from annotator.services.export_records import iter_layer_records
from annotator.services.releases import (
    create_release,
    iter_release_records,
    list_releases,
    release_bytes,
)
from annotator.services.roles import actor_for, add_curator
from tests.helpers import import_text

TEXT = "浏阳市住建局新增14000个停车位。"


@pytest.fixture
def zhang(database):
    add_curator(database, "zhang", acting="zhang")
    return actor_for(database, "zhang")


@pytest.fixture
def gold_doc(database, tmp_path, zhang):
    doc_id = import_text(database, tmp_path, TEXT)
    import_text(database, tmp_path, "长沙市新增300个。", "other")  # gold not done: left out
    editing.apply(editing.AddEntity("other", "gold", "PLACE", 0, 3), database.uow, zhang)
    editing.apply(editing.AddEntity(doc_id, "gold", "PLACE", 0, 3), database.uow, zhang)
    editing.apply(editing.SetStatus(doc_id, "gold", DocumentStatus.DONE), database.uow, zhang)
    return doc_id


def test_release_freezes_done_gold_with_number_versions_and_hash(database, gold_doc, zhang):
    info = create_release(database, "v1.0", zhang, note="first")
    assert (info.number, info.name, info.documents, info.entities, info.metrics) == (
        1,
        "v1.0",
        1,
        1,
        0,
    )
    assert info.schema_version == 2 and info.guideline_version
    content = release_bytes(database, "v1.0")
    assert hashlib.sha256(content).hexdigest() == info.content_sha256
    [record] = iter_release_records(database, "v1.0")
    assert (record.document.doc_id, record.layer, [e.text for e in record.entities]) == (
        gold_doc,
        "gold",
        ["浏阳市"],
    )
    assert create_release(database, "v1.1", zhang).number == 2
    assert [r.name for r in list_releases(database)] == ["v1.0", "v1.1"]


def test_later_gold_edits_do_not_change_a_release(database, gold_doc, zhang):
    create_release(database, "v1", zhang)
    before = release_bytes(database, "v1")
    editing.apply(editing.AddEntity(gold_doc, "gold", "ORG", 0, 6), database.uow, zhang)
    editing.apply(editing.DeleteEntity(gold_doc, "gold", "e1"), database.uow, zhang)
    assert release_bytes(database, "v1") == before
    assert [e.label for r in iter_release_records(database, "1") for e in r.entities] == ["PLACE"]
    current = [e.label for r in iter_layer_records(database, "gold", "done") for e in r.entities]
    assert current == ["ORG"]


def test_release_records_written_again_are_byte_identical_to_the_frozen_content(
    database, gold_doc, zhang
):
    create_release(database, "v1", zhang)
    again = "".join(record_line(r) + "\n" for r in iter_release_records(database, "v1"))
    assert again.encode("utf-8") == release_bytes(database, "v1")


def test_release_is_refused_to_non_curators_duplicates_bad_names_and_empty_gold(
    database, tmp_path, zhang
):
    import_text(database, tmp_path, TEXT)
    with pytest.raises(InputError, match="no gold yet"):
        create_release(database, "v1", zhang)
    editing.apply(editing.AddEntity("doc", "gold", "PLACE", 0, 3), database.uow, zhang)
    with pytest.raises(InputError, match="marked done"):
        create_release(database, "v1", zhang)
    editing.apply(editing.SetStatus("doc", "gold", DocumentStatus.DONE), database.uow, zhang)
    with pytest.raises(PermissionDenied):
        create_release(database, "v1", actor_for(database, "li"))
    for bad in ("12", "two words", ""):
        with pytest.raises(InputError, match="not a release name"):
            create_release(database, bad, zhang)
    create_release(database, "v1", zhang)
    with pytest.raises(InputError, match="never replaced"):
        create_release(database, "v1", zhang)
    assert len(list_releases(database)) == 1


def test_release_command_creates_lists_and_writes_the_frozen_jsonl(
    database, db_url, gold_doc, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("ANNOTATOR_USER", "zhang")
    assert main(["release", "v1", "--db", db_url]) == 0
    assert "released #1 v1: 1 documents" in capsys.readouterr().out
    assert main(["release", "--list", "--json", "--db", db_url]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert (listed["number"], listed["name"], listed["created_by"]) == (1, "v1", "zhang")
    out = tmp_path / "v1.jsonl"
    capsys.readouterr()
    assert main(["release", "--show", "v1", "--jsonl", str(out), "--db", db_url]) == 0
    assert out.read_bytes() == release_bytes(database, "v1")
    summary, heading, row, *card = capsys.readouterr().out.splitlines()
    assert summary.startswith("#1 v1: 1 documents")
    assert heading.split() == ["document", "characters", "entities", "metrics", "segments"]
    assert card[0].startswith("annotators: ")
    assert row.split() == [gold_doc, str(len(TEXT)), "1", "0", "0"]
    assert main(["release", "--show", "v1", "--json", "--db", db_url]) == 0
    [detail] = json.loads(capsys.readouterr().out)["documents_detail"]
    assert (detail["doc_id"], detail["entities"], detail["metrics"]) == (gold_doc, 1, 0)
    monkeypatch.setenv("ANNOTATOR_USER", "li")
    assert main(["release", "v2", "--db", db_url]) == 2
    assert "not a curator" in capsys.readouterr().err
    assert main(["release", "--db", db_url]) == 2


def test_export_naming_a_release_writes_the_release_not_the_current_gold(
    database, gold_doc, zhang, tmp_path
):
    from annotator.services.exporting import export_layer

    create_release(database, "v1", zhang)
    editing.apply(editing.AddEntity(gold_doc, "gold", "ORG", 0, 6), database.uow, zhang)
    out = tmp_path / "v1.jsonl"
    export_layer(database, "jsonl", out, "gold", release="v1")
    assert out.read_bytes() == release_bytes(database, "v1")


def test_export_and_evaluate_commands_name_a_release_and_ignore_later_gold_edits(
    database, db_url, gold_doc, zhang, tmp_path, capsys
):
    create_release(database, "v1", zhang)
    released = tmp_path / "release.jsonl"
    assert (
        main(
            [
                "export",
                "--format",
                "jsonl",
                "--out",
                str(released),
                "--release",
                "v1",
                "--db",
                db_url,
            ]
        )
        == 0
    )
    assert released.read_bytes() == release_bytes(database, "v1")
    # The system predicts exactly the released gold; the gold then changes.
    editing.apply(editing.DeleteEntity(gold_doc, "gold", "e1"), database.uow, zhang)
    capsys.readouterr()
    assert (
        main(["evaluate", "--db", db_url, "--release", "v1", "--pred", str(released), "--json"])
        == 0
    )
    against_release = json.loads(capsys.readouterr().out)
    assert against_release["entities"]["strict"]["f1"] == 1.0
    assert main(["evaluate", "--db", db_url, "--pred", str(released), "--json"]) == 0
    against_current = json.loads(capsys.readouterr().out)
    assert against_current["entities"]["strict"]["f1"] != 1.0

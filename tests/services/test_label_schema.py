"""The project's label schema in the database: add, rename (annotations follow, undo), recolour,
retire, keys, and who may change it; on SQLite and PostgreSQL."""

import shutil
from pathlib import Path

import pytest

from annotator.domain.errors import InputError, NotFound, PermissionDenied, ValidationError
from annotator.services import editing
from annotator.services.label_schema import (
    add_label,
    label_rows,
    project_labels,
    recolor_label,
    rename_label,
    retire_label,
)
from annotator.services.permissions import Actor
from annotator.services.roles import add_curator
from annotator.store.database import open_database
from tests.helpers import entities, import_text, segments, snapshot

TEXT = "浏阳市住建局新增14000个停车位。"
LI = Actor("li")
ZHANG = Actor("zhang", curator=True)
DATA = Path(__file__).parents[1] / "data" / "db"


@pytest.fixture
def doc(database, tmp_path):
    return import_text(database, tmp_path, TEXT)


def _tag(database, doc, layer, label, start, end, actor):
    return editing.apply(editing.AddEntity(doc, layer, label, start, end), database.uow, actor)


def _curator_database(database):
    """On PostgreSQL every schema change needs a curator; so does a SQLite file with a list."""
    add_curator(database, "zhang", acting="zhang")
    return ZHANG


def test_a_new_database_holds_the_spec_labels(database):
    rows = label_rows(database)
    assert [r.name for r in rows if r.kind == "entity"] == [
        "PLACE",
        "ORG",
        "PERSON",
        "PROGRAM",
        "PROJECT",
        "DOCUMENT",
        "DATE",
    ]
    assert {r.name: r.key for r in rows}["DUPLICATE"] == "Shift+U"
    assert all(r.updated_at is not None for r in rows)  # stored, not the bundled fallback


def test_an_added_label_can_be_tagged_and_unknown_ones_still_cannot(database, doc):
    curator = _curator_database(database)
    add_label(
        database,
        curator,
        "METRIC",
        key="Q",
        zh="指标",
        en="Metric",
        description="a measured quantity",
    )
    assert "METRIC" in project_labels(database).entity_labels
    _tag(database, doc, "annotator:zhang", "METRIC", 8, 13, curator)
    assert [e.label for e in entities(database, doc, "annotator:zhang")] == ["METRIC"]
    with pytest.raises(ValidationError, match="unknown entity label 'GAME'"):
        _tag(database, doc, "annotator:zhang", "GAME", 0, 3, curator)


def test_an_added_segment_label_marks_segments(database, doc):
    curator = _curator_database(database)
    add_label(database, curator, "QUOTE", kind="segment", key="Shift+Q")
    editing.apply(editing.AddSegment(doc, "annotator:zhang", "QUOTE", 0, 6), database.uow, curator)
    assert [s.label for s in segments(database, doc, "annotator:zhang")] == ["QUOTE"]


def test_keys_never_collide_with_labels_or_the_windows_keys(database):
    curator = _curator_database(database)
    before = snapshot(database)
    with pytest.raises(InputError, match="key P is already PLACE's"):
        add_label(database, curator, "POLICY", key="p")
    with pytest.raises(InputError, match="key M is taken by the window"):
        add_label(database, curator, "MONEY", key="M")
    for reserved in ("I", "V", "H", "U", "Y", "E", "N", "X", "Shift+N", "Shift+X"):
        with pytest.raises(InputError, match="taken by the window"):
            add_label(database, curator, "MONEY", key=reserved)
    with pytest.raises(InputError, match="one letter"):
        add_label(database, curator, "MONEY", key="Ctrl+Q")
    with pytest.raises(InputError, match="already a label"):
        add_label(database, curator, "PLACE")
    with pytest.raises(InputError, match="label name 'money'"):
        add_label(database, curator, "money")
    assert snapshot(database) == before
    add_label(database, curator, "MONEY", key="Shift+P")  # Shift+P is not P
    keys = [r.key for r in label_rows(database) if r.key]
    assert len(keys) == len(set(keys))


def test_rename_moves_every_annotation_of_every_layer_and_its_inverse_moves_them_back(
    database, doc
):
    curator = _curator_database(database)
    _tag(database, doc, "annotator:zhang", "ORG", 3, 6, curator)
    _tag(database, doc, "annotator:li", "ORG", 3, 6, LI)
    _tag(database, doc, "gold", "ORG", 3, 6, curator)
    _tag(database, doc, "gold", "PLACE", 0, 3, curator)
    applied = editing.apply(editing.RenameLabel("ORG", "AGENCY"), database.uow, curator)
    for layer in ("annotator:zhang", "annotator:li", "gold"):
        assert "AGENCY" in [e.label for e in entities(database, doc, layer)]
        assert "ORG" not in [e.label for e in entities(database, doc, layer)]
    labels = project_labels(database)
    assert "AGENCY" in labels.entity_labels and "ORG" not in labels.entity_labels
    assert labels.spec("AGENCY").key == "O" and labels.spec("AGENCY").zh == "机构"
    assert applied.inverse == editing.RenameLabel("AGENCY", "ORG")
    editing.apply(applied.inverse, database.uow, curator)
    assert sorted(e.label for e in entities(database, doc, "gold")) == ["ORG", "PLACE"]
    assert [e.label for e in entities(database, doc, "annotator:li")] == ["ORG"]
    assert project_labels(database).entity_labels[1] == "ORG"  # back in its place


def test_rename_refuses_a_taken_name_and_the_apps_own_segment_labels(database):
    curator = _curator_database(database)
    with pytest.raises(InputError, match="PLACE is already a label"):
        rename_label(database, curator, "ORG", "PLACE")
    with pytest.raises(InputError, match="cannot be renamed"):
        rename_label(database, curator, "DUPLICATE", "REPEAT")
    with pytest.raises(NotFound, match="NOPE is not a label"):
        rename_label(database, curator, "NOPE", "YES")


def test_recolor(database):
    curator = _curator_database(database)
    recolor_label(database, curator, "PLACE", "#123ABC")
    assert project_labels(database).colour("PLACE") == "#123abc"
    with pytest.raises(InputError, match="expected #rrggbb"):
        recolor_label(database, curator, "PLACE", "blue")


def test_retire_is_refused_while_annotations_use_the_label(database, doc):
    curator = _curator_database(database)
    _tag(database, doc, "annotator:li", "PROJECT", 8, 13, LI)
    before = snapshot(database)
    with pytest.raises(InputError, match="PROJECT is used by 1 annotation"):
        retire_label(database, curator, "PROJECT")
    assert snapshot(database) == before
    retire_label(database, curator, "DOCUMENT")  # unused: retired at once
    assert "DOCUMENT" not in project_labels(database).entity_labels
    assert [r.retired for r in label_rows(database) if r.name == "DOCUMENT"] == [True]


def test_retire_with_map_to_relabels_in_the_same_change(database, doc):
    curator = _curator_database(database)
    _tag(database, doc, "annotator:li", "PROJECT", 8, 13, LI)
    _tag(database, doc, "gold", "PROJECT", 8, 13, curator)
    change = retire_label(database, curator, "PROJECT", map_to="PROGRAM")
    assert change.annotations == 2
    assert [e.label for e in entities(database, doc, "annotator:li")] == ["PROGRAM"]
    assert [e.label for e in entities(database, doc, "gold")] == ["PROGRAM"]
    assert "PROJECT" not in project_labels(database).entity_labels
    with pytest.raises(InputError, match="expected another entity label"):
        retire_label(database, curator, "PLACE", map_to="HEADLINE")


def test_a_non_curator_cannot_change_the_schema_of_a_team_database(database, doc):
    add_curator(database, "zhang", acting="zhang")
    before = snapshot(database)
    for change in (
        lambda: add_label(database, LI, "METRIC"),
        lambda: rename_label(database, LI, "ORG", "AGENCY"),
        lambda: recolor_label(database, LI, "ORG", "#000000"),
        lambda: retire_label(database, LI, "DOCUMENT"),
        lambda: editing.apply(editing.RenameLabel("ORG", "AGENCY"), database.uow, LI),
    ):
        with pytest.raises(PermissionDenied, match="li is not a curator; only curators change"):
            change()
    assert snapshot(database) == before


def test_on_sqlite_without_a_curator_list_anyone_changes_the_schema(sqlite_url):
    database = open_database(sqlite_url)
    try:
        add_label(database, LI, "METRIC")
        assert "METRIC" in project_labels(database).entity_labels
    finally:
        database.close()


@pytest.mark.postgres
def test_on_postgresql_only_curators_change_the_schema_even_without_a_list(database):
    if database.is_sqlite:
        pytest.skip("SQLite without a curator list: see the test above")
    with pytest.raises(PermissionDenied, match="only curators change the label schema"):
        add_label(database, LI, "METRIC")


def test_a_database_from_before_0004_gets_the_spec_labels_on_upgrade(tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(DATA / "schema-0002.sqlite3", path)
    database = open_database(str(path))
    try:
        rows = label_rows(database)
        assert len(rows) == 12 and all(r.updated_by == "annotator" for r in rows)
        assert project_labels(database).entity_labels[0] == "PLACE"
    finally:
        database.close()

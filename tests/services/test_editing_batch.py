"""A batch of commands edits one document in one layer: a command naming others is refused."""

import pytest

from annotator.domain.errors import ValidationError
from annotator.services import editing
from annotator.services.permissions import Actor
from tests.helpers import entities, import_text, snapshot

LI = Actor("li")
LAYER = "annotator:li"


@pytest.fixture
def docs(database, tmp_path):
    return (
        import_text(database, tmp_path, "浏阳市住建局新增停车位。", "first"),
        import_text(database, tmp_path, "长沙市新增公园。", "second"),
    )


@pytest.mark.parametrize("other", ["document", "layer", "nested batch"])
def test_batch_holding_a_command_for_another_document_or_layer_is_refused_and_changes_nothing(
    database, docs, other
):
    first, second = docs
    stray = {
        "document": editing.AddEntity(second, LAYER, "PLACE", 0, 3),
        "layer": editing.AddEntity(first, "gold", "PLACE", 0, 3),
        "nested batch": editing.Batch(
            first, LAYER, (editing.AddEntity(second, LAYER, "PLACE", 0, 3),)
        ),
    }[other]
    batch = editing.Batch(first, LAYER, (editing.AddEntity(first, LAYER, "ORG", 0, 6), stray))
    before = snapshot(database)

    with pytest.raises(ValidationError, match="cannot be part of a batch for document 'first'"):
        editing.apply(batch, database.uow, LI)

    assert snapshot(database) == before
    assert entities(database, first, LAYER) == entities(database, second, LAYER) == []


def test_batch_of_commands_on_its_own_document_and_layer_is_applied_and_undone(database, docs):
    first, _second = docs
    batch = editing.Batch(
        first,
        LAYER,
        (
            editing.AddEntity(first, LAYER, "PLACE", 0, 3),
            editing.AddEntity(first, LAYER, "ORG", 0, 6),
        ),
    )

    applied = editing.apply(batch, database.uow, LI)

    assert sorted((e.label, e.text) for e in entities(database, first, LAYER)) == [
        ("ORG", "浏阳市住建局"),
        ("PLACE", "浏阳市"),
    ]
    editing.apply(applied.inverse, database.uow, LI)
    assert entities(database, first, LAYER) == []

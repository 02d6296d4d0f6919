"""The Team menu: curators recognised from the database, agreement and curation beside the text."""

from __future__ import annotations

import pytest

from annotator.domain.entities import Entity
from annotator.domain.records import LayerRecord
from annotator.domain.text import Document
from annotator.formats.jsonl import record_line
from annotator.services import editing
from annotator.services.permissions import Actor
from annotator.services.roles import add_curator
from tests.helpers import entities

pytestmark = pytest.mark.gui
TEXT = "浏阳市住建局新增停车位。"


@pytest.fixture
def team_doc(store, add_text):
    """Two annotators agree on 浏阳市 and disagree on 住建局; zhang is the curator."""
    doc = add_text(TEXT)
    add_curator(store, "zhang", acting="zhang")
    for name, label in (("li", "ORG"), ("wang", "PROGRAM")):
        actor = Actor(name)
        editing.apply(editing.AddEntity(doc, f"annotator:{name}", "PLACE", 0, 3), store.uow, actor)
        editing.apply(editing.AddEntity(doc, f"annotator:{name}", label, 3, 6), store.uow, actor)
    return doc


def _team_actions(window) -> dict[str, object]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "Tea&m")
    return {a.text(): a for a in menu.actions()}


def test_curator_from_the_database_gets_curation_and_annotator_does_not(open_window, team_doc):
    curator = open_window(user="zhang", document=team_doc)
    assert curator.workbench.actor == Actor("zhang", curator=True)
    assert _team_actions(curator)["Curation…"].isEnabled()

    annotator = open_window(user="li", document=team_doc)
    assert annotator.workbench.actor == Actor("li", curator=False)
    actions = _team_actions(annotator)
    assert actions["Agreement…"].isEnabled()
    assert not actions["Curation…"].isEnabled()
    assert annotator.team.open_curation() is None


def test_agreement_window_shows_the_pair_of_annotators(open_window, team_doc, qtbot):
    window = open_window(user="li", document=team_doc)
    opened = window.team.open_agreement()
    widget = opened.findChild(type(opened), "agreement")
    qtbot.waitUntil(lambda: widget.report is not None, timeout=20000)

    assert opened.isVisible() and opened.windowTitle() == "Agreement between annotators"
    table = widget.table
    assert table.rowCount() == 1
    assert (table.item(0, 0).text(), table.item(0, 1).text()) == ("annotator:li", "annotator:wang")
    assert table.item(0, 3).text() == "0.500"  # entity F1, exact: one of two spans agree


def test_gold_decision_in_curation_redraws_the_gold_comparison_and_keeps_stacks_apart(
    open_window, team_doc, store, tmp_path, qtbot
):
    window = open_window(user="zhang", document=team_doc)
    predicted = tmp_path / "sys.jsonl"
    record = LayerRecord(Document("x", TEXT), None, (Entity("e1", "PLACE", 0, 3, "浏阳市"),))
    predicted.write_text(record_line(record) + "\n", encoding="utf-8")
    window.predictions.start_load(predicted, "jsonl", "pred:sys")
    qtbot.waitUntil(lambda: window.predictions.legend.isVisible(), timeout=20000)
    window.actions["compare_gold"].setChecked(True)
    assert window.predictions.counts == {"spurious": 1}
    own_steps = window.workbench.undo_stack.count()

    window.team.open_curation()
    curation = window.team.curation
    assert curation.doc_id == team_doc  # opened on the document the window shows
    assert curation.accept_unanimous()

    assert [(e.label, e.text) for e in entities(store, team_doc, "gold")] == [("PLACE", "浏阳市")]
    assert window.predictions.counts == {"correct": 1}
    assert window.workbench.undo_stack.count() == own_steps
    curation.undo_stack.undo()
    assert entities(store, team_doc, "gold") == []
    assert window.predictions.counts == {"spurious": 1}

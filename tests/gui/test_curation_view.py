"""The curation view: versions side by side with disagreements marked, decisions saved at once
into gold and undone through the undo stack."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor

from annotator.domain.metrics import Approx, Aspect, Field, Metric, Status
from annotator.domain.status import DocumentStatus
from annotator.gui.curation_view import DISAGREEMENT, UNANIMOUS, CurationWidget
from annotator.services import curation, editing
from annotator.services.documents import load_document
from annotator.services.permissions import Actor
from annotator.services.roles import actor_for, add_curator
from tests.helpers import entities, import_text, metrics

pytestmark = pytest.mark.gui
TEXT = "<b>浏阳市</b>住建局新增14000个停车位。长沙市新增300个。"
LI, WANG = Actor("li"), Actor("wang")


def _metric(value, number, status=Status.ACHIEVED):
    start = TEXT.index(value)
    end = start + len(value)
    return Metric("", value=Field(start, end, value, number=number),
                  unit=Field(end, end + 1, "个", normalized="个"), approx=Approx.EXACT,
                  status=status, aspect=Aspect.INCREASE)


@pytest.fixture
def widget(qtbot, store, tmp_path):
    doc = import_text(store, tmp_path, TEXT)
    add_curator(store, "zhang", acting="zhang")
    for actor, status in ((LI, Status.ACHIEVED), (WANG, Status.PLANNED)):
        layer = f"annotator:{actor.name}"
        editing.apply(editing.AddEntity(doc, layer, "PLACE", 3, 6), store.uow, actor)
        editing.apply(editing.SaveMetric(doc, layer, _metric("14000", 14000, status)),
                      store.uow, actor)
        editing.apply(editing.SaveMetric(doc, layer, _metric("300", 300)), store.uow, actor)
    editing.apply(editing.AddEntity(doc, "annotator:li", "ORG", 3, 13), store.uow, LI)
    view = CurationWidget(store, actor_for(store, "zhang"))
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    return view


def _row(table, text):
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == text)


def test_versions_side_by_side_mark_disagreements_and_show_text_as_is(widget):
    assert widget.text_view.toPlainText() == TEXT  # "<b>" is text, not markup
    table = widget.entity_table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Label", "Text", "Span", "li", "wang", "gold"]
    place, org = _row(table, "PLACE"), _row(table, "ORG")
    assert table.item(place, 0).background().color() == UNANIMOUS
    assert table.item(org, 0).background().color() == DISAGREEMENT
    assert [table.item(org, c).text() for c in (1, 3, 4)] == ["浏阳市</b>住建局", "✓ e2", ""]
    metric_row = _row(widget.metric_table, "14000")
    assert widget.metric_table.item(metric_row, 1).text() == "status"
    assert len(widget.text_view.extraSelections()) == 2  # ORG and the value 14000


def test_accept_all_unanimous_saves_at_once_and_undo_redo_go_through_the_log(widget, store):
    doc = widget.doc_id
    widget.reason.setText("both agree")
    widget.unanimous_button.click()
    assert [e.text for e in entities(store, doc, "gold")] == ["浏阳市"]
    assert [m.value.text for m in metrics(store, doc, "gold")] == ["300"]
    widget.undo_button.click()
    assert entities(store, doc, "gold") == [] and metrics(store, doc, "gold") == []
    widget.redo_button.click()
    assert [e.text for e in entities(store, doc, "gold")] == ["浏阳市"]
    assert [d.decision for d in curation.decisions(store, doc)] == [
        "accept_unanimous", "undo", "redo"]
    assert curation.decisions(store, doc)[0].reason == "both agree"


def test_curator_takes_a_version_then_settles_a_field_from_another_annotator(widget, store):
    doc = widget.doc_id
    table = widget.metric_table
    row = _row(table, "14000")
    table.setCurrentCell(row, 3)  # wang's version: planned
    assert widget.take_selected()
    assert metrics(store, doc, "gold")[0].status is Status.PLANNED
    assert widget.metric_table.currentRow() == row
    status_row = list(widget.field_table.verticalHeaderItem(r).text()
                      for r in range(widget.field_table.rowCount())).index("status")
    assert widget.field_table.item(status_row, 0).background().color() == DISAGREEMENT
    widget.field_table.setCurrentCell(status_row, 0)  # li's value: achieved
    assert widget.settle_selected_field()
    assert metrics(store, doc, "gold")[0].status is Status.ACHIEVED
    widget.undo_stack.undo()
    assert metrics(store, doc, "gold")[0].status is Status.PLANNED


def test_curator_adds_selected_text_relabels_and_removes_it(widget, store):
    doc = widget.doc_id
    cursor = widget.text_view.textCursor()
    start = TEXT.index("长沙市")
    cursor.setPosition(start)
    cursor.setPosition(start + 3, QTextCursor.MoveMode.KeepAnchor)
    widget.text_view.setTextCursor(cursor)
    widget.label_choice.setCurrentText("ORG")
    assert widget.add_selection()
    assert [(e.label, e.text) for e in entities(store, doc, "gold")] == [("ORG", "长沙市")]
    widget.entity_table.setCurrentCell(
        next(r for r in range(widget.entity_table.rowCount())
             if widget.entity_table.item(r, 1).text() == "长沙市"), 0)
    widget.label_choice.setCurrentText("PLACE")
    assert widget.relabel_selected()
    assert [(e.label, e.text) for e in entities(store, doc, "gold")] == [("PLACE", "长沙市")]
    assert widget.remove_selected()
    assert entities(store, doc, "gold") == []


def test_gold_status_is_set_per_document(widget, store):
    widget.gold_status.setCurrentIndex(widget.gold_status.findData(DocumentStatus.DONE))
    assert widget.set_gold_status()
    assert load_document(store, widget.doc_id, "gold").status is DocumentStatus.DONE


def test_refused_decision_changes_nothing_and_says_why(widget, store):
    widget.entity_table.setCurrentCell(0, 0)  # a label cell, not an annotator's version
    assert not widget.take_selected()
    assert "Select an annotator's version" in widget.message.text()
    assert widget.undo_stack.count() == 0


def test_view_refuses_a_non_curator(qtbot, store, tmp_path):
    import_text(store, tmp_path, TEXT)
    view = CurationWidget(store, Actor("li"))
    qtbot.addWidget(view)
    assert "li is not a curator" in view.message.text()
    assert not view.isEnabled()


def test_curator_creates_a_gold_metric_from_the_selection_and_edits_it_in_the_form(widget, store):
    doc = widget.doc_id
    cursor = widget.text_view.textCursor()
    start = TEXT.index("300")
    cursor.setPosition(start)
    cursor.setPosition(start + 3, QTextCursor.MoveMode.KeepAnchor)
    widget.text_view.setTextCursor(cursor)
    assert widget.new_metric_from_selection()
    [gold] = metrics(store, doc, "gold")
    assert (gold.value.text, gold.number) == ("300", 300)
    assert widget.metric_form.metric.id == gold.id
    combo = widget.metric_form.combos["aspect"]
    combo.setCurrentIndex(combo.findData(Aspect.TOTAL.value))
    combo.activated.emit(combo.currentIndex())  # as a user's pick does
    assert metrics(store, doc, "gold")[0].aspect is Aspect.TOTAL
    widget.undo_stack.undo()
    assert metrics(store, doc, "gold")[0].aspect is None
    widget.undo_stack.undo()
    assert metrics(store, doc, "gold") == []


def test_undo_of_a_decision_another_curator_changed_is_refused_and_leaves_the_stack(
        widget, store):
    doc = widget.doc_id
    widget.entity_table.setCurrentCell(_row(widget.entity_table, "ORG"), 3)
    assert widget.take_selected()
    [taken] = entities(store, doc, "gold")
    # another curator's window removes it meanwhile
    curation.remove_entity(store, actor_for(store, "zhang"), doc, taken.id)
    widget.undo_stack.undo()
    assert "no longer exists" in widget.message.text()
    assert widget.undo_stack.count() == 0
    assert entities(store, doc, "gold") == []

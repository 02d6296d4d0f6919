"""The main window, driven offscreen through keys and widgets, checked in the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from annotator.domain.metrics import (
    Approx,
    Aspect,
    Field,
    Metric,
    Provenance,
    ProvenanceKind,
    Status,
)
from annotator.domain.status import DocumentStatus
from annotator.services import editing
from annotator.services.documents import load_document
from annotator.services.permissions import Actor
from tests.gui.conftest import press, select, select_text
from tests.helpers import entities, metrics, snapshot

pytestmark = pytest.mark.gui
LAYER = "annotator:li"
TEXT = "𠀀浏阳市住建局新增14000个停车位。"


def test_label_key_after_non_bmp_char_stores_code_point_offsets_and_undo_removes_it(
    open_window, add_text, store, qtbot
):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    select(window, 2, 5)  # 𠀀 is two UTF-16 units
    press(qtbot, window, Qt.Key.Key_P)

    assert [(e.label, e.start, e.end, e.text) for e in entities(store, doc, LAYER)] == [
        ("PLACE", 1, 4, "浏阳市")
    ]
    window.undo_action.trigger()
    assert entities(store, doc, LAYER) == []
    window.redo_action.trigger()
    assert [(e.id, e.start, e.end) for e in entities(store, doc, LAYER)] == [("e1", 1, 4)]


def test_entity_is_painted_with_its_label_colour_in_utf16_positions(open_window, add_text):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    select(window, 2, 5)
    window.actions.entity["PLACE"].trigger()

    painted = [
        (s.cursor.selectionStart(), s.cursor.selectionEnd(), s.format.background().color().name())
        for s in window.text_view.extraSelections()
    ]
    assert painted == [(2, 5, "#8ecae6")]


def test_markup_in_text_shows_literally(open_window, add_text, qtbot):
    text = "标题<b>加粗</b> &amp; <img src=x.png> 结束5个"
    window = open_window(document=add_text(text))

    assert window.text_view.toPlainText() == text
    assert window.text_view.document().toPlainText() == text
    select_text(window, "5")
    press(qtbot, window, Qt.Key.Key_M)
    select_text(window, "<b>加粗</b>")
    press(qtbot, window, Qt.Key.Key_I)
    value = window.form.span_edits["indicator"]
    assert value.text().startswith("<b>加粗</b>")
    assert "&lt;b&gt;加粗&lt;/b&gt;" in value.toolTip()  # escaped: Qt renders HTML tooltips
    select_text(window, "<img src=x.png>")
    press(qtbot, window, Qt.Key.Key_D)
    assert window.annotations.entity_model.index(0, 1).data() == "<img src=x.png>"


def test_delete_key_removes_clicked_entity(open_window, add_text, store, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    select_text(window, "浏阳市住建局")
    press(qtbot, window, Qt.Key.Key_O)
    cursor = window.text_view.textCursor()
    cursor.clearSelection()
    window.text_view.setTextCursor(cursor)
    qtbot.mouseClick(
        window.text_view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.text_view.cursorRect(_cursor_at(window, 4)).center(),
    )
    assert window.text_view.selected_entity == "e1"
    press(qtbot, window, Qt.Key.Key_Delete)

    assert entities(store, doc, LAYER) == []


def _cursor_at(window, u16: int):
    cursor = window.text_view.textCursor()
    cursor.setPosition(u16)
    return cursor


def test_label_key_on_selected_entity_relabels_it(open_window, add_text, store, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    select_text(window, "浏阳市住建局")
    press(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, Qt.Key.Key_O)  # the new entity stays selected: a key relabels it

    assert [(e.id, e.label, e.text) for e in entities(store, doc, LAYER)] == [
        ("e1", "ORG", "浏阳市住建局")
    ]


def test_boundary_keys_move_the_selected_entity(open_window, add_text, store, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    select_text(window, "浏阳市住")
    press(qtbot, window, Qt.Key.Key_O)
    press(
        qtbot,
        window,
        Qt.Key.Key_Right,
        Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    press(
        qtbot,
        window,
        Qt.Key.Key_Right,
        Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier,
    )

    assert [e.text for e in entities(store, doc, LAYER)] == ["浏阳市住建局"]


def test_segment_key_marks_duplicate_paragraph_dimmed(open_window, add_text, store, qtbot):
    doc = add_text("第一段。\n第一段。\n")
    window = open_window(document=doc)
    select_text(window, "第一段。", occurrence=1)
    press(qtbot, window, Qt.Key.Key_U, Qt.KeyboardModifier.ShiftModifier)

    view = load_document(store, doc, LAYER)
    assert [(s.label, s.start, s.end) for s in view.segments] == [("DUPLICATE", 5, 9)]
    assert any(
        s.format.foreground().color().name() == "#9a9a9a"
        for s in window.text_view.extraSelections()
    )


def test_refused_edit_changes_nothing_and_leaves_no_undo_step(open_window, add_text, store, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    select_text(window, "浏阳市")
    press(qtbot, window, Qt.Key.Key_P)
    before = snapshot(store)
    window.text_view.set_selected_entity(None)
    select_text(window, "浏阳市")
    press(qtbot, window, Qt.Key.Key_P)  # the same label on the same span again

    assert snapshot(store) == before
    assert window.workbench.undo_stack.count() == 1
    assert "already tagged" in window.statusBar().currentMessage()


def test_metric_filled_through_form_is_stored_with_every_field(open_window, add_text, store, qtbot):
    doc = add_text("2023年浏阳市住建局新增停车位14000个。另有一项。")
    window = open_window(document=doc)
    for word, key in (("浏阳市", Qt.Key.Key_P), ("浏阳市住建局", Qt.Key.Key_O)):
        window.text_view.set_selected_entity(None)
        select_text(window, word)
        press(qtbot, window, key)
    select_text(window, "14000")
    press(qtbot, window, Qt.Key.Key_M)
    form = window.form
    assert form.metric is not None
    for word, key in (("停车位", Qt.Key.Key_I), ("个", Qt.Key.Key_U), ("2023年", Qt.Key.Key_Y)):
        select_text(window, word)
        press(qtbot, window, key)
    _choose(qtbot, form.combos["approx"], "about")
    _choose(qtbot, form.combos["status"], "achieved")
    _choose(qtbot, form.combos["aspect"], "increase")
    _choose(qtbot, form.combos["place"], "e1")
    _choose(qtbot, form.combos["org"], "e2")
    form.note.setText("检查过")
    form.note.editingFinished.emit()

    [metric] = metrics(store, doc, LAYER)
    assert metric.indicator == Field(13, 16, "停车位")
    assert metric.value == Field(16, 21, "14000", number=14000)
    assert metric.unit == Field(21, 22, "个", normalized="个")
    assert metric.period == Field(0, 5, "2023年", normalized="2023")
    assert metric.evidence is not None and metric.evidence.text.startswith("2023年")
    assert (metric.approx, metric.status, metric.aspect) == (
        Approx.ABOUT,
        Status.ACHIEVED,
        Aspect.INCREASE,
    )
    assert (metric.place, metric.org, metric.note) == ("e1", "e2", "检查过")
    assert metric.provenance == Provenance(ProvenanceKind.MANUAL)  # pre-filled, but by hand
    assert window.annotations.metric_model.index(0, 3).data() == "✓"


def _choose(qtbot, combo, data: str) -> None:
    combo.setCurrentIndex(combo.findData(data))
    combo.activated.emit(combo.currentIndex())


def test_incomplete_metric_is_saved_and_flagged_inline(open_window, add_text, store, qtbot):
    doc = add_text("浏阳市新增停车位14000个。")
    window = open_window(document=doc)
    select_text(window, "14000")
    press(qtbot, window, Qt.Key.Key_M)
    qtbot.mouseClick(window.form.findChild(QToolButton, "value_clear"), Qt.MouseButton.LeftButton)

    [metric] = metrics(store, doc, LAYER)
    assert metric.value is None
    assert window.form.rows["value"].problem.isVisibleTo(window.form)
    assert window.annotations.metric_model.index(0, 3).data().startswith("✗")


def test_concurrent_metric_change_is_refused_with_a_message(open_window, add_text, store, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    select_text(window, "14000")
    press(qtbot, window, Qt.Key.Key_M)
    [stored] = metrics(store, doc, LAYER)
    # Another window of the same annotator saves first.
    editing.apply(
        editing.SaveMetric(doc, LAYER, stored.with_changes(note="elsewhere")),
        store.uow,
        Actor("li"),
    )
    window.form.note.setText("here")
    window.form.note.editingFinished.emit()

    assert [m.note for m in metrics(store, doc, LAYER)] == ["elsewhere"]
    assert "changed" in window.last_error or "version" in window.last_error
    assert window.form.note.text() == "elsewhere"  # the form shows what is stored now


def test_done_and_next_marks_done_and_opens_the_next_document(open_window, add_text, store, qtbot):
    first = add_text("第一篇。", "a")
    second = add_text("第二篇。", "b")
    window = open_window(document=first)
    qtbot.keyClick(window.text_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert load_document(store, first, LAYER).status is DocumentStatus.DONE
    assert window.workbench.doc_id == second
    assert window.text_view.toPlainText() == "第二篇。"
    assert "done 1 / 2" in window.progress_label.text()


def test_skip_with_reason_moves_on(open_window, add_text, store):
    first = add_text("第一篇。", "a")
    add_text("第二篇。", "b")
    window = open_window(document=first)
    window.skip_document("广告")

    view = load_document(store, first, LAYER)
    assert (view.status, view.status_reason) == (DocumentStatus.SKIPPED, "广告")
    assert window.workbench.doc_id == "b"


def test_close_and_reopen_shows_everything_saved(open_window, add_text, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    select_text(window, "浏阳市")
    press(qtbot, window, Qt.Key.Key_P)
    select_text(window, "14000")
    press(qtbot, window, Qt.Key.Key_M)
    window.close()

    again = open_window()
    view = again.workbench.view
    assert view.document.doc_id == doc  # the last document is reopened
    assert [e.text for e in view.entities] == ["浏阳市"]
    assert [m.value.text for m in view.metrics] == ["14000"]
    assert view.status is DocumentStatus.IN_PROGRESS
    assert len(again.text_view.extraSelections()) == 1


def test_spans_below_the_first_screen_are_painted_once_scrolled_to(open_window, add_text, store):
    paragraph = "浏阳市新增停车位。" * 8 + "\n"
    doc = add_text(paragraph * 200 + "长沙市")
    last = len(paragraph) * 200
    editing.apply(editing.AddEntity(doc, LAYER, "PLACE", last, last + 3), store.uow, Actor("li"))
    window = open_window(document=doc)
    view = window.text_view

    def painted() -> list[int]:
        return [s.cursor.selectionStart() for s in view.extraSelections()]

    assert last not in painted()
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    assert last in painted()


def test_view_after_edits_matches_the_database(open_window, add_text, store, qtbot):
    doc = add_text("第一段。\n" + TEXT)
    window = open_window(document=doc)
    for word, key in (("浏阳市", Qt.Key.Key_P), ("住建局", Qt.Key.Key_O)):
        window.text_view.set_selected_entity(None)
        select_text(window, word)
        press(qtbot, window, key)
    select_text(window, "第一段。")
    press(qtbot, window, Qt.Key.Key_U, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, Qt.Key.Key_Delete)  # the selected entity, 住建局
    window.undo_action.trigger()
    window.undo_action.trigger()

    fresh = load_document(store, doc, LAYER)
    shown = window.workbench.view
    assert (sorted(shown.entities, key=str), shown.segments, shown.status) == (
        sorted(fresh.entities, key=str),
        fresh.segments,
        fresh.status,
    )


def test_choosing_a_metric_in_the_list_scrolls_its_value_into_view(open_window, add_text, store):
    doc = add_text("前言。\n" * 300 + "新增14000个停车位。")
    start = len("前言。\n" * 300) + 2
    editing.apply(
        editing.SaveMetric(
            doc, LAYER, Metric("", value=Field(start, start + 5, "14000", number=14000))
        ),
        store.uow,
        Actor("li"),
    )
    window = open_window(document=doc)
    view = window.text_view
    assert view.firstVisibleBlock().blockNumber() == 0
    window.annotations.metric_chosen.emit("m1")

    assert window.form.metric.id == "m1"
    assert view.firstVisibleBlock().blockNumber() > 250


def test_keyboard_selection_with_shift_arrows_then_key_tags(open_window, add_text, store, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    cursor = window.text_view.textCursor()
    cursor.setPosition(2)  # after 𠀀
    window.text_view.setTextCursor(cursor)
    for _ in range(3):
        press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, Qt.Key.Key_T)

    assert [(e.label, e.start, e.end) for e in entities(store, doc, LAYER)] == [("DATE", 1, 4)]


def test_delete_metric_from_the_list_and_undo_brings_it_back(open_window, add_text, store, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    select_text(window, "14000")
    press(qtbot, window, Qt.Key.Key_M)
    window.actions["delete_metric"].trigger()
    assert metrics(store, doc, LAYER) == []
    window.undo_action.trigger()
    assert [m.id for m in metrics(store, doc, LAYER)] == ["m1"]


def test_undo_of_an_edit_on_another_document_opens_that_document(
    open_window, add_text, store, qtbot
):
    first = add_text("第一篇 浏阳市。", "a")
    add_text("第二篇。", "b")
    window = open_window(document=first)
    select_text(window, "浏阳市")
    press(qtbot, window, Qt.Key.Key_P)
    window.workbench.open_document("b")
    window.undo_action.trigger()

    assert entities(store, first, LAYER) == []
    assert window.workbench.doc_id == first
    assert window.text_view.extraSelections() == []


def test_form_number_implicit_period_repeat_link_and_clear(open_window, add_text, store, qtbot):
    doc = add_text("投入2800余万元。\n投入2800余万元。")
    window = open_window(document=doc)
    select_text(window, "2800余万")
    press(qtbot, window, Qt.Key.Key_M)
    select_text(window, "2800余万", occurrence=1)
    press(qtbot, window, Qt.Key.Key_M)
    form = window.form
    form.number_edits["value"].setText("2.8e7")
    form.number_edits["value"].editingFinished.emit()
    form.normalized_edits["period"].setText("2023")
    form.period_implicit.click()
    _choose(qtbot, form.combos["duplicate_of"], "m1")
    qtbot.mouseClick(form.findChild(QToolButton, "unit_clear"), Qt.MouseButton.LeftButton)

    stored = {m.id: m for m in metrics(store, doc, LAYER)}
    assert stored["m1"].number == 28000000 and stored["m1"].unit is not None
    m2 = stored["m2"]
    assert (m2.number, m2.approx, m2.duplicate_of, m2.unit) == (28000000, Approx.OVER, "m1", None)
    assert m2.period == Field(normalized="2023", implicit=True)
    assert form.span_edits["period"].text() == "(implicit)"


def test_undo_refused_after_a_change_elsewhere_leaves_the_stack(
    open_window, add_text, store, qtbot
):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    select_text(window, "浏阳市")
    press(qtbot, window, Qt.Key.Key_P)
    editing.apply(editing.DeleteEntity(doc, LAYER, "e1"), store.uow, Actor("li"))  # elsewhere
    window.undo_action.trigger()

    assert window.workbench.undo_stack.count() == 0
    assert "e1" in window.last_error
    assert entities(store, doc, LAYER) == []


def test_repeated_paragraphs_are_dimmed_and_marked_duplicate_in_one_undo_step(
    open_window, add_text, store
):
    text = "浏阳市新增停车位一万个。\n别的段落写别的内容。\n浏阳市新增停车位一万个。\n"
    doc = add_text(text)
    window = open_window(document=doc)
    repeat = text.rindex("浏阳市")
    dimmed = [
        (s.cursor.selectionStart(), s.cursor.selectionEnd())
        for s in window.text_view.extraSelections()
        if s.format.foreground().color().name() == "#9a9a9a"
    ]
    assert dimmed == [(repeat, repeat + 12)]

    window.actions["mark_repeats"].trigger()
    assert [(s.label, s.start, s.end) for s in load_document(store, doc, LAYER).segments] == [
        ("DUPLICATE", repeat, repeat + 12)
    ]
    window.undo_action.trigger()
    assert load_document(store, doc, LAYER).segments == ()
    window.redo_action.trigger()
    assert [s.id for s in load_document(store, doc, LAYER).segments] == ["s1"]

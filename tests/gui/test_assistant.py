"""The metric assistant in the window: suggestions shown, reviewed by key, counted, undone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.domain.metrics import Field, Metric, ProvenanceKind
from annotator.gui.widgets.marks import MarkStyle
from annotator.services.project_settings import blind_position, set_blind_share
from annotator.services.suggesting import suggest_all, unreviewed
from tests.gui.conftest import press, select_text
from tests.helpers import metrics

pytestmark = pytest.mark.gui
LAYER = "annotator:li"
TEXT = "2023年,浏阳市新增14000个停车位;累计建成高标准农田20.26万亩。"


@pytest.fixture
def suggested(store, add_text):
    doc = add_text(TEXT)
    suggest_all(store)
    return doc


def _selected_text(window) -> str:
    return window.text_view.textCursor().selectedText()


def _suggestion_count(window) -> int:
    return len(window.text_view.marks("suggestions"))


def test_unreviewed_suggestions_are_dashed_marks_counted_in_the_status_bar(
    open_window, suggested, store
):
    window = open_window(document=suggested)

    marks = window.text_view.marks("suggestions")
    assert [(m.start, m.end, m.style) for m in marks] == [
        (m.value.start, m.value.end, MarkStyle.SUGGESTION)
        for m in unreviewed(store, suggested, "li")
    ]
    assert [TEXT[m.start : m.end] for m in marks] == ["14000", "20.26万"]
    assert marks[1].tooltip == "Suggestion: 202600 亩 (exact)\nCtrl+click: accept"
    assert window.suggestion_label.text() == "2 suggestions to review"


def test_n_selects_the_next_suggestion_and_enter_accepts_it_as_suggested(
    open_window, suggested, store, qtbot
):
    window = open_window(document=suggested)
    window.text_view.setFocus()
    press(qtbot, window, Qt.Key.Key_N)
    assert _selected_text(window) == "14000"
    press(qtbot, window, Qt.Key.Key_N)
    assert _selected_text(window) == "20.26万"
    press(qtbot, window, Qt.Key.Key_N)  # wraps round
    assert _selected_text(window) == "14000"
    press(qtbot, window, Qt.Key.Key_Return)

    [metric] = metrics(store, suggested, LAYER)
    assert (metric.value.text, metric.number, metric.unit.normalized) == ("14000", 14000, "个")
    assert metric.indicator is not None and metric.indicator.text == "停车位"
    assert metric.provenance.kind is ProvenanceKind.SUGGESTED
    assert window.form.metric is not None and window.form.metric.id == metric.id
    assert window.suggestion_label.text() == "1 suggestion to review"
    assert [TEXT[m.start : m.end] for m in window.text_view.marks("suggestions")] == ["20.26万"]


def test_accepted_suggestion_opens_the_form_on_its_first_empty_field_and_edits_mark_it(
    open_window, add_text, store, qtbot
):
    doc = add_text("浏阳市共有停车位约300个。")  # no period in the sentence
    suggest_all(store)
    window = open_window(document=doc)
    window.text_view.setFocus()
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_Return)

    form = window.form
    # The window's focus widget: offscreen, no window is active to hold the application's.
    assert window.focusWidget() is form.first_empty_editor() is form.normalized_edits["period"]
    form.normalized_edits["period"].setText("2023")
    form.normalized_edits["period"].editingFinished.emit()
    [metric] = metrics(store, doc, LAYER)
    assert metric.period is not None and metric.period.normalized == "2023"
    assert metric.provenance.kind is ProvenanceKind.SUGGESTED_EDITED


def test_note_on_an_accepted_suggestion_keeps_it_suggested(open_window, suggested, store, qtbot):
    window = open_window(document=suggested)
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_Return)
    window.form.note.setText("看过")
    window.form.note.editingFinished.emit()

    [metric] = metrics(store, suggested, LAYER)
    assert (metric.note, metric.provenance.kind) == ("看过", ProvenanceKind.SUGGESTED)


def test_accepting_is_one_undo_step_that_brings_the_suggestion_back(
    open_window, suggested, store, qtbot
):
    window = open_window(document=suggested)
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_Return)
    window.undo_action.trigger()

    assert metrics(store, suggested, LAYER) == []
    assert _suggestion_count(window) == 2
    window.redo_action.trigger()
    assert [m.value.text for m in metrics(store, suggested, LAYER)] == ["14000"]
    assert _suggestion_count(window) == 1


def test_x_rejects_durably_moves_on_and_undo_restores_it(open_window, suggested, store, qtbot):
    window = open_window(document=suggested)
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_X)

    assert [m.value.text for m in unreviewed(store, suggested, "li")] == ["20.26万"]
    assert metrics(store, suggested, LAYER) == []
    assert _selected_text(window) == "20.26万"  # on to the next one
    assert window.suggestion_label.text() == "1 suggestion to review"
    window.undo_action.trigger()
    assert len(unreviewed(store, suggested, "li")) == 2
    assert _suggestion_count(window) == 2
    window.redo_action.trigger()
    assert len(unreviewed(store, suggested, "li")) == 1


def test_m_on_a_number_makes_a_manual_metric_that_covers_the_suggestion(
    open_window, suggested, store, qtbot
):
    window = open_window(document=suggested)
    select_text(window, "14000")
    press(qtbot, window, Qt.Key.Key_M)

    [metric] = metrics(store, suggested, LAYER)
    assert metric.provenance.kind is ProvenanceKind.MANUAL
    assert metric.unit is not None and metric.unit.normalized == "个"  # still pre-filled
    assert window.suggestion_label.text() == "1 suggestion to review"


def test_blind_document_shows_no_suggestions_and_says_so(open_window, add_text, store, qtbot):
    docs = [add_text(f"第{n}篇新增{n + 10}个停车位。", f"d{n}") for n in range(12)]
    suggest_all(store)
    set_blind_share(store, 0.5, "li")
    blind = next(d for d in docs if blind_position(d, "li") < 0.5)
    window = open_window(document=blind)

    assert window.text_view.marks("suggestions") == ()
    assert window.suggestion_label.text() == "Blind document: no suggestions"
    press(qtbot, window, Qt.Key.Key_N)
    assert _selected_text(window) == ""


def test_snap_widens_a_partial_selection_to_number_and_unit(open_window, suggested, qtbot):
    window = open_window(document=suggested)
    select_text(window, "400")  # inside 14000
    press(qtbot, window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)

    assert _selected_text(window) == "14000个"


def test_suggest_all_from_the_menu_runs_in_the_background_and_shows_the_count(
    open_window, add_text, store, qtbot
):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    assert window.suggestion_label.text() == "No suggestions to review"
    window.assistant.suggest_all()
    qtbot.waitUntil(
        lambda: window.suggestion_label.text() == "2 suggestions to review", timeout=20000
    )

    assert all(isinstance(m, Metric) for m in unreviewed(store, doc, "li"))
    assert "2 suggestions written for 1 documents" in window.statusBar().currentMessage()


def test_chinese_window_counts_suggestions_in_chinese(open_window, suggested):
    window = open_window(document=suggested)
    session = window.session
    window.language_requested.emit("zh_CN")
    chinese = session.window
    try:
        assert chinese.suggestion_label.text() == "建议 2 条待审"
        assert chinese.text_view.marks("suggestions")[0].tooltip.startswith("建议")
    finally:
        chinese.language_requested.emit("en")
        session.window.close()


def test_rejection_undone_after_a_language_switch_shows_in_the_new_window(
    open_window, suggested, store, qtbot
):
    window = open_window(document=suggested)
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_X)
    session = window.session
    window.language_requested.emit("zh_CN")
    chinese = session.window
    try:
        chinese.undo_action.trigger()
        assert len(unreviewed(store, suggested, "li")) == 2
        assert _suggestion_count(chinese) == 2
    finally:
        chinese.language_requested.emit("en")
        session.window.close()


def test_undoing_a_rejection_made_on_another_document_opens_it(open_window, add_text, store, qtbot):
    first = add_text(TEXT, "a")
    second = add_text("新增300个。", "b")
    suggest_all(store)
    window = open_window(document=first)
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_X)
    window.workbench.open_document(second)
    window.undo_action.trigger()

    assert window.workbench.doc_id == first
    assert _suggestion_count(window) == 2


def test_the_second_figure_of_a_paragraph_takes_the_firsts_frame_and_says_so(
    open_window, suggested, store, qtbot
):
    window = open_window(document=suggested)
    select_text(window, "浏阳市")
    press(qtbot, window, Qt.Key.Key_P)
    window.text_view.set_selected_entity(None)
    select_text(window, "14000")
    press(qtbot, window, Qt.Key.Key_Return)
    [first] = metrics(store, suggested, LAYER)
    window.form.combos["place"].setCurrentIndex(0)  # the annotator says: no place here
    window.form.combos["place"].activated.emit(0)
    window.text_view.setFocus()
    select_text(window, "20.26万")
    press(qtbot, window, Qt.Key.Key_Return)

    second = next(m for m in metrics(store, suggested, LAYER) if m.id != first.id)
    assert second.place is None and second.period == Field(normalized="2023", implicit=True)
    # Only what was taken over is named: the place both leave empty is not.
    assert window.statusBar().currentMessage() == "Same period as 14000 before it"

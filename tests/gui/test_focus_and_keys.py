"""Keys reach the text after the form is used; M refuses a selection with no number."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.domain.metrics import Approx
from tests.gui.conftest import activate, press, select_text
from tests.helpers import entities, metrics

pytestmark = pytest.mark.gui
LAYER = "annotator:li"
TEXT = "2023年浏阳市新增停车位14000个。"


def test_after_choosing_in_a_combo_box_the_next_label_key_tags(open_window, add_text, store, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    activate(qtbot, window)
    select_text(window, "14000")
    press(qtbot, window, Qt.Key.Key_M)
    combo = window.form.combos["approx"]
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)  # opens the list
    qtbot.keyClick(combo.view(), Qt.Key.Key_Down)
    qtbot.keyClick(combo.view(), Qt.Key.Key_Return)  # chosen
    select_text(window, "浏阳市")
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_P)  # where a user's next key goes

    assert metrics(store, doc, LAYER)[0].approx is Approx.ABOUT  # one below the pre-filled
    assert [(e.label, e.text) for e in entities(store, doc, LAYER)] == [("PLACE", "浏阳市")]


def test_after_ticking_implicit_the_text_has_the_keys(open_window, add_text, store, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    activate(qtbot, window)
    select_text(window, "14000")
    press(qtbot, window, Qt.Key.Key_M)
    qtbot.mouseClick(window.form.period_implicit, Qt.MouseButton.LeftButton)

    assert window.focusWidget() is window.text_view
    assert metrics(store, doc, LAYER)[0].period.implicit


def test_m_on_a_selection_without_a_number_says_so_and_creates_nothing(
    open_window, add_text, store, qtbot
):
    doc = add_text("浏阳市新增停车位。")
    window = open_window(document=doc)
    select_text(window, "停车位")
    press(qtbot, window, Qt.Key.Key_M)

    assert metrics(store, doc, LAYER) == []
    assert window.form.metric is None
    assert "number" in window.statusBar().currentMessage()
    assert window.workbench.undo_stack.count() == 0


def _answer_question(qtbot, button) -> list[str]:
    """Answer the next question box with `button`; returns its text once it was shown."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        seen.append(box.text())
        qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    return seen


@pytest.fixture
def suggested(store, add_text):
    from annotator.services.suggesting import suggest_all

    doc = add_text("2023年,浏阳市新增14000个停车位;累计建成高标准农田20.26万亩。")
    add_text("另一篇。", "other")
    suggest_all(store)
    return doc


def test_ctrl_enter_with_unreviewed_suggestions_asks_and_no_keeps_the_document_open(
    open_window, suggested, store, qtbot
):
    from PySide6.QtWidgets import QMessageBox

    from annotator.services.documents import load_document

    window = open_window(document=suggested)
    seen = _answer_question(qtbot, QMessageBox.StandardButton.No)
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert seen and seen[0].startswith("2 suggestions are not reviewed.")
    assert load_document(store, suggested, LAYER).status.value != "done"
    assert window.workbench.doc_id == suggested
    seen = _answer_question(qtbot, QMessageBox.StandardButton.Yes)
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert load_document(store, suggested, LAYER).status.value == "done"


def test_with_the_question_turned_off_ctrl_enter_marks_done_and_says_how_many(
    open_window, suggested, store, qtbot
):
    from annotator.services.documents import load_document

    window = open_window(document=suggested)
    window.actions["ask_done"].trigger()  # Document → Ask before marking done…, now off
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert load_document(store, suggested, LAYER).status.value == "done"
    assert "2 suggestions are not reviewed" in window.statusBar().currentMessage()
    assert window.settings.value("review/ask_done_with_suggestions", type=bool) is False

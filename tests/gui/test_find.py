"""Find: Ctrl+F, Enter/F3 next, Shift+F3 previous, Esc back to the text; tag all matches in one
undo step. Real keys and clicks; entities read back from the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu

from tests.gui.conftest import activate, type_chinese
from tests.helpers import entities

pytestmark = pytest.mark.gui
LAYER = "annotator:li"
TEXT = "浏阳市新增停车位。浏阳市住建局说,“浏阳市”将继续。"


def _selected(window) -> str:
    return window.text_view.textCursor().selectedText()


def _start(window) -> int:
    return window.text_view.selection()[0]


def test_ctrl_f_finds_next_and_previous_then_esc_and_a_label_key_tags(
    open_window, add_text, store, qtbot
):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    activate(qtbot, window)
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    edit = window.find_bar.edit
    assert window.find_bar.isVisible() and edit.hasFocus()
    type_chinese(edit, "浏阳市")
    first = TEXT.index("浏阳市")
    second = TEXT.index("浏阳市", first + 1)
    third = TEXT.index("浏阳市", second + 1)
    assert (_selected(window), _start(window)) == ("浏阳市", first)
    assert window.find_bar.count.text() == "1 of 3"

    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert _start(window) == second
    qtbot.keyClick(edit, Qt.Key.Key_F3)
    assert _start(window) == third
    qtbot.keyClick(edit, Qt.Key.Key_F3)  # wraps round
    assert _start(window) == first
    qtbot.keyClick(edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert _start(window) == third
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible() and window.text_view.hasFocus()
    qtbot.keyClick(window.text_view, Qt.Key.Key_P)

    assert [(e.label, e.start) for e in entities(store, doc, LAYER)] == [("PLACE", third)]


def test_tag_all_matches_is_one_undo_step(open_window, add_text, store, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    activate(qtbot, window)
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_chinese(window.find_bar.edit, "浏阳市")

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(10, choose)
            return
        action = next(a for a in menu.actions() if a.objectName() == "tag_all_PLACE")
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())

    QTimer.singleShot(0, choose)
    qtbot.mouseClick(window.find_bar.tag_all, Qt.MouseButton.LeftButton)
    tagged = entities(store, doc, LAYER)
    assert [(e.label, e.text) for e in tagged] == [("PLACE", "浏阳市")] * 3
    assert window.workbench.undo_stack.count() == 1

    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert entities(store, doc, LAYER) == []

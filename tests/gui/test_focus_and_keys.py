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


def test_after_choosing_in_a_combo_box_the_next_label_key_tags(open_window, add_text, store,
                                                                qtbot):
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


def test_m_on_a_selection_without_a_number_says_so_and_creates_nothing(open_window, add_text,
                                                                        store, qtbot):
    doc = add_text("浏阳市新增停车位。")
    window = open_window(document=doc)
    select_text(window, "停车位")
    press(qtbot, window, Qt.Key.Key_M)

    assert metrics(store, doc, LAYER) == []
    assert window.form.metric is None
    assert "number" in window.statusBar().currentMessage()
    assert window.workbench.undo_stack.count() == 0

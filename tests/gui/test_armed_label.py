"""A label armed in the legend (Shift+click) tags every word double-clicked and every text
dragged over, one gesture per entity, until Esc. Real mouse and key events; results read back
from the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from annotator.domain.metrics import ProvenanceKind
from tests.gui.conftest import activate, select_text
from tests.gui.test_mouse_first import _chip
from tests.helpers import entities, metrics

pytestmark = pytest.mark.gui
LAYER = "annotator:li"
TEXT = "长沙市和湘潭市今年新增停车位14000个。株洲市住建局也在建设,长沙市另有。"


def _between(window, cp: int) -> QPoint:
    """The boundary before code point `cp` in the viewport."""
    view = window.text_view
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_utf16(cp))
    rect = view.cursorRect(cursor)
    return QPoint(rect.x(), rect.center().y())


def _middle(window, cp: int) -> QPoint:
    left, right = _between(window, cp), _between(window, cp + 1)
    return QPoint((left.x() + right.x()) // 2, left.y())


def _double_click(qtbot, window, word: str) -> None:
    qtbot.mouseDClick(
        window.text_view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=_middle(window, TEXT.index(word)),
    )


def _drag(qtbot, window, start: int, end: int) -> None:
    viewport = window.text_view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=_between(window, start))
    qtbot.mouseClick(
        viewport,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ShiftModifier,
        _between(window, end),
    )


def _own(store, doc: str) -> list[tuple[str, str]]:
    return sorted((e.text, e.label) for e in entities(store, doc, LAYER))


def test_an_armed_label_tags_each_mouse_selection_until_esc(open_window, add_text, store, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    activate(qtbot, window)
    qtbot.mouseClick(
        _chip(window, "PLACE"), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier
    )
    assert "Esc" in window.statusBar().currentMessage()

    _double_click(qtbot, window, "长沙市")
    _drag(qtbot, window, TEXT.index("湘潭市"), TEXT.index("湘潭市") + 3)

    assert _own(store, doc) == [("湘潭市", "PLACE"), ("长沙市", "PLACE")]
    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _own(store, doc) == [("长沙市", "PLACE")]  # one undo step per tag

    qtbot.keyClick(window.text_view, Qt.Key.Key_Escape)
    _double_click(qtbot, window, "湘潭市")
    assert window.text_view.textCursor().selectedText() == "湘潭市"  # selected, not tagged
    assert _own(store, doc) == [("长沙市", "PLACE")]


def test_another_label_rearms_and_the_same_one_again_disarms(open_window, add_text, store, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    activate(qtbot, window)
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.mouseClick(_chip(window, "PLACE"), Qt.MouseButton.LeftButton, shift)
    qtbot.mouseClick(_chip(window, "ORG"), Qt.MouseButton.LeftButton, shift)

    _drag(qtbot, window, TEXT.index("株洲市住建局"), TEXT.index("株洲市住建局") + 6)
    assert _own(store, doc) == [("株洲市住建局", "ORG")]

    qtbot.mouseClick(_chip(window, "ORG"), Qt.MouseButton.LeftButton, shift)
    assert window.tagging.armed is None
    _double_click(qtbot, window, "长沙市")
    assert _own(store, doc) == [("株洲市住建局", "ORG")]


def test_an_armed_label_on_a_suggestion_accepts_it(open_window, add_text, store, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    activate(qtbot, window)
    select_text(window, "长沙市")
    qtbot.keyClick(window.text_view, Qt.Key.Key_P)  # the other 长沙市 is suggested
    qtbot.mouseClick(
        _chip(window, "PLACE"), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier
    )

    second = TEXT.index("长沙市", 1)
    _drag(qtbot, window, second, second + 3)

    accepted = next(e for e in entities(store, doc, LAYER) if e.start == second)
    assert (accepted.label, accepted.provenance.kind) == ("PLACE", ProvenanceKind.SUGGESTED)


def test_an_armed_label_leaves_a_number_selected_for_the_metric_keys(
    open_window, add_text, store, qtbot
):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    activate(qtbot, window)
    qtbot.mouseClick(
        _chip(window, "PLACE"), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier
    )

    _double_click(qtbot, window, "14000")
    assert window.text_view.textCursor().selectedText() == "14000个"  # selected, not tagged
    qtbot.keyClick(window.text_view, Qt.Key.Key_M)

    assert _own(store, doc) == []
    assert [m.value.text for m in metrics(store, doc, LAYER)] == ["14000"]

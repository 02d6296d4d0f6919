"""Mouse-first: legend clicks tag and relabel, double-click selects a Chinese word, right-click
menus offer what fits the spot. Real mouse events; results read back from the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QLabel, QMenu

from tests.gui.conftest import select_text
from tests.helpers import entities, metrics

pytestmark = pytest.mark.gui
LAYER = "annotator:li"
TEXT = "2023年,浏阳市全面完成重点民生实事项目,新增停车位14000个。"


def _point_of(window, word: str) -> QPoint:
    """The middle of the first character of `word` in the text view's viewport."""
    view = window.text_view
    start = view.offsets.to_utf16(window.workbench.view.document.text.index(word))
    cursor = view.textCursor()
    cursor.setPosition(start)
    left = view.cursorRect(cursor)
    cursor.setPosition(start + 1)
    right = view.cursorRect(cursor)
    return QPoint((left.x() + right.x()) // 2, left.center().y())


def _chip(window, label: str) -> QLabel:
    return window.legend.findChild(QLabel, f"chip_{label}")


def test_clicking_a_label_in_the_legend_tags_then_relabels(open_window, add_text, store, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    select_text(window, "浏阳市")
    qtbot.mouseClick(_chip(window, "PLACE"), Qt.MouseButton.LeftButton)
    assert [(e.label, e.text) for e in entities(store, doc, LAYER)] == [("PLACE", "浏阳市")]

    qtbot.mouseClick(_chip(window, "ORG"), Qt.MouseButton.LeftButton)  # the new one is framed
    assert [(e.label, e.text) for e in entities(store, doc, LAYER)] == [("ORG", "浏阳市")]


def test_double_click_selects_a_chinese_word_not_a_clause(open_window, add_text, qtbot):
    window = open_window(document=add_text(TEXT))
    for word in ("浏阳市", "停车位"):
        qtbot.mouseDClick(
            window.text_view.viewport(), Qt.MouseButton.LeftButton, pos=_point_of(window, word)
        )
        assert window.text_view.textCursor().selectedText() == word


def _choose_in_menu(qtbot, *texts: str) -> list[list[str]]:
    """Click through the popup menus by their items' texts; returns what each one offered."""
    offered: list[list[str]] = []
    steps = list(texts)

    def click() -> None:
        menu = QApplication.activePopupWidget()
        wanted = (
            [a for a in menu.actions() if a.text().startswith(steps[0])]
            if isinstance(menu, QMenu)
            else []
        )
        if not wanted:
            QTimer.singleShot(10, click)
            return
        offered.append([a.text() for a in menu.actions() if not a.isSeparator()])
        steps.pop(0)
        qtbot.mouseClick(
            menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(wanted[0]).center()
        )
        if steps:
            QTimer.singleShot(10, click)

    QTimer.singleShot(0, click)
    return offered


def _right_click(qtbot, window, point: QPoint) -> None:
    """A right click: the press, and the context-menu event the window system sends with it
    (QTest's clicks go straight to the widget, past the window that makes that event)."""
    viewport = window.text_view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.RightButton, pos=point)
    QApplication.sendEvent(
        viewport,
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point)),
    )
    qtbot.mouseRelease(viewport, Qt.MouseButton.RightButton, pos=point)


def test_right_click_on_a_selection_offers_labels_and_new_metric(
    open_window, add_text, store, qtbot
):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    select_text(window, "浏阳市")
    offered = _choose_in_menu(qtbot, "Tag PLACE")
    _right_click(qtbot, window, _point_of(window, "阳市"))
    assert [(e.label, e.text) for e in entities(store, doc, LAYER)] == [("PLACE", "浏阳市")]
    assert {"Tag ORG", "New metric from selection", "Fill field", "Mark segment"} <= {
        t.split("\t")[0] for t in offered[0]
    }

    select_text(window, "14000")
    _choose_in_menu(qtbot, "New metric")
    _right_click(qtbot, window, _point_of(window, "14000"))
    assert [m.value.text for m in metrics(store, doc, LAYER)] == ["14000"]


def test_right_click_on_an_entity_relabels_or_deletes_it(open_window, add_text, store, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    select_text(window, "浏阳市")
    qtbot.mouseClick(_chip(window, "PLACE"), Qt.MouseButton.LeftButton)
    window.text_view.clear_selection()

    _choose_in_menu(qtbot, "Relabel as", "Tag ORG")
    _right_click(qtbot, window, _point_of(window, "浏阳市"))
    assert [e.label for e in entities(store, doc, LAYER)] == ["ORG"]

    _choose_in_menu(qtbot, "Delete selected span")
    _right_click(qtbot, window, _point_of(window, "浏阳市"))
    assert entities(store, doc, LAYER) == []


def test_right_click_on_a_suggestion_accepts_it(open_window, add_text, store, qtbot):
    from annotator.services.suggesting import suggest_all

    doc = add_text(TEXT)
    suggest_all(store)
    window = open_window(document=doc)
    _choose_in_menu(qtbot, "Accept suggestion")
    _right_click(qtbot, window, _point_of(window, "14000"))

    [metric] = metrics(store, doc, LAYER)
    assert metric.value.text == "14000"

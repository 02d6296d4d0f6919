"""Done work visible: finished metrics' values are marked in the text (apart from the open one),
incomplete ones differently, and hovering shows the metric."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolButton, QToolTip

from annotator.gui.widgets.marks import MarkStyle
from tests.gui.conftest import press, select_text

pytestmark = pytest.mark.gui
TEXT = "2023年浏阳市新增停车位14000个,新建公园5个。"


def _choose(combo, data: str) -> None:
    combo.setCurrentIndex(combo.findData(data))
    combo.activated.emit(combo.currentIndex())


def test_finished_metric_values_are_marked_and_hovering_shows_the_metric(
    open_window, add_text, qtbot
):
    window = open_window(document=add_text(TEXT))
    select_text(window, "14000")
    press(qtbot, window, Qt.Key.Key_M)
    for name, value in (("status", "achieved"), ("aspect", "increase")):
        _choose(window.form.combos[name], value)
    first = window.form.metric.id
    assert window.workbench.view.problems.get(first) is None  # complete
    assert window.text_view.marks("metrics") == ()  # the open metric is framed, not marked
    select_text(window, "5")
    press(qtbot, window, Qt.Key.Key_M)  # another metric opens; the first one is done
    qtbot.mouseClick(
        window.form.findChild(QToolButton, "indicator_clear"), Qt.MouseButton.LeftButton
    )  # this one now lacks its indicator

    [done] = window.text_view.marks("metrics")
    assert (TEXT[done.start : done.end], done.style) == ("14000", MarkStyle.UNDERLINE)
    assert done.tooltip.startswith(f"Metric {first}: 停车位 14000 个")
    window.annotations.select_metric(None)
    window.tagging.open_metric(None)
    styles = {TEXT[m.start : m.end]: m.style for m in window.text_view.marks("metrics")}
    assert styles == {"14000": MarkStyle.UNDERLINE, "5": MarkStyle.WAVY}  # 5: incomplete

    view = window.text_view
    cursor = view.textCursor()
    cursor.setPosition(TEXT.index("14000") + 2)
    point = view.cursorRect(cursor).center()
    QApplication.sendEvent(
        view.viewport(), QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    )
    assert f"Metric {first}: 停车位 14000 个" in QToolTip.text()
    QToolTip.hideText()

"""Ticking "implicit" on a metric's period takes the period of the metric before it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from tests.gui.conftest import press, select_text
from tests.helpers import metrics

pytestmark = pytest.mark.gui
LAYER = "annotator:li"
TEXT = "2024年浏阳市新增停车位14000个。全市另建公园5个。"


def test_implicit_period_is_the_one_of_the_metric_before(open_window, add_text, store, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    select_text(window, "14000")
    press(qtbot, window, Qt.Key.Key_M)
    assert window.form.metric.period.normalized == "2024"
    select_text(window, "5")
    press(qtbot, window, Qt.Key.Key_M)
    form = window.form
    if form.metric.period is not None:  # whatever the pre-fill found: start from none
        qtbot.mouseClick(form.findChild(QToolButton, "period_clear"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.period_implicit, Qt.MouseButton.LeftButton)

    second = next(m for m in metrics(store, doc, LAYER) if m.value.text == "5")
    assert second.period is not None and second.period.implicit
    assert second.period.normalized == "2024"

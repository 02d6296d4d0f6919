"""Filling a metric field from a selection works the same in the workbench and in curation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator.domain.metrics import Field
from annotator.gui.curation.session import CurationSession
from annotator.gui.curation.widget import CurationWidget
from annotator.services.roles import actor_for, add_curator
from tests.gui.conftest import press, select_text
from tests.helpers import metrics

pytestmark = pytest.mark.gui
TEXT = "2022年规划，2023年长沙市新增高标准农田20.26万亩。"


def _period(word: str, normalized: str) -> Field:
    return Field(TEXT.index(word), TEXT.index(word) + len(word), word, normalized=normalized)


def _select(widget: CurationWidget, word: str) -> None:
    start = TEXT.index(word)
    cursor = widget.text_view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(word), QTextCursor.MoveMode.KeepAnchor)
    widget.text_view.setTextCursor(cursor)


def test_a_period_filled_in_curation_is_normalised_as_in_the_workbench(
    qtbot, open_window, add_text, store
):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    for word, key in (("20.26万", Qt.Key.Key_M), ("2023年", Qt.Key.Key_Y)):
        select_text(window, word)
        press(qtbot, window, key)
    [own] = metrics(store, doc, "annotator:li")
    assert own.period == _period("2023年", "2023")

    add_curator(store, "zhang", acting="zhang")
    curation = CurationWidget(CurationSession(store, actor_for(store, "zhang")))
    qtbot.addWidget(curation)
    curation.show()
    qtbot.waitExposed(curation)
    qtbot.keyClick(curation.text_view, Qt.Key.Key_1)  # li's metric into gold
    _select(curation, "2022年")
    qtbot.keyClick(curation.text_view, Qt.Key.Key_Y)
    [gold] = metrics(store, doc, "gold")
    assert gold.value == own.value
    assert gold.period == _period("2022年", "2022")  # its own year, not the one it replaced

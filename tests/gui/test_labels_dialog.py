"""The project's labels in the window: a label added to the database has its key and chip; the
Labels dialog renames one (every layer follows) and Edit → Undo renames it back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLabel

from annotator.gui.dialogs.labels import LabelsDialog
from annotator.services import editing
from annotator.services.label_schema import add_label, project_labels
from annotator.services.permissions import Actor
from annotator.services.roles import add_curator
from tests.gui.conftest import press, select_text
from tests.helpers import entities

pytestmark = pytest.mark.gui
LAYER = "annotator:li"
TEXT = "浏阳市住建局新增14000个停车位。"


def test_a_label_added_to_the_project_has_its_key_and_chip_in_the_window(
    open_window, add_text, store, qtbot
):
    add_label(store, Actor("li"), "METRIC", key="Q", zh="指标", colour="#aa5500")
    doc = add_text(TEXT)
    window = open_window(document=doc)
    chip = window.findChild(QLabel, "chip_METRIC")
    assert chip is not None and chip.text() == "METRIC  [Q]"
    select_text(window, "停车位")
    press(qtbot, window, Qt.Key.Key_Q)
    assert [(e.label, e.text) for e in entities(store, doc, LAYER)] == [("METRIC", "停车位")]


def _row(dialog: LabelsDialog, name: str) -> None:
    dialog.select(name)
    assert dialog.selected().name == name


def test_rename_in_the_dialog_moves_every_layer_and_undo_in_the_window_moves_them_back(
    open_window, add_text, store, qtbot, monkeypatch
):
    doc = add_text(TEXT)
    add_curator(store, "li", acting="li")
    editing.apply(editing.AddEntity(doc, "gold", "ORG", 3, 6), store.uow, Actor("li", True))
    window = open_window(document=doc)
    session = window.session
    select_text(window, "住建局")
    press(qtbot, window, Qt.Key.Key_O)
    dialog = LabelsDialog(window.workbench)
    qtbot.addWidget(dialog)
    dialog.show()
    _row(dialog, "ORG")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("agency", True))
    qtbot.mouseClick(dialog.buttons["rename"], Qt.MouseButton.LeftButton)

    assert [e.label for e in entities(store, doc, LAYER)] == ["AGENCY"]
    assert [e.label for e in entities(store, doc, "gold")] == ["AGENCY"]
    assert "AGENCY" in dialog.message.text()
    # The window is rebuilt on the new schema: its legend and keys name AGENCY.
    qtbot.waitUntil(lambda: session.window is not window)
    new_window = session.window
    assert new_window.findChild(QLabel, "chip_AGENCY") is not None
    assert new_window.findChild(QLabel, "chip_ORG") is None

    new_window.undo_action.trigger()
    assert [e.label for e in entities(store, doc, LAYER)] == ["ORG"]
    assert [e.label for e in entities(store, doc, "gold")] == ["ORG"]
    assert "ORG" in project_labels(store).entity_labels
    qtbot.waitUntil(lambda: session.window is not new_window)
    assert session.window.findChild(QLabel, "chip_ORG") is not None


def test_a_non_curator_is_told_in_the_dialog_and_nothing_changes(
    open_window, add_text, store, qtbot, monkeypatch
):
    add_curator(store, "zhang", acting="zhang")
    window = open_window(user="li", document=add_text(TEXT))
    dialog = LabelsDialog(window.workbench)
    qtbot.addWidget(dialog)
    _row(dialog, "ORG")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("AGENCY", True))
    qtbot.mouseClick(dialog.buttons["rename"], Qt.MouseButton.LeftButton)
    assert "li is not a curator" in dialog.message.text()
    assert "ORG" in project_labels(store).entity_labels
    assert window.undo_action.isEnabled() is False


def test_the_chinese_window_names_a_project_label_by_its_chinese_name(
    open_window, add_text, store, qtbot
):
    add_label(store, Actor("li"), "METRIC", key="Q", zh="指标名")
    window = open_window(document=add_text(TEXT))
    session = window.session
    window.language_requested.emit("zh_CN")
    try:
        zh = session.window
        select_text(zh, "停车位")
        press(qtbot, zh, Qt.Key.Key_Q)
        assert "指标名" in zh.undo_action.text()
    finally:
        session.window.language_requested.emit("en")
        session.window.close()

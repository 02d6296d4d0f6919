"""F1 help lists every shortcut, generated from the window's actions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from tests.gui.conftest import activate

pytestmark = pytest.mark.gui


def _rows(dialog) -> list[tuple[str, str, str]]:
    table = dialog.table
    return [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]


def test_f1_lists_every_shortcut_of_the_menus_and_follows_new_actions(open_window, add_text, qtbot):
    window = open_window(document=add_text("浏阳市。"))
    activate(qtbot, window)
    window.menuBar().actions()[0].menu().addAction(
        QAction("Brand new thing", window, shortcut=QKeySequence("Ctrl+Shift+Y"))
    )
    qtbot.keyClick(window.text_view, Qt.Key.Key_F1)
    dialog = window.help_dialog
    qtbot.waitExposed(dialog)
    rows = _rows(dialog)

    assert ("Edit", "Find…", "Ctrl+F") in rows
    assert ("Tag", "Tag PLACE", "P") in rows
    assert ("Document", "Done, next document", "Ctrl+Return  Ctrl+Enter") in rows
    assert ("File", "Brand new thing", "Ctrl+Shift+Y") in rows
    named = {a.text() for a in window.actions.named.values() if not a.shortcut().isEmpty()}
    listed = {action for _menu, action, _keys in rows}
    assert named - listed == set()  # every named action with a key is in a menu, so listed
    assert (
        "Mouse",
        "Link the entity to the open metric (again: unlink)",
        "Ctrl+click on an entity",
    ) in rows
    dialog.close()


def test_question_mark_in_the_text_opens_the_help(open_window, add_text, qtbot):
    window = open_window(document=add_text("浏阳市。"))
    activate(qtbot, window)
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, "?")

    assert window.help_dialog.isVisible()
    window.help_dialog.close()

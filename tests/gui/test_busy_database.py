"""An edit made while another program holds the SQLite write lock is kept, said, and saved later."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import press, select_text
from tests.helpers import entities

pytestmark = pytest.mark.gui
TEXT = "浏阳市住建局新增14000个停车位。"


def test_edit_during_a_long_write_is_kept_and_saved_once_the_database_is_free(
    open_window, add_text, store, qtbot, sqlite_url
):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    other = sqlite3.connect(sqlite_url, isolation_level=None)  # another program, writing
    other.execute("BEGIN IMMEDIATE")
    try:
        select_text(window, "浏阳市")
        press(qtbot, window, Qt.Key.Key_P)  # waits the window's 1 s, then is kept
        assert "busy" in window.last_error and "kept" in window.last_error
        assert len(window.workbench.waiting) == 1
        select_text(window, "住建局")
        press(qtbot, window, Qt.Key.Key_O)  # queued behind the first, in order
        assert len(window.workbench.waiting) == 2
    finally:
        other.execute("ROLLBACK")
        other.close()
    qtbot.waitUntil(lambda: not window.workbench.waiting, timeout=10000)
    assert [(e.label, e.text) for e in entities(store, doc, "annotator:li")] == [
        ("PLACE", "浏阳市"),
        ("ORG", "住建局"),
    ]
    window.undo_action.trigger()  # each kept edit became an undo step once saved
    assert [e.text for e in entities(store, doc, "annotator:li")] == ["浏阳市"]


def test_the_busy_message_is_chinese_in_the_chinese_window(
    open_window, add_text, qtbot, sqlite_url
):
    from annotator.gui.i18n import Translations

    doc = add_text(TEXT)
    window = open_window(document=doc)
    translations = Translations()
    assert translations.install("zh_CN")
    other = sqlite3.connect(sqlite_url, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        select_text(window, "浏阳市")
        press(qtbot, window, Qt.Key.Key_P)
        assert "数据库正忙" in window.last_error and "保留" in window.last_error
    finally:
        other.execute("ROLLBACK")
        other.close()
        translations.install("en")
    qtbot.waitUntil(lambda: not window.workbench.waiting, timeout=10000)
    assert [e.text for e in entities(store_of(window), doc, "annotator:li")] == ["浏阳市"]


def store_of(window):
    return window.workbench.database

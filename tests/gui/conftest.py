"""GUI fixtures: the real window built by the app's own start-up path, on a fresh SQLite file."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.gui.app import build_window
from annotator.gui.main_window import MainWindow
from annotator.store.database import Database, open_database
from tests.helpers import import_text

OpenWindow = Callable[..., MainWindow]


@pytest.fixture
def store(sqlite_url: str) -> Iterator[Database]:
    """The database the window opens, read back through fresh units of work."""
    database = open_database(sqlite_url)
    yield database
    database.close()


@pytest.fixture
def add_text(store: Database, tmp_path: Path) -> Callable[[str, str], str]:
    def add(text: str, name: str = "doc") -> str:
        return import_text(store, tmp_path, text, name)

    return add


@pytest.fixture
def open_window(qtbot, sqlite_url: str) -> Iterator[OpenWindow]:
    """Build the window as `annotator --db FILE --user NAME` does; close every one afterwards."""
    opened: list[tuple[MainWindow, Database]] = []

    def open_(user: str = "li", document: str | None = None) -> MainWindow:
        app = QApplication.instance()
        window = build_window(argparse.Namespace(db=sqlite_url, user=user), app)
        window.show()
        qtbot.waitExposed(window)
        if document is not None:
            window.workbench.open_document(document)
        opened.append((window, window.workbench.database))
        return window

    yield open_
    for window, database in opened:
        if shiboken6.isValid(window):  # a test may have closed (and so deleted) it already
            window.close()
        database.close()


def select(window: MainWindow, start_u16: int, end_u16: int) -> None:
    """Select a range of the text view in Qt's own UTF-16 positions, as a mouse drag would."""
    cursor = window.text_view.textCursor()
    cursor.setPosition(start_u16)
    cursor.setPosition(end_u16, QTextCursor.MoveMode.KeepAnchor)
    window.text_view.setTextCursor(cursor)


def select_text(window: MainWindow, word: str, occurrence: int = 0) -> None:
    text = window.workbench.view.document.text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    offsets = window.text_view.offsets
    select(window, offsets.to_utf16(start), offsets.to_utf16(start + len(word)))


def press(
    qtbot,
    window: MainWindow,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    qtbot.keyClick(window.text_view, key, modifier)


def type_chinese(widget, text: str) -> None:
    """Type `text` as a Chinese input method commits it (QTest's key clicks are ASCII only)."""
    from PySide6.QtGui import QInputMethodEvent

    for char in text:
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(widget, event)


def activate(qtbot, window: MainWindow) -> None:
    """Make the window active so that focus moves (and focus-out saves) as for a user."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)

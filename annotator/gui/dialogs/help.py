"""F1 help: every shortcut of the window, read from its menus' actions, so it is never out of
date, then the text's mouse gestures, as the mouse controller lists them; each row says the
menu, what the action does and its keys."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.i18n import tr

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow


def _plain(text: str) -> str:
    """A menu text without its mnemonic: "&File" → "File", "文件(&F)" → "文件"."""
    text = re.sub(r"\(&\w\)", "", text.split("\t")[0])
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def shortcut_rows(window: MainWindow) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action of the menu bar that has a shortcut."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(submenu, f"{path} › {_plain(action.text())}")
                continue
            keys = [
                k.toString(QKeySequence.SequenceFormat.NativeText)
                for k in action.shortcuts()
                if not k.isEmpty()
            ]
            if keys and id(action) not in seen:
                seen.add(id(action))
                rows.append((path, _plain(action.text()), "  ".join(keys)))

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, _plain(top.text()))
    return rows


class HelpDialog(QDialog):
    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("help_dialog")
        self.setWindowTitle(tr("Keys and shortcuts"))
        mouse = tr("Mouse")
        rows = shortcut_rows(window) + [(mouse, what, how) for what, how in window.mouse.gestures()]
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("shortcut_table")
        self.table.setHorizontalHeaderLabels([tr("Menu"), tr("Action"), tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        screen = window.screen().availableGeometry()
        self.resize(min(760, screen.width() - 40), min(640, screen.height() - 80))


def help_actions(window: MainWindow) -> tuple[QAction, QAction]:
    """F1 anywhere in the window, and ? while the text has focus, show the key table."""
    action = QAction(tr("Keys and shortcuts…"), window)
    action.setShortcut(QKeySequence("F1"))
    question = QAction(tr("Keys and shortcuts…"), window)
    question.setShortcut(QKeySequence("?"))

    def show() -> None:
        dialog = HelpDialog(window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.help_dialog = dialog  # type: ignore[attr-defined]  # the window holds the open dialog
        dialog.show()

    action.triggered.connect(show)
    question.triggered.connect(show)
    return action, question

"""Showing data as typed where Qt would guess rich text: tooltips and message boxes."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` literally; Qt renders any tooltip that looks like HTML."""
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>" if text else ""


def show_plain_message(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str
) -> None:
    """A modal message whose text (which may quote article text) is never read as markup."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()

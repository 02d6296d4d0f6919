"""The first-start question: who is annotating (their layer is annotator:<name>)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from annotator.domain.errors import ValidationError
from annotator.domain.layers import Layer
from annotator.gui.i18n import tr
from annotator.gui.plain import show_plain_message


def valid_name(name: str) -> str | None:
    """The reason `name` cannot name a layer, or None when it can."""
    try:
        Layer.annotator(name)
    except ValidationError as error:
        return error.reason
    return None


def ask_identity(parent: QWidget | None = None) -> str | None:
    """Ask until a valid name is given; None when the annotator cancels."""
    while True:
        name, ok = QInputDialog.getText(
            parent,
            tr("Who is annotating?"),
            tr("Your name (letters, digits, . - _ @). Your work is saved as annotator:<name>."),
        )
        if not ok:
            return None
        name = name.strip()
        reason = valid_name(name)
        if reason is None:
            return name
        show_plain_message(parent, QMessageBox.Icon.Warning, tr("Who is annotating?"), reason)

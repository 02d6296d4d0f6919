"""LabelsDialog: the project's labels, and a curator's changes to them (add, rename, recolour,
key and names, retire). Renaming goes through the workbench, so Edit → Undo renames back."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.gui.i18n import tr
from annotator.gui.messages import translated
from annotator.gui.workbench import Workbench
from annotator.services import editing, label_schema

_COLUMNS = ("name", "kind", "key", "colour", "zh", "en", "state", "description")


def labels_action(parent: QWidget, workbench: Workbench) -> QAction:
    """Edit → Labels…: opens the dialog."""
    action = QAction(tr("Labels…"), parent)
    action.setObjectName("labels_action")
    action.triggered.connect(lambda: LabelsDialog(workbench).exec())
    return action


class LabelsDialog(QDialog):
    """A table of every label; the buttons act on the selected row.

    It has no parent window: a change rebuilds the main window (its keys, legend and colours),
    and the dialog stays open over the new one.
    """

    def __init__(self, workbench: Workbench) -> None:
        super().__init__(None)
        self.setObjectName("labels_dialog")
        self.setWindowTitle(tr("Labels"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.workbench = workbench
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setHorizontalHeaderLabels(
            [
                tr("Name"),
                tr("Kind"),
                tr("Key"),
                tr("Colour"),
                tr("Chinese"),
                tr("English"),
                tr("State"),
                tr("Description"),
            ]
        )
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel()
        self.message.setObjectName("labels_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (
            ("add", tr("Add…"), self.ask_add),
            ("rename", tr("Rename…"), self.ask_rename),
            ("colour", tr("Colour…"), self.ask_colour),
            ("edit", tr("Key and names…"), self.ask_edit),
            ("retire", tr("Retire…"), self.ask_retire),
        ):
            button = QPushButton(text)
            button.setObjectName(f"labels_{name}")
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[name] = button
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(820, 460)
        self.refresh()

    # -- reading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        self.rows = label_schema.label_rows(self.workbench.database)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            values = (
                row.name,
                tr("entity") if row.kind == label_schema.ENTITY else tr("segment"),
                row.key or "–",
                row.colour,
                row.zh,
                row.en,
                tr("retired") if row.retired else tr("in use"),
                row.description,
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if _COLUMNS[c] == "colour":
                    item.setBackground(QColor(row.colour))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def selected(self) -> label_schema.StoredLabel | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.message.setText(tr("Choose a label in the list first."))
            return None
        return self.rows[rows[0].row()]

    def select(self, name: str) -> None:
        for r, row in enumerate(self.rows):
            if row.name == name:
                self.table.selectRow(r)

    # -- changing ----------------------------------------------------------------------------
    def _run(self, change: Callable[[], object], done: str, name: str | None = None) -> bool:
        """Apply a schema change; report a refusal (not a curator, a key taken …) here."""
        try:
            change()
        except AnnotatorError as error:
            self.message.setText(translated(str(error)))
            return False
        self.message.setText(done)
        self.refresh()
        if name:
            self.select(name)
        return True

    def _changed(self) -> None:
        self.workbench.labels_changed.emit()

    def ask_add(self) -> None:
        form = LabelForm(self)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        values = form.values()
        if self._run(
            lambda: label_schema.add_label(self.workbench.database, self.workbench.actor, **values),
            tr("Label %1 added.").replace("%1", values["name"]),
            values["name"],
        ):
            self._changed()

    def ask_rename(self) -> None:
        row = self.selected()
        if row is None:
            return
        new, ok = QInputDialog.getText(
            self,
            tr("Rename label"),
            tr("New name for %1 (every annotation follows):").replace("%1", row.name),
            text=row.name,
        )
        if not ok or not new.strip() or new.strip() == row.name:
            return
        new = new.strip().upper()

        def rename() -> None:
            refusals: list[str] = []
            self.workbench.error_reported.connect(refusals.append)
            try:  # through the workbench: one undo step
                applied = self.workbench.execute(
                    editing.RenameLabel(row.name, new),
                    tr("Rename label %1").replace("%1", row.name),
                )
            finally:
                self.workbench.error_reported.disconnect(refusals.append)
            if applied is None:
                raise AnnotatorError(refusals[-1] if refusals else tr("Not renamed."))

        self._run(
            rename,
            tr("%1 renamed to %2; Edit → Undo renames it back.")
            .replace("%1", row.name)
            .replace("%2", new),
            new,
        )

    def ask_colour(self) -> None:
        row = self.selected()
        if row is None:
            return
        colour = QColorDialog.getColor(
            QColor(row.colour), self, tr("Colour of %1").replace("%1", row.name)
        )
        if not colour.isValid():
            return
        if self._run(
            lambda: label_schema.recolor_label(
                self.workbench.database, self.workbench.actor, row.name, colour.name()
            ),
            tr("Colour changed."),
            row.name,
        ):
            self._changed()

    def ask_edit(self) -> None:
        row = self.selected()
        if row is None:
            return
        form = LabelForm(self, row)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        values = form.values()
        if self._run(
            lambda: label_schema.update_label(
                self.workbench.database,
                self.workbench.actor,
                row.name,
                values["key"],
                values["zh"],
                values["en"],
                values["description"],
            ),
            tr("Label %1 changed.").replace("%1", row.name),
            row.name,
        ):
            self._changed()

    def ask_retire(self) -> None:
        row = self.selected()
        if row is None:
            return
        others = [
            r.name for r in self.rows if r.kind == row.kind and not r.retired and r.name != row.name
        ]
        keep = tr("(none: only if no annotation uses it)")
        target, ok = QInputDialog.getItem(
            self,
            tr("Retire label"),
            tr("Relabel the annotations of %1 as:").replace("%1", row.name),
            [keep, *others],
            0,
            False,
        )
        if not ok:
            return
        map_to = None if target == keep else target
        if self._run(
            lambda: label_schema.retire_label(
                self.workbench.database, self.workbench.actor, row.name, map_to
            ),
            tr("Label %1 retired.").replace("%1", row.name),
        ):
            self._changed()


class LabelForm(QDialog):
    """Name, kind, key, names, description (and colour for a new label)."""

    def __init__(self, parent: QWidget, row: label_schema.StoredLabel | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("label_form")
        self.setWindowTitle(
            tr("Add label") if row is None else tr("Label %1").replace("%1", row.name)
        )
        self.name = QLineEdit(row.name if row else "")
        self.name.setEnabled(row is None)
        self.kind = QComboBox()
        self.kind.addItem(tr("entity"), label_schema.ENTITY)
        self.kind.addItem(tr("segment"), label_schema.SEGMENT)
        self.kind.setEnabled(row is None)
        self.key = QLineEdit(row.key if row else "")
        self.key.setPlaceholderText(tr("a letter, or Shift+letter; empty for none"))
        self.zh = QLineEdit(row.zh if row else "")
        self.en = QLineEdit(row.en if row else "")
        self.description = QLineEdit(row.description if row else "")
        self.colour = QLineEdit(row.colour if row else "")
        self.colour.setPlaceholderText(tr("#rrggbb; empty for a new colour"))
        self.colour.setEnabled(row is None)
        form = QFormLayout(self)
        for text, widget in (
            (tr("Name"), self.name),
            (tr("Kind"), self.kind),
            (tr("Key"), self.key),
            (tr("Chinese"), self.zh),
            (tr("English"), self.en),
            (tr("Description"), self.description),
            (tr("Colour"), self.colour),
        ):
            form.addRow(text, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, str]:
        return {
            "name": self.name.text().strip().upper(),
            "kind": self.kind.currentData(),
            "key": self.key.text().strip(),
            "colour": self.colour.text().strip(),
            "zh": self.zh.text(),
            "en": self.en.text(),
            "description": self.description.text(),
        }

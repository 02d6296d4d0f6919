"""ExportDialog: format, layer, which documents and where the export goes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from annotator.formats.registry import WRITERS
from annotator.gui.i18n import tr


@dataclass(frozen=True)
class ExportChoice:
    fmt: str
    layer: str
    status: str | None
    out: Path
    incomplete: str


class ExportDialog(QDialog):
    def __init__(self, layer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Export"))
        form = QFormLayout(self)
        self.fmt = QComboBox()
        for name in sorted(WRITERS):
            self.fmt.addItem(name, name)
        self.fmt.setCurrentIndex(max(0, self.fmt.findData("jsonl")))
        form.addRow(tr("Format"), self.fmt)
        self.layer = QLineEdit(layer)
        form.addRow(tr("Layer"), self.layer)
        self.status = QComboBox()
        self.status.addItem(tr("all documents"), None)
        self.status.addItem(tr("done only"), "done")
        form.addRow(tr("Documents"), self.status)
        self.skip_incomplete = QCheckBox(tr("leave out incomplete metrics"))
        form.addRow("", self.skip_incomplete)
        self.out = QLineEdit()
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.out, 1)
        row.addWidget(browse)
        form.addRow(tr("Write to"), row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        writer = WRITERS[self.fmt.currentData()]
        if writer.output == "folder":
            chosen = QFileDialog.getExistingDirectory(self, tr("Export into folder"))
        else:
            chosen, _ = QFileDialog.getSaveFileName(
                self, tr("Export to file"), f"export{writer.suffix}"
            )
        if chosen:
            self.out.setText(chosen)

    def choice(self) -> ExportChoice | None:
        if not self.out.text().strip():
            return None
        return ExportChoice(
            self.fmt.currentData(),
            self.layer.text().strip(),
            self.status.currentData(),
            Path(self.out.text().strip()),
            "skip" if self.skip_incomplete.isChecked() else "error",
        )

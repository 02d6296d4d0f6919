"""LoadPredictionsDialog: a prediction file, its format and the name of its pred: layer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from annotator.domain.errors import ValidationError
from annotator.domain.layers import Layer
from annotator.formats.registry import READERS
from annotator.gui.i18n import tr


@dataclass(frozen=True)
class PredictionChoice:
    path: Path
    fmt: str
    layer: str  # pred:<name>


def layer_name_for(path: str) -> str:
    """A pred layer name proposed from a file name: its stem with unusable characters dropped."""
    stem = re.sub(r"[^\w.\-@]", "_", Path(path).stem)[:64]
    return stem or "system"


class LoadPredictionsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Load predictions"))
        form = QFormLayout(self)
        self.path = QLineEdit()
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow(tr("File"), row)
        self.fmt = QComboBox()
        self.fmt.addItem(tr("recognise from the file name"), "auto")
        for name in READERS:
            self.fmt.addItem(name, name)
        form.addRow(tr("Format"), self.fmt)
        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("system name, e.g. baseline"))
        form.addRow(tr("Layer pred:"), self.name)
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("color: #c1121f;")
        form.addRow(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, tr("Prediction file"), "", tr("Records (*.jsonl *.json *.ann *.conll);;All (*)")
        )
        if chosen:
            self.path.setText(chosen)
            if not self.name.text().strip():
                self.name.setText(layer_name_for(chosen))

    def choice(self) -> PredictionChoice | None:
        """The choice, or None (with the reason shown) when the file or the name is missing."""
        path, name = self.path.text().strip(), self.name.text().strip()
        if not path:
            self.problem.setText(tr("Choose a file"))
            return None
        try:
            layer = Layer.parse(f"pred:{name or layer_name_for(path)}")
        except ValidationError as error:
            self.problem.setText(str(error))
            return None
        return PredictionChoice(Path(path), self.fmt.currentData(), layer.name)

    def _accept(self) -> None:
        if self.choice() is not None:
            self.accept()

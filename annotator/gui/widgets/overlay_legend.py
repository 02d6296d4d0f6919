"""OverlayLegend: what each mark of the prediction comparison means, with its count."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from annotator.gui.i18n import tr
from annotator.gui.widgets.marks import MarkStyle, paint_mark

# How each kind of classify_spans is drawn: wrong label and wrong boundary share purple.
OVERLAY_STYLES: dict[str, tuple[MarkStyle, str]] = {
    "correct": (MarkStyle.UNDERLINE, "#2a9d3a"),
    "missed": (MarkStyle.DOTTED_BOX, "#d62828"),
    "spurious": (MarkStyle.WAVY, "#f77f00"),
    "wrong_label": (MarkStyle.DASHED_BOX, "#7b2cbf"),
    "wrong_boundary": (MarkStyle.DASHED_BOX, "#7b2cbf"),
}
LEGEND_KINDS = ("correct", "missed", "spurious", "wrong")


def kind_title(kind: str) -> str:
    titles = {
        "correct": tr("correct"),
        "missed": tr("missed"),
        "spurious": tr("spurious"),
        "wrong": tr("wrong label or boundary"),
        "wrong_label": tr("wrong label"),
        "wrong_boundary": tr("wrong boundary"),
    }
    return titles[kind]


class _Sample(QWidget):
    """A word-sized box drawn in the mark's style."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self._style, self._colour = OVERLAY_STYLES["wrong_label" if kind == "wrong" else kind]
        self.setFixedSize(QSize(34, 18))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_mark(
            painter,
            QRectF(1, 1, self.width() - 2, self.height() - 2),
            self._style,
            QColor(self._colour),
        )
        painter.end()


class OverlayLegend(QWidget):
    """A line above the text while predictions are compared: the layers, then each kind."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overlay_legend")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.title)
        self.counts: dict[str, QLabel] = {}
        for kind in LEGEND_KINDS:
            layout.addSpacing(10)
            layout.addWidget(_Sample(kind))
            label = QLabel()
            label.setTextFormat(Qt.TextFormat.PlainText)
            self.counts[kind] = label
            layout.addWidget(label)
        layout.addStretch(1)
        self.hide()

    def show_counts(self, pred: str, reference: str, counts: dict[str, int]) -> None:
        self.title.setText(tr("%1 against %2:").replace("%1", pred).replace("%2", reference))
        for kind, label in self.counts.items():
            label.setText(f"{kind_title(kind)} {counts.get(kind, 0)}")

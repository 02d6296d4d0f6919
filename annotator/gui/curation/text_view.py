"""The workbench's text view for curation: gold as in the workbench, each annotator's spans as
a bar of their colour under the text (stacked, one line per annotator), the current item framed,
decided items' bars faded."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from annotator.gui.widgets.text_view import TextView
from annotator.schema.labels import LabelSchema

_BAR = 2.5
_CURRENT = QColor("#111111")


@dataclass(frozen=True)
class Bar:
    """One annotator's span: drawn on line `level` under the text, faded once decided."""

    start: int
    end: int
    colour: str
    level: int
    decided: bool


class CurationTextView(TextView):
    position_clicked = Signal(int)  # code point under a click that selected no text

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(schema, parent)
        self.setObjectName("curation_text_view")
        self._bars: tuple[Bar, ...] = ()
        self._current: tuple[int, int] | None = None

    def set_bars(self, bars: list[Bar]) -> None:
        self._bars = tuple(bars)
        self.viewport().update()

    def bars(self) -> tuple[Bar, ...]:
        return self._bars

    def set_current(self, span: tuple[int, int] | None) -> None:
        """Frame the current item's span and scroll it into view."""
        self._current = span
        if span is not None:
            self.reveal(span[0])
        self.viewport().update()

    @property
    def current(self) -> tuple[int, int] | None:
        return self._current

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._bars and self._current is None:
            return
        painter = QPainter(self.viewport())
        viewport = self.viewport().rect()
        first = self.cursorForPosition(viewport.topLeft()).position()
        last = self.cursorForPosition(viewport.bottomRight()).position()
        for bar in self._bars:
            try:
                start, end = self.offsets.to_utf16(bar.start), self.offsets.to_utf16(bar.end)
            except ValueError:  # set for a text being replaced
                continue
            if end < first or start > last:
                continue
            colour = QColor(bar.colour)
            if bar.decided:
                colour.setAlpha(70)
            for rect in self._span_rects(start, end):
                y = rect.bottom() - _BAR - bar.level * (_BAR + 1)
                painter.fillRect(QRectF(rect.left() + 1, y, rect.width() - 2, _BAR), colour)
        if self._current is not None:
            painter.setPen(QPen(_CURRENT, 2, Qt.PenStyle.DashLine))
            try:
                start = self.offsets.to_utf16(self._current[0])
                end = self.offsets.to_utf16(self._current[1])
            except ValueError:
                start = end = 0
            for rect in self._span_rects(start, end):
                painter.drawRect(rect.adjusted(-1, -1, 1, 1))
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self.textCursor().hasSelection():
            return
        try:
            cp = self.offsets.to_code_point(
                self.cursorForPosition(event.position().toPoint()).position()
            )
        except ValueError:
            return
        self.position_clicked.emit(cp)

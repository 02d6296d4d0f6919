"""Marks drawn over the text view: suggestions and the prediction overlay, each with its style."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen


class MarkStyle(Enum):
    SUGGESTION = "suggestion"  # faint fill, dashed outline
    UNDERLINE = "underline"  # solid line under the text
    WAVY = "wavy"  # wavy line under the text
    DOTTED_BOX = "dotted_box"  # dotted frame
    DASHED_BOX = "dashed_box"  # dashed frame, a bar underneath


@dataclass(frozen=True)
class Mark:
    """A span (code points) to draw in one style; `tip` is the plain text shown on hover, or
    a function giving it, so that a page of hundreds of marks builds only the one hovered."""

    start: int
    end: int
    style: MarkStyle
    colour: str
    tip: str | Callable[[], str] = ""

    @property
    def tooltip(self) -> str:
        return self.tip() if callable(self.tip) else self.tip


def paint_mark(painter: QPainter, rect: QRectF, style: MarkStyle, colour: QColor) -> None:
    """Draw one line's piece of a mark; `rect` covers the characters on that line."""
    if style is MarkStyle.SUGGESTION:
        fill = QColor(colour)
        fill.setAlpha(40)
        painter.fillRect(rect, fill)
        painter.setPen(QPen(colour, 1, Qt.PenStyle.DashLine))
        painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
    elif style is MarkStyle.UNDERLINE:
        painter.fillRect(QRectF(rect.left(), rect.bottom() - 2.5, rect.width(), 2.5), colour)
    elif style is MarkStyle.WAVY:
        painter.setPen(QPen(colour, 1.5))
        painter.drawPath(_wave(rect.left(), rect.right(), rect.bottom() - 3))
    elif style is MarkStyle.DOTTED_BOX:
        painter.setPen(QPen(colour, 2, Qt.PenStyle.DotLine))
        painter.drawRect(rect.adjusted(1, 1, -1, -1))
    else:
        painter.setPen(QPen(colour, 1.5, Qt.PenStyle.DashLine))
        painter.drawRect(rect.adjusted(1, 1, -1, -1))
        painter.fillRect(QRectF(rect.left(), rect.bottom() - 2, rect.width(), 2), colour)


def _wave(
    left: float, right: float, y: float, period: float = 6.0, height: float = 2.0
) -> QPainterPath:
    path = QPainterPath(QPointF(left, y))
    x = left
    while x < right:
        x = min(right, x + 1.0)
        path.lineTo(QPointF(x, y + height * math.sin((x - left) * 2 * math.pi / period)))
    return path

"""Fitting the window to the screen it opens on: never larger than it, centred the first time."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1500, 900)
# The window manager's frame (title bar, borders) is not known before the window is shown.
FRAME_ROOM = QSize(16, 40)
# Screens less high than this get the compact layout (tighter form, shorter legend).
COMPACT_BELOW = 900


def fit_to_screen(window: QWidget, area: QRect, first: bool) -> None:
    """Clamp `window` to `area` (the screen's available geometry) and centre it when it is
    opened for the first time or no longer fits where it was."""
    room = area.size() - FRAME_ROOM
    size = (PREFERRED if first else window.size()).boundedTo(room)
    window.resize(size)
    frame = QRect(window.pos(), size + FRAME_ROOM)
    if first or not area.contains(frame):
        centred = QRect(area.topLeft(), size)
        centred.moveCenter(area.center())
        window.move(centred.topLeft())

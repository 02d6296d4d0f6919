"""Keys pressed while the window is still opening its database: kept, then played in order.

The window shows before its actions exist; a key pressed then would reach an empty frame and
be lost without a word. It is kept instead and, once the window is filled in, triggers the
action its shortcut names there, or goes to the focused widget like any key.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

_WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


class EarlyKeys(QObject):
    """Keeps the key presses meant for `window` between `start` and `stop`."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.kept: list[tuple[Qt.Key, Qt.KeyboardModifier, str]] = []
        self._keeping = False

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._keeping:
            app.installEventFilter(self)
            self._keeping = True

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None and self._keeping:
            app.removeEventFilter(self)
            self._keeping = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
            and isinstance(watched, QWidget)
            and watched.window() is self.window
        ):
            if event.type() == QEvent.Type.KeyPress:
                assert isinstance(event, QKeyEvent)
                self.kept.append((Qt.Key(event.key()), event.modifiers(), event.text()))
            return True  # nothing in the frame acts on keys yet
        return False

    def play(self) -> None:
        """Stop keeping, then play every kept key on the filled-in window, oldest first."""
        self.stop()
        kept, self.kept = self.kept, []
        for key, modifiers, text in kept:
            target = QApplication.focusWidget() or self.window
            action = _action_for(target, self.window, QKeySequence(QKeyCombination(modifiers, key)))
            if action is not None:
                action.trigger()
            else:
                QApplication.sendEvent(
                    target, QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text)
                )


def _action_for(focused: QWidget, window: QWidget, keys: QKeySequence) -> QAction | None:
    """The enabled action that `keys` would trigger with `focused` having the focus."""
    candidates: list[QAction] = []
    widget: QWidget | None = focused
    while widget is not None and widget is not window:  # the focused widget and its parents
        candidates += widget.actions()
        widget = widget.parentWidget()
    candidates += [a for a in window.findChildren(QAction) if a.shortcutContext() in _WINDOW_WIDE]
    for action in candidates:
        if action.isEnabled() and any(
            s.matches(keys) == QKeySequence.SequenceMatch.ExactMatch for s in action.shortcuts()
        ):
            return action
    return None

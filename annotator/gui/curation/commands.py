"""Curation steps on the undo stack: undo and redo are logged decisions too."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from annotator.services import editing


class DecisionCommand(QUndoCommand):
    """A decision that changed gold: undo applies its inverse, redo the inverse of that."""

    def __init__(self, replay: Callable[[editing.Command, str], editing.Applied | None],
                 applied: editing.Applied, text: str) -> None:
        super().__init__(text)
        self._replay = replay
        self._forward: editing.Command | None = None
        self._inverse: editing.Command = applied.inverse
        self._first = True

    def redo(self) -> None:
        if self._first:  # already applied when the curator acted
            self._first = False
            return
        if self._forward is not None:
            applied = self._replay(self._forward, "redo")
            if applied is None:
                self.setObsolete(True)  # gold moved on elsewhere: this step cannot be redone
            else:
                self._inverse = applied.inverse

    def undo(self) -> None:
        applied = self._replay(self._inverse, "undo")
        if applied is None:
            self.setObsolete(True)
        else:
            self._forward = applied.inverse


class LoggedOnlyCommand(QUndoCommand):
    """A decision kept only in the curation log (a rejection where gold held nothing): undo
    logs its reversal (reopen), redo logs it again."""

    def __init__(self, redo: Callable[[], None], undo: Callable[[], None], text: str) -> None:
        super().__init__(text)
        self._redo, self._undo = redo, undo
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._redo()

    def undo(self) -> None:
        self._undo()

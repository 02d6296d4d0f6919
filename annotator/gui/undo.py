"""ServiceCommand: one service command on the QUndoStack; redo applies it, undo its inverse."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from annotator.domain.errors import AnnotatorError
from annotator.services import editing

if TYPE_CHECKING:
    from annotator.gui.workbench import Workbench


_MERGEABLE = 16


class ServiceCommand(QUndoCommand):
    """Pushed after its first, successful application, so a refused edit never enters the stack."""

    def __init__(self, workbench: Workbench, cmd: editing.Command, applied: editing.Applied,
                 text: str, merge_key: object = None) -> None:
        super().__init__(text)
        self._workbench = workbench
        self._cmd = cmd
        self._inverse = applied.inverse
        self._first = True
        # Saves made while typing in one field share a key and become one undo step.
        self.merge_key = merge_key

    def id(self) -> int:
        return _MERGEABLE if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ServiceCommand) or other.merge_key != self.merge_key:
            return False
        self._cmd = other._cmd  # undo still restores what was there before the first keystroke
        return True

    def redo(self) -> None:
        if self._first:  # already applied by Workbench.execute before the push
            self._first = False
            return
        self._run(self._cmd, forward=True)

    def undo(self) -> None:
        self._run(self._inverse, forward=False)

    def _run(self, cmd: editing.Command, forward: bool) -> None:
        try:
            applied = self._workbench.apply_now(cmd)
        except AnnotatorError as error:
            # The database moved on (another window, a curator); this step can no longer be
            # replayed, so it leaves the stack instead of pretending.
            self.setObsolete(True)
            self._workbench.report_error(error)
            return
        # Each direction's result says exactly how to go back (same ids, no stale version
        # checks), so redo after undo restores what was there rather than creating anew.
        if forward:
            self._inverse = applied.inverse
        else:
            self._cmd = applied.inverse
        if cmd.doc_id and cmd.doc_id != self._workbench.doc_id:
            # Undoing an edit made on another document: show that document, so the change
            # is seen rather than made out of sight.
            self._workbench.open_document(cmd.doc_id)


def record_review(workbench: Workbench, doc_id: str, change: Callable[[], object]) -> bool:
    """Run a review service call (a rejection or its undoing); False, with the reason shown,
    when refused. The open window hears of it through `Workbench.reviewed`; one made on another
    document opens that document, as every undo does."""
    try:
        change()
    except AnnotatorError as error:
        workbench.report_error(error)
        return False
    if doc_id == workbench.doc_id:
        workbench.reviewed.emit(doc_id)
    else:
        workbench.open_document(doc_id)
    return True


class RejectionCommand(QUndoCommand):
    """A suggestion's rejection (metric or entity) on the undo stack: redo rejects it again,
    undo takes the rejection back.

    Pushed after the first rejection succeeded, so a refused one never enters the stack. It
    holds a review function, not a window: the stack outlives a window rebuilt in another
    language. `review(reject)` returns False when the suggestion is gone (made obsolete).
    """

    def __init__(self, text: str, review: Callable[[bool], bool]) -> None:
        super().__init__(text)
        self._review = review
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        if not self._review(True):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self._review(False):
            self.setObsolete(True)

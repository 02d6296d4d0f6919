"""ServiceCommand: one service command on a QUndoStack; redo applies it, undo its inverse.

Every undo stack of the window (the workbench's, the curation view's) holds only these, each
applying its commands through the stack's session.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from annotator.domain.errors import AnnotatorError
from annotator.services import editing

_MERGEABLE = 16


class Session(Protocol):
    """What a stack's commands are applied through (`Workbench`, `CurationSession`). It outlives
    the widgets showing it, as its stack does (a language switch rebuilds the window)."""

    @property
    def doc_id(self) -> str | None: ...

    def apply_now(self, cmd: editing.Command) -> editing.Applied: ...

    def report_error(self, error: Exception) -> None: ...

    def open_document(self, doc_id: str) -> None: ...


class ServiceCommand(QUndoCommand):
    """Pushed after its first, successful application, so a refused edit never enters the stack."""

    def __init__(
        self, session: Session, applied: editing.Applied, text: str, merge_key: object = None
    ) -> None:
        super().__init__(text)
        self._session = session
        self._inverse = applied.inverse
        # What redo applies, known once undone (the first redo is the push: already applied).
        self._forward: editing.Command | None = None
        # Saves made while typing in one field share a key and become one undo step.
        self.merge_key = merge_key

    def id(self) -> int:
        return _MERGEABLE if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        # Undo still restores what was there before the first keystroke: the inverse is kept.
        return isinstance(other, ServiceCommand) and other.merge_key == self.merge_key

    def redo(self) -> None:
        if self._forward is not None:
            self._run(self._forward, forward=True)

    def undo(self) -> None:
        self._run(self._inverse, forward=False)

    def _run(self, cmd: editing.Command, forward: bool) -> None:
        try:
            applied = self._session.apply_now(cmd)
        except AnnotatorError as error:
            # The database moved on (another window, a curator); this step can no longer be
            # replayed, so it leaves the stack instead of pretending.
            self.setObsolete(True)
            self._session.report_error(error)
            return
        # Each direction's result says exactly how to go back (same ids, no stale version
        # checks), so redo after undo restores what was there rather than creating anew.
        if forward:
            self._inverse = applied.inverse
        else:
            self._forward = applied.inverse
        if cmd.doc_id and cmd.doc_id != self._session.doc_id:
            # Undoing an edit made on another document: show that document, so the change
            # is seen rather than made out of sight.
            self._session.open_document(cmd.doc_id)

"""CurationSession: what the curation view's undo stack applies its steps through, as the
workbench's applies them through `Workbench`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.gui.undo import ServiceCommand
from annotator.services import editing
from annotator.services.permissions import Actor
from annotator.store.database import Database


class CurationSession(QObject):
    """The curator's decisions on one document: each applied at once (logged in the curation
    log), then one step on `undo_stack`; undone and redone through `apply_now`, logged too.

    The view listens: `changed` after every step, `error_reported` when one is refused.
    """

    changed = Signal(object)  # editing.Change
    error_reported = Signal(str)
    document_requested = Signal(str)

    def __init__(self, database: Database, actor: Actor, reason: Callable[[], str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.actor = actor
        self._reason = reason  # the reason typed for the next decision (an undo is one)
        self.undo_stack = QUndoStack(self)
        self.doc_id: str | None = None

    def push(self, applied: editing.Applied, text: str) -> None:
        """A decision already applied (by a `services.curation` call) becomes one undo step."""
        self.undo_stack.push(ServiceCommand(self, applied, text))

    def apply_now(self, cmd: editing.Command) -> editing.Applied:
        reason = self._reason()
        if reason and isinstance(cmd, editing.Decided):
            cmd = replace(cmd, decision=replace(cmd.decision, reason=reason))
        applied = editing.apply(cmd, self.database.uow, self.actor)
        self.changed.emit(applied.change)
        return applied

    def report_error(self, error: Exception) -> None:
        self.error_reported.emit(str(error))

    def open_document(self, doc_id: str) -> None:
        self.document_requested.emit(doc_id)

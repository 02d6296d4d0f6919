"""CurationSession: the curator's way to the database, and what the curation view's undo stack
applies its steps through, as the workbench's applies them through `Workbench`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Concatenate, ParamSpec, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.gui.undo import ServiceCommand
from annotator.schema.labels import LabelSchema
from annotator.services import curation, editing
from annotator.services.curation_progress import DocumentProgress, all_progress
from annotator.services.documents import DocumentView, load_document
from annotator.services.label_schema import project_labels
from annotator.services.permissions import Actor
from annotator.store.database import Database

P = ParamSpec("P")
R = TypeVar("R")


class CurationSession(QObject):
    """One curator on one database. Reads what the view shows; runs each decision (a
    `services.curation` call, logged in the curation log) as the curator, then keeps it as one
    step on `undo_stack`, undone and redone through `apply_now`, logged too.

    Made by whoever opens curation; the view listens: `changed` after every step,
    `error_reported` when one is refused.
    """

    changed = Signal(object)  # editing.Change
    error_reported = Signal(str)
    document_requested = Signal(str)

    def __init__(self, database: Database, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.actor = actor
        self.undo_stack = QUndoStack(self)
        self.doc_id: str | None = None
        # The reason typed for the next decision (an undo is one); the view that shows it says.
        self.reason: Callable[[], str] = lambda: ""

    # -- reading ---------------------------------------------------------------------------
    def labels(self) -> LabelSchema:
        return project_labels(self.database)

    def progress(self) -> list[DocumentProgress]:
        return all_progress(self.database, self.actor)

    def view(self, doc_id: str) -> curation.CurationView:
        return curation.curation_view(self.database, doc_id, self.actor)

    def gold(self, doc_id: str) -> DocumentView:
        return load_document(self.database, doc_id, curation.GOLD)

    # -- deciding --------------------------------------------------------------------------
    def run(
        self,
        service: Callable[Concatenate[Database, Actor, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        """A curation service called on this database as this curator."""
        return service(self.database, self.actor, *args, **kwargs)

    def push(self, applied: editing.Applied, text: str) -> None:
        """A decision already applied (by a `services.curation` call) becomes one undo step."""
        self.undo_stack.push(ServiceCommand(self, applied, text))

    def apply_now(self, cmd: editing.Command) -> editing.Applied:
        reason = self.reason()
        if reason and isinstance(cmd, editing.Decided):
            cmd = replace(cmd, decision=replace(cmd.decision, reason=reason))
        applied = editing.apply(cmd, self.database.uow, self.actor)
        self.changed.emit(applied.change)
        return applied

    def report_error(self, error: Exception) -> None:
        self.error_reported.emit(str(error))

    def open_document(self, doc_id: str) -> None:
        self.document_requested.emit(doc_id)

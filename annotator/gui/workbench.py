"""Workbench: the open database, who is editing, the undo stack and the document being read."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from annotator.domain.entities import Entity
from annotator.domain.errors import AnnotatorError, Busy, ConflictError, NotFound
from annotator.domain.segments import Segment, segment_label
from annotator.domain.status import DocumentStatus
from annotator.gui.i18n import tr
from annotator.services import editing
from annotator.services.documents import DocumentView, count_documents, load_document, next_document
from annotator.services.permissions import Actor
from annotator.store.database import Database

RETRY_MS = 1000  # how often edits kept while the database was busy are tried again


class Workbench(QObject):
    """Every edit goes through `execute`: applied and committed at once, then put on the stack.

    Widgets hold no state of their own: after each change they read `view`, which is reloaded
    from the database.
    """

    changed = Signal(object)  # editing.Change
    document_opened = Signal(object)  # DocumentView
    error_reported = Signal(str)
    labels_changed = Signal()  # the project's label schema changed: the window rebuilds

    def __init__(self, database: Database, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.actor = actor
        self.layer = actor.own_layer.name
        self.undo_stack = QUndoStack(self)
        self.view: DocumentView | None = None
        # Edits refused only because another program held the database's write lock: kept in
        # order and tried again every RETRY_MS until saved, so nothing typed is lost.
        self.waiting: list[tuple[editing.Command, str, object]] = []

    @property
    def doc_id(self) -> str | None:
        return self.view.document.doc_id if self.view is not None else None

    def open_document(self, doc_id: str) -> None:
        try:
            self.view = load_document(self.database, doc_id, self.layer)
        except AnnotatorError as error:
            self.report_error(error)
            return
        self.document_opened.emit(self.view)

    def execute(
        self, cmd: editing.Command, text: str, merge_key: object = None
    ) -> editing.Applied | None:
        """Apply `cmd` now; on success it becomes one undo step, on refusal nothing changes.

        Consecutive commands with the same `merge_key` (not None) make one undo step.
        """
        from annotator.gui.undo import ServiceCommand

        if self.waiting:  # earlier edits wait for a busy database: this one goes after them
            self.waiting.append((cmd, text, merge_key))
            return None
        try:
            applied = self.apply_now(cmd)
        except Busy:
            self.waiting.append((cmd, text, merge_key))
            # Short: the status bar of a 1280-pixel window shows about 60 characters.
            self.error_reported.emit(
                tr("Database busy: your edit is kept and saved when it is free.")
            )
            QTimer.singleShot(RETRY_MS, self.retry_waiting)
            return None
        except AnnotatorError as error:
            self.report_error(error)
            if isinstance(error, ConflictError | NotFound):
                self.reload()  # show what the database holds now, not the stale copy
            return None
        self.undo_stack.push(ServiceCommand(self, applied, text, merge_key))
        return applied

    def retry_waiting(self) -> None:
        """Save the edits kept while the database was busy, oldest first."""
        from annotator.gui.undo import ServiceCommand

        while self.waiting:
            cmd, text, merge_key = self.waiting[0]
            try:
                applied = self.apply_now(cmd)
            except Busy:
                QTimer.singleShot(RETRY_MS, self.retry_waiting)
                return
            except AnnotatorError as error:  # refused on its merits, as a first try would be
                self.waiting.pop(0)
                self.report_error(error)
                continue
            self.waiting.pop(0)
            self.undo_stack.push(ServiceCommand(self, applied, text, merge_key))

    def apply_now(self, cmd: editing.Command) -> editing.Applied:
        applied = editing.apply(cmd, self.database.uow, self.actor)
        if self.view is not None and applied.change.doc_id == self.view.document.doc_id:
            self.view = _patched(self.view, cmd, applied) or load_document(
                self.database, applied.change.doc_id, self.layer
            )
        self.changed.emit(applied.change)
        if "labels" in applied.change.kinds:  # a label renamed (or back): all of it may differ
            self.reload()
            self.labels_changed.emit()
        return applied

    def reload(self) -> None:
        """Read the open document again and tell every view that all of it may have changed."""
        if self.view is None:
            return
        doc_id = self.view.document.doc_id
        self.view = load_document(self.database, doc_id, self.layer)
        self.changed.emit(
            editing.Change(
                doc_id, self.layer, frozenset({"entities", "segments", "metrics", "status"})
            )
        )

    def report_error(self, error: Exception) -> None:
        from annotator.gui.messages import translated

        self.error_reported.emit(translated(str(error)))  # in the window's language

    def set_status(self, status: DocumentStatus, reason: str, text: str) -> bool:
        if self.view is None:
            return False
        cmd = editing.SetStatus(self.view.document.doc_id, self.layer, status, reason)
        return self.execute(cmd, text) is not None

    def open_next(self) -> bool:
        """Open the next document this annotator has not marked done; False when none is left."""
        following = next_document(self.database, self.layer, self.doc_id)
        if following is None:
            return False
        self.open_document(following)
        return True

    def progress(self) -> tuple[int, int]:
        """(documents done by this annotator, documents in the database)."""
        done = count_documents(self.database, self.layer, status=DocumentStatus.DONE.value)
        return done, count_documents(self.database, self.layer)


def _patched(
    view: DocumentView, cmd: editing.Command, applied: editing.Applied
) -> DocumentView | None:
    """The view after adding or removing one entity or segment, without reading it all again.

    It holds exactly what the command committed; anything else (metrics, links, status by
    hand) returns None and the caller reloads the document.
    """
    kinds = applied.change.kinds - {"status"}
    status = applied.status or view.status
    text = view.document.text
    if isinstance(cmd, editing.AddEntity) and kinds == {"entities"} and applied.key:
        entity = Entity(applied.key, cmd.label, cmd.start, cmd.end, text[cmd.start : cmd.end])
        return replace(view, entities=(*view.entities, entity), status=status)
    if isinstance(cmd, editing.DeleteEntity) and kinds == {"entities"}:
        return replace(
            view, entities=tuple(e for e in view.entities if e.id != cmd.key), status=status
        )
    if isinstance(cmd, editing.AddSegment) and kinds == {"segments"} and applied.key:
        segment = Segment(
            applied.key, segment_label(cmd.label), cmd.start, cmd.end, text[cmd.start : cmd.end]
        )
        return replace(view, segments=(*view.segments, segment), status=status)
    if isinstance(cmd, editing.DeleteSegment) and kinds == {"segments"}:
        return replace(
            view, segments=tuple(s for s in view.segments if s.id != cmd.key), status=status
        )
    return None

"""FileJobs: the File menu's import and export, run off the GUI thread behind a progress dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from annotator.domain.errors import AnnotatorError
from annotator.gui.i18n import tr
from annotator.gui.plain import show_plain_message
from annotator.gui.tasks import Job, run_with_progress
from annotator.gui.workbench import Workbench

if TYPE_CHECKING:
    from annotator.gui.dialogs.export_options import ExportChoice
    from annotator.services.exporting import ExportReport
    from annotator.services.importing import ImportReport


class FileJobs(QObject):
    """Import and export load every format module (pyarrow among them): only when first used."""

    finished = Signal(str)  # the job's one-line summary
    failed = Signal(str)

    def __init__(self, parent: QWidget, workbench: Workbench) -> None:
        super().__init__(parent)
        self._parent = parent
        self._workbench = workbench

    def ask_import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self._parent, tr("Import files"), "", tr("Texts and records (*.txt *.jsonl);;All (*)")
        )
        if paths:
            self.start_import(paths)

    def ask_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._parent, tr("Import folder"))
        if folder:
            self.start_import([folder])

    def start_import(self, paths: Sequence[str | Path]) -> Job:
        from annotator.services.importing import import_paths

        database, user = self._workbench.database, self._workbench.actor.name
        return self._run(
            tr("Importing"),
            lambda progress: import_paths(database, list(paths), progress=progress, user=user),
            _import_done,
        )

    def ask_export(self) -> None:
        from annotator.gui.dialogs.export_options import ExportDialog

        dialog = ExportDialog(self._workbench.layer, self._parent)
        if dialog.exec():
            choice = dialog.choice()
            if choice is not None:
                self.start_export(choice)

    def start_export(self, choice: ExportChoice) -> Job:
        from annotator.services.exporting import export_layer

        database = self._workbench.database
        return self._run(
            tr("Exporting"),
            lambda progress: export_layer(
                database,
                choice.fmt,
                choice.out,
                choice.layer,
                status=choice.status,
                progress=progress,
                command="annotator (window)",
                incomplete=choice.incomplete,
            ),
            _export_done,
        )

    def _run(self, title: str, work: Callable, done: Callable[[Any], str] | None = None) -> Job:
        def first_line(report: Any) -> str:
            return str(report.summary().splitlines()[0])

        told = done or first_line
        return run_with_progress(
            self._parent, title, work, lambda report: self.finished.emit(told(report)), self._failed
        )

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, AnnotatorError):  # a bug: say so plainly, not just in the bar
            show_plain_message(
                self._parent,
                QMessageBox.Icon.Critical,
                tr("Error"),
                f"{type(error).__name__}: {error}",
            )
        self.failed.emit(str(error))


def _import_done(report: ImportReport) -> str:
    """The summary's first line, and what the import left out (dropped, not kept), if any."""
    return "; ".join([report.summary().splitlines()[0], *report.losses()])


def _export_done(report: ExportReport) -> str:
    """A short line for the status bar: what was written, and where (the file's name)."""
    text = tr(
        "Exported {documents} documents as {format} to {name}: {entities} entities, "
        "{metrics} metrics"
    ).format(
        documents=report.documents,
        format=report.format,
        name=report.out.name,
        entities=report.entities,
        metrics=report.metrics,
    )
    if report.skipped_metrics:
        text += tr("; {count} incomplete metrics left out").format(count=report.skipped_metrics)
    if report.processes > 1:
        text += tr(" ({count} processes)").format(count=report.processes)
    return text

"""Long jobs (import, export) on a worker thread, with a progress dialog that can cancel them."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, SignalInstance
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.gui.i18n import tr
from annotator.services.progress import Cancelled, ProgressSink


class QtProgress(QObject):
    """A ProgressSink for the worker; cancelling makes its next `advance` raise Cancelled.

    It lives in the GUI thread, so its signals reach the dialog through queued connections.
    """

    started = Signal(int, str)
    advanced = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self._cancelled = threading.Event()
        self._done = 0

    def cancel(self) -> None:
        self._cancelled.set()

    def start(self, total: int, label: str) -> None:
        self.started.emit(total, label)

    def advance(self, steps: int = 1) -> None:
        if self._cancelled.is_set():
            raise Cancelled(tr("cancelled; nothing was written"))
        self._done += steps
        self.advanced.emit(self._done)

    def finish(self) -> None:
        pass


class Job(QObject):
    """One background job; `finished(result)` or `failed(error)` arrives in the GUI thread."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[ProgressSink], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.progress = QtProgress()
        self._work = work
        self.dialog: QProgressDialog | None = None  # the progress dialog shown for it, if any

    def start(self) -> None:
        job = self

        class _Runnable(QRunnable):
            def run(self) -> None:  # worker thread: its own unit of work inside the service
                try:
                    result = job._work(job.progress)
                except Exception as error:  # handed to the GUI thread, which reports it
                    job.tell(job.failed, error)
                else:
                    job.tell(job.finished, result)

        QThreadPool.globalInstance().start(_Runnable())

    @staticmethod
    def tell(signal: SignalInstance, value: object) -> None:
        """Hand the outcome to the GUI thread, unless the window that waited for it is gone
        (closed while a background retraining ran): then no one is left to tell."""
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


def run_with_progress(
    parent: QWidget,
    title: str,
    work: Callable[[ProgressSink], Any],
    finished: Callable[[Any], None] | None = None,
    failed: Callable[[Exception], None] | None = None,
) -> Job:
    """Start `work` off the GUI thread behind a modal, cancellable progress dialog.

    `finished` and `failed` are connected before the work starts: a queued signal reaches only
    the slots connected when it is emitted, and a short job may end before the caller connects.
    """
    job = Job(work, parent)
    if finished is not None:
        job.finished.connect(finished)
    if failed is not None:
        job.failed.connect(failed)
    dialog = QProgressDialog(title, tr("Cancel"), 0, 0, parent)
    dialog.setObjectName("progress_dialog")
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    job.progress.started.connect(lambda total, _label: dialog.setMaximum(max(total, 0)))
    job.progress.advanced.connect(dialog.setValue)
    dialog.canceled.connect(job.progress.cancel)
    job.finished.connect(lambda _r: dialog.close())
    job.failed.connect(lambda _e: dialog.close())
    job.dialog = dialog
    job.start()
    return job

"""Live list: documents another program imports appear in the open window's list within a few
seconds, the open document staying selected. A cheap count, polled: the list is read again only
when the number of documents changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from annotator.domain.errors import AnnotatorError
from annotator.services.documents import count_documents

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

POLL_MS = 2000


class LiveList(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._count: int | None = None
        self.poll()  # the count the window starts from
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        workbench = self.window.workbench
        try:
            count = count_documents(workbench.database, None)
        except AnnotatorError:
            return  # busy or gone for a moment: the next tick tries again
        if self._count is not None and count != self._count:
            self.refresh()
        self._count = count

    def refresh(self) -> None:
        window, workbench = self.window, self.window.workbench
        window.documents.apply_filter()
        if workbench.view is not None:
            window.documents.show_current(workbench.view.document.doc_id)
            window.refresh_progress()

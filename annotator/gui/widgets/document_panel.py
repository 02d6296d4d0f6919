"""DocumentPanel: the document list with its status filter and search box."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.i18n import tr
from annotator.gui.models.document_list import DocumentListModel, status_text
from annotator.store.database import Database


class DocumentPanel(QWidget):
    document_chosen = Signal(str)

    def __init__(self, database: Database, layer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("document_panel")
        self.model = DocumentListModel(database, layer)
        self.search = QLineEdit()
        self.search.setObjectName("document_search")
        self.search.setPlaceholderText(tr("Search the corpus…"))
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.setObjectName("status_filter")
        self.status.addItem(tr("all"), None)
        for status in ("new", "in_progress", "done", "skipped"):
            self.status.addItem(status_text(status), status)
        self.table = QTableView()
        self.table.setObjectName("document_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths from the header texts: sizing to contents would read every fetched row
        # (up to 100,000).
        metrics = header.fontMetrics()
        for column in (1, 2, 3):
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            width = max(
                metrics.horizontalAdvance(title),
                metrics.horizontalAdvance("in progress" if column == 1 else "0000"),
            )
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width + 16)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        # Searching scans texts in the database: wait until typing pauses.
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.status.currentIndexChanged.connect(self.apply_filter)
        self.table.activated.connect(self._chosen)
        self.table.clicked.connect(self._chosen)

    def apply_filter(self) -> None:
        self.model.set_filter(self.status.currentData(), self.search.text().strip())
        if self.model.canFetchMore():
            self.model.fetchMore()

    def _chosen(self, index: QModelIndex) -> None:
        self.document_chosen.emit(self.model.doc_id_at(index.row()))

    def show_current(self, doc_id: str) -> None:
        row = self.model.row_of(doc_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.table.clearSelection()

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

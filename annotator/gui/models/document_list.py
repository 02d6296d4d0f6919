"""DocumentListModel: pages of document summaries from the database, fetched as the list scrolls."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from annotator.gui.i18n import tr
from annotator.gui.models.row_table import Index, RowTableModel
from annotator.gui.plain import plain_tooltip
from annotator.services.documents import DocumentSummary, list_documents
from annotator.store.database import Database

DOC_ID_ROLE = Qt.ItemDataRole.UserRole


def status_text(status: str) -> str:
    names = {
        "new": tr("new"),
        "in_progress": tr("in progress"),
        "done": tr("done"),
        "skipped": tr("skipped"),
    }
    return names.get(status, status)


class DocumentListModel(RowTableModel):
    """Never loads a text: only titles, this annotator's status and counts, a page at a time."""

    PAGE = 500

    def __init__(self, database: Database, layer: str) -> None:
        super().__init__()
        self._database = database
        self._layer = layer
        self._rows: list[DocumentSummary] = []
        self._row_of: dict[str, int] = {}
        self._exhausted = False
        self._status: str | None = None
        self._search: str | None = None

    def set_filter(self, status: str | None, search: str | None) -> None:
        self.beginResetModel()
        self._status, self._search = status or None, search or None
        self._rows, self._row_of, self._exhausted = [], {}, False
        self.endResetModel()

    def refresh(self) -> None:
        self.set_filter(self._status, self._search)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        page = list_documents(
            self._database,
            self._layer,
            offset=len(self._rows),
            limit=self.PAGE,
            status=self._status,
            search=self._search,
        )
        if len(page) < self.PAGE:
            self._exhausted = True
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        for number, summary in enumerate(page, first):
            self._row_of[summary.doc_id] = number
        self._rows.extend(page)
        self.endInsertRows()

    def headers(self) -> tuple[str, ...]:
        return (tr("Document"), tr("Status"), tr("Entities"), tr("Metrics"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        summary: DocumentSummary | None = self.row_item(index)
        if summary is None:
            return None
        if role == DOC_ID_ROLE:
            return summary.doc_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{summary.doc_id} · {summary.title}")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return summary.title or summary.doc_id
        if column == 1:
            return status_text(summary.status)
        return summary.entities if column == 2 else summary.metrics

    def row_of(self, doc_id: str) -> int | None:
        return self._row_of.get(doc_id)

    def doc_id_at(self, row: int) -> str:
        return self._rows[row].doc_id

    def update_counts(self, doc_id: str, status: str, entities: int, metrics: int) -> None:
        """Show the current document's new counts without asking the database for the page."""
        row = self._row_of.get(doc_id)
        if row is None:
            return
        self._rows[row] = replace(
            self._rows[row], status=status, entities=entities, metrics=metrics
        )
        self.dataChanged.emit(self.index(row, 1), self.index(row, 3))

"""The item list beside the text and the selected item's versions side by side: table views of
the curation item models.

Cells show plain text; every cell carries its full text as a tooltip, so nothing is hidden by
a narrow column.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QTableView

from annotator.gui.curation.item_model import CurationItemModel
from annotator.gui.curation.version_model import CurationVersionModel
from annotator.services.curation import CurationView
from annotator.services.curation_items import Item

# A column wider than this is cut; the tooltip still shows all of it.
_WIDEST = 190


def _table(name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    # Keys belong to the curation window (N, 1, 2, X …), not to the tables' keyboard search.
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return table


def _fit(table: QTableView) -> None:
    table.resizeColumnsToContents()
    for column in range(table.model().columnCount()):
        table.setColumnWidth(column, min(table.columnWidth(column), _WIDEST))
    table.horizontalHeader().setStretchLastSection(True)


class ItemList(QObject):
    """Every item of the document in text order; decided ones greyed with their state."""

    # The curator selected a row (a click); the widget's own moves (fill, select) do not echo.
    row_chosen = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.model = CurationItemModel()
        self.table = _table("curation_items")
        self.table.setModel(self.model)
        self._quiet = False
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

    def fill(self, view: CurationView, items: Sequence[Item]) -> None:
        self._quiet = True
        self.model.set_items(view.document.text, items)
        _fit(self.table)
        self._quiet = False

    def select(self, index: int | None) -> None:
        self._quiet = True
        if index is None:
            self.table.clearSelection()
        else:
            self.table.selectRow(index)
            self.table.scrollTo(self.model.index(index, 0))
        self._quiet = False

    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows and not self._quiet:
            self.row_chosen.emit(rows[0].row())


class VersionTable:
    """The selected item's versions: for an entity one row per annotator; for a metric one row
    per field, differing fields tinted and those gold has settled marked. The field cursor is
    the current row."""

    def __init__(self) -> None:
        self.model = CurationVersionModel()
        self.table = _table("curation_versions")
        self.table.setModel(self.model)

    @property
    def fields(self) -> list[str]:
        return self.model.fields

    def fill(self, view: CurationView, item: Item | None) -> None:
        self.model.set_item(view, item)
        _fit(self.table)

    def current_field(self) -> str | None:
        return self.model.field_at(self.table.currentIndex().row())

    def set_current_field(self, name: str | None) -> None:
        row = self.model.row_of_field(name) if name is not None else None
        if row is not None:
            self.table.selectRow(row)
        else:
            self.table.clearSelection()
            self.table.setCurrentIndex(QModelIndex())

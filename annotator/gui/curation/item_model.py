"""CurationItemModel: every item of the document being curated, in text order; decided ones
greyed with their state."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from annotator.gui.curation.presenting import STATE_MARKS, kind_text, state_text
from annotator.gui.i18n import tr
from annotator.gui.models.row_table import Index, RowTableModel
from annotator.gui.plain import plain_tooltip
from annotator.services.curation_items import Item, ItemState, MetricItem

DECIDED_TEXT = QColor("#8a8a8a")


class ItemRole(IntEnum):
    """What a cell gives beyond its text: the item it belongs to and that item's key."""

    ITEM = Qt.ItemDataRole.UserRole + 1  # EntityItem | MetricItem
    KEY = Qt.ItemDataRole.UserRole + 2  # str: stays the same while the item is reloaded


class CurationItemModel(RowTableModel):
    """Three columns fit beside the text (the versions themselves are in the table below):
    state, kind, and the item's text with its span. Cells are plain text; the tooltip holds the
    whole of a cell a narrow column cuts."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Item] = []
        self._text = ""

    def set_items(self, text: str, items: Sequence[Item]) -> None:
        self.beginResetModel()
        self._text = text
        self._rows = list(items)
        self.endResetModel()

    def item_at(self, row: int) -> Item:
        return self._rows[row]

    def headers(self) -> tuple[str, ...]:
        return (tr("State"), tr("Kind"), tr("Text"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item: Item | None = self.row_item(index)
        if item is None:
            return None
        if role == ItemRole.ITEM:
            return item
        if role == ItemRole.KEY:
            return item.key
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if item.state is ItemState.OPEN else QBrush(DECIDED_TEXT)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(item, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._cell(item, index.column()))
        return None

    def _cell(self, item: Item, column: int) -> str:
        if column == 0:
            return f"{STATE_MARKS[item.state]} {state_text(item.state)}"
        if column == 1:
            what = tr("metric") if isinstance(item, MetricItem) else tr("entity")
            return f"{what}: {kind_text(item)}"
        if item.start < 0:
            return tr("(no value)")
        return f"{self._text[item.start : item.end]} [{item.start}–{item.end}]"

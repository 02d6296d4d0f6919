"""The item list beside the text and the selected item's versions side by side.

Cells show plain text; every cell carries its full text as a tooltip, so nothing is hidden by
a narrow column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem

from annotator.domain.entities import Entity
from annotator.domain.metrics import Metric
from annotator.gui.actions import field_name
from annotator.gui.curation.presenting import (
    STATE_MARKS,
    annotator_colour,
    annotator_name,
    entity_text,
    field_value,
    kind_text,
    metric_summary,
    state_text,
)
from annotator.gui.i18n import tr
from annotator.gui.plain import plain_tooltip
from annotator.services.curation import CURATED_FIELDS, GOLD, CurationView
from annotator.services.curation_items import EntityItem, Item, ItemState, MetricItem

DIFFERS = QColor("#f9d6d5")
SETTLED = QColor("#d9f0d3")
DECIDED_TEXT = QColor("#8a8a8a")
# A column wider than this is cut; the tooltip still shows all of it.
_WIDEST = 190


def cell(text: str, colour: QColor | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    item.setToolTip(plain_tooltip(text))
    if colour is not None:
        item.setBackground(colour)
    return item


def _table() -> QTableWidget:
    table = QTableWidget()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    # Keys belong to the curation window (N, 1, 2, X …), not to the tables' keyboard search.
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return table


def _fit(table: QTableWidget) -> None:
    table.resizeColumnsToContents()
    for column in range(table.columnCount()):
        table.setColumnWidth(column, min(table.columnWidth(column), _WIDEST))
    table.horizontalHeader().setStretchLastSection(True)


def _version_text(item: Item, layer: str) -> str:
    version = item.versions.get(layer)
    if version is None:
        return "—"
    return entity_text(version) if isinstance(version, Entity) else metric_summary(version)


def _gold_text(item: Item) -> str:
    if item.gold is None:
        return ""
    return entity_text(item.gold) if isinstance(item.gold, Entity) else metric_summary(item.gold)


class ItemList:
    """Every item of the document in text order; decided ones greyed with their state."""

    def __init__(self) -> None:
        self.table = _table()
        self.table.setObjectName("curation_items")
        self.items: list[Item] = []

    def fill(self, view: CurationView, items: Sequence[Item]) -> None:
        self.items = list(items)
        table = self.table
        table.blockSignals(True)
        table.clear()
        # The versions themselves are in the table below: three columns fit beside the text.
        headers = [tr("State"), tr("Kind"), tr("Text")]
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(items))
        text = view.document.text
        for row, item in enumerate(items):
            what = tr("metric") if isinstance(item, MetricItem) else tr("entity")
            cells = [f"{STATE_MARKS[item.state]} {state_text(item.state)}",
                     f"{what}: {kind_text(item)}",
                     f"{text[item.start:item.end]} [{item.start}–{item.end}]" if item.start >= 0
                     else tr("(no value)")]
            for column, value in enumerate(cells):
                entry = cell(value)
                if item.state is not ItemState.OPEN:
                    entry.setForeground(QBrush(DECIDED_TEXT))
                table.setItem(row, column, entry)
        _fit(table)
        table.blockSignals(False)

    def select(self, index: int | None) -> None:
        self.table.blockSignals(True)
        if index is None:
            self.table.clearSelection()
        else:
            self.table.selectRow(index)
            first = self.table.item(index, 0)
            if first is not None:
                self.table.scrollToItem(first)
        self.table.blockSignals(False)


@dataclass(frozen=True)
class _VersionRow:
    """One row of an entity's versions: whose, what they tagged, in their colour."""

    who: str
    text: str
    colour: str | None = None  # gold has none


class VersionTable:
    """The selected item's versions: for an entity one row per annotator; for a metric one row
    per field, differing fields tinted and those gold has settled marked."""

    def __init__(self) -> None:
        self.table = _table()
        self.table.setObjectName("curation_versions")
        self.fields: list[str] = []

    def fill(self, view: CurationView, item: Item | None) -> None:
        table = self.table
        table.blockSignals(True)
        table.clear()
        self.fields = []
        if item is None:
            table.setRowCount(0)
            table.setColumnCount(0)
        elif isinstance(item, EntityItem):
            self._entity(view, item)
        else:
            self._metric(view, item)
        _fit(table)
        table.blockSignals(False)

    def _entity(self, view: CurationView, item: EntityItem) -> None:
        table = self.table
        table.setColumnCount(2)
        table.setHorizontalHeaderLabels([tr("Annotator"), tr("Version")])
        rows = [_VersionRow(f"{k} {annotator_name(layer)}", _version_text(item, layer),
                            annotator_colour(k - 1))
                for k, layer in enumerate(view.annotators, 1)]
        rows.append(_VersionRow(tr("gold"), _gold_text(item) or "—"))
        table.setRowCount(len(rows))
        for row, version in enumerate(rows):
            who = cell(version.who)
            if version.colour is not None:
                who.setForeground(QBrush(QColor(version.colour)))
            table.setItem(row, 0, who)
            table.setItem(row, 1, cell(version.text))

    def _metric(self, view: CurationView, item: MetricItem) -> None:
        table = self.table
        layers = [*view.annotators, GOLD]
        table.setColumnCount(1 + len(layers))
        table.setHorizontalHeaderLabels(
            [tr("Field"), *(f"{k} {annotator_name(a)}" for k, a in enumerate(view.annotators, 1)),
             tr("gold")])
        # Differing fields first: they are the ones to settle.
        self.fields = [*item.differing, *(n for n in CURATED_FIELDS if n not in item.differing)]
        table.setRowCount(len(self.fields))
        lookups = {layer: ({e.id: e for e in view.entities.get(layer, ())},
                           {m.id: m for m in view.metrics.get(layer, ())}) for layer in layers}
        for row, name in enumerate(self.fields):
            colour = (SETTLED if name in item.settled else DIFFERS if name in item.differing
                      else None)
            table.setItem(row, 0, cell(field_name(name), colour))
            for column, layer in enumerate(layers, 1):
                metric: Metric | None = item.gold if layer == GOLD else item.versions.get(layer)
                table.setItem(row, column, cell(
                    field_value(metric, name, *lookups[layer]) if metric else "—", colour))

    def current_field(self) -> str | None:
        row = self.table.currentRow()
        return self.fields[row] if 0 <= row < len(self.fields) else None

    def set_current_field(self, name: str | None) -> None:
        self.table.blockSignals(True)
        if name in self.fields:
            self.table.selectRow(self.fields.index(name))
        else:
            self.table.clearSelection()
            self.table.setCurrentCell(-1, -1)
        self.table.blockSignals(False)

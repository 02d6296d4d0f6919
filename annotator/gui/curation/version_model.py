"""CurationVersionModel: the current curation item's versions side by side. For an entity one
row per annotator (in their colour) and gold; for a metric one row per field, the annotators'
and gold's values in columns, differing fields tinted and those gold has settled marked."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from annotator.domain.entities import Entity
from annotator.domain.metrics import Metric
from annotator.gui.actions import field_name
from annotator.gui.curation.presenting import (
    annotator_colour,
    annotator_name,
    entity_text,
    field_value,
    metric_summary,
)
from annotator.gui.i18n import tr
from annotator.gui.models.row_table import Index, RowTableModel
from annotator.gui.plain import plain_tooltip
from annotator.services.curation import CURATED_FIELDS, GOLD, CurationView
from annotator.services.curation_items import EntityItem, Item, MetricItem

DIFFERS = QColor("#f9d6d5")
SETTLED = QColor("#d9f0d3")


class VersionRole(IntEnum):
    """What a cell gives beyond its text: the metric field of its row (None for an entity's
    rows) and the layer whose version it shows (an entity's row's, a metric's column's; None
    for a field's name)."""

    FIELD = Qt.ItemDataRole.UserRole + 1  # str | None
    LAYER = Qt.ItemDataRole.UserRole + 2  # str | None


@dataclass(frozen=True)
class VersionRow:
    """One row: its first cell (whose version, or which field), then one cell per layer."""

    title: str
    cells: tuple[str, ...]
    title_colour: str | None = None  # an annotator's colour
    tint: QColor | None = None  # a metric field that differs, or that gold has settled
    field: str | None = None  # a metric's row
    layer: str | None = None  # an entity's row


class CurationVersionModel(RowTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._headers: list[str] = []
        self._layers: list[str] = []
        self._rows: list[VersionRow] = []

    def set_item(self, view: CurationView, item: Item | None) -> None:
        self.beginResetModel()
        if item is None:
            self._headers, self._layers, self._rows = [], [], []
        elif isinstance(item, EntityItem):
            self._show_entity(view, item)
        else:
            self._show_metric(view, item)
        self.endResetModel()

    @property
    def fields(self) -> list[str]:
        """The metric's fields in row order (empty for an entity)."""
        return [row.field for row in self._rows if row.field is not None]

    def field_at(self, row: int) -> str | None:
        return self._rows[row].field if 0 <= row < len(self._rows) else None

    def row_of_field(self, name: str) -> int | None:
        return next((n for n, row in enumerate(self._rows) if row.field == name), None)

    def headers(self) -> list[str]:
        return self._headers

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row: VersionRow | None = self.row_item(index)
        if row is None:
            return None
        column = index.column()
        if role == VersionRole.FIELD:
            return row.field
        if role == VersionRole.LAYER:
            return row.layer or (self._layers[column - 1] if column >= 1 else None)
        text = row.title if column == 0 else row.cells[column - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(text)
        if role == Qt.ItemDataRole.BackgroundRole and row.tint is not None:
            return QBrush(row.tint)
        if role == Qt.ItemDataRole.ForegroundRole and column == 0 and row.title_colour:
            return QBrush(QColor(row.title_colour))
        return None

    def _show_entity(self, view: CurationView, item: EntityItem) -> None:
        self._headers = [tr("Annotator"), tr("Version")]
        self._layers = []  # one column of versions: each row says whose
        self._rows = [
            VersionRow(
                f"{k} {annotator_name(layer)}",
                (_version_text(item.versions.get(layer)),),
                title_colour=annotator_colour(k - 1),
                layer=layer,
            )
            for k, layer in enumerate(view.annotators, 1)
        ]
        self._rows.append(VersionRow(tr("gold"), (_version_text(item.gold),), layer=GOLD))

    def _show_metric(self, view: CurationView, item: MetricItem) -> None:
        layers = [*view.annotators, GOLD]
        self._headers = [
            tr("Field"),
            *(f"{k} {annotator_name(a)}" for k, a in enumerate(view.annotators, 1)),
            tr("gold"),
        ]
        self._layers = layers
        lookups = {
            layer: (
                {e.id: e for e in view.entities.get(layer, ())},
                {m.id: m for m in view.metrics.get(layer, ())},
            )
            for layer in layers
        }
        # Differing fields first: they are the ones to settle.
        fields = [*item.differing, *(n for n in CURATED_FIELDS if n not in item.differing)]
        self._rows = []
        for name in fields:
            values = []
            for layer in layers:
                metric: Metric | None = item.gold if layer == GOLD else item.versions.get(layer)
                values.append(field_value(metric, name, *lookups[layer]) if metric else "—")
            tint = SETTLED if name in item.settled else DIFFERS if name in item.differing else None
            self._rows.append(VersionRow(field_name(name), tuple(values), tint=tint, field=name))


def _version_text(version: Entity | Metric | None) -> str:
    if version is None:
        return "—"
    return entity_text(version) if isinstance(version, Entity) else metric_summary(version)

"""Read-only tables of the open document's entities and metrics; incomplete metrics are flagged."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from annotator.domain.entities import Entity
from annotator.domain.errors import ValidationError
from annotator.domain.metrics import Metric
from annotator.gui.i18n import tr
from annotator.gui.messages import translated
from annotator.gui.models.row_table import Index, RowTableModel
from annotator.gui.plain import plain_tooltip
from annotator.schema.labels import LabelSchema

ID_ROLE = Qt.ItemDataRole.UserRole


class EntityTableModel(RowTableModel):
    def __init__(self, schema: LabelSchema) -> None:
        super().__init__()
        self._schema = schema
        self._rows: list[Entity] = []

    def set_entities(self, entities: tuple[Entity, ...]) -> None:
        self.beginResetModel()
        self._rows = sorted(entities, key=lambda e: (e.start, -e.end, e.id))
        self.endResetModel()

    def headers(self) -> tuple[str, ...]:
        return (tr("Label"), tr("Text"), tr("Offsets"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entity: Entity | None = self.row_item(index)
        if entity is None:
            return None
        if role == ID_ROLE:
            return entity.id
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 0:
            return QColor(self._schema.colour(entity.label))
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (entity.label, entity.text, f"{entity.start}–{entity.end}")[index.column()]

    def row_of(self, entity_id: str) -> int | None:
        return next((n for n, e in enumerate(self._rows) if e.id == entity_id), None)


class MetricTableModel(RowTableModel):
    """One row per metric; an incomplete metric is marked and its problems are the tooltip."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Metric] = []
        self._problems: dict[str, tuple[ValidationError, ...]] = {}

    def set_metrics(
        self, metrics: tuple[Metric, ...], problems: dict[str, tuple[ValidationError, ...]]
    ) -> None:
        self.beginResetModel()
        self._rows = list(metrics)
        self._problems = dict(problems)
        self.endResetModel()

    def headers(self) -> tuple[str, ...]:
        return (tr("Indicator"), tr("Value"), tr("Unit"), tr("Complete"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        metric: Metric | None = self.row_item(index)
        if metric is None:
            return None
        problems = self._problems.get(metric.id, ())
        if role == ID_ROLE:
            return metric.id
        if role == Qt.ItemDataRole.ToolTipRole and problems:
            return plain_tooltip("\n".join(translated(str(p)) for p in problems))
        if role == Qt.ItemDataRole.ForegroundRole and problems and index.column() == 3:
            return QColor("#c1121f")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return metric.indicator.text or metric.indicator.normalized if metric.indicator else ""
        if column == 1:
            return _number(metric)
        if column == 2:
            return (metric.unit.normalized or metric.unit.text or "") if metric.unit else ""
        # Short in every language, so that the column stays narrow; the tooltip says what is
        # missing and the status bar counts the incomplete metrics in words.
        return f"✗ {len(problems)}" if problems else "✓"

    def row_of(self, metric_id: str) -> int | None:
        return next((n for n, m in enumerate(self._rows) if m.id == metric_id), None)

    def metric_at(self, row: int) -> Metric:
        return self._rows[row]


def _number(metric: Metric) -> str:
    if metric.value is None:
        return ""
    shown = metric.value.text or ""
    number = metric.value.number
    if number is not None and shown != str(number):
        shown = f"{shown} = {number}" if shown else str(number)
    return shown

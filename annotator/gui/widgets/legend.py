"""LegendWidget: each label's colour, name and key, so the keys never have to be memorised."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from annotator.gui.actions import FIELD_KEYS, NEW_METRIC_KEY, field_title
from annotator.gui.i18n import tr
from annotator.schema.labels import LabelSchema, LabelSpec


def _chip(spec: LabelSpec, chinese: bool) -> QLabel:
    name = f"{spec.zh} {spec.name}" if chinese and spec.zh else spec.name
    chip = QLabel(f"{name}  [{spec.key}]")
    chip.setTextFormat(Qt.TextFormat.PlainText)
    chip.setStyleSheet(f"background: {spec.colour}; color: #111; padding: 2px 6px;"
                       "border-radius: 3px;")
    chip.setToolTip(spec.description)
    return chip


class LegendWidget(QWidget):
    def __init__(self, schema: LabelSchema, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        chinese = language.startswith("zh")
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 2, 4, 2)
        grid.setHorizontalSpacing(6)
        grid.addWidget(QLabel(tr("Entities")), 0, 0)
        for column, spec in enumerate(schema.entity, 1):
            grid.addWidget(_chip(spec, chinese), 0, column)
        grid.addWidget(QLabel(tr("Segments")), 1, 0)
        for column, spec in enumerate(schema.segment, 1):
            grid.addWidget(_chip(spec, chinese), 1, column)
        keys = [f"{tr('New metric')} [{NEW_METRIC_KEY}]"]
        keys += [f"{field_title(name)} [{key}]" for name, key in FIELD_KEYS.items()]
        metric_keys = self.metric_keys = QLabel(tr("Metric") + ":  " + " · ".join(keys))
        metric_keys.setTextFormat(Qt.TextFormat.PlainText)
        grid.addWidget(metric_keys, 2, 0, 1, len(schema.entity) + 1)
        grid.setColumnStretch(len(schema.entity) + 1, 1)

    def set_compact(self) -> None:
        """For a small screen: the metric keys are in the form's field names already."""
        self.metric_keys.hide()

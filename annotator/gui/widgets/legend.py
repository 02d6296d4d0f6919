"""LegendWidget: each label's colour, name and key, so the keys never have to be memorised."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from annotator.gui.actions import FIELD_KEYS, NEW_METRIC_KEY, field_title
from annotator.gui.i18n import tr
from annotator.schema.labels import LabelSchema, LabelSpec


class _Chip(QLabel):
    """A label's colour, name and key; clicking it applies the label, Shift+clicking it arms
    it (it takes no focus, so the text keeps its selection)."""

    clicked = Signal()
    shift_clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.shift_clicked.emit()
            else:
                self.clicked.emit()
        super().mouseReleaseEvent(event)


def _chip(spec: LabelSpec, chinese: bool) -> _Chip:
    name = f"{spec.zh} {spec.name}" if chinese and spec.zh else spec.name
    chip = _Chip(f"{name}  [{spec.key}]" if spec.key else name)
    chip.setObjectName(f"chip_{spec.name}")
    chip.setTextFormat(Qt.TextFormat.PlainText)
    chip.setCursor(Qt.CursorShape.PointingHandCursor)
    chip.setStyleSheet(_chip_style(spec.colour, armed=False))
    chip.setToolTip(spec.description)
    return chip


def _chip_style(colour: str, armed: bool) -> str:
    # An armed label shows inverted (every mouse selection is being tagged with it); the chip
    # keeps its size, so nothing around it moves.
    background, text = ("#111", colour) if armed else (colour, "#111")
    return f"background: {background}; color: {text}; padding: 2px 6px; border-radius: 3px;"


class LegendWidget(QWidget):
    entity_clicked = Signal(str)  # a label name: tag the selection, or relabel the entity
    entity_armed = Signal(str)  # Shift+click: tag every mouse selection with it
    segment_clicked = Signal(str)

    def __init__(self, schema: LabelSchema, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        chinese = language.startswith("zh")
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 2, 4, 2)
        grid.setHorizontalSpacing(6)
        grid.addWidget(QLabel(tr("Entities")), 0, 0)
        self._entity_chips: dict[str, tuple[_Chip, str]] = {}
        for column, spec in enumerate(schema.entity, 1):
            chip = _chip(spec, chinese)
            chip.clicked.connect(lambda x=spec.name: self.entity_clicked.emit(x))
            chip.shift_clicked.connect(lambda x=spec.name: self.entity_armed.emit(x))
            arming = tr("Shift+click: tag every word you double-click or text you drag with it")
            chip.setToolTip("\n".join(filter(None, (spec.description, arming))))
            self._entity_chips[spec.name] = (chip, spec.colour)
            grid.addWidget(chip, 0, column)
        grid.addWidget(QLabel(tr("Segments")), 1, 0)
        for column, spec in enumerate(schema.segment, 1):
            chip = _chip(spec, chinese)
            chip.clicked.connect(lambda x=spec.name: self.segment_clicked.emit(x))
            grid.addWidget(chip, 1, column)
        keys = [f"{tr('New metric')} [{NEW_METRIC_KEY}]"]
        keys += [f"{field_title(name)} [{key}]" for name, key in FIELD_KEYS.items()]
        metric_keys = self.metric_keys = QLabel(tr("Metric") + ":  " + " · ".join(keys))
        metric_keys.setTextFormat(Qt.TextFormat.PlainText)
        grid.addWidget(metric_keys, 2, 0, 1, len(schema.entity) + 1)
        grid.setColumnStretch(len(schema.entity) + 1, 1)

    def show_armed(self, label: str | None) -> None:
        """Show the armed label's chip inverted (none when `label` is None)."""
        for name, (chip, colour) in self._entity_chips.items():
            chip.setStyleSheet(_chip_style(colour, armed=name == label))

    def set_compact(self) -> None:
        """For a small screen: the metric keys are in the form's field names already."""
        self.metric_keys.hide()

"""AnnotationPanel: the metric form above the lists of this document's entities and metrics."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QWidget,
)

from annotator.gui.i18n import tr
from annotator.gui.models.annotation_tables import ID_ROLE, EntityTableModel, MetricTableModel
from annotator.gui.widgets.metric_form import MetricFormWidget
from annotator.schema.labels import LabelSchema
from annotator.services.documents import DocumentView


def _table(name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(22)
    return table


def _size_columns(table: QTableView, stretched: int, samples: dict[int, str]) -> None:
    """One column takes the free width; each other one is as wide as its title or a typical
    value, whichever is wider, so that a narrow panel shows every column, in English as in
    Chinese. Widths are set once: sizing to contents would measure rows on every edit."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    metrics = table.fontMetrics()
    padding = 2 * metrics.horizontalAdvance("M")
    for column in range(header.count()):
        if column == stretched:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            continue
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(
            column,
            max(
                header.sectionSizeHint(column),
                padding + metrics.horizontalAdvance(samples.get(column, "")),
            ),
        )


class AnnotationPanel(QSplitter):
    entity_chosen = Signal(str)
    metric_chosen = Signal(str)

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.form = MetricFormWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.entity_model = EntityTableModel(schema)
        self.metric_model = MetricTableModel()
        self.entity_table = _table("entity_table")
        self.entity_table.setModel(self.entity_model)
        _size_columns(self.entity_table, stretched=1, samples={0: "PROGRAM", 2: "10000–10006"})
        self.metric_table = _table("metric_table")
        self.metric_table.setModel(self.metric_model)
        _size_columns(
            self.metric_table, stretched=0, samples={1: "20.26万 = 202600", 2: "平方公里", 3: "✗ 9"}
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self.metric_table, tr("Metrics"))
        self.tabs.addTab(self.entity_table, tr("Entities"))
        self.addWidget(scroll)
        self.addWidget(self.tabs)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.entity_table.clicked.connect(lambda index: self.entity_chosen.emit(self._id(index)))
        self.metric_table.clicked.connect(lambda index: self.metric_chosen.emit(self._id(index)))
        self.metric_table.activated.connect(lambda index: self.metric_chosen.emit(self._id(index)))

    def set_compact(self) -> None:
        """For a small screen: tighter form rows, and the form gets the height it needs."""
        self.form.set_compact()
        total = max(self.height(), 1)
        wanted = self.form.sizeHint().height() + 4
        self.setSizes([wanted, max(total - wanted, 90)])

    @staticmethod
    def _id(index: QModelIndex) -> str:
        return index.siblingAtColumn(0).data(ID_ROLE)

    def show_view(self, view: DocumentView) -> None:
        self.entity_model.set_entities(view.entities)
        self.metric_model.set_metrics(view.metrics, view.problems)
        self.tabs.setTabText(0, tr("Metrics (%1)").replace("%1", str(len(view.metrics))))
        self.tabs.setTabText(1, tr("Entities (%1)").replace("%1", str(len(view.entities))))

    def select_metric(self, metric_id: str | None) -> None:
        row = self.metric_model.row_of(metric_id) if metric_id else None
        if row is None:
            self.metric_table.clearSelection()
        else:
            self.metric_table.selectRow(row)

"""The agreement view: figures per pair of annotators, then for the selected pair its labels
(bars with their numbers, and a table), metric fields, label confusion and documents; a double
click on a pair or a document opens curation on that document's disagreements."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.gui.actions import field_name
from annotator.gui.i18n import tr
from annotator.gui.tasks import Job
from annotator.services.agreement import AgreementReport, compute_agreement
from annotator.services.permissions import Actor
from annotator.store.database import Database

_COLUMNS = (
    "a",
    "b",
    "documents",
    "entity_f1_exact",
    "entity_f1_overlap",
    "kappa_char",
    "metric_f1",
)
_DOCUMENT_COLUMNS = ("doc_id", "entity_f1_exact", "entity_f1_overlap", "kappa_char", "metric_f1")
EXACT_COLOUR = QColor("#4c72b0")
OVERLAP_COLOUR = QColor("#dd8452")


def _figure(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


class LabelChartWidget(QWidget):
    """Bars of entity F1 per label for one pair: exact and overlapping side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[tuple[str, float | None, float | None]] = []
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_bars(self, bars: list[tuple[str, float | None, float | None]]) -> None:
        self._bars = bars
        self.update()

    def bars(self) -> list[tuple[str, float | None, float | None]]:
        """(label, exact F1, overlapping F1) as drawn."""
        return list(self._bars)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        if not self._bars:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("No labels to compare"))
            return
        margin, legend, caption = 8, 18, 18
        height = self.height() - 2 * margin - legend - caption
        slot = (self.width() - 2 * margin) / len(self._bars)
        bar = max(2.0, slot * 0.35)
        base = margin + legend + height
        painter.setPen(QPen(self.palette().text().color()))
        # The key: a square in each bar's colour before its name.
        x = float(margin)
        for colour, name in ((EXACT_COLOUR, tr("exact")), (OVERLAP_COLOUR, tr("overlapping"))):
            painter.fillRect(QRectF(x, margin + 4, 10, 10), colour)
            width = painter.fontMetrics().horizontalAdvance(name)
            painter.drawText(QRectF(x + 14, margin, width + 4, legend), name)
            x += width + 30
        painter.drawLine(margin, int(base), self.width() - margin, int(base))
        for i, (label, exact, overlap) in enumerate(self._bars):
            left = margin + i * slot + (slot - 2 * bar) / 2
            for j, (value, colour) in enumerate(((exact, EXACT_COLOUR), (overlap, OVERLAP_COLOUR))):
                if value is None:
                    continue
                top = base - height * value
                painter.fillRect(QRectF(left + j * bar, top, bar - 1, base - top), colour)
                # The figure itself above its bar: a bar alone is not a number.
                painter.drawText(
                    QRectF(left + j * bar - 12, top - 16, bar + 24, 14),
                    Qt.AlignmentFlag.AlignHCenter,
                    f"{value:.2f}",
                )
            painter.drawText(
                QRectF(margin + i * slot, base + 2, slot, caption),
                Qt.AlignmentFlag.AlignHCenter,
                label,
            )
        painter.end()


class AgreementWidget(QWidget):
    """Agreement of the database's annotators, computed off the GUI thread on demand."""

    report_ready = Signal(object)  # AgreementReport
    curation_requested = Signal(str)  # a document to curate (its disagreements)

    def __init__(self, database: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.actor = actor
        self.report: AgreementReport | None = None
        self._job: Job | None = None
        self.done_only = QCheckBox(tr("Only documents both marked done"))
        self.refresh_button = QPushButton(tr("Recompute"))
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setHorizontalHeaderLabels(
            [
                tr("Annotator A"),
                tr("Annotator B"),
                tr("Documents"),
                tr("Entity F1 (exact)"),
                tr("Entity F1 (overlapping)"),
                tr("Kappa (characters)"),
                tr("Metric F1"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.alpha_label = QLabel()
        self.alpha_label.setTextFormat(Qt.TextFormat.PlainText)
        self.chart = LabelChartWidget()
        self.documents_table = QTableWidget(0, len(_DOCUMENT_COLUMNS))
        self.documents_table.setHorizontalHeaderLabels(
            [
                tr("Document"),
                tr("Entity F1 (exact)"),
                tr("Entity F1 (overlapping)"),
                tr("Kappa (characters)"),
                tr("Metric F1"),
            ]
        )
        self.documents_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.labels_table = QTableWidget(0, 5)
        self.fields_table = QTableWidget(0, 2)
        self.confusion_table = QTableWidget(0, 0)
        for table in (
            self.table,
            self.documents_table,
            self.labels_table,
            self.fields_table,
            self.confusion_table,
        ):  # headers readable in full
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setToolTip(tr("Double-click a pair to curate its least agreed document"))
        self.documents_table.setToolTip(tr("Double-click a document to curate it"))
        self.details = QTabWidget()
        labels_page = QWidget()
        labels_layout = QHBoxLayout(labels_page)
        labels_layout.addWidget(self.chart, 1)
        labels_layout.addWidget(self.labels_table, 1)
        self.details.addTab(labels_page, tr("Labels"))
        self.details.addTab(self.fields_table, tr("Metric fields"))
        self.details.addTab(self.confusion_table, tr("Label confusion"))
        self.details.addTab(self.documents_table, tr("Documents"))
        controls = QHBoxLayout()
        controls.addWidget(self.done_only)
        controls.addStretch(1)
        controls.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.alpha_label)
        layout.addWidget(self.details, 3)
        self.refresh_button.clicked.connect(self.refresh)
        self.done_only.toggled.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._show_selected_pair)
        self.table.cellDoubleClicked.connect(self._curate_pair)
        self.documents_table.cellDoubleClicked.connect(self._curate_document)
        self.refresh()

    def refresh(self) -> None:
        """Recompute in the background; the table fills in when the figures arrive."""
        done_only = self.done_only.isChecked()
        self.refresh_button.setEnabled(False)
        self.alpha_label.setText(tr("Computing agreement…"))
        self._job = Job(lambda _progress: compute_agreement(self.database, done_only=done_only))
        self._job.finished.connect(self._show_report)
        self._job.failed.connect(self._show_error)
        self._job.start()

    def _show_error(self, error: Exception) -> None:
        self.refresh_button.setEnabled(True)
        self.alpha_label.setText(
            str(error)
            if isinstance(error, AnnotatorError)
            else tr("Agreement could not be computed: {error}").format(error=error)
        )

    def _show_report(self, report: AgreementReport) -> None:
        self.refresh_button.setEnabled(True)
        self.report = report
        self.table.setRowCount(len(self.report.pairs))
        for row, pair in enumerate(self.report.pairs):
            for column, key in enumerate(_COLUMNS):
                self.table.setItem(row, column, QTableWidgetItem(_figure(pair[key])))
        self.alpha_label.setText(
            tr(
                "Krippendorff's alpha (characters, all annotators): {alpha} over {n} documents"
            ).format(alpha=_figure(self.report.alpha_char), n=self.report.alpha_documents)
        )
        if self.report.pairs:
            self.table.selectRow(0)
        self._show_selected_pair()
        self.report_ready.emit(report)

    def selected_pair(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        if self.report is None or not rows:
            return None
        return self.report.pairs[rows[0].row()]

    def _curate_pair(self, row: int, _column: int = 0) -> None:
        """The pair's document with the lowest entity agreement, in curation."""
        if self.report is None:
            return
        documents = self.report.pairs[row]["per_document"]
        if documents:
            worst = min(
                documents, key=lambda d: (d["entity_f1_exact"] is None, d["entity_f1_exact"] or 0.0)
            )
            self.curation_requested.emit(worst["doc_id"])

    def _curate_document(self, row: int, _column: int = 0) -> None:
        pair = self.selected_pair()
        if pair is not None and 0 <= row < len(pair["per_document"]):
            self.curation_requested.emit(pair["per_document"][row]["doc_id"])

    def _show_selected_pair(self) -> None:
        pair = self.selected_pair()
        if pair is None:
            self.chart.set_bars([])
            for table in (
                self.documents_table,
                self.labels_table,
                self.fields_table,
                self.confusion_table,
            ):
                table.setRowCount(0)
            return
        self._show_details(pair)
        self.chart.set_bars(
            [(label, f["exact"], f["overlap"]) for label, f in pair["labels"].items()]
        )
        self.documents_table.setRowCount(len(pair["per_document"]))
        for row, figures in enumerate(pair["per_document"]):
            for column, key in enumerate(_DOCUMENT_COLUMNS):
                self.documents_table.setItem(row, column, QTableWidgetItem(_figure(figures[key])))

    def _show_details(self, pair: dict[str, Any]) -> None:
        """Per label (numbers, each count named by its annotator), metric fields, confusion."""
        a, b = (name.partition(":")[2] or name for name in (pair["a"], pair["b"]))
        labels = pair["labels"]
        self.labels_table.setHorizontalHeaderLabels(
            [
                tr("Label"),
                tr("Entity F1 (exact)"),
                tr("Entity F1 (overlapping)"),
                tr("Entities of {name}").format(name=a),
                tr("Entities of {name}").format(name=b),
            ]
        )
        self.labels_table.setRowCount(len(labels))
        for row, (label, f) in enumerate(labels.items()):
            for column, value in enumerate((label, f["exact"], f["overlap"], f["a"], f["b"])):
                self.labels_table.setItem(row, column, QTableWidgetItem(_figure(value)))
        fields = pair["metric_fields"]
        self.fields_table.setHorizontalHeaderLabels([tr("Field"), tr("Agreement")])
        self.fields_table.setRowCount(len(fields))
        for row, (name, rate) in enumerate(fields.items()):
            title = (
                tr("Links")
                if name == "links"
                else (tr("Number") if name == "number" else field_name(name))
            )
            self.fields_table.setItem(row, 0, QTableWidgetItem(title))
            self.fields_table.setItem(row, 1, QTableWidgetItem(_figure(rate)))
        confusion = pair["confusion"]
        rows = sorted(confusion)
        columns = sorted({y for row in confusion.values() for y in row})
        self.confusion_table.setRowCount(len(rows))
        self.confusion_table.setColumnCount(len(columns))
        self.confusion_table.setHorizontalHeaderLabels([f"{b}: {y}" for y in columns])
        self.confusion_table.setVerticalHeaderLabels([f"{a}: {x}" for x in rows])
        for r, x in enumerate(rows):
            for c, y in enumerate(columns):
                self.confusion_table.setItem(r, c, QTableWidgetItem(str(confusion[x].get(y, 0))))

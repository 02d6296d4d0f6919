"""The curation view: annotators' versions side by side, settled into gold one undoable step at
a time (every step is a `services.curation` decision, saved at once)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.domain.metrics import Field, Metric
from annotator.domain.quantities import parse_number
from annotator.domain.status import DocumentStatus
from annotator.domain.text import Utf16Offsets
from annotator.gui.i18n import tr
from annotator.gui.models.document_list import status_text
from annotator.gui.widgets.metric_form import MetricFormWidget
from annotator.schema.labels import default_label_schema
from annotator.services import curation, editing
from annotator.services.database import Database
from annotator.services.documents import list_documents
from annotator.services.permissions import Actor

UNANIMOUS = QColor("#dff0d8")
DISAGREEMENT = QColor("#f9d6d5")
SETTLED = QColor("#d9e8fb")
_ITEM = Qt.ItemDataRole.UserRole
FIELD_ROWS: tuple[str, ...] = (*curation.COMPARED_FIELDS, "note")


def _field_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Field):
        if value.implicit:
            return f"({value.normalized or value.number})"
        extra = value.number if value.number is not None else value.normalized
        return f"{value.text} [{value.start}-{value.end}]" + (f" = {extra}" if extra else "")
    return str(value)


def _metric_summary(metric: Metric) -> str:
    parts = [_field_text(metric.indicator.text if metric.indicator else None),
             str(metric.number) if metric.number is not None else "?",
             (metric.unit.normalized or metric.unit.text or "") if metric.unit else "",
             "/".join(str(v) for v in (metric.approx, metric.status, metric.aspect) if v)]
    return " ".join(p for p in parts if p)


def _item(text: str, data: object = None, colour: QColor | None = None) -> QTableWidgetItem:
    # Table items show plain text: article text such as "<b>" is never interpreted.
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if data is not None:
        item.setData(_ITEM, data)
    if colour is not None:
        item.setBackground(colour)
    return item


class DecisionCommand(QUndoCommand):
    """One curation decision on the undo stack: undo and redo are logged decisions too."""

    def __init__(self, widget: CurationWidget, applied: editing.Applied, text: str) -> None:
        super().__init__(text)
        self._widget = widget
        self._forward: editing.Command | None = None
        self._inverse: editing.Command = applied.inverse
        self._first = True

    def redo(self) -> None:
        if self._first:  # already applied when the curator acted
            self._first = False
            return
        if self._forward is not None:
            applied = self._widget.replay(self._forward, "redo")
            if applied is None:
                self.setObsolete(True)  # gold moved on elsewhere: this step cannot be redone
            else:
                self._inverse = applied.inverse

    def undo(self) -> None:
        applied = self._widget.replay(self._inverse, "undo")
        if applied is None:
            self.setObsolete(True)
        else:
            self._forward = applied.inverse


class CurationWidget(QWidget):
    """Curate one document at a time into gold; constructed from a database and the curator."""

    def __init__(self, database: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.actor = actor
        self.view: curation.CurationView | None = None
        self.undo_stack = QUndoStack(self)
        self._build()
        self._connect()
        if not actor.curator:
            self.message.setText(tr("{name} is not a curator; curation is for curators only")
                                 .format(name=actor.name))
            self.setEnabled(False)
            return
        for summary in list_documents(database, None, limit=100_000):
            self.documents.addItem(summary.doc_id)

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.documents = QComboBox()
        self.gold_status = QComboBox()
        for status in DocumentStatus:
            self.gold_status.addItem(status_text(status.value), status)
        self.set_status_button = QPushButton(tr("Set gold status"))
        self.text_view = QPlainTextEdit()
        self.text_view.setReadOnly(True)
        self.entity_table = self._table()
        self.metric_table = self._table()
        self.field_table = self._table()
        self.field_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.metric_form = MetricFormWidget()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("Reason (optional, kept with the decision)"))
        self.label_choice = QComboBox()
        self.label_choice.addItems(list(default_label_schema().entity_labels))
        self.take_button = QPushButton(tr("Take selected version"))
        self.add_button = QPushButton(tr("Add text selection to gold"))
        self.relabel_button = QPushButton(tr("Relabel gold entity"))
        self.remove_button = QPushButton(tr("Remove from gold"))
        self.unanimous_button = QPushButton(tr("Accept all unanimous"))
        self.settle_button = QPushButton(tr("Use selected field value"))
        self.new_metric_button = QPushButton(tr("New gold metric from text selection"))
        self.undo_button = QPushButton(tr("Undo"))
        self.redo_button = QPushButton(tr("Redo"))
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Document")))
        top.addWidget(self.documents, 1)
        top.addWidget(QLabel(tr("Gold status")))
        top.addWidget(self.gold_status)
        top.addWidget(self.set_status_button)
        tables = QWidget()
        right = QVBoxLayout(tables)
        for title, table, share in ((tr("Entities"), self.entity_table, 3),
                                    (tr("Metrics"), self.metric_table, 2)):
            right.addWidget(QLabel(title))
            right.addWidget(table, share)
            table.setMinimumHeight(30 * share + 40)  # a few rows, not squeezed by the tabs
        self.metric_tabs = QTabWidget()
        self.metric_tabs.addTab(self.field_table, tr("Fields side by side"))
        form_scroll = QScrollArea()  # the form is tall: it scrolls rather than grow the window
        form_scroll.setWidgetResizable(True)
        form_scroll.setWidget(self.metric_form)
        self.metric_tabs.addTab(form_scroll, tr("Edit the gold metric"))
        right.addWidget(self.metric_tabs, 3)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.text_view)
        splitter.addWidget(tables)
        splitter.setStretchFactor(1, 2)
        buttons = QGridLayout()
        row = [self.take_button, self.unanimous_button, self.settle_button, self.remove_button]
        for column, button in enumerate(row):
            buttons.addWidget(button, 0, column)
        buttons.addWidget(self.new_metric_button, 0, len(row))
        for column, widget in enumerate([self.label_choice, self.add_button, self.relabel_button,
                                         self.undo_button, self.redo_button]):
            buttons.addWidget(widget, 1, column)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.reason)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

    @staticmethod
    def _table() -> QTableWidget:
        table = QTableWidget()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        return table

    def _connect(self) -> None:
        self.documents.currentTextChanged.connect(self.open_document)
        self.metric_table.currentCellChanged.connect(lambda *_: self._fill_fields())
        self.entity_table.itemSelectionChanged.connect(lambda: self._activate(self.entity_table))
        self.metric_table.itemSelectionChanged.connect(lambda: self._activate(self.metric_table))
        self.take_button.clicked.connect(self.take_selected)
        self.add_button.clicked.connect(self.add_selection)
        self.relabel_button.clicked.connect(self.relabel_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.unanimous_button.clicked.connect(self.accept_unanimous)
        self.settle_button.clicked.connect(self.settle_selected_field)
        self.set_status_button.clicked.connect(self.set_gold_status)
        self.new_metric_button.clicked.connect(self.new_metric_from_selection)
        self.metric_form.metric_edited.connect(self.save_gold_metric)
        self.metric_form.fill_requested.connect(self.fill_gold_field)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self._active = self.entity_table

    def _activate(self, table: QTableWidget) -> None:
        self._active = table

    # -- reading -----------------------------------------------------------------------------
    @property
    def doc_id(self) -> str | None:
        return self.view.document.doc_id if self.view else None

    def open_document(self, doc_id: str) -> None:
        if not doc_id:
            return
        if self.documents.currentText() != doc_id:
            self.documents.setCurrentText(doc_id)  # comes back here through the signal
            return
        self.undo_stack.clear()  # undo steps belong to the document they were taken on
        self.text_view.setPlainText("")
        self.reload()

    def reload(self) -> None:
        doc_id = self.documents.currentText()
        try:
            self.view = curation.curation_view(self.database, doc_id, self.actor)
        except AnnotatorError as error:
            self.message.setText(str(error))
            return
        if self.text_view.toPlainText() != self.view.document.text:
            self.text_view.setPlainText(self.view.document.text)
        self.gold_status.setCurrentIndex(self.gold_status.findData(self.view.gold_status))
        # The curator's place in the tables survives the reload that follows each decision.
        places = [(t, t.currentRow(), t.currentColumn())
                  for t in (self.entity_table, self.metric_table, self.field_table)]
        active = self._active
        self._fill_entities()
        self._fill_metrics()
        for table, row, column in places[:2]:
            if 0 <= row < table.rowCount():
                table.setCurrentCell(row, max(column, 0))
        self._fill_fields()
        field_table, row, column = places[2]
        if 0 <= row < field_table.rowCount():
            field_table.setCurrentCell(row, max(column, 0))
        self._active = active
        self._highlight_disagreements()

    def _headers(self, first: list[str]) -> list[str]:
        assert self.view is not None
        return [*first, *(layer.partition(":")[2] for layer in self.view.annotators), tr("gold")]

    def _fill_entities(self) -> None:
        assert self.view is not None
        table, view = self.entity_table, self.view
        table.clear()
        table.setColumnCount(3 + len(view.annotators) + 1)
        table.setHorizontalHeaderLabels(self._headers([tr("Label"), tr("Text"), tr("Span")]))
        table.setRowCount(len(view.entity_groups))
        for row, group in enumerate(view.entity_groups):
            colour = (SETTLED if group.gold_key else UNANIMOUS if group.unanimous
                      else DISAGREEMENT)
            cells = [group.label, group.text, f"{group.start}-{group.end}"]
            for column, text in enumerate(cells):
                table.setItem(row, column, _item(text, ("group", row), colour))
            for column, layer in enumerate(view.annotators, start=3):
                key = group.keys.get(layer)
                table.setItem(row, column, _item("✓ " + key if key else "", (layer, key), colour))
            table.setItem(row, 3 + len(view.annotators),
                          _item(group.gold_key or "", ("gold", group.gold_key), colour))

    def _fill_metrics(self) -> None:
        assert self.view is not None
        table, view = self.metric_table, self.view
        gold = {m.id: m for m in view.gold_metrics}
        table.clear()
        table.setColumnCount(2 + len(view.annotators) + 1)
        table.setHorizontalHeaderLabels(
            self._headers([tr("Value"), tr("Differs in")]))
        table.setRowCount(len(view.metric_groups))
        for row, group in enumerate(view.metric_groups):
            colour = (SETTLED if group.gold_key else UNANIMOUS if group.unanimous
                      else DISAGREEMENT)
            span = group.value_span
            value = view.document.text[span[0]:span[1]] if span else tr("(no value)")
            table.setItem(row, 0, _item(value, ("group", row), colour))
            table.setItem(row, 1, _item(", ".join(group.differing), ("group", row), colour))
            for column, layer in enumerate(view.annotators, start=2):
                metric = group.metrics.get(layer)
                table.setItem(row, column, _item(_metric_summary(metric) if metric else "",
                                                 (layer, metric.id if metric else None), colour))
            gold_metric = gold.get(group.gold_key) if group.gold_key else None
            table.setItem(row, 2 + len(view.annotators), _item(
                f"{group.gold_key}: {_metric_summary(gold_metric)}" if gold_metric else "",
                ("gold", group.gold_key), colour))

    def selected_metric_group(self) -> curation.MetricGroup | None:
        row = self.metric_table.currentRow()
        if self.view is None or not 0 <= row < len(self.view.metric_groups):
            return None
        return self.view.metric_groups[row]

    def _fill_fields(self) -> None:
        table = self.field_table
        table.clear()
        group = self.selected_metric_group()
        gold = None
        if self.view is not None and group is not None:
            gold = {m.id: m for m in self.view.gold_metrics}.get(group.gold_key or "")
        self.metric_form.show_metric(gold, self.view.gold_entities if self.view else (),
                                     self.view.gold_metrics if self.view else (), ())
        if self.view is None or group is None:
            table.setRowCount(0)
            table.setColumnCount(0)
            return
        view = self.view
        columns = [(layer, group.metrics.get(layer)) for layer in view.annotators]
        columns.append(("gold", gold))
        table.setColumnCount(len(columns))
        table.setHorizontalHeaderLabels(self._headers([]))
        table.setRowCount(len(FIELD_ROWS))
        table.setVerticalHeaderLabels(list(FIELD_ROWS))
        for row, name in enumerate(FIELD_ROWS):
            colour = DISAGREEMENT if name in group.differing else None
            for column, (layer, metric) in enumerate(columns):
                text = _field_text(getattr(metric, name)) if metric else ""
                table.setItem(row, column, _item(
                    text, (layer, metric.id if metric else None, name), colour))

    def _highlight_disagreements(self) -> None:
        """Tint the text under every entity or metric value the annotators disagree on."""
        assert self.view is not None
        offsets = Utf16Offsets(self.view.document.text)
        selections = []
        spans = [(g.start, g.end) for g in self.view.entity_groups if not g.unanimous]
        spans += [g.value_span for g in self.view.metric_groups
                  if g.value_span and not g.unanimous]
        for start, end in spans:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.text_view.document())
            cursor.setPosition(offsets.to_utf16(start))
            cursor.setPosition(offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(DISAGREEMENT)
            selection.cursor, selection.format = cursor, fmt
            selections.append(selection)
        self.text_view.setExtraSelections(selections)

    # -- deciding ----------------------------------------------------------------------------
    def _decide(self, text: str, action: Callable[[], editing.Applied | None]) -> bool:
        """Run one decision; on success it becomes an undo step and the view reloads."""
        try:
            applied = action()
        except AnnotatorError as error:
            self.message.setText(str(error))
            self.reload()
            return False
        if applied is None:
            self.message.setText(tr("Nothing to do"))
            return False
        self.undo_stack.push(DecisionCommand(self, applied, text))
        self.message.setText(text)
        self.reload()
        return True

    def replay(self, cmd: editing.Command, decision: str) -> editing.Applied | None:
        """Undo or redo a decision (called by the undo stack)."""
        try:
            applied = curation.replay(self.database, self.actor, cmd, decision,
                                      self.reason.text())
        except AnnotatorError as error:
            self.message.setText(str(error))
            applied = None
        self.reload()
        return applied

    def _selected(self, table: QTableWidget) -> tuple | None:
        item = table.currentItem()
        return item.data(_ITEM) if item is not None else None

    def take_selected(self) -> bool:
        """Take the version in the selected annotator cell (entity or metric) into gold."""
        data = self._selected(self._active)
        if self.doc_id is None or not data or not str(data[0]).startswith("annotator:") \
                or not data[1]:
            self.message.setText(tr("Select an annotator's version first"))
            return False
        layer, key = data[0], data[1]
        doc_id, reason = self.doc_id, self.reason.text()
        take = curation.take_entity if self._active is self.entity_table else curation.take_metric
        return self._decide(tr("Take {key} of {layer}").format(key=key, layer=layer),
                            lambda: take(self.database, self.actor, doc_id, layer, key, reason))

    def accept_unanimous(self) -> bool:
        doc_id = self.doc_id
        if doc_id is None:
            return False
        return self._decide(tr("Accept all unanimous"), lambda: curation.accept_unanimous(
            self.database, self.actor, doc_id, self.reason.text()))

    def add_selection(self) -> bool:
        """Add the text selection to gold as an entity of the chosen label."""
        selection = self._selection()
        if selection is None or self.view is None:
            return False
        start, end, _text = selection
        label, doc_id = self.label_choice.currentText(), self.view.document.doc_id
        return self._decide(tr("Add {label}").format(label=label), lambda: curation.add_entity(
            self.database, self.actor, doc_id, label, start, end, self.reason.text()))

    def _selected_gold_entity(self) -> curation.EntityGroup | None:
        row = self.entity_table.currentRow()
        if self.view is None or not 0 <= row < len(self.view.entity_groups):
            return None
        group = self.view.entity_groups[row]
        return group if group.gold_key else None

    def relabel_selected(self) -> bool:
        group = self._selected_gold_entity()
        if group is None or self.view is None:
            self.message.setText(tr("Select an entity that is in gold first"))
            return False
        label, doc_id, key = self.label_choice.currentText(), self.view.document.doc_id, \
            group.gold_key
        version = self.view.gold_entity_versions.get(key or "")
        return self._decide(tr("Relabel {key} as {label}").format(key=key, label=label),
                            lambda: curation.edit_entity(
                                self.database, self.actor, doc_id, key or "", label, group.start,
                                group.end, self.reason.text(), version))

    def remove_selected(self) -> bool:
        doc_id = self.doc_id
        if doc_id is None:
            return False
        if self._active is self.entity_table:
            group = self._selected_gold_entity()
            if group is not None:
                key = group.gold_key or ""
                return self._decide(tr("Remove {key} from gold").format(key=key),
                                    lambda: curation.remove_entity(
                                        self.database, self.actor, doc_id, key,
                                        self.reason.text()))
        else:
            metric_group = self.selected_metric_group()
            if metric_group is not None and metric_group.gold_key:
                key = metric_group.gold_key
                return self._decide(tr("Remove {key} from gold").format(key=key),
                                    lambda: curation.remove_metric(
                                        self.database, self.actor, doc_id, key,
                                        self.reason.text()))
        self.message.setText(tr("Select an item that is in gold first"))
        return False

    def settle_selected_field(self) -> bool:
        """Set the selected field of the gold metric to the selected annotator's value."""
        data = self._selected(self.field_table)
        group = self.selected_metric_group()
        if self.view is None or group is None or not data \
                or not str(data[0]).startswith("annotator:") or not data[1]:
            self.message.setText(tr("Select a field value of an annotator first"))
            return False
        if not group.gold_key:
            self.message.setText(tr("Take one version into gold first, then settle its fields"))
            return False
        layer, source_key, name = data
        doc_id, gold_key = self.view.document.doc_id, group.gold_key
        version = self.view.gold_metric_versions.get(gold_key)
        return self._decide(
            tr("Set {field} from {layer}").format(field=name, layer=layer),
            lambda: curation.settle_field(self.database, self.actor, doc_id, gold_key, name,
                                          layer, source_key, self.reason.text(), version))

    def set_gold_status(self) -> bool:
        doc_id = self.doc_id
        if doc_id is None:
            return False
        status = self.gold_status.currentData()
        return self._decide(tr("Gold status {status}").format(status=status),
                            lambda: curation.set_gold_status(
                                self.database, self.actor, doc_id, status, self.reason.text()))

    def _selection(self) -> tuple[int, int, str] | None:
        """The text selection in code points, with its text."""
        cursor = self.text_view.textCursor()
        if self.view is None or not cursor.hasSelection():
            self.message.setText(tr("Select some text first"))
            return None
        offsets = Utf16Offsets(self.view.document.text)
        start = offsets.to_code_point(cursor.selectionStart())
        end = offsets.to_code_point(cursor.selectionEnd())
        return start, end, self.view.document.text[start:end]

    def save_gold_metric(self, metric: Metric) -> bool:
        """Save the gold metric as edited in the form (one undoable decision per edit)."""
        if self.view is None:
            return False
        doc_id = self.view.document.doc_id
        version = self.view.gold_metric_versions.get(metric.id)
        return self._decide(tr("Edit {key}").format(key=metric.id), lambda: curation.save_metric(
            self.database, self.actor, doc_id, metric, version, self.reason.text()))

    def fill_gold_field(self, name: str) -> bool:
        """Set a surface field of the gold metric in the form to the text selection."""
        selection = self._selection()
        if selection is None:
            return False
        metric = self.metric_form.with_span(name, *selection)
        return metric is not None and self.save_gold_metric(metric)

    def new_metric_from_selection(self) -> bool:
        """Add a gold metric whose value is the selected number; fill the rest in the form."""
        selection = self._selection()
        if selection is None or self.view is None:
            return False
        start, end, text = selection
        metric = Metric("", value=Field(start, end, text, number=parse_number(text)))
        doc_id = self.view.document.doc_id
        done = self._decide(tr("New metric {value}").format(value=text),
                            lambda: curation.save_metric(self.database, self.actor, doc_id,
                                                         metric, None, self.reason.text()))
        if done and self.view is not None:
            for row, group in enumerate(self.view.metric_groups):
                if group.value_span == (start, end) and group.gold_key:
                    self.metric_table.setCurrentCell(row, 0)
            self.metric_tabs.setCurrentIndex(1)  # the gold metric form
        return done

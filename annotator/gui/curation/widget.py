"""CurationWidget: one document's items beside its text, adjudicated into gold by key.

Keys (while the window has focus): N / Shift+N next / previous open item, Enter next item,
1, 2, … that annotator's version (for a metric: of the field under the field cursor), X reject,
A accept every unanimous item, the label keys relabel the gold span, Ctrl+Z / Ctrl+Shift+Z.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStatusBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.domain.status import DocumentStatus
from annotator.gui.actions import FIELD_KEYS, NEW_METRIC_KEY
from annotator.gui.curation.deciding import Deciding
from annotator.gui.curation.gold_editing import GoldEditing
from annotator.gui.curation.navigation import Navigation
from annotator.gui.curation.session import CurationSession
from annotator.gui.curation.tables import ItemList, VersionTable
from annotator.gui.curation.text_view import CurationTextView
from annotator.gui.i18n import tr
from annotator.gui.models.document_list import status_text
from annotator.gui.widgets.metric_form import MetricFormWidget
from annotator.services import curation
from annotator.services.curation_items import CurationItems
from annotator.services.curation_progress import DocumentProgress


class CurationWidget(QWidget, Navigation, Deciding, GoldEditing):
    """Curate one document at a time into gold, through the curator's session."""

    def __init__(self, session: CurationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.schema = session.labels()
        self.view: curation.CurationView | None = None
        self.items = CurationItems((), ())
        self.current: int | None = None
        self._made_key: str | None = None  # a gold metric the curator just made (M)
        self._replay_failed = False  # an undo or redo step the database refused
        self.progress: dict[str, DocumentProgress] = {}
        self._build()
        session.reason = self._reason
        self.session.changed.connect(lambda _change: self.reload())
        self.session.error_reported.connect(self._step_refused)
        self.session.document_requested.connect(self.open_document)
        self.undo_stack = self.session.undo_stack
        self._keys()
        if not session.actor.curator:
            self.message.setText(
                tr("{name} is not a curator; curation is for curators only").format(
                    name=session.actor.name
                )
            )
            self.setEnabled(False)
            return
        for entry in session.progress():
            self.progress[entry.doc_id] = entry
            self.documents.addItem(entry.doc_id, entry.doc_id)
        self._label_documents()

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.documents = QComboBox()
        self.documents.setObjectName("curation_documents")
        self.documents.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.gold_status = QComboBox()
        for status in DocumentStatus:
            self.gold_status.addItem(status_text(status.value), status)
        self.set_status_button = QPushButton(tr("Set gold status"))
        self.text_view = CurationTextView(self.schema)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        self.item_list = ItemList()
        self.versions = VersionTable()
        self.metric_form = MetricFormWidget()
        self.side = QTabWidget()
        self.side.addTab(self.versions.table, tr("Versions side by side"))
        form_scroll = QScrollArea()  # the form is tall: it scrolls rather than grow the window
        form_scroll.setWidgetResizable(True)
        form_scroll.setWidget(self.metric_form)
        self.side.addTab(form_scroll, tr("Edit the gold metric"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("Reason (optional, kept with the next decision)"))
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.status_bar = QStatusBar()
        self.status_bar.setSizeGripEnabled(False)
        self.progress_label = QLabel()
        self.status_bar.addWidget(self.progress_label, 1)

        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Document")))
        top.addWidget(self.documents, 1)
        top.addWidget(QLabel(tr("Gold status")))
        top.addWidget(self.gold_status)
        top.addWidget(self.set_status_button)
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.item_list.table)
        side.addWidget(self.side)
        side.setStretchFactor(0, 3)
        side.setStretchFactor(1, 2)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.legend)
        left_layout.addWidget(self.text_view, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([620, 420])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addWidget(self.status_bar)

        self.documents.currentIndexChanged.connect(
            lambda _i: self.open_document(self.documents.currentData())
        )
        self.set_status_button.clicked.connect(lambda: self.set_gold_status())
        self.item_list.row_chosen.connect(self._item_clicked)
        self.versions.table.doubleClicked.connect(
            lambda index: self._version_double_clicked(index.row(), index.column())
        )
        self.text_view.position_clicked.connect(self.select_at)
        self.metric_form.metric_edited.connect(self.save_gold_metric)
        self.metric_form.fill_requested.connect(self.fill_gold_field)

    def _keys(self) -> None:
        """Every key is a QAction on this widget and on the text view (which also answers keys
        delivered while the window is not active)."""
        self.actions_by_name: dict[str, QAction] = {}

        def add(name: str, keys: list[str], slot: Callable[..., object]) -> None:
            action = QAction(name, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            self.text_view.add_key_action(action)
            self.actions_by_name[name] = action

        add("next", ["N", "Return", "Enter"], lambda: self.next_open(1))
        add("previous", ["Shift+N"], lambda: self.next_open(-1))
        for k in range(1, 10):
            add(f"take {k}", [str(k)], lambda _c=False, k=k: self.take(k))
        add("reject", ["X"], lambda: self.reject())
        add("unanimous", ["A"], lambda: self.accept_unanimous())
        for spec in self.schema.entity:
            add(f"label {spec.name}", [spec.key], lambda _c=False, n=spec.name: self.label(n))
        add("new metric", [NEW_METRIC_KEY], lambda: self.new_metric_from_selection())
        for name, key in FIELD_KEYS.items():
            add(f"field {name}", [key], lambda _c=False, n=name: self.fill_gold_field(n))
        add("remove", ["Delete"], lambda: self.remove_gold())
        add("undo", ["Ctrl+Z"], self.undo)
        add("redo", ["Ctrl+Shift+Z", "Ctrl+Y"], self.redo)

    def confirm(self, title: str, question: str) -> bool:
        """Ask the curator a yes-or-no question."""
        return QMessageBox.question(self, title, question) == QMessageBox.StandardButton.Yes

    # -- reading -----------------------------------------------------------------------------
    @property
    def doc_id(self) -> str | None:
        return self.view.document.doc_id if self.view else None

    def open_document(self, doc_id: str | None) -> None:
        if not doc_id:
            return
        index = self.documents.findData(doc_id)
        if index >= 0 and self.documents.currentIndex() != index:
            self.documents.setCurrentIndex(index)  # comes back here through the signal
            return
        self.undo_stack.clear()  # undo steps belong to the document they were taken on
        self.session.doc_id = doc_id
        self.view = None
        self.current = None
        self.reload()
        self.next_open(1, from_start=True)

    def reload(self) -> None:
        doc_id = self.documents.currentData()
        if not doc_id:
            return
        try:
            self.show_view(self.session.view(doc_id))
        except AnnotatorError as error:
            self.message.setText(str(error))

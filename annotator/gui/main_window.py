"""MainWindow: composes the text, the lists, the metric form, the menus and the status bar.

It is built in two steps so that it shows before the database is open: the frame (title, empty
docks and text, menu titles, status bar, remembered layout) needs nothing of the database or
its libraries; `attach` then builds every part that reads the database. The modules of those
parts are imported there, not at the top, for that reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.status import DocumentStatus
from annotator.gui.early_keys import EarlyKeys
from annotator.gui.fonts import text_font
from annotator.gui.i18n import plural, tr
from annotator.gui.screen_fit import COMPACT_BELOW, fit_to_screen
from annotator.gui.settings import ASK_DONE_WITH_SUGGESTIONS, ask_before_done, int_setting
from annotator.gui.widgets.guideline_panel import GuidelinePanel

if TYPE_CHECKING:
    from annotator.gui.actions import Actions
    from annotator.gui.controllers.assistant import AssistantController
    from annotator.gui.controllers.file_jobs import FileJobs
    from annotator.gui.controllers.find import FindBar, FindController
    from annotator.gui.controllers.live_list import LiveList
    from annotator.gui.controllers.mouse import MouseController
    from annotator.gui.controllers.predictions import PredictionsController
    from annotator.gui.controllers.tagging import TaggingController
    from annotator.gui.controllers.team import TeamController
    from annotator.gui.widgets.annotation_panel import AnnotationPanel
    from annotator.gui.widgets.document_panel import DocumentPanel
    from annotator.gui.widgets.legend import LegendWidget
    from annotator.gui.widgets.metric_form import MetricFormWidget
    from annotator.gui.widgets.text_view import TextView
    from annotator.gui.workbench import Workbench
    from annotator.services.documents import DocumentView
    from annotator.services.editing import Change

# The docks of the window: (name, title, area); the frame shows them empty.
_DOCKS = (
    ("documents", "Documents", Qt.DockWidgetArea.LeftDockWidgetArea),
    ("annotations", "Metric and lists", Qt.DockWidgetArea.RightDockWidgetArea),
    ("legend", "Labels and keys", Qt.DockWidgetArea.TopDockWidgetArea),
    ("guidelines", "Guidelines", Qt.DockWidgetArea.LeftDockWidgetArea),
)
_MENU_TITLES = ("&File", "&Edit", "&Tag", "&Document", "&View", "Tea&m", "&Help")


class MainWindow(QMainWindow):
    language_requested = Signal(str)
    # The window's named actions; Qt's own QWidget.actions() list is not used on this window.
    actions: Actions  # type: ignore[assignment]  # shadows QWidget.actions() on purpose
    # Set by `attach`, once the database is open.
    workbench: Workbench
    text_view: TextView
    documents: DocumentPanel
    annotations: AnnotationPanel
    form: MetricFormWidget
    legend: LegendWidget
    tagging: TaggingController
    file_jobs: FileJobs
    assistant: AssistantController
    predictions: PredictionsController
    team: TeamController
    find_bar: FindBar
    finder: FindController
    mouse: MouseController
    live_list: LiveList
    session: object  # the start-up's Session that built this window; it outlives the window

    def __init__(self, settings: QSettings, language: str) -> None:
        """The frame: what shows while the database opens. `attach` fills it in."""
        super().__init__()
        self.setObjectName("main_window")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.settings = settings
        self.language = language
        self.attached = False
        self._shown_status: DocumentStatus | None = None
        self.last_error = ""
        self._closed = False
        self.early_keys = EarlyKeys(self)
        placeholder = QPlainTextEdit()  # the text's place, empty until a document is open
        placeholder.setReadOnly(True)
        placeholder.setFont(text_font(int_setting(settings, "window/font_size", 14)))
        self.setCentralWidget(placeholder)
        for name, title, area in _DOCKS:
            widget = GuidelinePanel(language) if name == "guidelines" else QWidget()
            self._add_dock(name, tr(title), widget, area)
        self.tabifyDockWidget(self._dock("documents"), self._dock("guidelines"))
        self._dock("documents").raise_()
        for title in _MENU_TITLES:  # greyed until the actions behind them exist
            self.menuBar().addMenu(tr(title)).setEnabled(False)
        self.progress_label = QLabel()
        self.document_label = QLabel()
        self.suggestion_label = QLabel()
        self.suggestion_label.setObjectName("suggestion_label")
        self.layer_label = QLabel()
        for label in (
            self.suggestion_label,
            self.document_label,
            self.progress_label,
            self.layer_label,
        ):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)
        self.setWindowTitle(tr("Annotator — %1").replace("%1", ""))
        self._restore_layout()

    def show_opening(self, database: str) -> None:
        """Say which database is being opened, and keep keys pressed until it is."""
        self.setWindowTitle(tr("Annotator — %1").replace("%1", database))
        self.statusBar().showMessage(tr("Opening the database %1…").replace("%1", database))
        self.early_keys.start()

    def attach(self, workbench: Workbench) -> None:
        """Build every part that reads the database, and connect them to `workbench`."""
        from annotator.gui.actions import build_actions
        from annotator.gui.controllers.assistant import AssistantController
        from annotator.gui.controllers.file_jobs import FileJobs
        from annotator.gui.controllers.find import FindBar
        from annotator.gui.controllers.predictions import PredictionsController
        from annotator.gui.controllers.tagging import TaggingController
        from annotator.gui.controllers.team import TeamController
        from annotator.gui.i18n import use_label_names
        from annotator.gui.menus import build_menus
        from annotator.gui.widgets.annotation_panel import AnnotationPanel
        from annotator.gui.widgets.document_panel import DocumentPanel
        from annotator.gui.widgets.legend import LegendWidget
        from annotator.gui.widgets.text_view import TextView
        from annotator.services.label_schema import project_labels

        self.workbench = workbench
        # A frame on screen has its docks laid out as remembered: the parts fill them in.
        sizes = self._dock_sizes() if self.isVisible() else None
        schema = project_labels(workbench.database)  # read once per window
        use_label_names(schema)
        self.text_view = TextView(schema)
        self.documents = DocumentPanel(workbench.database, workbench.layer)
        self.annotations = AnnotationPanel(schema)
        self.form = self.annotations.form
        self.actions = build_actions(self, schema, self.language)
        self.undo_action = workbench.undo_stack.createUndoAction(self, tr("Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = workbench.undo_stack.createRedoAction(self, tr("Redo"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.tagging = TaggingController(workbench, self.text_view, self.form, self.show_message)
        self.file_jobs = FileJobs(self, workbench)
        self.assistant = AssistantController(
            self, workbench, self.text_view, self.tagging, self.form, self.show_message
        )
        self.predictions = PredictionsController(self, workbench, self.text_view, self.show_message)
        self.team = TeamController(self, workbench, self.predictions.gold_changed)
        centre = QWidget()
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.predictions.legend)  # shown only while comparing
        column.addWidget(self.text_view, 1)
        self.find_bar = FindBar()
        column.addWidget(self.find_bar)
        self.setCentralWidget(centre)
        self.legend = LegendWidget(schema, self.language)
        self._dock("documents").setWidget(self.documents)
        self._dock("annotations").setWidget(self.annotations)
        self._dock("legend").setWidget(self.legend)
        self.layer_label.setText(workbench.layer)
        self.statusBar().clearMessage()
        self.menuBar().clear()
        self._connect()
        build_menus(self)
        self.setWindowTitle(tr("Annotator — %1").replace("%1", workbench.layer))
        if self.compact:
            self.legend.set_compact()
        if sizes is not None:
            self._keep_dock_sizes(sizes)
        else:
            self._restore_docks()
        if self.compact and self.settings.value("window/state") is None:
            self.annotations.set_compact()
        self.text_view.setFont(text_font(int_setting(self.settings, "window/font_size", 14)))
        self.text_view.setFocus()
        self.attached = True

    # -- building ----------------------------------------------------------------------------

    def _add_dock(
        self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea
    ) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{name}_dock")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _dock(self, name: str) -> QDockWidget:
        dock = self.findChild(QDockWidget, f"{name}_dock")
        assert dock is not None, name
        return dock

    def _connect(self) -> None:
        from annotator.gui.controllers.done_marks import show_metric_marks
        from annotator.gui.controllers.find import FindController
        from annotator.gui.controllers.live_list import LiveList
        from annotator.gui.controllers.mouse import MouseController

        acts, tag = self.actions, self.tagging
        for label, action in acts.entity.items():
            # On an entity suggestion a label key accepts it with that label (the assistant's).
            action.triggered.connect(lambda _c=False, x=label: self.assistant.tag_entity(x))
        for label, action in acts.segment.items():
            action.triggered.connect(lambda _c=False, x=label: tag.mark_segment(x))
        for name, action in acts.metric_field.items():
            action.triggered.connect(lambda _c=False, x=name: tag.fill_field(x))
        for name, edge, delta in (
            ("start_left", "start", -1),
            ("start_right", "start", 1),
            ("end_left", "end", -1),
            ("end_right", "end", 1),
        ):
            acts[name].triggered.connect(lambda _c=False, e=edge, d=delta: tag.move_boundary(e, d))
        acts["new_metric"].triggered.connect(tag.new_metric)
        for name in ("place", "org", "subject"):  # window-wide: from the text or the form
            acts[f"link_{name}"].triggered.connect(lambda _c=False, x=name: tag.link_nearest(x))
        acts["mark_repeats"].triggered.connect(tag.mark_repeats)
        assistant = self.assistant
        for name, slot in (
            ("next_suggestion", assistant.next_suggestion),
            ("accept_suggestion", assistant.accept),
            ("reject_suggestion", assistant.reject),
            ("snap", assistant.snap),
            ("suggest_all", assistant.suggest_all),
        ):
            acts[name].triggered.connect(slot)
        assistant.count_changed.connect(self.suggestion_label.setText)
        acts["delete"].triggered.connect(tag.delete)
        acts["delete_metric"].triggered.connect(tag.delete_metric)
        acts["done_next"].triggered.connect(self.done_and_next)
        acts["skip"].triggered.connect(self._ask_skip)
        acts["ask_done"].setCheckable(True)
        acts["ask_done"].setChecked(ask_before_done(self.settings))
        acts["ask_done"].toggled.connect(
            lambda on: self.settings.setValue(ASK_DONE_WITH_SUGGESTIONS, on)
        )
        acts["import"].triggered.connect(self.file_jobs.ask_import_files)
        acts["import_folder"].triggered.connect(self.file_jobs.ask_import_folder)
        acts["export"].triggered.connect(self.file_jobs.ask_export)
        acts["load_predictions"].triggered.connect(self.predictions.ask_load)
        self.file_jobs.finished.connect(self._job_done)
        self.file_jobs.failed.connect(self.show_error)
        acts["quit"].triggered.connect(self.close)
        acts["zoom_in"].triggered.connect(lambda: self._zoom(1))
        acts["zoom_out"].triggered.connect(lambda: self._zoom(-1))
        for action in acts.tagging:
            self.text_view.add_key_action(action)
        # Delete in the metric list removes the metric; in the text, the clicked entity.
        acts["delete_metric"].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.annotations.metric_table.addAction(acts["delete_metric"])
        for action in (acts["done_next"], self.undo_action, self.redo_action):
            self.text_view.add_key_action(action)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.form.metric_edited.connect(tag.save_metric)
        self.form.fill_requested.connect(tag.fill_field)
        self.form.choice_made.connect(self.text_view.setFocus)
        self.legend.entity_clicked.connect(tag.tag_entity)
        self.legend.entity_armed.connect(tag.arm)
        tag.armed_changed.connect(self.legend.show_armed)
        self.legend.segment_clicked.connect(tag.mark_segment)
        self.finder = FindController(self, self.find_bar)
        self.mouse = MouseController(self, self.finder.add_to_menu)
        self.live_list = LiveList(self)
        self.annotations.metric_chosen.connect(self._choose_metric)
        self.annotations.entity_chosen.connect(self._choose_entity)
        tag.metric_opened.connect(self.annotations.select_metric)
        tag.metric_opened.connect(
            lambda key: show_metric_marks(self.text_view, self.workbench.view, key)
        )
        self.documents.document_chosen.connect(self._open_chosen)
        self.workbench.document_opened.connect(self._on_opened)
        self.workbench.changed.connect(self._on_changed)
        self.workbench.error_reported.connect(self.show_error)

    def _restore_layout(self) -> None:
        """The remembered size and dock layout, already in the frame."""
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        area = self.screen().availableGeometry()
        fit_to_screen(self, area, first=geometry is None)
        self.compact = area.height() < COMPACT_BELOW
        self._restore_docks()

    def _restore_docks(self) -> None:
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        else:
            docks = [self._dock(n) for n in ("documents", "annotations")]
            self.resizeDocks(docks, [360, 440], Qt.Orientation.Horizontal)

    def _dock_sizes(self) -> dict[str, int]:
        """How wide each side dock is, and how high the legend above the text."""
        return {
            name: self._dock(name).height() if name == "legend" else self._dock(name).width()
            for name, _title, _area in _DOCKS
        }

    def _keep_dock_sizes(self, sizes: dict[str, int]) -> None:
        """Give the docks back the sizes they had before their parts were put in them."""
        # The parts' own sizes take over at the next layout: lay them out first.
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        names = ("documents", "annotations")
        self.resizeDocks(
            [self._dock(n) for n in names], [sizes[n] for n in names], Qt.Orientation.Horizontal
        )
        # The legend as high as remembered, else as its keys need.
        remembered = self.settings.value("window/state") is not None
        self.resizeDocks(
            [self._dock("legend")],
            [sizes["legend"] if remembered else self.legend.sizeHint().height()],
            Qt.Orientation.Vertical,
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.early_keys.stop()
        if not self.attached:  # closed while the database was opening: nothing to keep
            self._closed = True
            super().closeEvent(event)
            return
        self.form.flush()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/font_size", self.text_view.font().pointSize())
        self.settings.sync()
        if not self._closed:
            # The workbench outlives this window (a language switch builds a new one).
            self._closed = True
            self.team.close()
            self.workbench.document_opened.disconnect(self._on_opened)
            self.workbench.changed.disconnect(self._on_changed)
            self.workbench.error_reported.disconnect(self.show_error)
        super().closeEvent(event)

    # -- reacting ----------------------------------------------------------------------------

    def _on_opened(self, view: DocumentView) -> None:
        self.text_view.show_document(view)
        self.annotations.show_view(view)
        self.tagging.open_metric(None)
        self.assistant.refresh()
        self.predictions.refresh()
        self.documents.show_current(view.document.doc_id)
        self.settings.setValue("session/document", view.document.doc_id)
        self._shown_status = view.status
        self._update_status(view, progress=not self.progress_label.text())

    def _on_changed(self, change: Change) -> None:
        from annotator.gui.controllers.done_marks import show_metric_marks

        view = self.workbench.view
        if view is None or change.doc_id != view.document.doc_id:
            return
        # done / total moves only when a document enters or leaves done.
        counts_moved = "status" in change.kinds and DocumentStatus.DONE in (
            view.status,
            self._shown_status,
        )
        self._shown_status = view.status
        self.text_view.update_annotations(view)
        show_metric_marks(self.text_view, view, self.tagging.metric_id)
        self.annotations.show_view(view)
        self.tagging.refresh_form()
        self.assistant.on_changed(change)
        self.predictions.on_changed(change)
        self.documents.model.update_counts(
            view.document.doc_id, view.status.value, len(view.entities), len(view.metrics)
        )
        self._update_status(view, progress=counts_moved)

    def _update_status(self, view: DocumentView, progress: bool) -> None:
        from annotator.gui.models.document_list import status_text

        text = " · ".join(
            [
                view.document.doc_id,
                status_text(view.status.value),
                plural("%n entity", "%n entities", len(view.entities)),
                plural("%n metric", "%n metrics", len(view.metrics)),
            ]
        )
        if view.problems:
            text += " " + tr("(%1 incomplete)").replace("%1", str(len(view.problems)))
        self.document_label.setText(text)
        if progress:
            done, total = self.workbench.progress()
            self.progress_label.setText(
                tr("done %1 / %2").replace("%1", str(done)).replace("%2", str(total))
            )

    def refresh_progress(self) -> None:
        if self.workbench.view is not None:
            self._update_status(self.workbench.view, progress=True)

    def _choose_metric(self, metric_id: str) -> None:
        self.tagging.open_metric(metric_id)
        metric = self.form.metric
        if metric is not None and metric.value_span is not None:
            self.text_view.reveal(metric.value_span[0])

    def _choose_entity(self, entity_id: str) -> None:
        view = self.workbench.view
        entity = next((e for e in view.entities if e.id == entity_id), None) if view else None
        if entity is not None:
            self.text_view.select_span(entity.start, entity.end)
            self.text_view.set_selected_entity(entity.id)

    def show_message(self, text: str) -> None:
        self.statusBar().setStyleSheet("")
        self.statusBar().showMessage(text, 6000)

    def show_error(self, text: str) -> None:
        self.last_error = text
        self.statusBar().setStyleSheet("QStatusBar { color: #c1121f; }")
        self.statusBar().showMessage(text, 10000)

    def _zoom(self, step: int) -> None:
        size = max(8, min(40, self.text_view.font().pointSize() + step))
        self.text_view.setFont(text_font(size))

    # -- document status ---------------------------------------------------------------------

    def _open_chosen(self, doc_id: str) -> None:
        self.form.flush()  # typing not yet saved belongs to the document being left
        self.workbench.open_document(doc_id)

    def done_and_next(self) -> None:
        self.form.flush()
        if not self._done_despite_suggestions():
            return
        if (
            self.workbench.set_status(DocumentStatus.DONE, "", tr("Mark done"))
            and not self.workbench.open_next()
        ):
            self.show_message(tr("Every document is done"))

    def _done_despite_suggestions(self) -> bool:
        """Unreviewed suggestions left: ask (or, when the setting says so, only tell)."""
        left = len(self.assistant.suggestions) + len(self.assistant.entities.suggestions)
        if not left:
            return True
        text = plural("%n suggestion is not reviewed.", "%n suggestions are not reviewed.", left)
        if not ask_before_done(self.settings):
            self.show_message(text + " " + tr("Marked done anyway."))
            return True
        answer = QMessageBox.question(
            self,
            tr("Mark done"),
            text + "\n" + tr("Mark done anyway?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        self.text_view.setFocus()
        return answer == QMessageBox.StandardButton.Yes

    def skip_document(self, reason: str) -> None:
        self.form.flush()
        if self.workbench.set_status(DocumentStatus.SKIPPED, reason, tr("Skip")):
            self.workbench.open_next()

    def _ask_skip(self) -> None:
        reason, ok = QInputDialog.getText(self, tr("Skip document"), tr("Why skip it?"))
        self.text_view.setFocus()  # wherever the dialog was opened from
        if ok and reason.strip():
            self.skip_document(reason.strip())

    def _job_done(self, summary: str) -> None:
        self.documents.apply_filter()
        if self.workbench.view is not None:
            self._update_status(self.workbench.view, progress=True)
        self.show_message(summary)

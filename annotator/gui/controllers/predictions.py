"""PredictionsController: load a prediction file into a pred: layer and compare it over the text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from annotator.domain.entities import Entity
from annotator.domain.errors import AnnotatorError
from annotator.domain.metrics import Metric
from annotator.gui.i18n import tr
from annotator.gui.tasks import Job, run_with_progress
from annotator.gui.widgets.marks import Mark
from annotator.gui.widgets.overlay_legend import OVERLAY_STYLES, OverlayLegend, kind_title
from annotator.gui.widgets.text_view import TextView
from annotator.gui.workbench import Workbench
from annotator.services.documents import list_layers, load_document
from annotator.services.editing import Change

if TYPE_CHECKING:
    from annotator.services.importing import ImportReport

GROUP = "overlay"
GOLD = "gold"


def value_spans(metrics: tuple[Metric, ...]) -> tuple[Entity, ...]:
    # Imported on first use: the evaluation package is not needed until a comparison starts.
    from annotator.services.evaluation.spans import value_spans as spans_of_values

    return spans_of_values(metrics)


def overlay_marks(
    reference: tuple[Entity, ...],
    predicted: tuple[Entity, ...],
    reference_values: tuple[Entity, ...] = (),
    predicted_values: tuple[Entity, ...] = (),
) -> tuple[list[Mark], dict[str, int]]:
    """The marks for predictions against a reference layer, and how many of each kind.

    Entities and metric values are paired apart: an entity is never a metric's counterpart.
    """
    # Imported on first use: the evaluation package is not needed until a comparison starts.
    from annotator.services.evaluation.spans import VALUE, classify_spans

    marks: list[Mark] = []
    counts: dict[str, int] = {}
    classified = classify_spans(reference, predicted) + classify_spans(
        reference_values, predicted_values
    )
    for span, kind in classified:
        style, colour = OVERLAY_STYLES[kind]
        legend_kind = "wrong" if kind.startswith("wrong") else kind
        counts[legend_kind] = counts.get(legend_kind, 0) + 1
        what = tr("metric value") if span.label == VALUE else span.label
        tip = f"{kind_title(kind)}: {what} {span.text}"
        if kind.startswith("wrong"):
            tip = f"{kind_title(kind)}: {tr('predicted')} {what} {span.text}"
        marks.append(Mark(span.start, span.end, style, colour, tip))
    return marks, counts


class PredictionsController(QObject):
    """The compared pred layer is read once per document; each edit only re-pairs the spans."""

    def __init__(
        self,
        parent: QWidget,
        workbench: Workbench,
        text_view: TextView,
        message: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self.workbench = workbench
        self.text_view = text_view
        self._message = message
        self.legend = OverlayLegend()
        self.layer: str | None = None  # the pred layer compared, None when off
        self.against_gold = False
        self.counts: dict[str, int] = {}
        self._predicted: tuple[Entity, ...] = ()
        self._gold: tuple[Entity, ...] = ()
        self._predicted_values: tuple[Entity, ...] = ()
        self._gold_values: tuple[Entity, ...] = ()
        self.job: Job | None = None
        self._menu: QMenu | None = None
        self._off: QAction | None = None
        self._gold_action: QAction | None = None

    # -- loading ------------------------------------------------------------------------------

    def ask_load(self) -> None:
        from annotator.gui.dialogs.load_predictions import LoadPredictionsDialog

        dialog = LoadPredictionsDialog(self._parent)
        if dialog.exec():
            choice = dialog.choice()
            if choice is not None:
                self.start_load(choice.path, choice.fmt, choice.layer)

    def start_load(self, path: Path, fmt: str, layer: str) -> Job:
        """Import the file into `layer` off the GUI thread; the same name again replaces it.

        Predictions are written by import, not by editing, so no write permission on any
        annotator's layer is involved.
        """
        from annotator.services.importing import import_paths

        database, user = self.workbench.database, self.workbench.actor.name
        self.job = run_with_progress(
            self._parent,
            tr("Loading predictions"),
            lambda progress: import_paths(
                database, [path], layer=layer, fmt=fmt, progress=progress, user=user, replace=True
            ),
            lambda report: self._loaded(layer, report),
            self.workbench.report_error,
        )
        return self.job

    def _loaded(self, layer: str, report: ImportReport) -> None:
        annotated = report.annotated + report.unchanged_layers
        losses = report.losses()  # what the file held and the import left out
        self._message(
            "; ".join(
                [
                    tr("%1 documents loaded into %2")
                    .replace("%1", str(annotated))
                    .replace("%2", layer),
                    *losses,
                ]
            )
        )
        self.compare(layer)

    # -- comparing ----------------------------------------------------------------------------

    def fill_menu(self, menu: QMenu, off: QAction, gold: QAction) -> None:
        """The View menu's "Compare with predictions": one entry per pred layer, built on show."""
        self._menu, self._off, self._gold_action = menu, off, gold
        off.setCheckable(True)
        off.setChecked(True)
        off.triggered.connect(lambda: self.compare(None))
        gold.setCheckable(True)
        gold.setEnabled(self.workbench.actor.curator)
        gold.setToolTip(tr("Curators may compare predictions with gold instead of their layer"))
        gold.toggled.connect(self.set_against_gold)
        menu.aboutToShow.connect(self.rebuild_menu)
        self.rebuild_menu()

    def rebuild_menu(self) -> None:
        menu = self._menu
        if menu is None or self._off is None or self._gold_action is None:
            return
        menu.clear()
        group = QActionGroup(menu)
        group.addAction(self._off)
        menu.addAction(self._off)
        self._off.setChecked(self.layer is None)
        try:
            layers = list_layers(self.workbench.database, "pred")
        except AnnotatorError as error:
            self.workbench.report_error(error)
            layers = []
        for name in layers:
            action = QAction(name, menu, checkable=True, checked=name == self.layer)
            action.triggered.connect(lambda _c=False, x=name: self.compare(x))
            group.addAction(action)
            menu.addAction(action)
        if not layers:
            empty = menu.addAction(tr("(no predictions loaded: File → Load predictions…)"))
            empty.setEnabled(False)
        menu.addSeparator()
        menu.addAction(self._gold_action)

    def compare(self, layer: str | None) -> None:
        """Show `layer` over the text, or nothing when None."""
        self.layer = layer
        self.refresh()

    def set_against_gold(self, on: bool) -> None:
        self.against_gold = on and self.workbench.actor.curator
        self.refresh()

    @property
    def reference_layer(self) -> str:
        return GOLD if self.against_gold else self.workbench.layer

    def refresh(self) -> None:
        """Read the compared layers of the open document again (on open, and on gold edits)."""
        view, workbench = self.workbench.view, self.workbench
        self._predicted = self._gold = self._predicted_values = self._gold_values = ()
        if self.layer is not None and view is not None:
            doc_id = view.document.doc_id
            try:
                predicted = load_document(workbench.database, doc_id, self.layer, workbench.actor)
                self._predicted = predicted.entities
                self._predicted_values = value_spans(predicted.metrics)
                if self.against_gold:
                    gold = load_document(workbench.database, doc_id, GOLD, workbench.actor)
                    self._gold, self._gold_values = gold.entities, value_spans(gold.metrics)
            except AnnotatorError as error:
                workbench.report_error(error)
                self.layer = None
        self._paint()

    def gold_changed(self) -> None:
        """Gold was edited elsewhere (the curation window): redraw if it is the reference."""
        if self.layer is not None and self.against_gold:
            self.refresh()

    def on_changed(self, change: Change) -> None:
        if (
            self.layer is not None
            and change.kinds & {"entities", "metrics"}
            and not self.against_gold
        ):
            self._paint()

    def _paint(self) -> None:
        view = self.workbench.view
        if self.layer is None or view is None:
            self.counts = {}
            self.text_view.set_marks(GROUP, [])
            self.legend.hide()
            return
        if self.against_gold:
            reference, reference_values = self._gold, self._gold_values
        else:
            reference, reference_values = view.entities, value_spans(view.metrics)
        marks, self.counts = overlay_marks(
            reference, self._predicted, reference_values, self._predicted_values
        )
        self.text_view.set_marks(GROUP, marks)
        self.legend.show_counts(self.layer, self.reference_layer, self.counts)
        self.legend.show()

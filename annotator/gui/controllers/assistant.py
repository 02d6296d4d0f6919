"""AssistantController: the assistant's unreviewed suggestions in the text (metrics, and entities
through EntityReview), reviewed by key."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from annotator.domain.errors import AnnotatorError
from annotator.domain.metrics import Metric
from annotator.domain.status import DocumentStatus
from annotator.gui.controllers.entity_review import EntityReview
from annotator.gui.controllers.tagging import TaggingController
from annotator.gui.i18n import plural, tr
from annotator.gui.tasks import Job, run_with_progress
from annotator.gui.widgets.marks import Mark, MarkStyle
from annotator.gui.widgets.metric_form import MetricFormWidget, enum_text
from annotator.gui.widgets.text_view import TextView
from annotator.gui.workbench import Workbench
from annotator.services.editing import Change

if TYPE_CHECKING:
    from annotator.domain.entities import Entity
    from annotator.domain.entity_proposals import EntitySuggestion
    from annotator.services.model_suggestions import ModelSuggester
    from annotator.services.recommenders.crf import TrainingReport
    from annotator.services.suggesting import SuggestReport

SUGGESTION_COLOUR = "#4a6fa5"
GROUP = "suggestions"


def suggestion_tooltip(metric: Metric) -> str:
    """Number, unit and approximation of a suggestion, as its tooltip says them."""
    number = metric.number if metric.number is not None else "?"
    high = metric.value_high.number if metric.value_high is not None else None
    unit = (metric.unit.normalized or metric.unit.text or "") if metric.unit else ""
    approx = enum_text(metric.approx.value) if metric.approx else ""
    text = f"{number}–{high}" if high is not None else f"{number}"
    text = f"{tr('Suggestion')}: {text} {unit}".rstrip()
    text = f"{text} ({approx})" if approx else text
    return text + "\n" + tr("Ctrl+click: accept")


class AssistantController(QObject):
    """Reads the open document's unreviewed suggestions once per open and after metric changes.

    They come from `services.suggesting.unreviewed`, which honours blind documents; the
    prediction layer itself is never shown here.
    """

    count_changed = Signal(str)  # the status bar's line

    def __init__(
        self,
        parent: QWidget,
        workbench: Workbench,
        text_view: TextView,
        tagging: TaggingController,
        form: MetricFormWidget,
        message: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self.workbench = workbench
        self.text_view = text_view
        self.tagging = tagging
        self.form = form
        self._message = message
        self._suggestions: list[Metric] = []
        self.entities = EntityReview(workbench, text_view)
        self._blind = False
        # Out of date since the last change; brought up to date by `ensure_fresh`.
        self._metrics_stale = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(0)
        self._settle.timeout.connect(self.ensure_fresh)
        text_view.add_mark_updater(self.ensure_fresh)
        self.entities.before_read = self.ensure_fresh
        self.job: Job | None = None
        self.training: Job | None = None
        self._train_again = False
        self._training_failed = False
        # The models run on each opened document off the window's thread (`model_suggestions`).
        self.modelling: Job | None = None
        self._model_again = False
        self._suggester: ModelSuggester | None = None  # built by the first job, kept
        self._learnt = 0  # counts the changes of what the models learn from
        self._told_without_lac = False  # said once a session
        # Shift+Enter: every entity suggestion of the same text and label, in one undo step.
        self.accept_all_action = QAction(
            tr("Accept all suggestions of this text and label"), parent
        )
        self.accept_all_action.setShortcuts(
            [QKeySequence("Shift+Return"), QKeySequence("Shift+Enter")]
        )
        self.accept_all_action.triggered.connect(self.accept_all)
        text_view.add_key_action(self.accept_all_action)
        # Shift+X: turn them all down, in one undo step.
        self.reject_all_action = QAction(
            tr("Reject all suggestions of this text and label"), parent
        )
        self.reject_all_action.setShortcut(QKeySequence("Shift+X"))
        self.reject_all_action.triggered.connect(self.reject_all)
        text_view.add_key_action(self.reject_all_action)
        # Escape in the metric form goes back to the text, where N, Enter and X work.
        back = QShortcut(
            QKeySequence("Escape"), form, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        back.activated.connect(text_view.setFocus)

    # -- reading ------------------------------------------------------------------------------

    @property
    def suggestions(self) -> list[Metric]:
        self.ensure_fresh()
        return self._suggestions

    @property
    def blind(self) -> bool:
        self.ensure_fresh()
        return self._blind

    def refresh(self) -> None:
        """Read every suggestion of the open document again (it was opened, or the assistant
        ran), and run the models on it."""
        self._metrics_stale = True
        self.entities.refresh()  # brings both up to date (through ensure_fresh)
        self.model_open_document()

    def on_changed(self, change: Change) -> None:
        # A metric of the annotator's layer may now cover a metric suggestion (or no longer),
        # an entity tagged now is proposed at its other occurrences, and a rejected suggestion
        # is hidden (or back). Metric suggestions do not depend on entities.
        kinds = change.kinds
        if kinds & {"metrics", "reviews"}:
            self._metrics_stale = True
        self.entities.on_changed(kinds)
        if kinds & {"metrics", "reviews"}:
            self.ensure_fresh()
        elif "entities" in kinds:
            # A tagging key (the commonest): its entity is painted first, the entity
            # suggestions it brings or covers right after.
            self._settle.start()
        # A document marked done is new learning data: the entity model is retrained.
        view = self.workbench.view
        if (
            "status" in kinds
            and view is not None
            and view.document.doc_id == change.doc_id
            and view.status is DocumentStatus.DONE
        ):
            self._forget_models()  # they learn from one more document now
            self.retrain()

    def ensure_fresh(self) -> None:
        """Bring the suggestions, their marks and the status bar's count up to date now: every
        key acting on suggestions calls this first (through `suggestions`), so none acts on
        stale ones."""
        changed = self._metrics_stale
        if self._metrics_stale:
            self._metrics_stale = False
            self._refresh_metrics()
        if self.entities.ensure_fresh() or changed:
            self.count_changed.emit(self.status_text())

    def _refresh_metrics(self) -> None:
        # Imported on first use: the detector behind it (cn2an) would slow the window's start.
        from annotator.services.suggesting import is_blind, unreviewed

        workbench, self._suggestions, self._blind = self.workbench, [], False
        if workbench.view is not None:
            doc_id, name = workbench.view.document.doc_id, workbench.actor.name
            try:
                self._suggestions = unreviewed(
                    workbench.database, doc_id, name, own=workbench.view.metrics
                )
                self._blind = not self._suggestions and is_blind(workbench.database, doc_id, name)
            except AnnotatorError as error:
                workbench.report_error(error)
        self.text_view.set_marks(
            GROUP,
            [
                Mark(*span, MarkStyle.SUGGESTION, SUGGESTION_COLOUR, partial(suggestion_tooltip, m))
                for m in self._suggestions
                if (span := m.value_span) is not None
            ],
        )

    @property
    def models(self) -> ModelSuggester | None:
        """The models run on the documents opened (None until the first run, and again from
        a training until the next run)."""
        return self._suggester

    def retrain(self) -> None:
        """Train the entity model again off the window's thread; the window never waits."""
        if self.training is not None:
            self._train_again = True
            return
        from annotator.services.recommenders.crf import train_current

        database, name = self.workbench.database, self.workbench.actor.name
        # No parent: the job may finish after this window was rebuilt or closed.
        self.training = Job(lambda progress: train_current(database, progress, annotator=name))
        self.training.finished.connect(self._trained)
        self.training.failed.connect(self._training_stopped)
        self.training.start()

    def _trained(self, report: TrainingReport) -> None:
        self.training, self._training_failed = None, False
        if report.trained:  # the suggestions that come now are the new model's
            self._message(
                tr("Entity model trained on %1 documents").replace("%1", str(report.documents))
            )
        if self._train_again:
            self._train_again = False
            self.retrain()
            return
        self._forget_models()  # the new model is read
        self.model_open_document()

    def _training_stopped(self, _error: object) -> None:
        # A model that cannot be trained is left out (`stale`) rather than tried at each look.
        self.training, self._training_failed = None, True

    def _forget_models(self) -> None:
        self._suggester = None
        self._learnt += 1

    def model_open_document(self) -> None:
        """Run the models (the recommenders `suggest` runs, as they are now) on the open
        document off the window's thread; their suggestions join the others when they come."""
        view = self.workbench.view
        if view is None:
            return
        if self.modelling is not None:
            self._model_again = True
            return
        from annotator.services.model_suggestions import model_suggester

        database, name = self.workbench.database, self.workbench.actor.name
        doc_id, text, kept, learnt = (
            view.document.doc_id,
            view.document.text,
            self._suggester,
            self._learnt,
        )

        def work(_progress: object) -> tuple[ModelSuggester, str, list[Entity], int]:
            # Built anew when what they learn from changed since (gold imported, another
            # annotator's page done); nothing runs while nothing is learnt.
            suggester = model_suggester(database, name, kept)
            return suggester, doc_id, suggester.suggestions(text), learnt

        self.modelling = Job(work)  # no parent, as a training's
        self.modelling.finished.connect(self._modelled)
        self.modelling.failed.connect(self._modelling_failed)
        self.modelling.start()

    def _modelled(self, result: tuple[ModelSuggester, str, list[Entity], int]) -> None:
        suggester, doc_id, suggested, learnt = result
        self.modelling = None
        if learnt != self._learnt:  # a document was marked done meanwhile: run them again
            self._model_again = True
        else:
            self._suggester = suggester
        view = self.workbench.view
        if (
            view is not None
            and view.document.doc_id == doc_id
            and learnt == self._learnt
            and self.entities.set_model_suggestions(doc_id, suggested)
        ):
            self.ensure_fresh()
        if suggester.without_lac and not self._told_without_lac:
            self._told_without_lac = True
            self._message(
                tr("Entity suggestions without LAC: pip install 'annotator[ner]' to add it")
            )
        if self._model_again:
            self._model_again = False
            self.model_open_document()
        elif suggester.stale and self.training is None and not self._training_failed:
            self.retrain()  # then the models run again, the CRF with them

    def _modelling_failed(self, error: object) -> None:
        self.modelling = None
        self._message(tr("The entity models could not run: %1").replace("%1", str(error)))

    def status_text(self) -> str:
        if self.workbench.view is None:
            return ""
        if self.blind:
            return tr("Blind document: no suggestions")
        count = len(self.suggestions) + len(self.entities.suggestions)
        if not count:
            return tr("No suggestions to review")
        return plural("%n suggestion to review", "%n suggestions to review", count)

    def _position(self) -> tuple[int, int]:
        selection = self.text_view.selection()
        if selection is not None:
            return selection
        cursor = self.text_view.textCursor().position()
        try:
            cp = self.text_view.offsets.to_code_point(cursor)
        except ValueError:
            cp = 0
        return cp, cp

    def current(self) -> Metric | None:
        """The unreviewed suggestion at the selection (or the cursor), the exact one first."""
        start, end = self._position()
        touching = [
            m
            for m in self.suggestions
            if (span := m.value_span) is not None
            and (span[0] < end and start < span[1] or span[0] <= start <= span[1])
        ]
        exact = [m for m in touching if m.value_span == (start, end)]
        found = exact or touching
        return found[0] if found else None

    # -- acting -------------------------------------------------------------------------------

    def _spans(self) -> list[tuple[int, int]]:
        """Every unreviewed suggestion's span (metric values and entities), in text order."""
        spans = [span for m in self.suggestions if (span := m.value_span) is not None]
        return sorted(set(spans) | {s.span for s in self.entities.suggestions})

    def next_suggestion(self) -> None:
        """Select the next unreviewed suggestion (metric or entity) after the selection,
        wrapping round."""
        spans = self._spans()
        if not spans:
            self._message(self.status_text() or tr("Open a document first"))
            return
        start, end = self._position()
        selected = self.text_view.selection()
        following = [s for s in spans if (s > (start, end) if selected else s[0] >= start)]
        target = (following or spans)[0]
        self.text_view.set_selected_entity(None)
        self.text_view.select_span(*target)

    def _entity_here(self) -> EntitySuggestion | None:
        """The entity suggestion at the selection, unless a metric suggestion fits it better."""
        start, end = self._position()
        found = self.entities.at(start, end)
        if found is None or found.span == (start, end):
            return found
        return None if self.current() is not None else found

    def tag_entity(self, label: str) -> None:
        """A label key: on an entity suggestion it accepts it with that label, else it tags."""
        suggestion = self.entities.at(*self._position())
        if suggestion is not None and suggestion.span == self.text_view.selection():
            if self.entities.accept(suggestion, label):
                self.text_view.clear_selection()
            return
        self.tagging.tag_entity(label)

    def tag_armed(self) -> None:
        """A mouse selection made with a label armed: tag it with that label as its key would,
        unless it is a quantity (14000个), a metric's value left selected for M or Enter."""
        from annotator.domain.quantities.snapping import overlaps_quantity

        label, view = self.tagging.armed, self.workbench.view
        if label is None or view is None:
            return
        selection = self.text_view.selection()
        if selection is None or overlaps_quantity(view.document.text, *selection):
            return
        self.tag_entity(label)

    def accept_all(self) -> None:
        """Shift+Enter: accept every suggestion of this text and label in one undo step."""
        suggestion = self._entity_here()
        if suggestion is None:
            self._message(tr("Press N to go to an entity suggestion, then Shift+Enter"))
            return
        count = self.entities.accept_all(suggestion)
        if count:
            self._message(plural("%n entity accepted", "%n entities accepted", count))
            self.text_view.clear_selection()

    def reject_all(self) -> None:
        """Shift+X: reject every suggestion of this text and label in one undo step."""
        suggestion = self._entity_here()
        if suggestion is None:
            self._message(tr("Press N to go to an entity suggestion, then Shift+X"))
            return
        count = self.entities.reject_all(suggestion)
        if count:
            self._message(plural("%n suggestion rejected", "%n suggestions rejected", count))
            self.text_view.clear_selection()
            if self._spans():
                self.next_suggestion()

    def accept(self) -> None:
        """Save the suggestion at the selection as a metric (one undo step) and open the form."""
        entity = self._entity_here()
        if entity is not None:
            if self.entities.accept(entity):
                self.text_view.clear_selection()
                if self._spans():
                    self.next_suggestion()
            return
        suggestion = self.current()
        if suggestion is None or self.workbench.view is None:
            self._message(tr("Press N to go to a suggestion, then Enter to accept it"))
            return
        self._accept_metric(suggestion)

    def accept_at(self, cp: int, every: bool = False) -> bool:
        """Ctrl+click at code point `cp`: accept the suggestion under it (with `every`, an
        entity suggestion's every occurrence of the same text and label), one gesture instead
        of selecting it and pressing Enter; with a metric open, an accepted entity is linked to
        it in its role as well. Of nested ones the innermost is meant; when an entity of the
        annotator's is smaller still, the click is theirs (it links it) and this returns
        False, as it does with no suggestion there."""
        view = self.workbench.view
        if view is None or self.blind:
            return False
        here: list[tuple[int, int, EntitySuggestion | Metric]] = [
            (s.entity.end - s.entity.start, 0, s)
            for s in self.entities.suggestions
            if s.entity.start <= cp < s.entity.end
        ]
        here += [
            (span[1] - span[0], 1, m)
            for m in self.suggestions
            if (span := m.value_span) is not None and span[0] <= cp < span[1]
        ]
        if not here:
            return False
        size, _kind, target = min(here, key=lambda found: found[:2])
        if any(e.start <= cp < e.end and e.end - e.start <= size for e in view.entities):
            return False
        self.text_view.clear_selection()
        if isinstance(target, Metric):
            self._accept_metric(target)
        elif every:
            count = self.entities.accept_all(target)
            if count:
                self._message(plural("%n entity accepted", "%n entities accepted", count))
        elif self.entities.accept(target) and self.form.metric is not None:
            # With a metric open, Ctrl+click on an entity links it: on a suggestion, the entity
            # it becomes is linked too (a second undo step), as a click on it would.
            self.tagging.link_at(cp)
        return True

    def _accept_metric(self, suggestion: Metric) -> None:
        """Save a metric suggestion (one undo step), open it and go to its first empty field."""
        from annotator.services.suggesting import accept_command

        workbench = self.workbench
        assert workbench.view is not None  # checked by the callers
        try:
            command = accept_command(
                workbench.database,
                workbench.view.document.doc_id,
                workbench.actor.name,
                suggestion.id,
                # Links it lacks may go to the entities suggested now; those are accepted too.
                suggested_entities=[s.entity for s in self.entities.suggestions],
            )
        except AnnotatorError as error:
            workbench.report_error(error)
            self.refresh()
            return
        applied = workbench.execute(command, tr("Accept suggestion"))
        if applied is None:
            return
        self.text_view.clear_selection()
        self.tagging.open_metric(applied.key)
        self.tagging.say_what_was_carried(applied.key)
        editor = self.form.first_empty_editor()
        if editor is not None:
            editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def reject(self) -> None:
        """Turn the suggestion at the selection down (undoable) and go on to the next one."""
        entity = self._entity_here()
        if entity is not None:
            if self.entities.reject(entity) and self._spans():
                self.next_suggestion()
            return
        suggestion = self.current()
        doc_id = self.workbench.doc_id
        if suggestion is None or doc_id is None:
            self._message(tr("Press N to go to a suggestion, then X to reject it"))
            return
        from annotator.services.suggesting import reject_command

        workbench = self.workbench
        try:
            command = reject_command(
                workbench.database, doc_id, workbench.actor.name, suggestion.id
            )
        except AnnotatorError as error:
            workbench.report_error(error)
            return
        if workbench.execute(command, tr("Reject suggestion")) is not None and self.suggestions:
            self.next_suggestion()

    def snap(self) -> None:
        """Widen or trim the selection to the number and unit it touches (14000|个 → 14000个)."""
        from annotator.domain.quantities import snap_to_quantity

        view = self.workbench.view
        if view is None:
            return
        position = self._position()
        snapped = snap_to_quantity(view.document.text, *position)
        if snapped == position:
            self._message(tr("No number at the selection"))
            return
        self.text_view.select_span(*snapped)

    def suggest_all(self) -> Job:
        """Run the assistant over every document off the GUI thread, then show the result."""
        from annotator.services.project_settings import project_settings
        from annotator.services.suggesting import suggest_all
        from annotator.services.suggestion_workers import default_jobs

        database = self.workbench.database
        layer = project_settings(database).suggestion_layer
        self.job = run_with_progress(
            self._parent,
            tr("Suggesting metrics"),
            lambda progress: suggest_all(database, layer, progress=progress, jobs=default_jobs()),
            self._suggested,
            self.workbench.report_error,
        )
        return self.job

    def _suggested(self, report: SuggestReport) -> None:
        self.refresh()
        self._message(
            tr("%1 suggestions written for %2 documents")
            .replace("%1", str(report.suggestions))
            .replace("%2", str(report.documents))
        )

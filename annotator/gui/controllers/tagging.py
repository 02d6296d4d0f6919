"""TaggingController: turns keys on the text selection into editing commands."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from annotator.domain.entities import Entity
from annotator.domain.metrics import Metric
from annotator.domain.segments import SegmentLabel, article_spans, segment_label
from annotator.gui.i18n import label_name, tr
from annotator.gui.widgets.metric_form import MetricFormWidget
from annotator.gui.widgets.text_view import TextView
from annotator.gui.workbench import Workbench
from annotator.services import editing


class TaggingController(QObject):
    """Every slot here is short: find what is selected, build one command, execute it."""

    metric_opened = Signal(object)  # metric id or None
    armed_changed = Signal(object)  # the label every mouse selection is tagged with, or None

    def __init__(
        self,
        workbench: Workbench,
        text_view: TextView,
        form: MetricFormWidget,
        message: Callable[[str], None],
    ) -> None:
        super().__init__(text_view)
        self.workbench = workbench
        self.text_view = text_view
        self.form = form
        self._message = message
        self.metric_id: str | None = None
        self._last_link: tuple[str, str, str | None] | None = None  # the last Alt+P/O/S link
        self.armed: str | None = None

    def arm(self, label: str | None) -> None:
        """Tag every word double-clicked and every text dragged over with `label` until
        disarmed (Esc, or the same label again): one gesture per entity for a run of one
        label, as in tools where a label is chosen before the text."""
        self.armed = None if label == self.armed else label
        self.armed_changed.emit(self.armed)
        if self.armed is None:
            self._message(tr("Tagging by selection stopped"))
        else:
            self._message(
                tr("Each word you double-click or text you drag is tagged %1; Esc stops").replace(
                    "%1", label_name(self.armed)
                )
            )

    def _doc(self) -> tuple[str, str] | None:
        if self.workbench.view is None:
            self._message(tr("Open a document first"))
            return None
        return self.workbench.view.document.doc_id, self.workbench.layer

    def _selected_entity(self) -> Entity | None:
        view = self.workbench.view
        key = self.text_view.selected_entity
        if view is None or key is None:
            return None
        return next((e for e in view.entities if e.id == key), None)

    def tag_entity(self, label: str) -> None:
        doc = self._doc()
        if doc is None:
            return
        selection = self.text_view.selection()
        entity = self._selected_entity()
        if entity is not None and selection in (None, (entity.start, entity.end)):
            if entity.label != label:
                self.workbench.execute(
                    editing.UpdateEntity(*doc, entity.id, label, entity.start, entity.end),
                    tr("Relabel as %1").replace("%1", label_name(label)),
                )
            return
        if selection is None:
            self._message(tr("Select text first, then press the label's key"))
            return
        applied = self.workbench.execute(
            editing.AddEntity(*doc, label, *selection),
            tr("Tag %1").replace("%1", label_name(label)),
        )
        if applied is not None:
            # The new span is framed, not hidden under the selection highlight; another label
            # key now relabels it.
            self.text_view.clear_selection()
            self.text_view.set_selected_entity(applied.key)

    def mark_segment(self, label: str) -> None:
        doc = self._doc()
        selection = self.text_view.selection()
        if doc is None:
            return
        if selection is None:
            self._message(tr("Select text first, then press the label's key"))
            return
        self.workbench.execute(
            editing.AddSegment(*doc, segment_label(label), *selection),
            tr("Mark %1").replace("%1", label_name(label)),
        )

    def mark_repeats(self) -> None:
        """Mark every detected repeated paragraph DUPLICATE, as one undo step."""
        doc = self._doc()
        if doc is None or self.workbench.view is None:
            return
        marked = {
            (s.start, s.end)
            for s in self.workbench.view.segments
            if s.label == SegmentLabel.DUPLICATE
        }
        commands = tuple(
            editing.AddSegment(*doc, SegmentLabel.DUPLICATE, start, end)
            for start, end in self.text_view.repeats
            if (start, end) not in marked
        )
        if not commands:
            self._message(tr("No unmarked repeated paragraphs"))
            return
        self.workbench.execute(editing.Batch(*doc, commands), tr("Mark repeats"))

    def delete(self) -> None:
        doc = self._doc()
        if doc is None:
            return
        entity = self._selected_entity()
        if entity is not None:
            self.workbench.execute(editing.DeleteEntity(*doc, entity.id), tr("Delete entity"))
            return
        selection = self.text_view.selection()
        segments = self.workbench.view.segments if self.workbench.view else ()
        match = [s for s in segments if (s.start, s.end) == selection]
        if match:
            self.workbench.execute(editing.DeleteSegment(*doc, match[0].id), tr("Delete segment"))
        else:
            self._message(tr("Click an entity (or select a segment exactly) to delete it"))

    def move_boundary(self, edge: str, delta: int) -> None:
        doc = self._doc()
        entity = self._selected_entity()
        if doc is None or entity is None:
            self._message(tr("Click an entity first"))
            return
        start = entity.start + delta if edge == "start" else entity.start
        end = entity.end + delta if edge == "end" else entity.end
        if (
            self.workbench.execute(
                editing.UpdateEntity(*doc, entity.id, entity.label, start, end), tr("Move boundary")
            )
            is not None
        ):
            self.text_view.clear_selection()

    # -- metrics -----------------------------------------------------------------------------

    def new_metric(self) -> None:
        doc = self._doc()
        selection = self.text_view.selection()
        if doc is None or self.workbench.view is None:
            return
        if selection is None:
            self._message(tr("Select a number first, then press M"))
            return
        # Imported on first use: the quantity parser (cn2an) would slow the window's start.
        from annotator.services.prefill import prefill_metric

        view = self.workbench.view
        metric = prefill_metric(
            view.document.text,
            *selection,
            view.document.meta,
            view.metrics,
            view.entities,
            article_spans(view.segments),
        )
        if metric.value is None or metric.value.number is None:
            # A metric is built around its value: without a number there is nothing to build.
            self._message(tr("No number in the selection: select the value, then press M"))
            return
        applied = self.workbench.execute(editing.SaveMetric(*doc, metric), tr("New metric"))
        if applied is not None:
            self.open_metric(applied.key)
            self.say_what_was_carried(applied.key)

    def say_what_was_carried(self, metric_id: str | None) -> None:
        """Name the metric a new one took its links and period from (`paragraph_context`), so
        that the rule is seen where it acts."""
        from annotator.domain.paragraph_context import neighbour_before, shared_frame

        view = self.workbench.view
        metric = next((m for m in view.metrics if m.id == metric_id), None) if view else None
        if view is None or metric is None or (span := metric.value_span) is None:
            return
        others = [m for m in view.metrics if m.id != metric_id]
        neighbour = neighbour_before(others, view.document.text, span[0])
        if neighbour is None or neighbour.value is None:
            return
        shared = shared_frame(metric, neighbour)
        if shared:
            self._message(
                tr("Same %1 as %2 before it")
                .replace("%1", tr(", ").join(tr(name) for name in shared))
                .replace("%2", neighbour.value.text or neighbour.id)
            )

    def open_metric(self, metric_id: str | None) -> None:
        self.metric_id = metric_id
        self.refresh_form()
        self.metric_opened.emit(metric_id)

    def refresh_form(self) -> None:
        view = self.workbench.view
        metric = None
        if view is not None and self.metric_id is not None:
            metric = next((m for m in view.metrics if m.id == self.metric_id), None)
        if metric is None:
            self.metric_id = None
        entities, metrics = (view.entities, view.metrics) if view else ((), ())
        problems = view.problems.get(metric.id, ()) if view and metric else ()
        self.form.show_metric(metric, entities, metrics, problems)
        self.text_view.set_selected_metric(metric)

    def fill_field(self, name: str) -> None:
        selection = self.text_view.selection()
        view = self.workbench.view
        if self.form.metric is None or view is None:
            self._message(tr("Open or create a metric first (select a number, press M)"))
            return
        if selection is None:
            self._message(tr("Select text first"))
            return
        from annotator.services.prefill import document_date, fill_field

        self.save_metric(
            fill_field(
                view.document.text,
                self.form.metric,
                name,
                *selection,
                document_date(view.document.meta),
            )
        )

    def save_metric(self, metric: Metric) -> None:
        doc = self._doc()
        if doc is None or self.workbench.view is None:
            return
        version = self.workbench.view.metric_versions.get(metric.id)
        self.workbench.execute(
            editing.SaveMetric(*doc, metric, expected_version=version),
            tr("Edit metric"),
            self.form.merge_key,
        )
        self.refresh_form()

    def link_nearest(self, name: str) -> None:
        """Link the open metric's `name` (place, org, subject) to the nearest fitting entity
        before its value; pressed again, to the next one."""
        from annotator.domain.entities import LINK_LABELS
        from annotator.domain.link_order import link_anchor, nearest_first

        metric, view = self.form.metric, self.workbench.view
        if metric is None or view is None:
            self._message(tr("Open or create a metric first (select a number, press M)"))
            return
        start, end = link_anchor(metric)
        candidates = nearest_first(
            [e for e in view.entities if e.label in LINK_LABELS[name]], start, end
        )
        if not candidates:
            self._message(
                tr("No %1 entity in this document to link").replace(
                    "%1", " / ".join(label_name(x) for x in LINK_LABELS[name])
                )
            )
            return
        ids = [e.id for e in candidates]
        current = getattr(metric, name)
        # The first press takes the nearest; presses in a row move on through the candidates
        # (a link proposed by the assistant is not a press: it starts from the nearest too).
        moving_on = self._last_link == (metric.id, name, current) or current == ids[0]
        chosen = candidates[
            (ids.index(current) + 1) % len(ids) if moving_on and current in ids else 0
        ]
        self._last_link = (metric.id, name, chosen.id)
        self.save_metric(metric.edited(metric.with_changes(**{name: chosen.id})))
        self._message(tr("%1: %2").replace("%1", field_title_of(name)).replace("%2", chosen.text))

    def link_at(self, cp: int) -> bool:
        """Ctrl+click at code point `cp`: link the entity there to the open metric in the role
        its label plays (a PLACE as place, an ORG as organisation, a PROGRAM or PROJECT as
        subject; of nested ones the innermost that plays one); on the entity linked already,
        unlink it. False when no metric is open or nothing there links, so that the click does
        what a click does."""
        from annotator.domain.entities import LINK_LABELS

        metric, view = self.form.metric, self.workbench.view
        if metric is None or view is None:
            return False
        roles = {label: name for name, labels in LINK_LABELS.items() for label in labels}
        covering = [e for e in view.entities if e.start <= cp < e.end and e.label in roles]
        if not covering:
            return False
        entity = min(covering, key=lambda e: (e.end - e.start, e.id))
        name = roles[entity.label]
        linked = getattr(metric, name) == entity.id
        self.save_metric(
            metric.edited(metric.with_changes(**{name: None if linked else entity.id}))
        )
        shown = tr("(none)") if linked else entity.text
        self._message(tr("%1: %2").replace("%1", field_title_of(name)).replace("%2", shown))
        return True

    def delete_metric(self) -> None:
        doc = self._doc()
        if doc is None or self.metric_id is None:
            self._message(tr("Choose a metric in the list first"))
            return
        if (
            self.workbench.execute(editing.DeleteMetric(*doc, self.metric_id), tr("Delete metric"))
            is not None
        ):
            self.open_metric(None)


def field_title_of(name: str) -> str:
    titles = {"place": tr("Place"), "org": tr("Organisation"), "subject": tr("Subject")}
    return titles[name]

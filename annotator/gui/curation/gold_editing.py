"""Editing gold directly, as in the workbench: a new metric from the selection (M), its fields
from the selection (the field keys) or in the form, removing a gold span (Delete). Each is a
logged, undoable curation decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.domain.metrics import Field, Metric
from annotator.gui.i18n import tr
from annotator.gui.widgets.metric_form import parse_number
from annotator.services import curation, editing
from annotator.services.curation_items import EntityItem, MetricItem

if TYPE_CHECKING:
    from annotator.gui.curation.parts import CurationParts


class GoldEditing:
    """Part of CurationWidget: gold edited by hand."""

    def gold_metric(self: CurationParts) -> Metric | None:
        item = self.current_item
        return item.gold if isinstance(item, MetricItem) else self._made_metric()

    def _made_metric(self: CurationParts) -> Metric | None:
        key = self._made_key
        if self.view is None or key is None:
            return None
        return next((m for m in self.view.gold_metrics if m.id == key), None)

    def show_gold_metric(self: CurationParts) -> None:
        view = self.view
        self.metric_form.show_metric(
            self.gold_metric(),
            view.gold_entities if view else (),
            view.gold_metrics if view else (),
            (),
        )

    def save_gold_metric(self: CurationParts, metric: Metric) -> bool:
        """Save the gold metric as edited in the form (one undoable decision per edit)."""
        if self.view is None or self.doc_id is None:
            return False
        doc_id = self.doc_id
        version = self.view.gold_metric_versions.get(metric.id)
        return self._decide(
            tr("Edit {key}").format(key=metric.id),
            lambda: self.session.run(curation.save_metric, doc_id, metric, version, self._reason()),
            advance=False,
        )

    def fill_gold_field(self: CurationParts, name: str) -> bool:
        """Set a surface field of the gold metric to the text selection."""
        selection = self.text_view.selection()
        if selection is None or self.view is None:
            self.message.setText(tr("Select some text first"))
            return False
        from annotator.services.prefill import document_date, fill_field

        start, end = selection
        gold = self.gold_metric()
        self.metric_form.show_metric(gold, self.view.gold_entities, self.view.gold_metrics, ())
        if gold is None:
            return False
        document = self.view.document
        return self.save_gold_metric(
            fill_field(document.text, gold, name, start, end, document_date(document.meta))
        )

    def new_metric_from_selection(self: CurationParts) -> bool:
        """Add a gold metric whose value is the selected number; fill the rest in the form."""
        selection = self.text_view.selection()
        if selection is None or self.view is None or self.doc_id is None:
            self.message.setText(tr("Select some text first"))
            return False
        start, end = selection
        text = self.view.document.text[start:end]
        metric = Metric("", value=Field(start, end, text, number=parse_number(text)))
        doc_id = self.doc_id
        applied: editing.Applied | None = None

        def save() -> editing.Applied:
            nonlocal applied
            applied = self.session.run(curation.save_metric, doc_id, metric, None, self._reason())
            return applied

        done = self._decide(tr("New metric {value}").format(value=text), save, advance=False)
        if done and applied is not None:
            self._made_key = applied.key
            self.text_view.clear_selection()
            self.side.setCurrentIndex(1)  # the gold metric form
            self.show_gold_metric()
        return done

    def remove_gold(self: CurationParts) -> bool:
        """Delete: the clicked gold entity, else what gold holds for the current item."""
        view, doc_id = self.view, self.doc_id
        if view is None or doc_id is None:
            return False
        reason = self._reason()
        clicked = self.text_view.selected_entity
        item = self.current_item
        if clicked is not None and any(e.id == clicked for e in view.gold_entities):
            key = clicked
        elif isinstance(item, EntityItem) and item.gold is not None:
            key = item.gold.id
        elif isinstance(item, MetricItem) and item.gold is not None:
            metric_key = item.gold.id
            return self._decide(
                tr("Removed from gold"),
                lambda: self.session.run(curation.remove_metric, doc_id, metric_key, reason),
                advance=False,
            )
        else:
            self.message.setText(tr("Click a gold span first"))
            return False
        return self._decide(
            tr("Removed from gold"),
            lambda: self.session.run(curation.remove_entity, doc_id, key, reason),
            advance=False,
        )

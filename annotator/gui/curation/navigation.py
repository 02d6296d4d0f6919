"""Moving through a document's items: the list, the text and the versions follow the current
item; the document list and the status bar show what is left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.domain.entities import Entity
from annotator.domain.metrics import Metric
from annotator.gui.curation.presenting import annotator_colour, annotator_name
from annotator.gui.curation.text_view import Bar
from annotator.gui.i18n import tr
from annotator.gui.models.document_list import status_text
from annotator.services import curation
from annotator.services.curation_items import (
    Item,
    ItemKind,
    ItemState,
    MetricItem,
    curation_items,
)
from annotator.services.curation_progress import DocumentProgress

if TYPE_CHECKING:
    from annotator.gui.curation.parts import CurationParts


class Navigation:
    """Part of CurationWidget: showing a document's items and moving between them."""

    # Assigned here: declared with the widget's types, else the first assignment would set them.
    view: curation.CurationView | None
    _made_key: str | None

    @property
    def ordered(self: CurationParts) -> list[Item]:
        return self.items.all

    @property
    def current_item(self: CurationParts) -> Item | None:
        ordered = self.ordered
        if self.current is None or not 0 <= self.current < len(ordered):
            return None
        return ordered[self.current]

    def show_view(self: CurationParts, view: curation.CurationView) -> None:
        """Show what the database holds now, keeping the current item where it still is."""
        previous = self.current_item.key if self.current_item is not None else None
        field = self.versions.current_field()
        same_text = self.view is not None and self.view.document == view.document
        self.view = view
        gold = self.session.gold(view.document.doc_id)
        if same_text:
            self.text_view.update_annotations(gold)
        else:
            self.text_view.show_document(gold)
        self.items = curation_items(view)
        self.item_list.fill(view, self.ordered)
        self.text_view.set_bars(
            [
                Bar(version_span[0], version_span[1], annotator_colour(k), k, item.decided)
                for item in self.ordered
                for k, layer in enumerate(view.annotators)
                if layer in item.versions and (version_span := _span(item.versions[layer]))
            ]
        )
        self.legend.setText(
            "   ".join(
                f"{k} ▬ {annotator_name(layer)}" for k, layer in enumerate(view.annotators, 1)
            )
            + "   "
            + tr("(keys: N next, 1/2 take, X reject, A accept unanimous)")
        )
        self.gold_status.setCurrentIndex(self.gold_status.findData(view.gold_status))
        keys = [item.key for item in self.ordered]
        index = keys.index(previous) if previous in keys else self.current
        if index is not None and self.ordered:
            self.select_item(min(index, len(self.ordered) - 1), field)
        else:
            self.select_item(None)
        self.show_gold_metric()
        self.progress[view.document.doc_id] = DocumentProgress(
            view.document.doc_id, view.gold_status, len(self.items.open), len(self.ordered)
        )
        self._label_documents()

    def select_item(self: CurationParts, index: int | None, field: str | None = None) -> None:
        """Make item `index` current: marked in the list and framed (and scrolled to) in the
        text; for a metric the field cursor goes to `field` or the first field to settle."""
        self.current = index
        item = self.current_item
        self.item_list.select(index)
        self.text_view.set_current((item.start, item.end) if item and item.start >= 0 else None)
        assert self.view is not None or item is None
        if self.view is not None:
            self.versions.fill(self.view, item)
        if isinstance(item, MetricItem):
            unsettled = [n for n in item.differing if n not in item.settled]
            chosen = (
                field if field in item.differing else next(iter(unsettled or item.differing), None)
            )
            self.versions.set_current_field(chosen)
        if index is not None:
            self.show_gold_metric()

    def next_open(self: CurationParts, step: int, from_start: bool = False) -> bool:
        """Go to the next (step 1) or previous (-1) open item, wrapping around."""
        self._made_key = None
        ordered = self.ordered
        if not ordered:
            self.select_item(None)
            return False
        start = -1 if from_start or self.current is None else self.current
        if from_start and step < 0:
            start = len(ordered)
        # Disagreements first: the items everyone agrees on are taken together with A.
        for wanted in (lambda i: i.kind is not ItemKind.AGREED, lambda i: True):
            for offset in range(1, len(ordered) + 1):
                index = (start + step * offset) % len(ordered)
                if ordered[index].state is ItemState.OPEN and wanted(ordered[index]):
                    self.select_item(index)
                    return True
        if from_start:
            self.select_item(0)
        note = tr("No open items left in this document")
        if note not in self.message.text():
            self.message.setText(" — ".join(t for t in (self.message.text(), note) if t))
        return False

    def select_at(self: CurationParts, cp: int) -> None:
        """A click in the text: the item there becomes current (an open one first)."""
        self._made_key = None
        hits = [i for i, item in enumerate(self.ordered) if item.start <= cp < item.end]
        if hits:
            hits.sort(
                key=lambda i: (self.ordered[i].decided, self.ordered[i].end - self.ordered[i].start)
            )
            self.select_item(hits[0])

    def _item_clicked(self: CurationParts, row: int) -> None:
        self._made_key = None
        self.select_item(row)
        self.show_gold_metric()

    def _label_documents(self: CurationParts) -> None:
        """Each document's gold status and open items in the list; progress in the status
        bar."""
        for index in range(self.documents.count()):
            entry = self.progress.get(self.documents.itemData(index))
            if entry is None:
                continue
            left = "?" if entry.open_items is None else str(entry.open_items)
            self.documents.setItemText(
                index,
                tr("{doc} — gold {status} — {count} open").format(
                    doc=entry.doc_id, status=status_text(entry.gold_status.value), count=left
                ),
            )
        done = sum(e.gold_status.value == "done" for e in self.progress.values())
        left_all = sum(e.open_items or 0 for e in self.progress.values())
        here = self.progress.get(self.doc_id or "")
        self.progress_label.setText(
            tr(
                "Gold done: {done} of {total} documents · open items: {here} here, {all} in all"
            ).format(
                done=done,
                total=len(self.progress),
                here=here.open_items if here and here.open_items is not None else "–",
                all=left_all,
            )
            + (
                tr(" (documents not opened yet are not counted)")
                if any(e.open_items is None for e in self.progress.values())
                else ""
            )
        )


def _span(version: object) -> tuple[int, int] | None:
    if isinstance(version, Entity):
        return version.start, version.end
    return version.value_span if isinstance(version, Metric) else None

"""Deciding items: each key is one decision saved at once, logged, and one undo step; after it
the next open item becomes current, so the common case costs one key."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from annotator.domain.errors import AnnotatorError
from annotator.domain.status import DocumentStatus
from annotator.gui.actions import field_name
from annotator.gui.curation.presenting import annotator_name
from annotator.gui.i18n import plural, tr
from annotator.gui.models.document_list import status_text
from annotator.services import curation, curation_decisions, editing
from annotator.services.curation_items import EntityItem, Item, MetricItem

if TYPE_CHECKING:
    from annotator.gui.curation.parts import CurationParts


class Deciding:
    """Part of CurationWidget: the decisions and the undo path."""

    def _reason(self: CurationParts) -> str:
        reason = self.reason.text().strip()
        self.reason.clear()  # a reason belongs to one decision
        return reason

    def _decide(
        self: CurationParts,
        text: str,
        action: Callable[[], editing.Applied | None],
        advance: bool = True,
    ) -> bool:
        """Run one decision; on success it becomes an undo step, the view reloads and (with
        `advance`) the next open item becomes current."""
        try:
            applied = action()
        except AnnotatorError as error:
            self.message.setText(str(error))
            self.reload()
            return False
        if applied is None:
            self.message.setText(tr("Nothing to do"))
            return False
        self.session.push(applied, text)
        self.message.setText(text)
        self.reload()
        if advance and (self.current_item is None or self.current_item.decided):
            self.next_open(1)  # an item still open (A decided others) stays current
        return True

    def _step_refused(self: CurationParts, reason: str) -> None:
        """An undo or redo the database refused (gold moved on elsewhere): say why."""
        self.message.setText(reason)
        self._replay_failed = True
        self.reload()

    def undo(self: CurationParts) -> None:
        text = self.undo_stack.undoText()
        if not self.undo_stack.canUndo():
            self.message.setText(tr("Nothing to undo"))
            return
        self._replay_failed = False
        self.undo_stack.undo()
        if not self._replay_failed:  # else the message says why it could not be undone
            self.message.setText(tr("Undone: {step}").format(step=text))

    def redo(self: CurationParts) -> None:
        text = self.undo_stack.redoText()
        if not self.undo_stack.canRedo():
            self.message.setText(tr("Nothing to redo"))
            return
        self._replay_failed = False
        self.undo_stack.redo()
        if not self._replay_failed:
            self.message.setText(tr("Redone: {step}").format(step=text))

    # -- one key each ------------------------------------------------------------------------
    def take(self: CurationParts, k: int) -> bool:
        """Annotator k's version of the current item (of a metric: of the field under the
        field cursor, the whole version while gold has none)."""
        item, view, doc_id = self.current_item, self.view, self.doc_id
        if item is None or view is None or doc_id is None:
            self.message.setText(tr("No item selected"))
            return False
        if not 1 <= k <= len(view.annotators) or view.annotators[k - 1] not in item.versions:
            self.message.setText(tr("Annotator {k} has no version of this item").format(k=k))
            return False
        layer = view.annotators[k - 1]
        name = annotator_name(layer)
        field = self.versions.current_field() if isinstance(item, MetricItem) else None
        if isinstance(item, EntityItem) or item.gold is None or field is None:
            done = self._decide(
                tr("Took {name}'s version").format(name=name),
                lambda: self.session.run(
                    curation_decisions.take_version, doc_id, item, layer, self._reason()
                ),
                advance=False,
            )
            if done:
                self._after_field(item.key, field)
            return done
        gold_key, source_key = item.gold.id, item.versions[layer].id
        done = self._decide(
            tr("{field} from {name}").format(field=field_name(field), name=name),
            lambda: self.session.run(
                curation.settle_field, doc_id, gold_key, field, layer, source_key, self._reason()
            ),
            advance=False,
        )
        if done:
            self._after_field(item.key, field)
        return done

    def _after_field(self: CurationParts, key: str, field: str | None) -> None:
        """After a metric field (or an entity) is decided: the next differing field of the
        same metric, else the next open item."""
        item = self.current_item
        if isinstance(item, MetricItem) and item.key == key and field in item.differing:
            following = item.differing[item.differing.index(field) + 1 :]
            if following:
                self.versions.set_current_field(following[0])
                return
        self.next_open(1)

    def reject(self: CurationParts) -> bool:
        """Turn down every version of the current item (recorded, with the reason if any)."""
        item, doc_id = self.current_item, self.doc_id
        if item is None or doc_id is None:
            self.message.setText(tr("No item selected"))
            return False
        reason = self._reason()
        text = tr("Rejected {text}").format(text=self._item_text(item))
        return self._decide(
            text, lambda: self.session.run(curation_decisions.reject, doc_id, item, reason)
        )

    def accept_unanimous(self: CurationParts) -> bool:
        doc_id = self.doc_id
        if doc_id is None:
            return False
        before = sum(
            1 for item in self.ordered if item.kind.value == "agreed" and item.gold is None
        )
        done = self._decide(
            plural("Accepted %n unanimous item", "Accepted %n unanimous items", before),
            lambda: self.session.run(curation.accept_unanimous, doc_id, self._reason()),
        )
        if not done:
            self.message.setText(tr("No unanimous item is left to accept"))
        return done

    def label(self: CurationParts, label: str) -> bool:
        """A label key: relabel the gold span of the current item (or the clicked gold entity),
        or make the text selection, else the item's span, a gold entity of that label."""
        view, doc_id = self.view, self.doc_id
        if view is None or doc_id is None:
            return False
        selection = self.text_view.selection()
        item = self.current_item
        clicked = next(
            (e for e in view.gold_entities if e.id == self.text_view.selected_entity), None
        )
        gold = (
            clicked
            if clicked is not None and selection is None
            else (item.gold if isinstance(item, EntityItem) and selection is None else None)
        )
        reason = self._reason()
        if gold is not None:
            version = view.gold_entity_versions.get(gold.id)
            return self._decide(
                tr("Relabelled {text} as {label}").format(text=gold.text, label=label),
                lambda: self.session.run(
                    curation.edit_entity,
                    doc_id,
                    gold.id,
                    label,
                    gold.start,
                    gold.end,
                    reason,
                    version,
                ),
            )
        if selection is None and isinstance(item, EntityItem):
            first = next(iter(item.versions.values()))
            selection = (first.start, first.end)
        if selection is None:
            self.message.setText(tr("Select text or an entity item first"))
            return False
        start, end = selection
        self.text_view.clear_selection()
        return self._decide(
            tr("Added {label} {text}").format(label=label, text=view.document.text[start:end]),
            lambda: self.session.run(curation.add_entity, doc_id, label, start, end, reason),
        )

    def set_gold_status(self: CurationParts, status: DocumentStatus | None = None) -> bool:
        """Set the gold status; marking done while items are open asks first."""
        view, doc_id = self.view, self.doc_id
        if view is None or doc_id is None:
            return False
        status = status or self.gold_status.currentData()
        left = len(self.items.open)
        if (
            status is DocumentStatus.DONE
            and left
            and not self.confirm(
                tr("Items still open"),
                plural(
                    "%n item is still open. Mark the gold done anyway?",
                    "%n items are still open. Mark the gold done anyway?",
                    left,
                ),
            )
        ):
            self.gold_status.setCurrentIndex(self.gold_status.findData(view.gold_status))
            return False
        return self._decide(
            tr("Gold status {status}").format(status=status_text(status.value)),
            lambda: self.session.run(curation.set_gold_status, doc_id, status, self._reason()),
            advance=False,
        )

    def _version_double_clicked(self: CurationParts, row: int, column: int) -> None:
        """Double-clicking a version takes it (for a metric: that annotator's field value)."""
        item = self.current_item
        if isinstance(item, EntityItem):
            self.take(row + 1)
        elif isinstance(item, MetricItem) and column >= 1:
            self.versions.set_current_field(self.versions.fields[row])
            self.take(column)

    def _item_text(self: CurationParts, item: Item) -> str:
        assert self.view is not None
        return self.view.document.text[item.start : item.end] if item.start >= 0 else item.key

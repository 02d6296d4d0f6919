"""EntityReview: the entity assistant's suggestions in the open document, drawn as dashed boxes
in their label's colour and reviewed with the metric assistant's keys (see AssistantController).

Every rule lives in services.entity_suggesting; this module reads, draws and pushes commands.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from annotator.domain.entity_proposals import EntitySuggestion
from annotator.domain.errors import AnnotatorError
from annotator.gui.i18n import tr
from annotator.gui.widgets.marks import Mark, MarkStyle
from annotator.gui.widgets.text_view import TextView
from annotator.gui.workbench import Workbench
from annotator.schema.labels import default_label_schema

if TYPE_CHECKING:  # the recommenders load with the first refresh, not with the window
    from annotator.domain.entities import Entity
    from annotator.services.entity_suggesting import OpenDocumentSuggestions

GROUP = "entity_suggestions"


def _label_name(label: str) -> str:
    from annotator.gui.controllers.tagging import label_name

    return label_name(label)


def entity_tooltip(suggestion: EntitySuggestion) -> str:
    """Label, recommenders and score, and the other labels proposed for the span."""
    entity = suggestion.entity
    recommenders = "+".join(suggestion.recommenders) or "?"
    text = (
        f"{tr('Suggestion')}: {_label_name(entity.label)} {entity.text} "
        f"({recommenders}, {entity.score or 0:.2f})"
    )
    others = [
        f"{_label_name(e.label)} ({e.provenance.system or '?'}, {e.score or 0:.2f})"
        for e in suggestion.alternatives
    ]
    if others:
        text += "\n" + tr("Also proposed: %1").replace("%1", ", ".join(others))
    return text + "\n" + tr("Ctrl+click: accept · Ctrl+Shift+click: accept all of this text")


class EntityReview:
    """The open document's unreviewed entity suggestions and the commands that review them.

    A change only marks them out of date: they are computed when read (`suggestions`, the
    text view's marks) or when the assistant's timer settles them after the paint.
    """

    def __init__(self, workbench: Workbench, text_view: TextView) -> None:
        self.workbench = workbench
        self.text_view = text_view
        self._suggestions: list[EntitySuggestion] = []
        self._stale = False
        self._reread = False  # the document was opened, or the assistant ran
        self._reviewed = False  # rejections changed
        # What does not change between key presses, kept (built with the first refresh).
        self._kept: OpenDocumentSuggestions | None = None
        # The models' suggestions for a document, as computed off the window's thread.
        self._modelled: tuple[str, list[Entity]] = ("", [])
        # Run before the suggestions are read; the assistant settles its own with them.
        self.before_read: Callable[[], object] = self.ensure_fresh

    @property
    def suggestions(self) -> list[EntitySuggestion]:
        self.before_read()
        return self._suggestions

    def refresh(self) -> None:
        """Read the open document's suggestions again now (it was opened, or the assistant
        ran)."""
        self._stale = self._reread = True
        self.before_read()

    def set_model_suggestions(self, doc_id: str, suggested: Sequence[Entity]) -> bool:
        """The models' suggestions for `doc_id`, shown with the others from the next look;
        False when they are those shown already (nothing to draw again)."""
        modelled = (doc_id, list(suggested))
        if modelled == self._modelled:
            return False
        self._modelled = modelled
        self._stale = True
        return True

    def on_changed(self, kinds: frozenset[str]) -> None:
        """The annotator's entities or reviews changed: only what they touch is computed."""
        if "reviews" in kinds:
            self._reviewed = True
        if kinds & {"entities", "reviews"}:
            self._stale = True

    def ensure_fresh(self) -> bool:
        """Bring the suggestions up to date if a change left them behind; True if it did."""
        if not self._stale:
            return False
        self._stale = False
        self._update()
        return True

    def _update(self) -> None:
        from annotator.services.entity_suggesting import OpenDocumentSuggestions

        workbench, self._suggestions = self.workbench, []
        view = workbench.view
        reread, reviewed, self._reread, self._reviewed = self._reread, self._reviewed, False, False
        if view is not None:
            try:
                if self._kept is None:
                    self._kept = OpenDocumentSuggestions(workbench.database, workbench.actor.name)
                elif reread:
                    self._kept.open(view.document.doc_id)
                elif reviewed:
                    self._kept.reviews_changed()
                self._kept.set_model_suggestions(*self._modelled)
                self._suggestions = self._kept.suggestions(view.document.doc_id, view.entities)
            except AnnotatorError as error:
                self._kept = None  # read everything again next time
                workbench.report_error(error)
        schema = default_label_schema()
        # Tooltips are written when hovered: a dense page has hundreds of suggestions.
        self.text_view.set_marks(
            GROUP,
            [
                Mark(
                    s.entity.start,
                    s.entity.end,
                    MarkStyle.SUGGESTION,
                    schema.colour(s.entity.label),
                    partial(entity_tooltip, s),
                )
                for s in self._suggestions
            ],
        )

    def at(self, start: int, end: int) -> EntitySuggestion | None:
        """The suggestion at the selection (exactly), else one the cursor touches."""
        suggestions = self.suggestions
        exact = [s for s in suggestions if s.span == (start, end)]
        touching = [
            s
            for s in suggestions
            if s.entity.start < end
            and start < s.entity.end
            or s.entity.start <= start <= s.entity.end
        ]
        found = exact or (touching if start == end else [])
        return found[0] if found else None

    def accept(self, suggestion: EntitySuggestion, label: str | None = None) -> bool:
        """Add the suggestion to the own layer (under `label` when given): one undo step."""
        from annotator.services.entity_suggesting import accept_command

        workbench = self.workbench
        if workbench.view is None:
            return False
        try:
            command = accept_command(
                workbench.database,
                workbench.view.document.doc_id,
                workbench.actor.name,
                *suggestion.span,
                label,
                shown=self.suggestions,
            )
        except AnnotatorError as error:
            workbench.report_error(error)
            self.refresh()
            return False
        name = _label_name(label or suggestion.entity.label)
        return workbench.execute(command, tr("Accept %1").replace("%1", name)) is not None

    def accept_all(self, suggestion: EntitySuggestion) -> int:
        """Accept every suggestion of the same text and label in the document: one undo step;
        how many entities."""
        from annotator.services.entity_suggesting import accept_all_command

        command = self._all_of_text(suggestion, accept_all_command, tr("Accept all %1 as %2"))
        return len(command.commands) if command is not None else 0

    def reject_all(self, suggestion: EntitySuggestion) -> int:
        """Turn down every suggestion of the same text and label in the document: one undo
        step; how many."""
        from annotator.services.entity_suggesting import reject_all_command

        command = self._all_of_text(suggestion, reject_all_command, tr("Reject all %1 as %2"))
        return len(command.rejections) if command is not None else 0

    def _all_of_text(self, suggestion: EntitySuggestion, build: Any, undo_text: str) -> Any:
        """The command `build` makes for every suggestion of this one's text and label,
        executed under `undo_text` (%1 the text, %2 the label); None when refused (the
        reason shown)."""
        workbench, entity = self.workbench, suggestion.entity
        if workbench.view is None:
            return None
        try:
            command = build(
                workbench.database,
                workbench.view.document.doc_id,
                workbench.actor.name,
                entity.text,
                entity.label,
                shown=self.suggestions,
            )
        except AnnotatorError as error:
            workbench.report_error(error)
            return None
        text = undo_text.replace("%1", entity.text).replace("%2", _label_name(entity.label))
        return command if workbench.execute(command, text) is not None else None

    def reject(self, suggestion: EntitySuggestion) -> bool:
        """Turn the suggestion down: one undo step; False when refused (the reason shown)."""
        from annotator.services.entity_suggesting import reject_command

        workbench, doc_id = self.workbench, self.workbench.doc_id
        if doc_id is None:
            return False
        try:
            command = reject_command(
                workbench.database,
                doc_id,
                workbench.actor.name,
                *suggestion.span,
                shown=self.suggestions,
            )
        except AnnotatorError as error:
            workbench.report_error(error)
            return False
        return workbench.execute(command, tr("Reject suggestion")) is not None

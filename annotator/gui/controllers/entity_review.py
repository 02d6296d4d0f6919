"""EntityReview: the entity assistant's suggestions in the open document, drawn as dashed boxes
in their label's colour and reviewed with the metric assistant's keys (see AssistantController).

Every rule lives in services.entity_suggesting; this module reads, draws and pushes commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.domain.entities import Entity
from annotator.domain.entity_proposals import EntitySuggestion
from annotator.domain.errors import AnnotatorError
from annotator.gui.i18n import tr
from annotator.gui.widgets.marks import Mark, MarkStyle
from annotator.gui.widgets.text_view import TextView
from annotator.gui.workbench import Workbench
from annotator.schema.labels import default_label_schema

if TYPE_CHECKING:  # the recommenders load with the first refresh, not with the window
    from annotator.services.recommenders.lexicon import LexiconRecommender

GROUP = "entity_suggestions"


def _label_name(label: str) -> str:
    from annotator.gui.controllers.tagging import label_name

    return label_name(label)


def entity_tooltip(suggestion: EntitySuggestion) -> str:
    """Label, recommenders and score, and the other labels proposed for the span."""
    entity = suggestion.entity
    recommenders = "+".join(suggestion.recommenders) or "?"
    text = (f"{tr('Suggestion')}: {_label_name(entity.label)} {entity.text} "
            f"({recommenders}, {entity.score or 0:.2f})")
    others = [f"{_label_name(e.label)} ({e.provenance.system or '?'}, {e.score or 0:.2f})"
              for e in suggestion.alternatives]
    if others:
        text += "\n" + tr("Also proposed: %1").replace("%1", ", ".join(others))
    return text


class EntityReview:
    """The open document's unreviewed entity suggestions and the commands that review them."""

    def __init__(self, workbench: Workbench, text_view: TextView) -> None:
        self.workbench = workbench
        self.text_view = text_view
        self.suggestions: list[EntitySuggestion] = []
        # The annotator's own tags as a lexicon, read once per window (a whole layer is too
        # much to read per key press), and the entities of the documents opened since, which
        # carry what was tagged after it was read.
        self._lexicon: LexiconRecommender | None = None
        self._opened: dict[str, tuple[Entity, ...]] = {}

    def refresh(self) -> None:
        from annotator.services.entity_suggesting import lexicon_of, own_lexicon, unreviewed

        workbench, self.suggestions = self.workbench, []
        view = workbench.view
        if view is not None:
            try:
                if self._lexicon is None:
                    self._lexicon = own_lexicon(workbench.database, workbench.actor.name)
                self._opened[view.document.doc_id] = view.entities
                recent = lexicon_of([e for entities in self._opened.values() for e in entities])
                self.suggestions = unreviewed(workbench.database, view.document.doc_id,
                                              workbench.actor.name,
                                              lexicons=(self._lexicon, recent))
            except AnnotatorError as error:
                workbench.report_error(error)
        schema = default_label_schema()
        self.text_view.set_marks(GROUP, [
            Mark(s.entity.start, s.entity.end, MarkStyle.SUGGESTION,
                 schema.colour(s.entity.label), entity_tooltip(s))
            for s in self.suggestions])

    def at(self, start: int, end: int) -> EntitySuggestion | None:
        """The suggestion at the selection (exactly), else one the cursor touches."""
        exact = [s for s in self.suggestions if s.span == (start, end)]
        touching = [s for s in self.suggestions if s.entity.start < end and start < s.entity.end
                    or s.entity.start <= start <= s.entity.end]
        return (exact or (touching if start == end else []) or [None])[0]

    def accept(self, suggestion: EntitySuggestion, label: str | None = None) -> bool:
        """Add the suggestion to the own layer (under `label` when given): one undo step."""
        from annotator.services.entity_suggesting import accept_command

        workbench = self.workbench
        if workbench.view is None:
            return False
        try:
            command = accept_command(workbench.database, workbench.view.document.doc_id,
                                     workbench.actor.name, *suggestion.span, label,
                                     shown=self.suggestions)
        except AnnotatorError as error:
            workbench.report_error(error)
            self.refresh()
            return False
        name = _label_name(label or suggestion.entity.label)
        return workbench.execute(command, tr("Accept %1").replace("%1", name)) is not None

    def accept_all(self, suggestion: EntitySuggestion) -> int:
        """Accept every suggestion of the same text and label in the document: one undo step."""
        from annotator.services.entity_suggesting import accept_all_command

        workbench, entity = self.workbench, suggestion.entity
        if workbench.view is None:
            return 0
        try:
            command = accept_all_command(workbench.database, workbench.view.document.doc_id,
                                         workbench.actor.name, entity.text, entity.label,
                                         shown=self.suggestions)
        except AnnotatorError as error:
            workbench.report_error(error)
            return 0
        text = tr("Accept all %1 as %2").replace("%1", entity.text) \
            .replace("%2", _label_name(entity.label))
        return len(command.commands) if workbench.execute(command, text) is not None else 0

    def reject(self, suggestion: EntitySuggestion) -> bool:
        """Turn the suggestion down: one undo step; False when refused (the reason shown)."""
        from annotator.services.entity_suggesting import reject_command

        workbench, doc_id = self.workbench, self.workbench.doc_id
        if doc_id is None:
            return False
        try:
            command = reject_command(workbench.database, doc_id, workbench.actor.name,
                                     *suggestion.span)
        except AnnotatorError as error:
            workbench.report_error(error)
            return False
        return workbench.execute(command, tr("Reject suggestion")) is not None

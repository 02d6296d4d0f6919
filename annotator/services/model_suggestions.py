"""The models' entity suggestions for the document a window opens, as the models are now.

`suggest` writes the assistant's suggestions into the suggestion layer, for every document at
once; between two runs the CRF is retrained whenever a document is marked done. A window
therefore also runs the recommenders `suggest` runs (lexicon of the learning documents, the
CRF, LAC) on the document it opens, off its thread, and shows their suggestions beside the
layer's (`OpenDocumentSuggestions.set_model_suggestions`): what the team labelled an hour ago
is proposed now. They learn from the annotator's learning documents (in blind mode the
released gold and the annotator's own layer, never another annotator's work). Derived data,
computed again at each opening, they are reviewed (accepted, rejected) as the layer's are.

A window never trains on opening: a CRF out of date is left out (`stale`), and the window
trains it in the background, then asks again.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.domain.entities import Entity
from annotator.services.entity_suggesting import (
    RECOMMENDER_NAMES,
    build_recommenders,
    suggest_entities,
)
from annotator.services.recommenders import Recommender
from annotator.services.recommenders.lac import is_installed
from annotator.services.recommenders.learning import learning_documents
from annotator.store.database import Database


@dataclass(frozen=True)
class ModelSuggester:
    """The recommenders a window runs on the documents it opens; `stale`: the stored CRF was
    not trained on the current learning documents and is left out until trained again;
    `without_lac`: the `ner` extra is not installed (the window says what to install)."""

    recommenders: tuple[Recommender, ...] = ()
    stale: bool = False
    without_lac: bool = False

    def suggestions(self, text: str) -> list[Entity]:
        """The merged suggestions for a text (those `suggest` would write for it)."""
        return suggest_entities(text, self.recommenders) if self.recommenders else []


def model_suggester(database: Database, annotator: str) -> ModelSuggester:
    """The recommenders learnt from `annotator`'s learning documents; none while those hold
    no entity (nothing learnt: LAC's own score stays below the one shown)."""
    documents = learning_documents(database, annotator)
    if not any(d.entities for d in documents):
        return ModelSuggester()
    built = build_recommenders(database, RECOMMENDER_NAMES, documents=documents, train=False)
    return ModelSuggester(tuple(built.recommenders), built.stale, not is_installed())

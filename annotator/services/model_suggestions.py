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
trains it in the background, then asks again. Models kept from an earlier opening are used only
while the learning documents are those they learnt from: gold imported or released meanwhile,
or a document another annotator marked done, builds them anew (`model_suggester`).
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
from annotator.services.recommenders.learning import fingerprint, learning_documents
from annotator.store.database import Database


@dataclass(frozen=True)
class ModelSuggester:
    """The recommenders a window runs on the documents it opens; `stale`: the stored CRF was
    not trained on the current learning documents and is left out until trained again;
    `without_lac`: the `ner` extra is not installed (the window says what to install);
    `learnt_from`: the fingerprint of the learning documents they were built from."""

    recommenders: tuple[Recommender, ...] = ()
    stale: bool = False
    without_lac: bool = False
    learnt_from: str = ""

    def suggestions(self, text: str) -> list[Entity]:
        """The merged suggestions for a text (those `suggest` would write for it)."""
        return suggest_entities(text, self.recommenders) if self.recommenders else []


def model_suggester(
    database: Database, annotator: str, kept: ModelSuggester | None = None
) -> ModelSuggester:
    """The recommenders learnt from `annotator`'s learning documents: `kept` while those are
    still the ones it learnt from, else built anew (what others released or marked done counts
    at once); none while they hold no entity (nothing learnt: LAC's own score stays below the
    one shown)."""
    documents = learning_documents(database, annotator)
    learnt_from = fingerprint(documents)
    if kept is not None and kept.learnt_from == learnt_from:
        return kept
    if not any(d.entities for d in documents):
        return ModelSuggester(learnt_from=learnt_from)
    built = build_recommenders(database, RECOMMENDER_NAMES, documents=documents, train=False)
    return ModelSuggester(tuple(built.recommenders), built.stale, not is_installed(), learnt_from)

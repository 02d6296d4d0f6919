"""Entity recommenders: each proposes labelled spans for a text, learnt from the team's labels
(lexicon, CRF) or packaged (LAC)."""

from __future__ import annotations

from typing import Protocol

from annotator.domain.entity_proposals import Proposal


class Recommender(Protocol):
    """Anything that proposes entities for a text; `name` goes into the provenance system."""

    name: str

    def propose(self, text: str) -> list[Proposal]: ...

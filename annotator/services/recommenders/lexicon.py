"""The lexicon recommender: every surface form already tagged, proposed where else it occurs.

Like INCEpTION's string matcher. A surface gets its most frequent label; matches are taken
longest first without overlapping one another, and a match brings along the entities the data
nests inside that surface (浏阳市 inside 浏阳市住建局) when the data nests them there. The
score is how often the surface, where it occurs in the learning documents, was tagged with that
label: a string that is usually left untagged scores low and is not proposed.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from annotator.domain.entities import Entity
from annotator.domain.entity_proposals import Proposal
from annotator.services.recommenders.learning import TrainingDocument

NAME = "lexicon"
# Single characters (市, 局) are ambiguous everywhere; shorter surfaces are never proposed.
MIN_LENGTH = 2
# Proposals below this share of tagged occurrences cost more key presses than they save.
MIN_SCORE = 0.5


@dataclass
class _Surface:
    labels: Counter[str] = field(default_factory=Counter)
    # (start, end, label) relative to the surface → how often the data nests it there
    nested: Counter[tuple[int, int, str]] = field(default_factory=Counter)
    tagged: int = 0  # distinct tagged occurrences in the learning documents
    occurrences: int = 0  # every occurrence in the learning documents' texts

    def label(self) -> str:
        # Most frequent first; a tie goes to the alphabetically first, so runs agree.
        return min(self.labels, key=lambda label: (-self.labels[label], label))

    def score(self) -> float:
        share = self.labels[self.label()] / max(1, sum(self.labels.values()))
        return round(min(1.0, self.tagged / max(1, self.occurrences, self.tagged)) * share, 4)


class LexiconRecommender:
    """Built from training documents (and grown with `add`); proposes with one automaton pass."""

    name = NAME

    def __init__(
        self, documents: Iterable[TrainingDocument] = (), min_score: float = MIN_SCORE
    ) -> None:
        self.min_score = min_score
        self._surfaces: dict[str, _Surface] = defaultdict(_Surface)
        self._automaton: ahocorasick.Automaton | None = None
        documents = list(documents)
        for doc in documents:
            self._learn(doc.entities)
        for doc in documents:
            self._count_occurrences(doc.text, doc.entities)

    def __len__(self) -> int:
        return len(self._surfaces)

    def __getstate__(self) -> dict[str, Any]:
        # The automaton is built again where it is used (a worker process) from the surfaces.
        return {**self.__dict__, "_automaton": None}

    def _learn(self, entities: Iterable[Entity], sign: int = 1) -> None:
        # sign -1 takes back what learning the same entities added (see `forget`).
        spans = sorted({(e.start, e.end, e.label, e.text) for e in entities})
        starts = [span[0] for span in spans]
        tagged_spans: set[tuple[int, int, str]] = set()
        touched: set[str] = set()
        for start, end, label, text in spans:
            if end - start < MIN_LENGTH:
                continue
            if text not in self._surfaces:
                self._automaton = None  # a new surface: the automaton is built again
            surface = self._surfaces[text]
            touched.add(text)
            surface.labels[label] += sign
            if (start, end, text) not in tagged_spans:
                tagged_spans.add((start, end, text))
                surface.tagged += sign
            # Only spans starting inside this one can nest in it: a page has hundreds of
            # entities, and comparing every pair made learning a corpus quadratic.
            for inner_start, inner_end, inner_label, _text in spans[
                bisect_left(starts, start) : bisect_left(starts, end)
            ]:
                if inner_end <= end and (inner_start, inner_end) != (start, end):
                    surface.nested[(inner_start - start, inner_end - start, inner_label)] += sign
        if sign < 0:
            for text in touched:
                surface = self._surfaces[text]
                surface.labels = +surface.labels  # drops the labels no longer counted
                surface.nested = +surface.nested
                if not surface.labels:
                    del self._surfaces[text]
                    self._automaton = None

    def _count_occurrences(self, text: str, entities: Iterable[Entity]) -> None:
        # An untagged occurrence inside a tagged entity (浏阳市 in 浏阳市住建局, not nested
        # there) says nothing against the surface: the longer match is taken there anyway.
        if not text:
            return
        automaton = self._built()
        if automaton is None:
            return
        spans = {(e.start, e.end) for e in entities}
        for end_index, surface in automaton.iter(text):
            start, end = end_index + 1 - len(surface), end_index + 1
            if (start, end) not in spans and any(s <= start and end <= e for s, e in spans):
                continue
            self._surfaces[surface].occurrences += 1

    def add(self, text: str, entities: Iterable[Entity]) -> None:
        """Learn one more document (the window's open one, as it is tagged)."""
        entities = list(entities)
        self._learn(entities)
        self._count_occurrences(text, entities)

    def forget(self, entities: Iterable[Entity]) -> None:
        """Take back an `add("", entities)` of the same entities: a window keeps one lexicon of
        the documents it opened and swaps the open one's entities as they are tagged."""
        self._learn(entities, sign=-1)

    def _built(self) -> ahocorasick.Automaton | None:
        if self._automaton is None and self._surfaces:
            automaton = ahocorasick.Automaton()
            for surface in self._surfaces:
                automaton.add_word(surface, surface)
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def propose(self, text: str) -> list[Proposal]:
        """Longest matches first, never overlapping one another, with their nested entities."""
        automaton = self._built()
        if automaton is None:
            return []
        # A page holds a few surfaces many times over: rank each one once.
        ranked: dict[str, tuple[str, float]] = {}
        matches = []
        for end_index, surface in automaton.iter(text):
            rank = ranked.get(surface)
            if rank is None:
                info = self._surfaces[surface]
                rank = ranked[surface] = (info.label(), info.score())
            if rank[1] >= self.min_score:
                matches.append((end_index + 1 - len(surface), end_index + 1, surface))
        matches.sort(key=lambda m: (m[0] - m[1], m[0]))  # longest, then leftmost
        taken = bytearray(len(text))
        proposals: list[Proposal] = []
        for start, end, surface in matches:
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            info = self._surfaces[surface]
            label, score = ranked[surface]
            proposals.append(Proposal(start, end, label, score, NAME))
            tagged = max(1, info.tagged)
            for (inner_start, inner_end, inner_label), count in info.nested.items():
                share = count / tagged
                if share >= 0.5:  # nested so in most of the surface's tagged occurrences
                    proposals.append(
                        Proposal(
                            start + inner_start,
                            start + inner_end,
                            inner_label,
                            round(min(1.0, share) * score, 4),
                            NAME,
                        )
                    )
        proposals.sort(key=lambda p: (p.start, -p.end, p.label))
        return proposals

"""Segments: the article structure (ARTICLE, HEADLINE, BYLINE, CAPTION) and DUPLICATE paragraphs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from annotator.domain.spans import Span


class SegmentLabel(StrEnum):
    ARTICLE = "ARTICLE"
    HEADLINE = "HEADLINE"
    BYLINE = "BYLINE"
    CAPTION = "CAPTION"
    DUPLICATE = "DUPLICATE"
    # A sentence kept from a sentence-per-block source such as CoNLL.
    SENTENCE = "SENTENCE"


_BUILT_IN: dict[str, SegmentLabel] = {label.value: label for label in SegmentLabel}


def segment_label(name: str) -> str:
    """The built-in SegmentLabel of that name, else the name itself: a project may add segment
    labels of its own, which carry no behaviour of the app."""
    return _BUILT_IN.get(name, name)


@dataclass(frozen=True)
class Segment:
    """A structural stretch of the text; `id` is unique within its document and layer (s1, …)."""

    id: str
    label: str  # a SegmentLabel, or a segment label the project added
    start: int
    end: int
    text: str

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)


def article_spans(segments: Iterable[Segment]) -> list[tuple[int, int]]:
    """The (start, end) of the ARTICLE segments: the articles of a page, where marked."""
    return [(s.start, s.end) for s in segments if s.label == SegmentLabel.ARTICLE]

"""Segments: the article structure (ARTICLE, HEADLINE, BYLINE, CAPTION) and DUPLICATE paragraphs."""

from __future__ import annotations

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


@dataclass(frozen=True)
class Segment:
    """A structural stretch of the text; `id` is unique within its document and layer (s1, …)."""

    id: str
    label: SegmentLabel
    start: int
    end: int
    text: str

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)

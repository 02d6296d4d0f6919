"""Spans: code-point offsets into a document text, end exclusive, with the text they cover."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.domain.errors import ValidationError


@dataclass(frozen=True)
class Span:
    """A stretch of document text. `text` always equals the document text at its offsets."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, doc_text: str, start: int, end: int) -> Span:
        """The span of `doc_text[start:end]`, after checking the offsets."""
        check_offsets(doc_text, start, end, "span")
        return cls(start, end, doc_text[start:end])

    def check(self, doc_text: str, field: str = "span") -> None:
        """Raise ValidationError unless the offsets are inside the text and the text matches."""
        check_span(doc_text, self.start, self.end, self.text, field)

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


def check_span(doc_text: str, start: int, end: int, text: str, field: str = "span") -> None:
    """Offsets inside the text (see check_offsets) and `text` equal to the text there."""
    check_offsets(doc_text, start, end, field)
    actual = doc_text[start:end]
    if actual != text:
        raise ValidationError(
            field, f"text {text!r} does not match the document at {start}..{end} ({actual!r})")


def check_offsets(doc_text: str, start: int, end: int, field: str = "span") -> None:
    """Offsets are integers, inside the text, with end > start."""
    if isinstance(start, bool) or isinstance(end, bool) or not isinstance(start, int) \
            or not isinstance(end, int):
        raise ValidationError(field, f"offsets must be integers, got {start!r}..{end!r}")
    if start < 0 or end > len(doc_text):
        raise ValidationError(
            field, f"offsets {start}..{end} are outside the text (length {len(doc_text)})"
        )
    if end <= start:
        raise ValidationError(field, f"end {end} must be greater than start {start}")

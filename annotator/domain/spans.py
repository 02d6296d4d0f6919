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
            field, f"text {text!r} does not match the document at {start}..{end} ({actual!r})"
        )


def check_offsets(doc_text: str, start: int, end: int, field: str = "span") -> None:
    """Offsets are integers, inside the text, with end > start."""
    if (
        isinstance(start, bool)
        or isinstance(end, bool)
        or not isinstance(start, int)
        or not isinstance(end, int)
    ):
        raise ValidationError(field, f"offsets must be integers, got {start!r}..{end!r}")
    if start < 0 or end > len(doc_text):
        raise ValidationError(
            field, f"offsets {start}..{end} are outside the text (length {len(doc_text)})"
        )
    if end <= start:
        raise ValidationError(field, f"end {end} must be greater than start {start}")


# What the spec keeps outside every entity and field span: spaces, quotes, title marks and
# sentence punctuation (“浏阳市”, 《计划》, "王文 ").
_OUTSIDE = frozenset(" \t\n\r\u3000\u00a0\u200b“”‘’\"'《》〈〉「」『』,，。.、；;：:！!？?…")
_PAIRS = {"(": ")", "（": "）", "[": "]", "【": "】"}


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """start..end without the spaces and punctuation that the spec puts outside a span.

    A bracket at an edge goes only when its partner is not inside the span, so that
    金阳大道(浏阳市段) keeps its closing bracket. Returns (start, start) when nothing is left.
    """
    closing = set(_PAIRS.values())
    while start < end:
        first, last = text[start], text[end - 1]
        if first in _OUTSIDE or (first in _PAIRS and _PAIRS[first] not in text[start:end]):
            start += 1
        elif last in _OUTSIDE or (
            last in closing
            and not any(
                opener in text[start:end] for opener, closer in _PAIRS.items() if closer == last
            )
        ):
            end -= 1
        else:
            break
    return start, max(start, end)


def edge_problem(text: str) -> str | None:
    """Why a span's text breaks the spec's edge rule, or None."""
    if text and (text[0].isspace() or text[-1].isspace()):
        return f"starts or ends with whitespace: {text!r}"
    return None

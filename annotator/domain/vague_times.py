"""Time words that are not DATE entities (labels.md, rule 12): they name no point or span one
could put on a calendar. A tagger trained on other conventions (LAC's TIME) proposes them."""

from __future__ import annotations

# The guideline's own list: 截至目前 and 今年以来 are DATE, 目前 alone is not.
VAGUE_TIME_WORDS = frozenset({"目前", "近日", "近年来", "全年", "当年", "当天", "下一步"})


def is_vague_time(text: str) -> bool:
    """Whether `text` is one of the guideline's vague time words, never tagged DATE."""
    return text.strip() in VAGUE_TIME_WORDS

"""Sentence, clause and phrase boundaries around a position in scraped news text."""

from __future__ import annotations

import re

_HARD_END = "。！？；!?;"
_LINE_FINAL = frozenset(_HARD_END + "：:）)”’」』…—.")
# A line at least this long that ends without punctuation was broken mid-sentence by the
# scraper ("相\n关负责人"); a shorter one is a headline, byline or caption.
_SOFT_LINE = 40
_WINDOW = 400
_BOUNDARY = re.compile(r"[。！？；!?;]+[”’」』\"')）]*|\.(?![0-9０-９])|\n+")


# The last sentence boundary before a position: a greedy `.*` backtracks from the right end, so
# one C-level match finds it without a Python loop over characters.
_LAST_BOUNDARY = re.compile(
    r"(?s:.*)(?:(?P<nl>\n+)|[。！？；!?;]+[”’」』\"')）]*|\.(?![0-9０-９]))"
)
_CLAUSE_CHARS = "，,、：:；;。！？!?\n"
_LAST_CLAUSE = re.compile(rf"(?s:.*)[{_CLAUSE_CHARS}]")
_LAST_PHRASE = re.compile(r"(?s:.*)[，,；;：:。！？!?\n]")
_CLAUSE_DELIM = re.compile(rf"[{_CLAUSE_CHARS}]")


def _is_hard_newline(text: str, nl_start: int) -> bool:
    """Whether the newline run starting at `nl_start` ends a sentence."""
    if nl_start == 0:
        return True
    if text[nl_start - 1] in _LINE_FINAL:
        return True
    line_start = text.rfind("\n", max(0, nl_start - _SOFT_LINE - 1), nl_start) + 1
    if line_start == 0 and nl_start > _SOFT_LINE:
        return False
    return nl_start - line_start < _SOFT_LINE


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around offset `pos`, without its leading and trailing whitespace."""
    lo = max(0, pos - _WINDOW)
    start = lo
    hi = pos
    while hi > lo:
        m = _LAST_BOUNDARY.match(text, lo, hi)
        if m is None:
            break
        nl = m.start("nl")
        while nl > lo and text[nl - 1] == "\n":
            nl -= 1  # the greedy `.*` leaves only the last newline of a run to the group
        if nl == -1 or _is_hard_newline(text, nl):
            start = m.end()
            break
        hi = nl  # a line broken mid-sentence: keep looking further back
    end = min(len(text), pos + _WINDOW)
    at = pos
    while True:
        m = _BOUNDARY.search(text, at, end)
        if m is None:
            break
        if m.group()[0] != "\n":
            end = m.end()
            break
        if _is_hard_newline(text, m.start()):
            end = m.start()
            break
        at = m.end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def clause_start(text: str, lo: int, pos: int) -> int:
    """Start of the clause that ends at `pos`, not before `lo` (clauses end at ，、：；。 …)."""
    m = _LAST_CLAUSE.match(text, lo, pos)
    return m.end() if m else lo


def phrase_start(text: str, lo: int, pos: int) -> int:
    """Start of the comma-delimited phrase that ends at `pos` (an enumeration with 、 stays)."""
    m = _LAST_PHRASE.match(text, lo, pos)
    return m.end() if m else lo


def clause_end(text: str, pos: int, hi: int) -> int:
    m = _CLAUSE_DELIM.search(text, pos, hi)
    return m.start() if m else hi

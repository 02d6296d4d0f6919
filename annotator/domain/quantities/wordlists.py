"""Word-list helpers: space-separated lists and longest-first regex alternations."""

from __future__ import annotations

import re


def word_list(spaced: str) -> list[str]:
    """Word lists are written space-separated: long lists of one-character words read better."""
    return spaced.split()


def alternation(
    words: list[str] | tuple[str, ...],
    guards: dict[str, str] | None = None,
    guard_patterns: dict[str, str] | None = None,
) -> str:
    """A regex alternative of `words`, longest first, each with its guard lookahead."""
    parts = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        part = re.escape(word)
        if guards and word in guards:
            part += f"(?![{guards[word]}])"
        if guard_patterns and word in guard_patterns:
            part += f"(?!{guard_patterns[word]})"
        if word[-1].isascii() and word[-1].isalpha():
            part += "(?![A-Za-z])"
        parts.append(part)
    return "|".join(parts)

"""Paragraphs that repeat an earlier one (scraped pages often carry them several times)."""

from __future__ import annotations

# Shorter lines (a byline, "图片说明") repeat by nature and are not copies of a paragraph.
MIN_LENGTH = 8


def repeated_paragraphs(text: str) -> list[tuple[int, int]]:
    """Code-point ranges of each paragraph whose text (without surrounding blanks) came before."""
    seen: set[str] = set()
    found: list[tuple[int, int]] = []
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if len(stripped) >= MIN_LENGTH:
            if stripped in seen:
                start = position + line.index(stripped)
                found.append((start, start + len(stripped)))
            seen.add(stripped)
        position += len(line) + 1
    return found

"""Document text: normalisation, hashing, and code-point ⇄ UTF-16 offset conversion."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; nothing else in the text is touched (spec: Offsets)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


@lru_cache(maxsize=8)
def text_sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 bytes of the stored text.

    Cached for the last few texts: an import checks a record's declared hash and then stores it.
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def first_line(text: str, limit: int = 80) -> str:
    """The first non-blank line, shortened, for lists that must not load whole texts."""
    for line in text.split("\n", 20):
        stripped = line.strip()
        if stripped:
            return stripped[:limit]
    return ""


# The store keeps a doc_id in 200 characters (PostgreSQL refuses longer ones, SQLite would not):
# every database is held to it alike.
MAX_DOC_ID_LENGTH = 200


def shortened_doc_id(doc_id: str, text: str) -> str:
    """`doc_id` cut to fit MAX_DOC_ID_LENGTH, with the text's hash so that it stays unique."""
    if len(doc_id) <= MAX_DOC_ID_LENGTH:
        return doc_id
    return f"{doc_id[: MAX_DOC_ID_LENGTH - 9]}_{text_sha256(text)[:8]}"


def nul_position(text: str) -> tuple[int, int] | None:
    """(line, column), from 1, of the first U+0000 in `text`; None when it has none.

    PostgreSQL refuses the character in text and SQLite keeps it, so it is refused at import
    for every database alike."""
    offset = text.find("\x00")
    if offset < 0:
        return None
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


@dataclass(frozen=True)
class Document:
    """An imported article page. Its text never changes after import: all offsets point into it."""

    doc_id: str
    text: str
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))

    def __reduce__(self) -> tuple[type[Document], tuple[str, str, dict[str, Any]]]:
        # A read-only meta does not pickle; a worker process gets the same document.
        return Document, (self.doc_id, self.text, dict(self.meta))

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)


class Utf16Offsets:
    """Converts offsets between code points (our unit) and UTF-16 units (Qt, JavaScript, doccano).

    Only characters outside the Basic Multilingual Plane differ (two UTF-16 units each), so the
    index keeps just their positions; texts without any convert in O(1).
    """

    def __init__(self, text: str) -> None:
        self._astral_cp = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        # UTF-16 position of each astral character's first unit.
        self._astral_u16 = [cp + n for n, cp in enumerate(self._astral_cp)]
        self._length_cp = len(text)

    def to_utf16(self, cp: int) -> int:
        """UTF-16 offset of code-point offset `cp`."""
        if not 0 <= cp <= self._length_cp:
            raise ValueError(f"offset {cp} is outside the text (0..{self._length_cp})")
        return cp + bisect_left(self._astral_cp, cp)

    def to_code_point(self, u16: int) -> int:
        """Code-point offset of UTF-16 offset `u16`; a position inside a surrogate pair is refused."""
        before = bisect_left(self._astral_u16, u16)
        if before and self._astral_u16[before - 1] == u16 - 1:
            raise ValueError(f"UTF-16 offset {u16} splits a surrogate pair")
        cp = u16 - before
        if not 0 <= cp <= self._length_cp:
            raise ValueError(f"UTF-16 offset {u16} is outside the text")
        return cp


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def has_astral(text: str) -> bool:
    """Whether a character of `text` lies outside the BMP (takes two UTF-16 units)."""
    return _ASTRAL.search(text) is not None


class BmpOffsets:
    """Offsets of a text without characters outside the BMP: both units count the same."""

    def __init__(self, text: str) -> None:
        self._length = len(text)

    def to_utf16(self, cp: int) -> int:
        if not 0 <= cp <= self._length:
            raise ValueError(f"offset {cp} is outside the text (0..{self._length})")
        return cp

    def to_code_point(self, u16: int) -> int:
        if not 0 <= u16 <= self._length:
            raise ValueError(f"UTF-16 offset {u16} is outside the text")
        return u16


def utf16_offsets(text: str) -> Utf16Offsets | BmpOffsets:
    """The offset converter for `text`; most texts have no character outside the BMP and need
    no index."""
    return Utf16Offsets(text) if has_astral(text) else BmpOffsets(text)


def utf16_len(text: str) -> int:
    """Length of `text` in UTF-16 code units."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)

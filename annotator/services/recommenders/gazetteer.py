"""Names jieba's dictionary knows, as a feature of the CRF: people, places and organisations.

jieba (a dependency already, for words) ships a dictionary of 350,000 words with their part of
speech; 100,000 of them are names: people (nr, nrt, nrfg), places (ns), organisations (nt). Its
tags are rough (idioms among the names), so a match is only a feature: the CRF learns from the
team's labels how far to trust each kind. A name the team has never tagged still lights up.
"""

from __future__ import annotations

import functools
import hashlib
from importlib.resources import files

import ahocorasick

_KINDS = {"nr": "PER", "nrt": "PER", "nrfg": "PER", "ns": "LOC", "nt": "ORG"}


@functools.cache
def dictionary_fingerprint() -> str:
    """SHA-256 of jieba's dictionary: models trained on another one's names are stale."""
    return hashlib.sha256((files("jieba") / "dict.txt").read_bytes()).hexdigest()


@functools.cache
def _automaton() -> ahocorasick.Automaton:
    best: dict[str, tuple[int, str]] = {}
    with (files("jieba") / "dict.txt").open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) != 3 or parts[2] not in _KINDS or len(parts[0]) < 2:
                continue
            word, frequency, kind = parts[0], int(parts[1]), _KINDS[parts[2]]
            if word not in best or best[word][0] < frequency:
                best[word] = (frequency, kind)
    automaton = ahocorasick.Automaton()
    for word, (_frequency, kind) in best.items():
        automaton.add_word(word, (len(word), kind))
    automaton.make_automaton()
    return automaton


def marks(text: str) -> list[str]:
    """At each character, where it stands in the longest known name over it and the name's
    kind (`B-LOC`, `E-PER`), or ""."""
    result = [""] * len(text)
    for end, (length, kind) in _automaton().iter_long(text):
        start = end - length + 1
        if length == 1:
            result[start] = f"S-{kind}"
            continue
        result[start] = f"B-{kind}"
        for i in range(start + 1, end):
            result[i] = f"I-{kind}"
        result[end] = f"E-{kind}"
    return result

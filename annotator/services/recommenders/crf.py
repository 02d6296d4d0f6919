"""The CRF recommender: a character-level CRF trained on the team's own labels (all labels).

Features per character: the character and its neighbours (two each side, and the bigrams
around it), its class (Han, digit, Latin, punctuation) and whether it is a typical suffix of a
place or an organisation, the lexicon's match at that position (B/I/E of a known surface and
its label), and LAC's word boundaries and tags when the `ner` extra is installed.

The model file is kept in the user cache folder, named by the fingerprint of its training data
and feature set: a model is only ever loaded for exactly the data it was trained on, and
anything else (a document marked done since, a gold edit, LAC installed or removed) means
training again first. Models are derived data, rebuilt from the database in seconds to a
minute, so they are not stored in it (no schema change; every machine trains its own).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.entities import Entity
from annotator.domain.entity_proposals import Proposal
from annotator.services.progress import NoProgress, ProgressSink
from annotator.services.recommenders.learning import TrainingDocument, fingerprint
from annotator.services.recommenders.lexicon import LexiconRecommender
from annotator.store.database import Database

NAME = "crf"
# Bumped whenever the features change: a model of other features is stale.
FEATURE_VERSION = "3"
MIN_SCORE = 0.5
_KEEP_MODELS = 4
# Sentences are the CRF's sequences: short enough to train fast, long enough for context.
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?|\n")
_PLACE_SUFFIXES = set("省市县区镇乡村街道州盟旗岛湖山江河路")
_ORG_SUFFIXES = set("局委会院办厅部所站队组社司行校馆处科署团")


def models_folder() -> Path:
    """Where trained models are kept (the user cache folder)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("annotator")) / "models"


def _char_class(ch: str) -> str:
    if ch.isspace():
        return "space"
    if ch.isdigit() or ch in "〇零一二三四五六七八九十百千万亿":
        return "digit"
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
        return "han"
    if ch.isascii() and ch.isalpha():
        return "latin"
    return "punct" if unicodedata.category(ch).startswith("P") else "other"


def sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) of the text's sentences, newlines left out."""
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group() != "\n"]


def _lexicon_marks(text: str, lexicon: LexiconRecommender | None) -> list[str]:
    marks = [""] * len(text)
    if lexicon is None:
        return marks
    for p in lexicon.propose(text):
        for i in range(p.start, p.end):
            position = "B" if i == p.start else "E" if i == p.end - 1 else "I"
            if not marks[i]:
                marks[i] = f"{position}-{p.label}"
    return marks


def _lac_marks(text: str, lac: Callable[[str], list[tuple[str, str]]] | None) -> list[str]:
    marks = [""] * len(text)
    if lac is None:
        return marks
    at = 0
    for word, tag in lac(text):
        for i in range(len(word)):
            if at + i < len(marks):
                marks[at + i] = f"{'B' if i == 0 else 'I'}-{tag}"
        at += len(word)
    return marks


def features(text: str, lexicon_marks: Sequence[str], lac_marks: Sequence[str]
             ) -> list[dict[str, object]]:
    """The feature dicts of one sentence's characters."""
    n = len(text)

    def ch(i: int) -> str:
        return text[i] if 0 <= i < n else ("<s>" if i < 0 else "</s>")

    result = []
    for i, c in enumerate(text):
        f: dict[str, object] = {
            "bias": 1.0, "c0": c, "c-1": ch(i - 1), "c+1": ch(i + 1), "c-2": ch(i - 2),
            "c+2": ch(i + 2), "b-1": ch(i - 1) + c, "b+1": c + ch(i + 1),
            "t0": _char_class(c), "t-1": _char_class(ch(i - 1)) if i else "<s>",
            "t+1": _char_class(ch(i + 1)) if i + 1 < n else "</s>",
            "place_suffix": c in _PLACE_SUFFIXES, "org_suffix": c in _ORG_SUFFIXES,
            "next_place_suffix": ch(i + 1) in _PLACE_SUFFIXES,
            "next_org_suffix": ch(i + 1) in _ORG_SUFFIXES,
        }
        if lexicon_marks[i]:
            f["lex"] = lexicon_marks[i]
        if lac_marks[i]:
            f["lac"] = lac_marks[i]
            f["lac_tag"] = lac_marks[i][2:]
        result.append(f)
    return result


def _outermost(entities: Sequence[Entity]) -> list[Entity]:
    """The entities a flat tagging can hold: longest first, never overlapping."""
    chosen: list[Entity] = []
    for e in sorted(entities, key=lambda e: (e.start - e.end, e.start)):
        if all(e.end <= o.start or o.end <= e.start for o in chosen):
            chosen.append(e)
    return chosen


def _bio(length: int, entities: Sequence[Entity], offset: int) -> list[str]:
    tags = ["O"] * length
    for e in _outermost(entities):
        start, end = e.start - offset, e.end - offset
        if 0 <= start < end <= length:
            tags[start] = f"B-{e.label}"
            for i in range(start + 1, end):
                tags[i] = f"I-{e.label}"
    return tags


@dataclass
class _Sequences:
    x: list[list[dict[str, object]]]
    y: list[list[str]]


def _training_sequences(documents: Sequence[TrainingDocument],
                        lac: Callable[[str], list[tuple[str, str]]] | None,
                        sink: ProgressSink) -> _Sequences:
    # Each half's lexicon features come from the other half's lexicon: learnt from the same
    # documents, the lexicon would always be right, and the CRF would learn nothing else.
    halves = (documents[0::2], documents[1::2])
    lexicons = (LexiconRecommender(halves[1]), LexiconRecommender(halves[0]))
    out = _Sequences([], [])
    for half, lexicon in zip(halves, lexicons, strict=True):
        for doc in half:
            lex = _lexicon_marks(doc.text, lexicon)
            for start, end in sentences(doc.text):
                piece = doc.text[start:end]
                inside = [e for e in doc.entities if start <= e.start and e.end <= end]
                out.x.append(features(piece, lex[start:end], _lac_marks(piece, lac)))
                out.y.append(_bio(end - start, inside, start))
            sink.advance()
    return out


class CrfRecommender:
    """A trained model with the lexicon of all its training data (for the lexicon feature)."""

    name = NAME

    def __init__(self, model_path: Path, lexicon: LexiconRecommender,
                 lac: Callable[[str], list[tuple[str, str]]] | None,
                 min_score: float = MIN_SCORE) -> None:
        import sklearn_crfsuite

        self.model_path = model_path
        self._crf = sklearn_crfsuite.CRF(model_filename=str(model_path))
        self._lexicon = lexicon
        self._lac = lac
        self.min_score = min_score

    def propose(self, text: str) -> list[Proposal]:
        """Spans tagged B-X I-X… by the CRF, scored by their least sure character."""
        lex = _lexicon_marks(text, self._lexicon)
        proposals: list[Proposal] = []
        for start, end in sentences(text):
            piece = text[start:end]
            x = features(piece, lex[start:end], _lac_marks(piece, self._lac))
            tags = self._crf.predict_single(x)
            marginals = self._crf.predict_marginals_single(x)
            i = 0
            while i < len(tags):
                if not tags[i].startswith("B-"):
                    i += 1
                    continue
                label, j = tags[i][2:], i + 1
                while j < len(tags) and tags[j] == f"I-{label}":
                    j += 1
                score = min(marginals[k][tags[k]] for k in range(i, j))
                if score >= self.min_score:
                    proposals.append(Proposal(start + i, start + j, label, round(score, 4),
                                              NAME))
                i = j
        return proposals


def _lac_words() -> Callable[[str], list[tuple[str, str]]] | None:
    from annotator.services.recommenders.lac import lac_words

    return lac_words()


def model_key(documents: Sequence[TrainingDocument], with_lac: bool) -> str:
    """The fingerprint a model trained on these documents carries in its name."""
    data = fingerprint(documents)
    return hashlib.sha256(f"{data}\0{FEATURE_VERSION}\0{with_lac}".encode()).hexdigest()[:32]


def _paths(key: str) -> tuple[Path, Path]:
    folder = models_folder()
    return folder / f"crf-{key}.crfsuite", folder / f"crf-{key}.json"


def stored_model(documents: Sequence[TrainingDocument], use_lac: bool = True
                 ) -> CrfRecommender | None:
    """The stored model trained on exactly these documents, or None (none, or stale)."""
    lac = _lac_words() if use_lac else None
    model, _meta = _paths(model_key(documents, lac is not None))
    if not model.exists():
        return None
    return CrfRecommender(model, LexiconRecommender(documents), lac)


def train(documents: Sequence[TrainingDocument], progress: ProgressSink | None = None,
          use_lac: bool = True, max_iterations: int = 100) -> CrfRecommender | None:
    """Train on the documents and store the model under their fingerprint; None if they hold
    no entity at all."""
    import sklearn_crfsuite

    docs = [d for d in documents if d.text.strip()]
    if not any(d.entities for d in docs):
        return None
    sink = progress or NoProgress()
    lac = _lac_words() if use_lac else None
    key = model_key(docs, lac is not None)
    model_path, meta_path = _paths(key)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    sink.start(len(docs), "Training the CRF recommender")
    try:
        sequences = _training_sequences(docs, lac, sink)
    finally:
        sink.finish()
    handle, temporary = tempfile.mkstemp(prefix=".crf-", suffix=".partial",
                                         dir=model_path.parent)
    os.close(handle)
    try:
        crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=0.05, c2=0.05,
                                   max_iterations=max_iterations,
                                   all_possible_transitions=True, model_filename=temporary)
        crf.fit(sequences.x, sequences.y)
        os.replace(temporary, model_path)  # a model is whole or absent, never half-written
    finally:
        Path(temporary).unlink(missing_ok=True)
    meta_path.write_text(json.dumps({
        "fingerprint": fingerprint(docs), "feature_version": FEATURE_VERSION,
        "lac_features": lac is not None, "documents": len(docs),
        "entities": sum(len(d.entities) for d in docs)}, indent=2), encoding="utf-8")
    _forget_old_models(model_path)
    return CrfRecommender(model_path, LexiconRecommender(docs), lac)


def _forget_old_models(keep: Path) -> None:
    models = sorted(keep.parent.glob("crf-*.crfsuite"), key=lambda p: p.stat().st_mtime,
                    reverse=True)
    for old in models[_KEEP_MODELS:]:
        if old != keep:
            old.unlink(missing_ok=True)
            old.with_suffix(".json").unlink(missing_ok=True)


@dataclass(frozen=True)
class TrainingReport:
    """What `train_current` did; `summary()` is the line users read."""

    documents: int
    entities: int
    trained: bool  # False: the stored model was current
    seconds: float
    model: Path | None

    def summary(self) -> str:
        if self.model is None:
            return "crf: nothing to learn from yet (no gold, no done documents)"
        what = (f"trained in {self.seconds:.1f} s" if self.trained
                else "already current: the stored model was trained on exactly these")
        return (f"crf: {self.documents} documents ({self.entities} entities), {what}; "
                f"model {self.model}")


def train_current(database: Database, progress: ProgressSink | None = None,
                  force: bool = False, annotator: str | None = None) -> TrainingReport:
    """Train the CRF on the current learning documents unless a model of exactly them is
    stored (`annotator train`, and the window when a document is marked done)."""
    import time

    from annotator.services.recommenders.learning import learning_documents

    documents = learning_documents(database, annotator)
    entities = sum(len(d.entities) for d in documents)
    started = time.perf_counter()
    model = None if force else stored_model(documents)
    trained = model is None
    if model is None:
        model = train(documents, progress)
    return TrainingReport(len(documents), entities, trained and model is not None,
                          time.perf_counter() - started,
                          model.model_path if model is not None else None)


def current_model(database: Database, documents: Sequence[TrainingDocument],
                  progress: ProgressSink | None = None) -> CrfRecommender | None:
    """The model for exactly these documents: the stored one, else trained now (a stale model
    is never used)."""
    del database  # the documents say everything the model depends on
    return stored_model(documents) or train(documents, progress)

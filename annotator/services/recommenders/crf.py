"""The CRF recommender: a character-level CRF trained on the team's own labels (all labels).

Features per character: the character and its neighbours (two each side, and the bigrams
in that window), its class (Han, digit, Latin, punctuation) and whether it is a typical suffix
of a place or an organisation; its cluster and its neighbours' (LAC's character embeddings,
`char_clusters`), the name of jieba's dictionary over it (`gazetteer`), where it stands inside
quotes or book-title marks and what stands around them; the lexicon's match at that position
(B/I/E/S of a known surface and its label), and, when the `ner` extra is installed, LAC's word
boundaries (B/I/E/S), tags and words, and what a probe of LAC's hidden layer, learnt from the
team's labels, guesses there (`context_probe`). A flat tagging holds no nesting, so a second
model, trained on the names that hold places (浏阳市 in 浏阳市住建局), finds the places inside
the names the first one tags.

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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.domain.entities import Entity
from annotator.domain.entity_proposals import Proposal
from annotator.services.progress import NoProgress, ProgressSink
from annotator.services.recommenders import char_clusters, context_probe, gazetteer
from annotator.services.recommenders.learning import TrainingDocument, fingerprint
from annotator.services.recommenders.lexicon import LexiconRecommender
from annotator.store.database import Database

if TYPE_CHECKING:
    from annotator.services.recommenders.lac import LacStates

NAME = "crf"
# Bumped whenever the features change: a model of other features is stale.
FEATURE_VERSION = "6"
MIN_SCORE = 0.5
_KEEP_MODELS = 4
# L-BFGS with elastic-net regularisation. On a dev split of MSRA's training sentences
# (bench/recommender_bench.py --dev) c1 0.15 / c2 0.01 did no better than these, which also let
# a model of a few dozen sentences generalise (a stronger L1 leaves it only the lexicon match).
# Features seen once say little and slow training down: they are left out. 50 iterations gave
# the same dev F1 as 100 (0.81) in half the time.
TRAINING: dict[str, object] = {
    "c1": 0.05,
    "c2": 0.05,
    "feature.minfreq": 2,
    "feature.possible_transitions": True,
}
MAX_ITERATIONS = 50
# Sentences are the CRF's sequences: short enough to train fast, long enough for context.
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?|\n")
_PLACE_SUFFIXES = set("省市县区镇乡村街道州盟旗岛湖山江河路")
# Only places nest, inside the names of these (浏阳市 in 浏阳市住建局; labels.md, rule 7).
HOLDER_LABELS = frozenset({"ORG", "PROJECT", "PROGRAM", "DOCUMENT"})
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


def _positions(length: int) -> list[str]:
    """B/I/E/S: where each character of a span of this length stands in it."""
    if length == 1:
        return ["S"]
    return ["B", *["I"] * (length - 2), "E"]


def _lexicon_marks(text: str, lexicon: LexiconRecommender | None) -> list[str]:
    marks = [""] * len(text)
    if lexicon is None:
        return marks
    for p in lexicon.propose(text):
        for i, position in zip(range(p.start, p.end), _positions(p.end - p.start), strict=True):
            if not marks[i]:
                marks[i] = f"{position}-{p.label}"
    return marks


def _lac_marks(text: str, words: list[tuple[str, str]] | None) -> list[str]:
    """LAC's word boundary (B/I/E/S), tag and word at each character: `B-LOC\t北京市`.

    Read for a whole document and cut by sentence: LAC analyses a text piece by piece, and
    every sentence end is a piece end, so the cut is what the sentence alone gives, and the
    document's analysis is the one the LAC recommender caches.
    """
    marks = [""] * len(text)
    if words is None:
        return marks
    at = 0
    for word, tag in words:
        for i, position in enumerate(_positions(len(word))):
            if at + i < len(marks):
                marks[at + i] = f"{position}-{tag}\t{word}"
        at += len(word)
    return marks


# Quoted and book-titled spans: in Chinese news a programme's slogan is quoted (“三高四新”) and a
# document's title is in book-title marks (《…》). A character window never sees both ends of a
# long one; a mark of where each character stands inside one does.
_QUOTED = re.compile(r"“[^“”\n]{1,40}”|‘[^‘’\n]{1,40}’|「[^「」\n]{1,40}」|《[^《》\n]{1,80}》")


def _quote_features(text: str) -> list[list[str]]:
    """At each character inside quotes or book-title marks: where it stands, and what stands
    around the marks (开展“…”活动, 印发《…》 say what is quoted)."""
    result: list[list[str]] = [[] for _ in text]
    for m in _QUOTED.finditer(text):
        kind = "title" if m.group()[0] == "《" else "quote"
        start, end = m.start() + 1, m.end() - 1
        before, after = text[max(0, m.start() - 2) : m.start()], text[m.end() : m.end() + 2]
        around = [f"qb={before}", f"qa={after}", f"qa1={after[:1]}", f"ql={min(end - start, 12)}"]
        for i, position in zip(range(start, end), _positions(end - start), strict=True):
            mark = f"{position}-{kind}"
            result[i] = [f"q={mark}", *around]
            if position in "BS":
                result[i].append(f"q={mark}|{text[i]}")
            if position in "ES":
                result[i].append(f"qe={mark}|{text[i]}")
    return result


def features(
    text: str,
    lexicon_marks: Sequence[str],
    lac_marks: Sequence[str],
    probe_marks: Sequence[list[str]] | None = None,
) -> list[list[str]]:
    """The features of one sentence's characters (crfsuite attributes, each worth 1)."""
    n = len(text)
    names = ["", *gazetteer.marks(text), ""]
    quoted = _quote_features(text)
    kinds = char_clusters.clusters(text)
    coarse = ["<s>", "<s>", *(kind[0] for kind in kinds), "</s>", "</s>"]
    fine = ["<s>", "<s>", *(kind[1] for kind in kinds), "</s>", "</s>"]
    padded = ["<s>", "<s>", *text, "</s>", "</s>"]
    classes = ["<s>", "<s>", *(_char_class(c) for c in text), "</s>", "</s>"]
    lex = ["", *lexicon_marks, ""]
    lac = ["", *(mark.split("\t")[0] for mark in lac_marks), ""]
    words = ["", *(mark.partition("\t")[2] for mark in lac_marks), ""]
    result = []
    for i in range(n):
        k = i + 2  # index into the padded lists
        c = padded[k]
        f = [
            "bias",
            f"c={c}",
            f"c-1={padded[k - 1]}",
            f"c+1={padded[k + 1]}",
            f"c-2={padded[k - 2]}",
            f"c+2={padded[k + 2]}",
            f"b-2={padded[k - 2]}{padded[k - 1]}",
            f"b-1={padded[k - 1]}{c}",
            f"b+1={c}{padded[k + 1]}",
            f"b+2={padded[k + 1]}{padded[k + 2]}",
            f"t={classes[k]}",
            f"t-1={classes[k - 1]}",
            f"t+1={classes[k + 1]}",
            f"tw={classes[k - 1]}|{classes[k]}|{classes[k + 1]}",
            f"k={fine[k]}",
            f"k-1={fine[k - 1]}",
            f"k+1={fine[k + 1]}",
            f"kb-1={fine[k - 1]}|{fine[k]}",
            f"kb+1={fine[k]}|{fine[k + 1]}",
            f"g={coarse[k]}",
            f"g3={coarse[k - 1]}|{coarse[k]}|{coarse[k + 1]}",
        ]
        if c in _PLACE_SUFFIXES:
            f.append("place_suffix")
        if c in _ORG_SUFFIXES:
            f.append("org_suffix")
        if padded[k + 1] in _PLACE_SUFFIXES:
            f.append("next_place_suffix")
        if padded[k + 1] in _ORG_SUFFIXES:
            f.append("next_org_suffix")
        j = i + 1  # index into names, lex and lac
        if names[j]:
            f += [f"gz={names[j]}", f"gzk={names[j][2:]}"]
        if names[j - 1]:
            f.append(f"gz-1={names[j - 1]}")
        if names[j + 1]:
            f.append(f"gz+1={names[j + 1]}")
        f += quoted[i]
        if lex[j]:
            f.append(f"lex={lex[j]}")
        if lac[j]:
            tag = lac[j][2:]
            f += [
                f"lac={lac[j]}",
                f"lt={tag}",
                f"lac|c={lac[j][0]}|{c}",
                f"lt-1={lac[j - 1][2:]}|{tag}",
                f"lt+1={tag}|{lac[j + 1][2:]}",
                f"lw={lac[j][0]}|{words[j]}",
            ]
        if probe_marks is not None:
            f += probe_marks[i]
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
    x: list[list[list[str]]] = field(default_factory=list)
    y: list[list[str]] = field(default_factory=list)


@dataclass
class _TrainingData:
    """The sentences for the main model, and the names that hold other entities (the nested
    model's sequences: 浏阳市住建局 with 浏阳市 tagged inside)."""

    sentences: _Sequences = field(default_factory=_Sequences)
    holders: _Sequences = field(default_factory=_Sequences)
    probes: list[context_probe.ContextProbe] = field(default_factory=list)


def _holders(entities: Sequence[Entity]) -> list[Entity]:
    """The outermost entities of a label that may hold others."""
    return [e for e in _outermost(entities) if e.label in HOLDER_LABELS]


def _probe_fitted(
    documents: Sequence[TrainingDocument], states: dict[str, Any]
) -> context_probe.ContextProbe | None:
    """A probe learnt from the documents' sentences (None without LAC or tags to learn)."""
    import numpy

    rows, tags = [], []
    for doc in documents:
        text_states = states.get(doc.text)
        if text_states is None:
            continue
        for start, end in sentences(doc.text):
            if doc.text[start:end].strip():
                inside = [e for e in doc.entities if start <= e.start and e.end <= end]
                rows.append(text_states[start:end])
                tags += _bio(end - start, inside, start)
    if not rows:
        return None
    return context_probe.fit(numpy.concatenate(rows), tags)


def _probe_marks(
    probes: Sequence[context_probe.ContextProbe], states: Any, length: int
) -> list[list[str]] | None:
    if not probes or states is None or len(states) != length:
        return None
    return context_probe.marks(*context_probe.guesses(probes, states))


def _training_sequences(
    documents: Sequence[TrainingDocument],
    lac: LacStates | None,
    sink: ProgressSink,
) -> _TrainingData:
    # Each half's lexicon features come from the other half's lexicon, and its probe features
    # from the other half's probe: learnt from the same documents, they would always be right,
    # and the CRF would learn nothing else. Proposing, it reads both probes, averaged.
    halves = (documents[0::2], documents[1::2])
    texts = [doc.text for doc in documents]
    analysed: dict[str, list[tuple[str, str]]] = {}
    states: dict[str, Any] = {}
    if lac is not None:
        all_words, all_states = lac(texts)
        analysed = dict(zip(texts, all_words, strict=True))
        # Half precision: the hidden layers of 10,000 sentences take 200 MB, not 400.
        states = {text: s.astype("float16") for text, s in zip(texts, all_states, strict=True)}
        del all_states
    lexicons = (LexiconRecommender(halves[1]), LexiconRecommender(halves[0]))
    fitted = [_probe_fitted(half, states) for half in halves]
    other_probes = (fitted[1], fitted[0])
    out = _TrainingData(probes=[p for p in fitted if p is not None])
    for half, lexicon, probe in zip(halves, lexicons, other_probes, strict=True):
        half_probes = [probe] if probe is not None else []
        for doc in half:
            lex = _lexicon_marks(doc.text, lexicon)
            lac_all = _lac_marks(doc.text, analysed.get(doc.text))
            probe_all = _probe_marks(half_probes, states.get(doc.text), len(doc.text))
            for start, end in sentences(doc.text):
                piece = doc.text[start:end]
                inside = [e for e in doc.entities if start <= e.start and e.end <= end]
                lac_marks = lac_all[start:end]
                probe_marks = probe_all[start:end] if probe_all is not None else None
                out.sentences.x.append(features(piece, lex[start:end], lac_marks, probe_marks))
                out.sentences.y.append(_bio(end - start, inside, start))
                for holder in _holders(inside):
                    nested = [
                        e
                        for e in inside
                        if holder.start <= e.start
                        and e.end <= holder.end
                        and (e.start, e.end) != (holder.start, holder.end)
                    ]
                    at, to = holder.start - start, holder.end - start
                    out.holders.x.append(
                        features(
                            piece[at:to],
                            lex[holder.start : holder.end],
                            lac_marks[at:to],
                            probe_marks[at:to] if probe_marks is not None else None,
                        )
                    )
                    out.holders.y.append(_bio(to - at, nested, holder.start))
            sink.advance()
    return out


class CrfRecommender:
    """A trained model with the lexicon of all its training data (for the lexicon feature)."""

    name = NAME

    def __init__(
        self,
        model_path: Path,
        lexicon: LexiconRecommender,
        lac: LacStates | None,
        min_score: float = MIN_SCORE,
    ) -> None:
        import pycrfsuite

        self.model_path = model_path
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        probes = _probe_path(model_path)
        self._probes = context_probe.loads(probes.read_bytes()) if probes.exists() else []
        self._nested: Any = None
        if _nested_path(model_path).exists():
            self._nested = pycrfsuite.Tagger()
            self._nested.open(str(_nested_path(model_path)))
        self._lexicon = lexicon
        self._lac = lac
        self.min_score = min_score

    def __getstate__(self) -> dict[str, Any]:
        # A worker process opens the model files again: a tagger's handle does not pickle.
        return {
            "model_path": self.model_path,
            "lexicon": self._lexicon,
            "lac": self._lac,
            "min_score": self.min_score,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(  # type: ignore[misc]  # the same recommender, opened here
            state["model_path"], state["lexicon"], state["lac"], state["min_score"]
        )

    def propose(self, text: str) -> list[Proposal]:
        """Spans tagged B-X I-X… by the CRF, scored by their least sure character, and the
        places the nested model finds inside the names that hold them."""
        lex = _lexicon_marks(text, self._lexicon)
        words, states = None, None
        if self._lac is not None:
            all_words, all_states = self._lac([text])
            words, states = all_words[0], all_states[0]
        lac_all = _lac_marks(text, words)
        probe_all = _probe_marks(self._probes, states, len(text))
        proposals: list[Proposal] = []
        for start, end in sentences(text):
            piece = text[start:end]
            lac_marks = lac_all[start:end]
            probe_marks = probe_all[start:end] if probe_all is not None else None
            x = features(piece, lex[start:end], lac_marks, probe_marks)
            for p in _tagged(self._tagger, x, start):
                if p.score >= self.min_score:
                    proposals.append(p)
                if self._nested is not None and p.label in HOLDER_LABELS:
                    at, to = p.start - start, p.end - start
                    inner_x = features(
                        piece[at:to],
                        lex[p.start : p.end],
                        lac_marks[at:to],
                        probe_marks[at:to] if probe_marks is not None else None,
                    )
                    proposals += [
                        inner
                        for inner in _tagged(self._nested, inner_x, p.start)
                        if inner.score >= self.min_score
                    ]
        return proposals


def _tagged(tagger: Any, x: list[list[str]], offset: int) -> list[Proposal]:
    """The spans a tagger tags B-X I-X… in one sequence, scored by their least sure character."""
    tagger.set(x)
    tags = tagger.tag()
    found: list[Proposal] = []
    i = 0
    while i < len(tags):
        if not tags[i].startswith("B-"):
            i += 1
            continue
        label, j = tags[i][2:], i + 1
        while j < len(tags) and tags[j] == f"I-{label}":
            j += 1
        score = min(tagger.marginal(tags[k], k) for k in range(i, j))
        found.append(Proposal(offset + i, offset + j, label, round(score, 4), NAME))
        i = j
    return found


def _lac_states() -> LacStates | None:
    from annotator.services.recommenders.lac import lac_states

    return lac_states()


def model_key(documents: Sequence[TrainingDocument], with_lac: bool) -> str:
    """The fingerprint a model trained on these documents carries in its name: their data,
    the feature set, and the tables features are read from (a rebuilt cluster table or
    another jieba dictionary gives features other meanings)."""
    data = fingerprint(documents)
    tables = f"{char_clusters.table_fingerprint()}\0{gazetteer.dictionary_fingerprint()}"
    key = f"{data}\0{FEATURE_VERSION}\0{with_lac}\0{tables}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _nested_path(model_path: Path) -> Path:
    return model_path.with_suffix(".nested")


def _probe_path(model_path: Path) -> Path:
    return model_path.with_suffix(".probe.npz")


def _paths(key: str) -> tuple[Path, Path]:
    folder = models_folder()
    return folder / f"crf-{key}.crfsuite", folder / f"crf-{key}.json"


def stored_model(
    documents: Sequence[TrainingDocument], use_lac: bool = True
) -> CrfRecommender | None:
    """The stored model trained on exactly these documents, or None (none, or stale)."""
    lac = _lac_states() if use_lac else None
    model, _meta = _paths(model_key(documents, lac is not None))
    if not model.exists():
        return None
    return CrfRecommender(model, LexiconRecommender(documents), lac)


def train(
    documents: Sequence[TrainingDocument],
    progress: ProgressSink | None = None,
    use_lac: bool = True,
    max_iterations: int = MAX_ITERATIONS,
) -> CrfRecommender | None:
    """Train on the documents and store the model under their fingerprint; None if they hold
    no entity at all."""
    docs = [d for d in documents if d.text.strip()]
    if not any(d.entities for d in docs):
        return None
    sink = progress or NoProgress()
    lac = _lac_states() if use_lac else None
    key = model_key(docs, lac is not None)
    model_path, meta_path = _paths(key)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    sink.start(len(docs), "Training the CRF recommender")
    try:
        sequences = _training_sequences(docs, lac, sink)
    finally:
        sink.finish()
    handle, temporary = tempfile.mkstemp(prefix=".crf-", suffix=".partial", dir=model_path.parent)
    os.close(handle)
    try:
        # The nested model and the probes first: the main model's file is what says
        # "trained", so it comes last.
        _nested_path(model_path).unlink(missing_ok=True)
        _probe_path(model_path).unlink(missing_ok=True)
        if sequences.probes:
            Path(temporary).write_bytes(context_probe.dumps(sequences.probes))
            os.replace(temporary, _probe_path(model_path))
        if any(tag != "O" for tags in sequences.holders.y for tag in tags):
            _fit(sequences.holders, temporary, max_iterations)
            os.replace(temporary, _nested_path(model_path))
        _fit(sequences.sentences, temporary, max_iterations)
        os.replace(temporary, model_path)  # a model is whole or absent, never half-written
    finally:
        Path(temporary).unlink(missing_ok=True)
    meta_path.write_text(
        json.dumps(
            {
                "fingerprint": fingerprint(docs),
                "feature_version": FEATURE_VERSION,
                "lac_features": lac is not None,
                "documents": len(docs),
                "entities": sum(len(d.entities) for d in docs),
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    _forget_old_models(model_path)
    return CrfRecommender(model_path, LexiconRecommender(docs), lac)


def _fit(sequences: _Sequences, path: str, max_iterations: int) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for x, y in zip(sequences.x, sequences.y, strict=True):
        trainer.append(x, y)
    trainer.set_params({**TRAINING, "max_iterations": max_iterations})
    trainer.train(path)


def _forget_old_models(keep: Path) -> None:
    models = sorted(
        keep.parent.glob("crf-*.crfsuite"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in models[_KEEP_MODELS:]:
        if old != keep:
            old.unlink(missing_ok=True)
            old.with_suffix(".json").unlink(missing_ok=True)
            _nested_path(old).unlink(missing_ok=True)
            _probe_path(old).unlink(missing_ok=True)


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
        what = (
            f"trained in {self.seconds:.1f} s"
            if self.trained
            else "already current: the stored model was trained on exactly these"
        )
        return (
            f"crf: {self.documents} documents ({self.entities} entities), {what}; "
            f"model {self.model}"
        )


def train_current(
    database: Database,
    progress: ProgressSink | None = None,
    force: bool = False,
    annotator: str | None = None,
) -> TrainingReport:
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
    return TrainingReport(
        len(documents),
        entities,
        trained and model is not None,
        time.perf_counter() - started,
        model.model_path if model is not None else None,
    )


def current_model(
    database: Database, documents: Sequence[TrainingDocument], progress: ProgressSink | None = None
) -> CrfRecommender | None:
    """The model for exactly these documents: the stored one, else trained now (a stale model
    is never used)."""
    del database  # the documents say everything the model depends on
    return stored_model(documents) or train(documents, progress)

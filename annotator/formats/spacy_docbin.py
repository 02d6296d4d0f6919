"""spaCy export: DocBin files made by spaCy itself, one token per character of the text."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from annotator.domain.entities import Entity
from annotator.domain.errors import InputError
from annotator.domain.records import LayerRecord
from annotator.domain.text import text_sha256
from annotator.formats.base import ExportContext, WriteFormat, WriteSummary
from annotator.formats.jsonl import metric_json

# Documents per DocBin file. A DocBin keeps every token of its documents in memory until it is
# written, so a long export is split into files (`spacy train` takes the folder as a corpus).
SHARD = 250
ENTITY_GROUP = "entities"
DOCBIN_ATTRS = ["ENT_IOB", "ENT_TYPE"]
# The token attributes whose strings DocBin.add collects, one token at a time, for its string
# table: their hashes, read as arrays, give the same set at a fraction of the cost.
TOKEN_STRING_ATTRS = ["ORTH", "TAG", "LEMMA", "NORM", "MORPH", "DEP", "ENT_TYPE", "ENT_KB_ID",
                      "ENT_ID"]
VALUE_GROUP = "metric_values"
SEGMENT_GROUP = "segments"


def outermost(entities: Sequence[Entity]) -> list[Entity]:
    """Entities that no other one contains, without overlaps: earliest and longest first wins.

    `doc.ents` cannot hold nested or crossing spans; all of them stay in doc.spans["entities"].
    """
    chosen: list[Entity] = []
    end = -1
    for entity in sorted(entities, key=lambda e: (e.start, -e.end, e.label, e.id)):
        if entity.start >= end:
            chosen.append(entity)
            end = entity.end
    return chosen


def _vocab() -> Any:
    import spacy

    # spaCy's Chinese tokenizer splits into characters unless jieba or pkuseg is configured, so
    # "zh" needs neither; the documents below are built from characters directly in any case.
    try:
        return spacy.blank("zh").vocab
    except (ImportError, OSError, ValueError):
        return spacy.blank("xx").vocab


def character_docbin_class() -> Any:
    """spaCy's DocBin, with an `add` that does not loop over every token in Python.

    DocBin.add spends 10 ms on a 7,000-character document gathering each token's strings, one
    token at a time; here they come from the hashes in the token attribute arrays, read in one
    pass, and only hashes new to this DocBin are looked up. Every other step is DocBin's own,
    and a test checks that the bytes equal those of DocBin itself.
    """
    import numpy
    import srsly
    from spacy.attrs import SPACY
    from spacy.tokens import DocBin

    class CharacterDocBin(DocBin):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.string_keys: set[int] = set()  # hashes whose strings are in self.strings

        def add(self, doc: Any) -> None:
            # One pass over the tokens for the stored attributes, spaces and strings.
            kept, wanted = len(self.attrs), [*self.attrs, SPACY, *TOKEN_STRING_ATTRS]
            array = doc.to_array(wanted).reshape((len(doc), len(wanted)))
            self.tokens.append(numpy.ascontiguousarray(array[:, :kept]))
            self.spaces.append(numpy.asarray(array[:, kept:kept + 1], dtype=bool))
            self.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
            strings = doc.vocab.strings
            keys = set(numpy.unique(array[:, kept + 1:]).tolist()).difference(self.string_keys)
            self.strings.update(strings[key] for key in keys)
            self.string_keys.update(keys)
            self.cats.append(doc.cats)
            if self.store_user_data:
                self.user_data.append(srsly.msgpack_dumps(doc.user_data))
            self.span_groups.append(doc.spans.to_bytes())
            for group in doc.spans.values():
                for span in group:
                    self.strings.add(span.label_)
                    if span.kb_id in strings:
                        self.strings.add(span.kb_id_)
                    if span.id in strings:
                        self.strings.add(span.id_)

    return CharacterDocBin


def make_doc(vocab: Any, record: LayerRecord, orths: dict[str, int] | None = None) -> Any:
    """A spaCy Doc of one record: a token per character, so code-point offsets are token indices.

    `orths` remembers each character's string id across documents: a Doc built from ids skips
    hashing every character again (a third of its cost).
    """
    from spacy.tokens import Doc, Span

    text = record.document.text
    orths = {} if orths is None else orths
    for char in set(text).difference(orths):
        orths[char] = vocab.strings.add(char)
    doc = Doc(vocab, words=list(map(orths.__getitem__, text)), spaces=[False] * len(text))
    doc.spans[ENTITY_GROUP] = [Span(doc, e.start, e.end, label=e.label, span_id=e.id)
                               for e in record.entities]
    doc.ents = [Span(doc, e.start, e.end, label=e.label, span_id=e.id)
                for e in outermost(record.entities)]
    values = []
    for metric in record.metrics:
        for name, label in (("value", "VALUE"), ("value_high", "VALUE_HIGH")):
            value = getattr(metric, name)
            if value is not None and value.has_span:
                values.append(Span(doc, value.start, value.end, label=label, span_id=metric.id))
    doc.spans[VALUE_GROUP] = values
    doc.spans[SEGMENT_GROUP] = [Span(doc, s.start, s.end, label=s.label.value, span_id=s.id)
                                for s in record.segments]
    doc.user_data["doc_id"] = record.document.doc_id
    doc.user_data["layer"] = record.layer
    doc.user_data["text_sha256"] = text_sha256(text)
    doc.user_data["metrics"] = [metric_json(m) for m in record.metrics]
    return doc


@contextlib.contextmanager
def msgpack_plugins_looked_up_once() -> Iterator[None]:
    """While inside, srsly (spaCy's serialiser) looks up its msgpack plug-ins only once.

    Each time srsly packs a value it searches every installed package's entry points and
    spaCy's whole function registry for plug-ins, about 1 ms, and a Doc is packed five times
    (its user data and span groups): 50 s of a 10,000-document export. Inside, each lookup
    returns what the first one found, so the bytes written are the same.
    """
    from srsly import msgpack

    installed = []
    for registry in (msgpack.msgpack_encoders, msgpack.msgpack_decoders):
        if "get_all" not in vars(registry):  # not already inside (two exports at once)
            found = registry.get_all()
            registry.get_all = lambda found=found: found  # shadows the method on this instance
            installed.append(registry)
    try:
        yield
    finally:
        for registry in installed:
            vars(registry).pop("get_all", None)


def write_docbins(records: Iterable[LayerRecord], out: Path, _context: ExportContext
                  ) -> WriteSummary:
    """Fill the folder `out` with part-NNNNN.spacy files of up to SHARD documents each."""
    try:
        docbin_class = character_docbin_class()
    except ImportError as error:
        raise InputError("the spacy format needs spaCy; install it with "
                         "pip install 'annotator[spacy]'") from error

    vocab = _vocab()
    orths: dict[str, int] = {}
    summary = WriteSummary()
    out.mkdir(parents=True, exist_ok=True)

    def new_bin() -> Any:
        return docbin_class(attrs=DOCBIN_ATTRS, store_user_data=True)

    def flush(doc_bin: Any) -> None:
        path = out / f"part-{len(summary.files):05d}.spacy"
        doc_bin.to_disk(path)
        summary.files.append(path)

    doc_bin = new_bin()
    in_bin = 0
    with msgpack_plugins_looked_up_once():
        for record in records:
            doc_bin.add(make_doc(vocab, record, orths))
            in_bin += 1
            summary.documents += 1
            summary.entities += len(record.entities)
            summary.metrics += len(record.metrics)
            summary.segments += len(record.segments)
            if in_bin >= SHARD:
                flush(doc_bin)
                doc_bin, in_bin = new_bin(), 0
        if in_bin or not summary.files:
            flush(doc_bin)
    return summary


WRITER = WriteFormat("spacy", write_docbins, output="folder")

"""spaCy export: DocBin files made by spaCy itself, one token per character of the text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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


def make_doc(vocab: Any, record: LayerRecord) -> Any:
    """A spaCy Doc of one record: a token per character, so code-point offsets are token indices."""
    from spacy.tokens import Doc, Span

    text = record.document.text
    doc = Doc(vocab, words=list(text), spaces=[False] * len(text))
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


def write_docbins(records: Iterable[LayerRecord], out: Path, _context: ExportContext
                  ) -> WriteSummary:
    """Fill the folder `out` with part-NNNNN.spacy files of up to SHARD documents each."""
    try:
        from spacy.tokens import DocBin
    except ImportError as error:
        raise InputError("the spacy format needs spaCy; install it with "
                         "pip install 'annotator[spacy]'") from error

    vocab = _vocab()
    summary = WriteSummary()
    out.mkdir(parents=True, exist_ok=True)

    def new_bin() -> Any:
        return DocBin(attrs=["ENT_IOB", "ENT_TYPE"], store_user_data=True)

    def flush(doc_bin: Any) -> None:
        path = out / f"part-{len(summary.files):05d}.spacy"
        doc_bin.to_disk(path)
        summary.files.append(path)

    doc_bin = new_bin()
    in_bin = 0
    for record in records:
        doc_bin.add(make_doc(vocab, record))
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

"""spaCy export: DocBin files in spaCy's own container, one token per character of the text.

A Doc per document would cost more than the whole export may take (spaCy's Doc constructor,
`to_array` and `set_ents` spend about 4 ms on a 7,000-character text), so each document's rows
go into the DocBin directly: the ORTH column from a per-character table, the entity columns
from the outermost entities, the span groups packed as `SpanGroups.to_bytes` packs them. A
test checks that the message equals, byte for byte, what `DocBin.add` and `DocBin.to_bytes`
make of the Doc we mean; only its compression differs (COMPRESSION_LEVEL).
"""

from __future__ import annotations

import contextlib
import struct
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from annotator.domain.entities import Entity
from annotator.domain.errors import InputError
from annotator.domain.records import LayerRecord
from annotator.domain.text import text_sha256
from annotator.formats.background import BackgroundWrites
from annotator.formats.base import ExportContext, Part, Parts, WriteFormat, WriteSummary
from annotator.formats.jsonl import metric_json

# Documents per DocBin file. A DocBin keeps every token of its documents in memory until it is
# written, so a long export is split into files (`spacy train` takes the folder as a corpus).
SHARD = 250
ENTITY_GROUP = "entities"
VALUE_GROUP = "metric_values"
SEGMENT_GROUP = "segments"
DOCBIN_ATTRS = ["ENT_IOB", "ENT_TYPE"]
# spaCy's IOB codes in the ENT_IOB column.
INSIDE, OUTSIDE, BEGIN = 1, 2, 3
# DocBin files are zlib streams, which spaCy reads whatever made them. ISA-L at level 2 makes them
# ten times as fast as DocBin's zlib level 6, and 10 % larger.
COMPRESSION_LEVEL = 2


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


class CharacterTable:
    """Each character's ORTH id and NORM string, looked up in spaCy's vocabulary once an export.

    The ids sit in an array indexed by code point, so a text's ORTH column is one indexing.
    """

    def __init__(self, vocab: Any) -> None:
        import numpy

        self.vocab = vocab
        self.orth = numpy.zeros(0x110000, dtype=numpy.uint64)  # 0: not looked up yet
        self.norms: dict[int, str] = {}
        self.ids: dict[str, int] = {}

    def string_id(self, string: str) -> int:
        """spaCy's id (hash, or symbol number) of a label or span id, added to the vocabulary."""
        found = self.ids.get(string)
        if found is None:
            found = self.ids[string] = self.vocab.strings.add(string)
        return found

    def code_points(self, text: str) -> Any:
        import numpy

        return numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32)

    def orth_column(self, code_points: Any) -> Any:
        import numpy

        column = self.orth[code_points]
        if not column.all():  # ids are hashes, never 0: some characters are new
            for code in numpy.unique(code_points[column == 0]).tolist():
                char = chr(code)
                self.orth[code] = self.vocab.strings.add(char)
                self.norms[code] = self.vocab[char].norm_
            column = self.orth[code_points]
        return column

    def strings(self, code_points: Any) -> set[str]:
        """The strings DocBin.add stores for these characters: each one and its NORM."""
        codes = code_points.tolist()
        return {chr(code) for code in codes} | {self.norms[code] for code in codes}


def character_docbin_class() -> Any:
    """spaCy's DocBin, filled from our records directly and written at a faster zlib level."""
    import numpy
    import srsly
    from spacy.attrs import ENT_IOB, ENT_TYPE
    from spacy.tokens import DocBin

    span_struct = struct.Struct(">QQQllll")  # SpanGroup.to_bytes: id, kb_id, label, tokens, chars

    class CharacterDocBin(DocBin):
        def __init__(self, table: CharacterTable, **kwargs: Any) -> None:
            super().__init__(attrs=DOCBIN_ATTRS, store_user_data=True, **kwargs)
            self.table = table
            self.seen = numpy.zeros(0x110000, dtype=bool)  # code points in this file
            self.iob_column = self.attrs.index(ENT_IOB)
            self.type_column = self.attrs.index(ENT_TYPE)

        def add_record(self, record: LayerRecord) -> None:
            """What DocBin.add stores for the record's Doc (see `record_doc` in the tests)."""
            table, text = self.table, record.document.text
            code_points = table.code_points(text)
            tokens = numpy.empty((len(text), len(self.attrs)), dtype=numpy.uint64)
            tokens[:, 0] = table.orth_column(code_points)
            # The entity columns run by run: outside, entity, outside, entity, … to the end.
            runs: list[int] = []
            iob: list[int] = []
            types: list[int] = []
            begins: list[int] = []
            at = 0
            for entity in outermost(record.entities):
                runs += (entity.start - at, entity.end - entity.start)
                iob += (OUTSIDE, INSIDE)
                types += (0, table.string_id(entity.label))
                begins.append(entity.start)
                at = entity.end
            runs.append(len(text) - at)
            iob.append(OUTSIDE)
            types.append(0)
            tokens[:, self.iob_column] = numpy.repeat(numpy.array(iob, dtype=numpy.uint64), runs)
            tokens[:, self.type_column] = numpy.repeat(numpy.array(types, dtype=numpy.uint64), runs)
            tokens[begins, self.iob_column] = BEGIN
            self.tokens.append(tokens)
            self.spaces.append(numpy.zeros((len(text), 1), dtype=bool))
            self.flags.append({"has_unknown_spaces": False})
            self.seen[code_points] = True
            if text:
                self.strings.add("")  # the empty tag, lemma, morph, dep and kb id of a token
            self.cats.append({})
            self.user_data.append(
                srsly.msgpack_dumps(
                    {
                        "doc_id": record.document.doc_id,
                        "layer": record.layer,
                        "text_sha256": text_sha256(text),
                        "metrics": [metric_json(m) for m in record.metrics],
                    }
                )
            )
            self.span_groups.append(
                self.pack_span_groups(
                    {
                        ENTITY_GROUP: [(e.id, e.label, e.start, e.end) for e in record.entities],
                        VALUE_GROUP: value_spans(record),
                        SEGMENT_GROUP: [
                            (s.id, str(s.label), s.start, s.end) for s in record.segments
                        ],
                    }
                )
            )

        def pack_span_groups(self, groups: dict[str, list[tuple[str, str, int, int]]]) -> bytes:
            """doc.spans.to_bytes() of a Doc holding these groups of (id, label, start, end)."""
            string_id = self.table.string_id
            message: dict[bytes, list[str]] = {}
            for name, spans in groups.items():
                packed = [
                    span_struct.pack(
                        string_id(span_id), 0, string_id(label), start, end, start, end
                    )
                    for span_id, label, start, end in spans
                ]
                self.strings.update(string for span in spans for string in span[:2])
                group = srsly.msgpack_dumps({"name": name, "attrs": {}, "spans": packed})
                message.setdefault(group, []).append(name)
            return srsly.msgpack_dumps(message)

        def to_bytes(self) -> bytes:
            """DocBin.to_bytes' message, compressed without first copying it whole.

            DocBin copies its stacked rows to bytes and packs those into the message before
            compressing: two more copies of 45 MB a file.
            """
            self.strings.update(self.table.strings(numpy.flatnonzero(self.seen)))
            lengths = [len(tokens) for tokens in self.tokens]
            message = {
                "version": self.version,
                "attrs": self.attrs,
                "tokens": stacked_bytes(self.tokens, numpy.uint64),
                "spaces": stacked_bytes(self.spaces, bool),
                "lengths": numpy.asarray(lengths, dtype="int32").tobytes("C"),
                "strings": sorted(self.strings),
                "cats": self.cats,
                "flags": self.flags,
                "span_groups": self.span_groups,
                "user_data": self.user_data,
            }
            compressor = compression().compressobj(COMPRESSION_LEVEL)
            parts = [compressor.compress(part) for part in packed_parts(message)]
            parts.append(compressor.flush())
            return b"".join(parts)

    return CharacterDocBin


def compression() -> Any:
    """ISA-L's zlib (the `isal` package, installed with the spacy extra), else Python's."""
    try:
        from isal import isal_zlib
    except ImportError:
        return zlib
    return isal_zlib


def stacked_bytes(arrays: list[Any], dtype: Any) -> memoryview:
    """The bytes of the arrays stacked into one (empty: no bytes), without copying them again."""
    import numpy

    stacked = numpy.vstack(arrays) if arrays else numpy.zeros(0, dtype=dtype)
    return stacked.data.cast("B")


def packed_parts(message: dict[str, Any]) -> Iterator[Any]:
    """srsly.msgpack_dumps(message) in pieces; a memoryview is packed as its bytes."""
    import srsly
    from srsly.msgpack import Packer

    yield Packer().pack_map_header(len(message))
    for key, value in message.items():
        yield srsly.msgpack_dumps(key)
        if isinstance(value, memoryview):
            yield bin_header(value.nbytes)
            yield value
        else:
            yield srsly.msgpack_dumps(value)


def bin_header(size: int) -> bytes:
    """The msgpack header of a byte string of `size` bytes (bin 8, 16 or 32)."""
    if size < 1 << 8:
        return bytes((0xC4, size))
    if size < 1 << 16:
        return b"\xc5" + size.to_bytes(2, "big")
    return b"\xc6" + size.to_bytes(4, "big")


def value_spans(record: LayerRecord) -> list[tuple[str, str, int, int]]:
    """The value and high-value spans of the record's metrics, labelled VALUE and VALUE_HIGH."""
    spans = []
    for metric in record.metrics:
        for value, label in ((metric.value, "VALUE"), (metric.value_high, "VALUE_HIGH")):
            if value is not None and value.start is not None and value.end is not None:
                spans.append((metric.id, label, value.start, value.end))
    return spans


@contextlib.contextmanager
def msgpack_plugins_looked_up_once() -> Iterator[None]:
    """While inside, srsly (spaCy's serialiser) looks up its msgpack plug-ins only once.

    Each time srsly packs a value it searches every installed package's entry points and
    spaCy's whole function registry for plug-ins, about 1 ms, and a document is packed five
    times (its user data and span groups): 50 s of a 10,000-document export. Inside, each
    lookup returns what the first one found, so the bytes written are the same.
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


def _body(
    records: Iterable[LayerRecord], out: Path, _context: ExportContext, part: Part
) -> WriteSummary:
    """part-NNNNN.spacy files of up to SHARD documents each, numbered over the whole export."""
    try:
        docbin_class = character_docbin_class()
    except ImportError as error:
        raise InputError(
            "the spacy format needs spaCy; install it with pip install 'annotator[spacy]'"
        ) from error

    table = CharacterTable(_vocab())
    summary = WriteSummary()
    first_file = part.first // SHARD  # parts start at multiples of SHARD documents

    # One file compresses in the background while the next one fills.
    with msgpack_plugins_looked_up_once(), BackgroundWrites(pending=1) as writes:

        def flush(doc_bin: Any) -> None:
            summary.files.append(out / f"part-{first_file + len(summary.files):05d}.spacy")
            writes.submit(doc_bin.to_disk, summary.files[-1])

        doc_bin = docbin_class(table)
        for record in records:
            doc_bin.add_record(record)
            summary.documents += 1
            summary.entities += len(record.entities)
            summary.metrics += len(record.metrics)
            summary.segments += len(record.segments)
            if len(doc_bin) >= SHARD:
                flush(doc_bin)
                doc_bin = docbin_class(table)
        if len(doc_bin) or not summary.files:  # an empty export is one empty DocBin
            flush(doc_bin)
    return summary


# A folder of part-NNNNN.spacy files (`spacy train` takes the folder as a corpus).
WRITER = WriteFormat.in_parts("spacy", Parts(_body, align=SHARD), output="folder")
write_docbins = WRITER.write  # the whole export in this process

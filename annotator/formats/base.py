"""What a format module offers: a ReadFormat and/or a WriteFormat, picked up by the registry;
and what several formats share: decoding file bytes, normalising newlines with offsets."""

from __future__ import annotations

import codecs
import contextlib
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from annotator.domain.errors import InputError
from annotator.domain.label_mapping import LabelMapping
from annotator.domain.records import LayerRecord
from annotator.domain.text import normalise_newlines
from annotator.schema.labels import LabelSchema, default_label_schema, label_mapping

# The version of the export record every format writes (spec: Export record). 2: entities carry
# their provenance (and a score on suggestions); files of version 1 still import, their entities
# manual.
RECORD_SCHEMA_VERSION = 2


@dataclass(frozen=True)
class ImportOptions:
    """Options readers take (CoNLL's tag scheme, repair of bad tag sequences, splitting, the
    label mapping), and what they report back while reading."""

    scheme: str = "auto"
    repair: bool = False
    split: str = "document"
    # Every reader passes its records through it; it counts what it dropped or could not place.
    labels: LabelMapping = field(default_factory=label_mapping)
    # Filled by a reader that changed something it was allowed to (e.g. repaired tags).
    notes: list[str] = field(default_factory=list)
    # What a reader read but could not keep, by kind ("brat relations (R lines)") and count.
    lost: Counter[str] = field(default_factory=Counter)


# A reader yields (location, record); the location (a line number or a record name) goes into
# error messages, so that a user can find the bad record.
Reader = Callable[[Path, ImportOptions], Iterator[tuple[int | str | None, LayerRecord]]]


@dataclass(frozen=True)
class ReadFormat:
    name: str
    suffixes: tuple[str, ...]
    read: Reader
    # Rough number of records in a file, for progress bars; None when unknown.
    estimate: Callable[[Path], int] | None = None


@dataclass(frozen=True)
class ExportContext:
    """What a writer may need besides the records: the layer, the labels, the command line."""

    layer: str
    entity_labels: tuple[str, ...]
    command: str = ""
    extra: dict[str, object] = field(default_factory=dict)
    # The project's label schema (colours, display names, segment labels) for the label
    # configurations written beside an export; None: the bundled one.
    labels: LabelSchema | None = None

    @property
    def schema(self) -> LabelSchema:
        return self.labels or default_label_schema()


@dataclass
class WriteSummary:
    """What a writer wrote, for the dataset card and the command's report."""

    documents: int = 0
    entities: int = 0
    metrics: int = 0
    segments: int = 0
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Format-specific counts (e.g. entities left out), summed over parts, turned into notes.
    tallies: Counter[str] = field(default_factory=Counter)

    def add(self, other: WriteSummary) -> None:
        """Count another part of the same export in (files and notes follow in order)."""
        self.documents += other.documents
        self.entities += other.entities
        self.metrics += other.metrics
        self.segments += other.segments
        self.files += other.files
        self.notes += other.notes
        self.tallies.update(other.tallies)


Writer = Callable[[Iterable[LayerRecord], Path, ExportContext], WriteSummary]


@dataclass(frozen=True)
class Part:
    """A share of an export's records: `first` records of the export come before it.

    `names` are the file names decided for its documents before the parts started (see
    `Parts.names`); None when one process writes everything and decides them as it goes.
    """

    first: int = 0
    names: Sequence[str] | None = None


# Writes records into an open binary file or, for a format without a streamed file, a folder.
Body = Callable[[Iterable[LayerRecord], Any, ExportContext, Part], WriteSummary]


def _nothing_to_finish(_out: Path, _context: ExportContext, _summary: WriteSummary) -> None:
    pass


def _no_head(_context: ExportContext) -> bytes:
    return b""


@dataclass(frozen=True)
class Parts:
    """A writer in pieces, so that several processes can write one export at once.

    The output is `head`, each part's `body` in the order of the records, then `tail`, in the
    data file (a file output) or in the folder's `stream` file; a format that writes a file per
    document or per group of documents has no stream and its bodies write into the folder.
    `finish` runs once, after the bodies: files written once (configurations) and the notes
    made from the summed tallies. Parts start at multiples of `align` records; `names`, when
    given, decides every document's file names (from the doc ids in order) before parts start.
    A format whose file cannot be cut into parts (Parquet's footer indexes every row group)
    has `assemble` instead: each body writes an intermediate file, and `assemble` makes the
    output from them, in order. Either way the output is the same bytes as one process makes.
    """

    body: Body
    finish: Callable[[Path, ExportContext, WriteSummary], None] = _nothing_to_finish
    head: Callable[[ExportContext], bytes] = _no_head
    tail: bytes = b""
    stream: str | None = None
    align: int = 1
    names: Callable[[Sequence[str]], list[str]] | None = None
    assemble: Callable[[list[Path], Path, ExportContext], None] | None = None

    def stream_path(self, out: Path, output: str) -> Path | None:
        """The file the bodies write to, or None when they write files into the folder."""
        if output == "file":
            return out
        return out / self.stream if self.stream else None

    def writer(self, output: Literal["file", "folder"]) -> Writer:
        """The whole writer, in one process: head, one body for every record, tail, finish."""

        def write(
            records: Iterable[LayerRecord], out: Path, context: ExportContext
        ) -> WriteSummary:
            if output == "folder":
                out.mkdir(parents=True, exist_ok=True)
            path = self.stream_path(out, output)
            if path is None:
                summary = self.body(records, out, context, Part())
            else:
                with path.open("wb", buffering=1 << 20) as handle:
                    handle.write(self.head(context))
                    summary = self.body(records, handle, context, Part())
                    handle.write(self.tail)
                summary.files.insert(0, path)
            self.finish(out, context, summary)
            return summary

        return write


@dataclass(frozen=True)
class WriteFormat:
    name: str
    write: Writer
    # "file": OUT is the data file; "folder": OUT is a folder the writer fills.
    output: Literal["file", "folder"]
    suffix: str = ""
    # Set when the writer can be split between processes (see Parts); write is then its whole.
    parts: Parts | None = None

    @classmethod
    def in_parts(
        cls, name: str, parts: Parts, output: Literal["file", "folder"], suffix: str = ""
    ) -> WriteFormat:
        return cls(name, parts.writer(output), output, suffix, parts)


# -- shared by readers -------------------------------------------------------------------------
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that never occur in text; their presence means a binary file.
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def _looks_binary(text: str) -> bool:
    return _BINARY_CONTROLS.search(text, 0, 4096) is not None


def _utf16_without_bom(data: bytes) -> str | None:
    # Chinese and ASCII in UTF-16 without a BOM show NUL bytes on one side of most pairs.
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    for encoding, nuls in (("utf-16-le", odd_nuls), ("utf-16-be", even_nuls)):
        if nuls > half * 0.2:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    return None


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode file bytes to text with LF newlines; return (text, encoding). Refuse the unreadable."""
    if not data.strip():
        raise InputError("the file is empty", source)
    text: str | None = None
    encoding = ""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data[len(bom) :].decode(name), name + " (BOM)"
            except UnicodeDecodeError as error:
                raise InputError(
                    f"starts with a {name} byte order mark but is not {name}: "
                    f"{error.reason} at byte {error.start}",
                    source,
                ) from error
            break
    if text is None:
        with contextlib.suppress(UnicodeDecodeError):
            text, encoding = data.decode("utf-8"), "utf-8"
    if text is None and b"\x00" in data:
        decoded = _utf16_without_bom(data)
        if decoded is not None:
            text, encoding = decoded, "utf-16"
        else:
            raise InputError("is a binary file, not text", source)
    if text is None:
        try:
            # GB18030 is a superset of GBK and GB2312: the usual encoding of older Chinese files.
            text, encoding = data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            from charset_normalizer import from_bytes  # on first use, not at start-up

            best = from_bytes(data).best()
            if best is None:
                raise InputError("cannot be decoded as UTF-8, GB18030 or UTF-16", source) from None
            text, encoding = str(best), best.encoding
    if "\x00" in text or _looks_binary(text):
        raise InputError("is a binary file, not text", source)
    text = normalise_newlines(text)
    if not text.strip():
        raise InputError("the file is empty", source)
    return text, encoding


def normalised_with_offsets(raw: str) -> tuple[str, Callable[[int], int]]:
    """`raw` with CRLF/CR as LF and a leading BOM dropped, and a map from offsets in `raw`
    (which brat and others count) to offsets in the normalised text."""
    removed = [
        i
        for i, ch in enumerate(raw)
        if (ch == "\r" and raw[i + 1 : i + 2] == "\n") or (i == 0 and ch == "\ufeff")
    ]
    if not removed and "\r" not in raw:
        return raw, lambda offset: offset
    skip = set(removed)
    text = "".join(ch for i, ch in enumerate(raw) if i not in skip).replace("\r", "\n")
    return text, lambda offset: offset - bisect_left(removed, offset)

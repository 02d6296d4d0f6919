"""What a format module offers: a ReadFormat and/or a WriteFormat, picked up by the registry."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from annotator.domain.label_mapping import LabelMapping
from annotator.domain.records import LayerRecord
from annotator.schema.labels import LabelSchema, default_label_schema, label_mapping


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

        def write(records: Iterable[LayerRecord], out: Path, context: ExportContext
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
    def in_parts(cls, name: str, parts: Parts, output: Literal["file", "folder"],
                 suffix: str = "") -> WriteFormat:
        return cls(name, parts.writer(output), output, suffix, parts)

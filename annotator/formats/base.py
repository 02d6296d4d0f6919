"""What a format module offers: a ReadFormat and/or a WriteFormat, picked up by the registry."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from annotator.domain.records import LayerRecord


@dataclass(frozen=True)
class ImportOptions:
    """Options some readers take (CoNLL's tag scheme, repair of bad tag sequences, splitting)."""

    scheme: str = "auto"
    repair: bool = False
    split: str = "document"
    # Filled by a reader that changed something it was allowed to (e.g. repaired tags).
    notes: list[str] = field(default_factory=list)


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


@dataclass
class WriteSummary:
    """What a writer wrote, for the dataset card and the command's report."""

    documents: int = 0
    entities: int = 0
    metrics: int = 0
    segments: int = 0
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


Writer = Callable[[Iterable[LayerRecord], Path, ExportContext], WriteSummary]


@dataclass(frozen=True)
class WriteFormat:
    name: str
    write: Writer
    # "file": OUT is the data file; "folder": OUT is a folder the writer fills.
    output: Literal["file", "folder"]
    suffix: str = ""

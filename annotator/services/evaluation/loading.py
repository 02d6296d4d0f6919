"""Reading gold records (JSONL export or database layer) and predictions (format registry)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.records import LayerRecord
from annotator.domain.status import DocumentStatus
from annotator.formats import jsonl
from annotator.formats.base import ImportOptions, ReadFormat
from annotator.formats.registry import expand_paths, reader
from annotator.services.evaluation.pairing import Sourced
from annotator.services.export_records import iter_layer_records
from annotator.services.releases import iter_release_records
from annotator.store.database import Database

# A document the gold layer marked done is a gold document even with no annotations; one still
# in progress without any says nothing yet.
GOLD_STATUSES = (DocumentStatus.DONE.value,)


def _located(
    path: Path, records: Iterator[tuple[int | str | None, LayerRecord]]
) -> Iterator[Sourced]:
    for location, record in records:
        yield Sourced(f"{path}:{location}" if location is not None else str(path), record)


def read_gold_file(path: Path) -> Iterator[Sourced]:
    """Gold records from a JSONL export (any layer name; one record per document)."""
    return _located(path, jsonl.read_records(path))


def read_gold_layer(database: Database, layer: str = "gold") -> Iterator[Sourced]:
    """Gold records from a database layer: the documents on which the layer has annotations,
    and those it marked done without any (their gold is "nothing here")."""
    for record in iter_layer_records(
        database, layer, include_empty=False, empty_with_status=GOLD_STATUSES
    ):
        yield Sourced(
            f"{database.describe()} layer {layer} document {record.document.doc_id}", record
        )


def read_gold_release(database: Database, name: str) -> Iterator[Sourced]:
    """Gold records of a frozen release, so that a score can be reproduced later."""
    for record in iter_release_records(database, name):
        yield Sourced(
            f"{database.describe()} release {name} document {record.document.doc_id}", record
        )


def read_predictions(
    path: Path, fmt: str = "auto", options: ImportOptions | None = None
) -> Iterator[Sourced]:
    """A system's records through the format registry's readers; a folder is walked.

    `auto` picks each file's reader by its suffix. Plain text files carry no predictions and are
    skipped (a brat folder holds a .txt beside each .ann). `options` are the readers' (CoNLL's
    scheme, repair and split); labels with no place of ours stop the reading after the last file,
    all named.
    """
    if fmt != "auto":
        reader(fmt)  # an unknown name is refused before any file is read
    files = [(file, chosen) for file, chosen in expand_paths([path], fmt) if chosen.name != "txt"]
    if not files:
        raise InputError(
            "holds no predictions in a known format; name the format with --pred-format", str(path)
        )
    return _read_all(files, options or ImportOptions())


def _read_all(files: list[tuple[Path, ReadFormat]], options: ImportOptions) -> Iterator[Sourced]:
    for file, chosen in files:
        yield from _located(file, chosen.read(file, options))
    options.labels.check()

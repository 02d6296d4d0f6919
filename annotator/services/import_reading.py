"""Reading import files and checking each record against the contract, before any writing."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.errors import InputError, ValidationError
from annotator.domain.layers import Layer
from annotator.domain.records import LayerRecord
from annotator.domain.text import MAX_DOC_ID_LENGTH, Document, nul_position, text_sha256
from annotator.domain.validation import validate_document_annotations
from annotator.formats.base import ImportOptions, ReadFormat

BATCH = 500
# Formats whose doc_id is the file's name: a name that recurs in another folder of the import
# with another text (brat's example data has tutorials/bio/ and tutorials/news/ 000-introduction)
# gets a hash suffix instead of stopping the import.
_NAMED_BY_FILE = frozenset({"txt", "brat"})


@dataclass
class PreparedRecord:
    """A record that passed the contract's checks, with its text hash and target layer."""

    location: str
    record: LayerRecord
    sha: str
    layer: Layer | None
    # Plain text and brat files have no doc_id of their own: a clash of file names gets a hash
    # suffix.
    renamable: bool


def prepare_record(
    location: str,
    record: LayerRecord,
    renamable: bool,
    layer_override: Layer | None,
    labels: Collection[str],
    segment_labels: Collection[str] = (),
) -> PreparedRecord:
    """Check one record against the contract; InputError names its location."""
    layer = layer_override
    if layer is None and record.layer:
        try:
            layer = Layer.parse(record.layer)
        except ValidationError as error:
            raise InputError(str(error), location) from error
    if record.has_annotations and layer is None:
        raise InputError("has annotations but no layer; name one with --layer", location)
    try:
        validate_document_annotations(
            record.document.text,
            record.entities,
            record.segments,
            record.metrics,
            labels,
            require_complete_metrics=False,
            segment_labels=segment_labels,
        )
    except ValidationError as error:
        raise InputError(str(error), location) from error
    return PreparedRecord(location, record, text_sha256(record.document.text), layer, renamable)


def _check_document(location: str, document: Document) -> None:
    if len(document.doc_id) > MAX_DOC_ID_LENGTH:
        raise InputError(
            f"doc_id {document.doc_id[:40]!r}… is {len(document.doc_id)} characters "
            f"long; at most {MAX_DOC_ID_LENGTH} are kept",
            location,
        )
    if (found := nul_position(document.text)) is not None:
        line, column = found
        raise InputError(
            f"the text holds the character U+0000 (NUL) at its line {line}, column "
            f"{column}; no database keeps it alike (PostgreSQL refuses it): remove "
            "it from the file",
            location,
        )


def prepared_records(
    files: list[tuple[Path, ReadFormat]], options: ImportOptions, layer_override: Layer | None
) -> Iterator[PreparedRecord]:
    """Every record of the files, checked, in file order.

    Records whose labels have no place are yielded without those entities; after the last
    file, `options.labels.check()` names every unknown label of the import at once.
    """
    for path, fmt in files:
        for location, record in fmt.read(path, options):
            where = f"{path}:{location}" if location is not None else str(path)
            _check_document(where, record.document)
            try:
                prepared = prepare_record(
                    where,
                    record,
                    fmt.name in _NAMED_BY_FILE,
                    layer_override,
                    options.labels.accepted,
                    options.labels.segment_labels,
                )
            except InputError:
                # A record whose labels are unknown may fail for that (a metric linking to
                # a left-out entity): the message about the labels comes first.
                if not options.labels.unknown:
                    raise
                continue
            yield prepared
    options.labels.check()

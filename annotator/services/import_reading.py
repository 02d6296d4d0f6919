"""Reading import files and checking each record against the contract, before any writing."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.errors import InputError, ValidationError
from annotator.domain.layers import Layer
from annotator.domain.records import LayerRecord
from annotator.domain.text import text_sha256
from annotator.domain.validation import validate_document_annotations
from annotator.formats.base import ImportOptions, ReadFormat
from annotator.schema.labels import default_label_schema

BATCH = 500


@dataclass
class PreparedRecord:
    """A record that passed the contract's checks, with its text hash and target layer."""

    location: str
    record: LayerRecord
    sha: str
    layer: Layer | None
    # Plain text files have no doc_id of their own: a clash of file names gets a hash suffix.
    renamable: bool


def prepare_record(location: str, record: LayerRecord, renamable: bool,
                   layer_override: Layer | None, labels: Collection[str]) -> PreparedRecord:
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
        validate_document_annotations(record.document.text, record.entities, record.segments,
                                      record.metrics, labels, require_complete_metrics=False)
    except ValidationError as error:
        raise InputError(str(error), location) from error
    return PreparedRecord(location, record, text_sha256(record.document.text), layer, renamable)


def prepared_records(files: list[tuple[Path, ReadFormat]], options: ImportOptions,
                     layer_override: Layer | None) -> Iterator[PreparedRecord]:
    """Every record of the files, checked, in file order."""
    labels = default_label_schema().entity_labels
    for path, fmt in files:
        for location, record in fmt.read(path, options):
            where = f"{path}:{location}" if location is not None else str(path)
            yield prepare_record(where, record, fmt.name == "txt", layer_override, labels)

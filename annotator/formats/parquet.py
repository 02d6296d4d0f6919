"""Parquet export (pyarrow): one row per document, annotations as nested lists of structs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from annotator.domain.metrics import Field, Metric
from annotator.domain.records import LayerRecord
from annotator.domain.text import text_sha256
from annotator.formats.base import (
    RECORD_SCHEMA_VERSION,
    ExportContext,
    Part,
    Parts,
    WriteFormat,
    WriteSummary,
)

# Documents per row group: memory holds one group at a time, whatever the size of the export.
ROW_GROUP = 500
# Fixed writer options, so that the same records always give the same bytes.
WRITER_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": 3,
    "version": "2.6",
    "use_dictionary": True,
    "write_statistics": True,
}


def arrow_schema() -> Any:
    """The pyarrow schema of the file (a `datasets` feature set follows from it)."""
    import pyarrow as pa

    span = pa.struct(
        [
            ("id", pa.string()),
            ("label", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("text", pa.string()),
        ]
    )
    surface = pa.struct(
        [
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("text", pa.string()),
            ("number", pa.float64()),
            ("normalized", pa.string()),
            ("implicit", pa.bool_()),
        ]
    )
    provenance = pa.struct([("kind", pa.string()), ("system", pa.string())])
    entity = pa.struct([*span, ("provenance", provenance), ("score", pa.float64())])
    metric = pa.struct(
        [
            ("id", pa.string()),
            ("indicator", surface),
            ("value", surface),
            ("value_high", surface),
            ("unit", surface),
            ("approx", pa.string()),
            ("status", pa.string()),
            ("aspect", pa.string()),
            ("period", surface),
            ("place", pa.string()),
            ("org", pa.string()),
            ("subject", pa.string()),
            ("evidence", surface),
            ("duplicate_of", pa.string()),
            ("note", pa.string()),
            ("provenance", provenance),
        ]
    )
    return pa.schema(
        [
            ("doc_id", pa.string()),
            ("text", pa.string()),
            ("text_sha256", pa.string()),
            ("meta", pa.string()),
            ("layer", pa.string()),
            ("schema_version", pa.int32()),
            ("segments", pa.list_(span)),
            ("entities", pa.list_(entity)),
            ("metrics", pa.list_(metric)),
        ]
    )


def _surface(value: Field | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "start": value.start,
        "end": value.end,
        "text": value.text,
        "number": float(value.number) if value.number is not None else None,
        "normalized": value.normalized,
        "implicit": value.implicit,
    }


def _metric(metric: Metric) -> dict[str, Any]:
    return {
        "id": metric.id,
        "indicator": _surface(metric.indicator),
        "value": _surface(metric.value),
        "value_high": _surface(metric.value_high),
        "unit": _surface(metric.unit),
        "approx": metric.approx.value if metric.approx else None,
        "status": metric.status.value if metric.status else None,
        "aspect": metric.aspect.value if metric.aspect else None,
        "period": _surface(metric.period),
        "place": metric.place,
        "org": metric.org,
        "subject": metric.subject,
        "evidence": _surface(metric.evidence),
        "duplicate_of": metric.duplicate_of,
        "note": metric.note,
        "provenance": {"kind": metric.provenance.kind.value, "system": metric.provenance.system},
    }


def document_row(record: LayerRecord) -> dict[str, Any]:
    """One record as a row of the Parquet file (meta as a JSON string with sorted keys)."""
    doc = record.document
    return {
        "doc_id": doc.doc_id,
        "text": doc.text,
        "text_sha256": text_sha256(doc.text),
        "meta": json.dumps(dict(doc.meta), ensure_ascii=False, sort_keys=True),
        "layer": record.layer,
        "schema_version": RECORD_SCHEMA_VERSION,
        "segments": [
            {"id": s.id, "label": str(s.label), "start": s.start, "end": s.end, "text": s.text}
            for s in record.segments
        ],
        "entities": [
            {
                "id": e.id,
                "label": e.label,
                "start": e.start,
                "end": e.end,
                "text": e.text,
                "provenance": {"kind": e.provenance.kind.value, "system": e.provenance.system},
                "score": e.score,
            }
            for e in record.entities
        ],
        "metrics": [_metric(m) for m in record.metrics],
    }


def _tables(records: Iterable[LayerRecord], summary: WriteSummary) -> Iterator[Any]:
    """The records as Arrow tables of ROW_GROUP rows (one empty table if there are none)."""
    import pyarrow as pa

    schema = arrow_schema()
    rows: list[dict[str, Any]] = []
    for record in records:
        rows.append(document_row(record))
        summary.documents += 1
        summary.entities += len(record.entities)
        summary.metrics += len(record.metrics)
        summary.segments += len(record.segments)
        if len(rows) >= ROW_GROUP:
            yield pa.Table.from_pylist(rows, schema=schema)
            rows.clear()
    if rows or summary.documents == 0:
        yield pa.Table.from_pylist(rows, schema=schema)


def _write_row_group(writer: Any, table: Any) -> None:
    writer.write_table(table, row_group_size=max(table.num_rows, 1))


def write_parquet(
    records: Iterable[LayerRecord], out: Path, _context: ExportContext
) -> WriteSummary:
    """Write records as Parquet, one row group per ROW_GROUP documents."""
    import pyarrow.parquet as pq

    summary = WriteSummary(files=[out])
    with pq.ParquetWriter(out, arrow_schema(), **WRITER_OPTIONS) as writer:
        for table in _tables(records, summary):
            _write_row_group(writer, table)
    return summary


def _arrow_body(
    records: Iterable[LayerRecord], handle: BinaryIO, _context: ExportContext, _part: Part
) -> WriteSummary:
    """A part: the row groups as an Arrow stream, which `_assemble` encodes into the file.

    Building the rows from records is the slow step; encoding them takes a tenth of the time.
    """
    import pyarrow as pa

    summary = WriteSummary()
    with pa.ipc.new_stream(handle, arrow_schema()) as stream:
        for table in _tables(records, summary):
            stream.write_table(table)
    return summary


def _assemble(part_files: list[Path], out: Path, _context: ExportContext) -> None:
    """The Parquet file from the parts' Arrow streams, a row group per table, in order."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with pq.ParquetWriter(out, arrow_schema(), **WRITER_OPTIONS) as writer:
        for part_file in part_files:
            with pa.memory_map(str(part_file)) as source:
                for batch in pa.ipc.open_stream(source):
                    _write_row_group(writer, pa.Table.from_batches([batch]))


# Parts start at row group boundaries, so that the row groups are those of one process.
WRITER = WriteFormat(
    "parquet",
    write_parquet,
    output="file",
    suffix=".parquet",
    parts=Parts(_arrow_body, align=ROW_GROUP, assemble=_assemble),
)

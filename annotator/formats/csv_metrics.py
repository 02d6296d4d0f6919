"""CSV export: one row per metric with every normalised field, safe to open in a spreadsheet."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable
from typing import Any, BinaryIO

from annotator.domain.metrics import Field, Metric
from annotator.domain.records import LayerRecord
from annotator.formats.base import ExportContext, Part, Parts, WriteFormat, WriteSummary


def _field_columns(name: str, number: bool = False, normalized: bool = False) -> list[str]:
    columns = [f"{name}_start", f"{name}_end", f"{name}_text"]
    if number:
        columns.append(f"{name}_number")
    if normalized:
        columns.append(f"{name}_normalized")
    return [*columns, f"{name}_implicit"]


COLUMNS: list[str] = [
    "doc_id",
    "layer",
    "metric_id",
    *_field_columns("indicator", normalized=True),
    *_field_columns("value", number=True),
    *_field_columns("value_high", number=True),
    *_field_columns("unit", normalized=True),
    "approx",
    "status",
    "aspect",
    *_field_columns("period", normalized=True),
    "place",
    "place_text",
    "org",
    "org_text",
    "subject",
    "subject_text",
    *_field_columns("evidence"),
    "duplicate_of",
    "note",
    "provenance",
    "provenance_system",
]

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection), also after
# spaces, line breaks or zero-width characters they skip, and in full width (Excel in Chinese and
# Japanese takes ＝ ＋ － ＠ for = + - @). A plain number such as -12.5 is not a formula and is left
# alone so that it stays a number.
_FORMULA_START = re.compile(
    "[\\s\u200b\u200c\u200d\ufeff\u2060]*[=+\\-@\uff1d\uff0b\uff0d\uff20\t\r]"
)
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$")


def safe_cell(value: Any) -> str:
    """A cell's text: None is empty, booleans are true/false, formula-like text gets a quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if _FORMULA_START.match(text) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def _field_cells(value: Field | None, number: bool = False, normalized: bool = False) -> list[Any]:
    if value is None:
        cells: list[Any] = [None, None, None]
        if number:
            cells.append(None)
        if normalized:
            cells.append(None)
        return [*cells, None]
    cells = [value.start, value.end, value.text]
    if number:
        cells.append(value.number)
    if normalized:
        cells.append(value.normalized)
    return [*cells, value.implicit]


def metric_row(record: LayerRecord, metric: Metric, entity_texts: dict[str, str]) -> list[str]:
    """The row of one metric, in the order of COLUMNS."""
    cells: list[Any] = [
        record.document.doc_id,
        record.layer,
        metric.id,
        *_field_cells(metric.indicator, normalized=True),
        *_field_cells(metric.value, number=True),
        *_field_cells(metric.value_high, number=True),
        *_field_cells(metric.unit, normalized=True),
        metric.approx.value if metric.approx else None,
        metric.status.value if metric.status else None,
        metric.aspect.value if metric.aspect else None,
        *_field_cells(metric.period, normalized=True),
        metric.place,
        entity_texts.get(metric.place or ""),
        metric.org,
        entity_texts.get(metric.org or ""),
        metric.subject,
        entity_texts.get(metric.subject or ""),
        *_field_cells(metric.evidence),
        metric.duplicate_of,
        metric.note,
        metric.provenance.kind.value,
        metric.provenance.system,
    ]
    return [safe_cell(cell) for cell in cells]


# csv's default dialect quotes as RFC 4180 asks, with CRLF row ends.
_DIALECT: dict[str, Any] = {"dialect": "excel", "lineterminator": "\r\n"}


def _head(_context: ExportContext) -> bytes:
    """The byte order mark that makes spreadsheets read the file as UTF-8, and the header row."""
    header = io.StringIO(newline="")
    csv.writer(header, **_DIALECT).writerow(COLUMNS)
    return codecs.BOM_UTF8 + header.getvalue().encode("utf-8")


def _body(
    records: Iterable[LayerRecord], handle: BinaryIO, _context: ExportContext, _part: Part
) -> WriteSummary:
    """The metrics of every record as CSV rows."""
    summary = WriteSummary()
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
    try:
        writer = csv.writer(text, **_DIALECT)
        for record in records:
            entity_texts = {e.id: e.text for e in record.entities}
            writer.writerows(metric_row(record, m, entity_texts) for m in record.metrics)
            # Only metrics are written (entities appear as the texts of linked ones).
            summary.documents += 1
            summary.metrics += len(record.metrics)
    finally:
        text.flush()
        text.detach()  # the handle stays open for what follows the rows
    return summary


WRITER = WriteFormat.in_parts("csv", Parts(_body, head=_head), output="file", suffix=".csv")
write_metrics_csv = WRITER.write  # the whole export in this process

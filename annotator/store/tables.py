"""The column lists of bulk inserts into the annotation tables (defined in rows.py)."""

from __future__ import annotations

AUDIT_COLUMNS = ("created_by", "created_at", "updated_by", "updated_at", "version")
SPAN_COLUMNS = (*AUDIT_COLUMNS, "document_id", "layer_id", "key", "label", "start", "end", "text")
ENTITY_COLUMNS = (*SPAN_COLUMNS, "provenance_kind", "provenance_system", "score")
METRIC_VALUE_COLUMNS = (
    "approx",
    "status",
    "aspect",
    "place",
    "org",
    "subject",
    "duplicate_of",
    "note",
    "provenance_kind",
    "provenance_system",
)
METRIC_COLUMNS = (*AUDIT_COLUMNS, "document_id", "layer_id", "key", *METRIC_VALUE_COLUMNS)
FIELD_COLUMNS = ("metric_id", "name", "start", "end", "text", "number", "normalized", "implicit")

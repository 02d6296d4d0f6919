"""The annotation tables as SQLAlchemy Core tables, and the column lists of bulk inserts."""

from __future__ import annotations

from annotator.store.rows import (
    DocumentRow,
    DocumentStateRow,
    EntityRow,
    LayerRow,
    MetricFieldRow,
    MetricRow,
    SegmentRow,
)

documents_t = DocumentRow.__table__
layers_t = LayerRow.__table__
states_t = DocumentStateRow.__table__
entities_t = EntityRow.__table__
segments_t = SegmentRow.__table__
metrics_t = MetricRow.__table__
fields_t = MetricFieldRow.__table__

AUDIT_COLUMNS = ("created_by", "created_at", "updated_by", "updated_at", "version")
SPAN_COLUMNS = (*AUDIT_COLUMNS, "document_id", "layer_id", "key", "label", "start", "end", "text")
ENTITY_COLUMNS = (*SPAN_COLUMNS, "provenance_kind", "provenance_system", "score")
METRIC_VALUE_COLUMNS = ("approx", "status", "aspect", "place", "org", "subject", "duplicate_of",
                        "note", "provenance_kind", "provenance_system")
METRIC_COLUMNS = (*AUDIT_COLUMNS, "document_id", "layer_id", "key", *METRIC_VALUE_COLUMNS)
FIELD_COLUMNS = ("metric_id", "name", "start", "end", "text", "number", "normalized", "implicit")

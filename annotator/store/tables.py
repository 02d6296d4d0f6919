"""The annotation tables as SQLAlchemy Core tables, and the column lists of bulk inserts."""

from __future__ import annotations

from sqlalchemy import Table

from annotator.store.rows import (
    Base,
    DocumentRow,
    DocumentStateRow,
    EntityRow,
    LayerRow,
    MetricFieldRow,
    MetricRow,
    SegmentRow,
)


def table_of(row: type[Base]) -> Table:
    """The Core table of a mapped class (its `__table__` is typed only as a FromClause)."""
    return Base.metadata.tables[row.__tablename__]


documents_t = table_of(DocumentRow)
layers_t = table_of(LayerRow)
states_t = table_of(DocumentStateRow)
entities_t = table_of(EntityRow)
segments_t = table_of(SegmentRow)
metrics_t = table_of(MetricRow)
fields_t = table_of(MetricFieldRow)

AUDIT_COLUMNS = ("created_by", "created_at", "updated_by", "updated_at", "version")
SPAN_COLUMNS = (*AUDIT_COLUMNS, "document_id", "layer_id", "key", "label", "start", "end", "text")
ENTITY_COLUMNS = (*SPAN_COLUMNS, "provenance_kind", "provenance_system", "score")
METRIC_VALUE_COLUMNS = ("approx", "status", "aspect", "place", "org", "subject", "duplicate_of",
                        "note", "provenance_kind", "provenance_system")
METRIC_COLUMNS = (*AUDIT_COLUMNS, "document_id", "layer_id", "key", *METRIC_VALUE_COLUMNS)
FIELD_COLUMNS = ("metric_id", "name", "start", "end", "text", "number", "normalized", "implicit")

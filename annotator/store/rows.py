"""The store's tables (SQLAlchemy Core); repositories turn their rows into domain objects.

Core tables rather than ORM classes: nothing maps rows to objects, and opening the window does
not pay for loading SQLAlchemy's ORM.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)


def utcnow() -> datetime:
    return datetime.now(UTC)


# Stable constraint names, so that Alembic can alter them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


def required(name: str, *args: Any, **kwargs: Any) -> Column[Any]:
    """A column that is never NULL (an optional one is a plain Column)."""
    return Column(name, *args, nullable=False, **kwargs)


def _timestamp(name: str) -> Column[Any]:
    return required(name, DateTime(timezone=True), default=utcnow)


def _document_id() -> Column[Any]:
    return required("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"))


def _layer_id(**kwargs: Any) -> Column[Any]:
    return required("layer_id", Integer, ForeignKey("layers.id", ondelete="CASCADE"), **kwargs)


def _audit() -> list[Column[Any]]:
    """Who made and last changed a row, when, and its version for optimistic concurrency."""
    return [
        required("created_by", String(80), default=""),
        _timestamp("created_at"),
        required("updated_by", String(80), default=""),
        _timestamp("updated_at"),
        required("version", Integer, default=1),
    ]


documents_t = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    required("doc_id", String(200), unique=True),
    required("text", Text),
    required("text_sha256", String(64), unique=True),
    # The first line and the length are kept apart so that lists never load whole texts.
    required("title", String(200), default=""),
    required("chars", Integer),
    required("source", String(500), default=""),
    required("meta", JSON, default=dict),
    _timestamp("created_at"),
)

layers_t = Table(
    "layers",
    metadata,
    Column("id", Integer, primary_key=True),
    required("name", String(80), unique=True),
    required("kind", String(20)),
    required("guideline_version", String(40), default=""),
    _timestamp("created_at"),
)

# Per layer (so per annotator) status of a document: new, in_progress, done, skipped.
states_t = Table(
    "document_states",
    metadata,
    Column("id", Integer, primary_key=True),
    _document_id(),
    _layer_id(index=True),
    required("status", String(20), default="new"),
    required("reason", Text, default=""),
    *_audit(),
    UniqueConstraint("document_id", "layer_id"),
)

entities_t = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    _document_id(),
    _layer_id(),
    required("key", String(40)),
    required("label", String(40)),
    required("start", Integer),
    required("end", Integer),
    required("text", Text),
    # How the entity came to be, as for metrics: manual, or a suggestion (accepted as is or
    # edited) by `provenance_system` (the recommenders that proposed it); `score` is the
    # recommender's confidence, kept on suggestion layers.
    required("provenance_kind", String(20), default="manual", server_default="manual"),
    Column("provenance_system", String(80)),
    Column("score", Float),
    *_audit(),
    UniqueConstraint("document_id", "layer_id", "key"),
    Index("ix_entities_layer_document", "layer_id", "document_id"),
)

segments_t = Table(
    "segments",
    metadata,
    Column("id", Integer, primary_key=True),
    _document_id(),
    _layer_id(),
    required("key", String(40)),
    required("label", String(40)),
    required("start", Integer),
    required("end", Integer),
    required("text", Text),
    *_audit(),
    UniqueConstraint("document_id", "layer_id", "key"),
    Index("ix_segments_layer_document", "layer_id", "document_id"),
)

# A metric's scalar fields; its surface fields (spans) are rows of metric_fields.
metrics_t = Table(
    "metrics",
    metadata,
    Column("id", Integer, primary_key=True),
    _document_id(),
    _layer_id(),
    required("key", String(40)),
    Column("approx", String(20)),
    Column("status", String(20)),
    Column("aspect", String(20)),
    # Links name entity keys of the same document and layer (checked by the domain validation).
    Column("place", String(40)),
    Column("org", String(40)),
    Column("subject", String(40)),
    Column("duplicate_of", String(40)),
    Column("note", Text),
    required("provenance_kind", String(20), default="manual"),
    Column("provenance_system", String(80)),
    *_audit(),
    UniqueConstraint("document_id", "layer_id", "key"),
    Index("ix_metrics_layer_document", "layer_id", "document_id"),
)

# One surface field of a metric (indicator, value, value_high, unit, period, evidence).
fields_t = Table(
    "metric_fields",
    metadata,
    Column("metric_id", Integer, ForeignKey("metrics.id", ondelete="CASCADE"), primary_key=True),
    Column("name", String(20), primary_key=True),
    Column("start", Integer),
    Column("end", Integer),
    Column("text", Text),
    Column("number", Float),
    Column("normalized", String(200)),
    required("implicit", Boolean, default=False),
)

# A role granted to a user name (only `curator` today): who granted it and when.
roles_t = Table(
    "roles",
    metadata,
    Column("id", Integer, primary_key=True),
    required("user_name", String(80)),
    required("role", String(20)),
    required("granted_by", String(80), default=""),
    _timestamp("granted_at"),
    UniqueConstraint("user_name", "role"),
)

# One curator decision about one item of a document's gold; an append-only log.
decisions_t = Table(
    "curation_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    _document_id(),
    # entity, metric, metric_field, status or unanimous (several items at once)
    required("item_kind", String(20)),
    # The gold key decided on ("e3", "m2", "m2.unit"); empty for a whole-document decision.
    required("item_key", String(80), default=""),
    # take, edit, add, remove, settle, accept_unanimous, status, undo
    required("decision", String(30)),
    # The annotator layers the decision took its content from, comma-separated.
    required("source_layers", String(500), default=""),
    required("decided_by", String(80)),
    _timestamp("decided_at"),
    required("reason", Text, default=""),
    Index("ix_curation_decisions_document", "document_id", "id"),
)

# A frozen gold: the exported JSONL of every released document, gzip-compressed. The JSONL bytes
# are kept whole rather than as rows so that a release is immutable by construction and
# re-exports byte-identically; `content_sha256` is the hash of those bytes before compression.
releases_t = Table(
    "releases",
    metadata,
    Column("id", Integer, primary_key=True),
    required("number", Integer, unique=True),
    required("name", String(80), unique=True),
    required("created_by", String(80)),
    _timestamp("created_at"),
    required("guideline_version", String(40), default=""),
    required("schema_version", Integer),
    required("content_sha256", String(64)),
    required("documents", Integer),
    required("entities", Integer),
    required("metrics", Integer),
    required("note", Text, default=""),
    required("content_gzip", LargeBinary),
    # The dataset card's facts (annotators, agreement …) computed when the release was made, so
    # that an export of the release years later says what was true then. NULL before 0004.
    Column("card", Text),
)

# One label of the project's schema (entity or segment), seeded from labels.toml.
labels_t = Table(
    "labels",
    metadata,
    Column("name", String(40), primary_key=True),
    required("kind", String(10)),  # "entity" or "segment"
    Column("key", String(10)),
    required("colour", String(9)),
    required("zh", String(80)),
    required("en", String(80)),
    required("description", Text, default=""),
    required("position", Integer),
    required("retired", Boolean, default=False),
    required("updated_by", String(80)),
    _timestamp("updated_at"),
)

# One project-wide setting (the blind share, the suggestion layer …) as text by key.
settings_t = Table(
    "settings",
    metadata,
    Column("key", String(80), primary_key=True),
    required("value", Text),
    required("updated_by", String(80), default=""),
    _timestamp("updated_at"),
)

# An annotator's rejection of one assistant suggestion, by the suggestion's value span. The
# span, not the suggestion's id, identifies it: ids are renumbered when the assistant is run
# again, while the text (and so a span) never changes.
reviews_t = Table(
    "suggestion_reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    _document_id(),
    required("annotator", String(80), index=True),
    required("suggestion_key", String(40)),
    required("start", Integer),
    required("end", Integer),
    required("decision", String(20), default="rejected"),
    _timestamp("decided_at"),
    UniqueConstraint("document_id", "annotator", "start", "end"),
)

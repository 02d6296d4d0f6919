"""SQLAlchemy 2.0 table models of the store; repositories turn rows into domain objects."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


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


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Audited:
    """Who made and last changed a row, when, and its version for optimistic concurrency."""

    created_by: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(80), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(200), unique=True)
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    # The first line and the length are kept apart so that lists never load whole texts.
    title: Mapped[str] = mapped_column(String(200), default="")
    chars: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(500), default="")
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LayerRow(Base):
    __tablename__ = "layers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    guideline_version: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DocumentStateRow(Audited, Base):
    """Per layer (so per annotator) status of a document: new, in_progress, done, skipped."""

    __tablename__ = "document_states"
    __table_args__ = (UniqueConstraint("document_id", "layer_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    layer_id: Mapped[int] = mapped_column(ForeignKey("layers.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="new")
    reason: Mapped[str] = mapped_column(Text, default="")


class EntityRow(Audited, Base):
    __tablename__ = "entities"
    __table_args__ = (
        UniqueConstraint("document_id", "layer_id", "key"),
        Index("ix_entities_layer_document", "layer_id", "document_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    layer_id: Mapped[int] = mapped_column(ForeignKey("layers.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(40))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    # How the entity came to be, as for metrics: manual, or a suggestion (accepted as is or
    # edited) by `provenance_system` (the recommenders that proposed it); `score` is the
    # recommender's confidence, kept on suggestion layers.
    provenance_kind: Mapped[str] = mapped_column(String(20), default="manual",
                                                 server_default="manual")
    provenance_system: Mapped[str | None] = mapped_column(String(80))
    score: Mapped[float | None] = mapped_column(Float)


class SegmentRow(Audited, Base):
    __tablename__ = "segments"
    __table_args__ = (
        UniqueConstraint("document_id", "layer_id", "key"),
        Index("ix_segments_layer_document", "layer_id", "document_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    layer_id: Mapped[int] = mapped_column(ForeignKey("layers.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(40))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class MetricRow(Audited, Base):
    """A metric's scalar fields; its surface fields (spans) are MetricFieldRow children."""

    __tablename__ = "metrics"
    __table_args__ = (
        UniqueConstraint("document_id", "layer_id", "key"),
        Index("ix_metrics_layer_document", "layer_id", "document_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    layer_id: Mapped[int] = mapped_column(ForeignKey("layers.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    approx: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str | None] = mapped_column(String(20))
    aspect: Mapped[str | None] = mapped_column(String(20))
    # Links name entity keys of the same document and layer (checked by the domain validation).
    place: Mapped[str | None] = mapped_column(String(40))
    org: Mapped[str | None] = mapped_column(String(40))
    subject: Mapped[str | None] = mapped_column(String(40))
    duplicate_of: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    provenance_kind: Mapped[str] = mapped_column(String(20), default="manual")
    provenance_system: Mapped[str | None] = mapped_column(String(80))


class MetricFieldRow(Base):
    """One surface field of a metric (indicator, value, value_high, unit, period, evidence)."""

    __tablename__ = "metric_fields"

    metric_id: Mapped[int] = mapped_column(
        ForeignKey("metrics.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
    number: Mapped[float | None] = mapped_column(Float)
    normalized: Mapped[str | None] = mapped_column(String(200))
    implicit: Mapped[bool] = mapped_column(Boolean, default=False)


class RoleRow(Base):
    """A role granted to a user name (only `curator` today): who granted it and when."""

    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("user_name", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20))
    granted_by: Mapped[str] = mapped_column(String(80), default="")
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CurationDecisionRow(Base):
    """One curator decision about one item of a document's gold; an append-only log."""

    __tablename__ = "curation_decisions"
    __table_args__ = (Index("ix_curation_decisions_document", "document_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    # entity, metric, metric_field, status or unanimous (several items at once)
    item_kind: Mapped[str] = mapped_column(String(20))
    # The gold key decided on ("e3", "m2", "m2.unit"); empty for a whole-document decision.
    item_key: Mapped[str] = mapped_column(String(80), default="")
    # take, edit, add, remove, settle, accept_unanimous, status, undo
    decision: Mapped[str] = mapped_column(String(30))
    # The annotator layers the decision took its content from, comma-separated.
    source_layers: Mapped[str] = mapped_column(String(500), default="")
    decided_by: Mapped[str] = mapped_column(String(80))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")


class ReleaseRow(Base):
    """A frozen gold: the exported JSONL of every released document, gzip-compressed.

    The JSONL bytes are kept whole rather than as rows so that a release is immutable by
    construction and re-exports byte-identically; `content_sha256` is the hash of those bytes
    before compression.
    """

    __tablename__ = "releases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    guideline_version: Mapped[str] = mapped_column(String(40), default="")
    schema_version: Mapped[int] = mapped_column(Integer)
    content_sha256: Mapped[str] = mapped_column(String(64))
    documents: Mapped[int] = mapped_column(Integer)
    entities: Mapped[int] = mapped_column(Integer)
    metrics: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    content_gzip: Mapped[bytes] = mapped_column(LargeBinary)
    # The dataset card's facts (annotators, agreement …) computed when the release was made, so
    # that an export of the release years later says what was true then. NULL before 0004.
    card: Mapped[str | None] = mapped_column(Text)


class LabelRow(Base):
    """One label of the project's schema (entity or segment), seeded from labels.toml."""

    __tablename__ = "labels"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # "entity" or "segment"
    key: Mapped[str | None] = mapped_column(String(10))
    colour: Mapped[str] = mapped_column(String(9))
    zh: Mapped[str] = mapped_column(String(80))
    en: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProjectSettingRow(Base):
    """One project-wide setting (the blind share, the suggestion layer …) as text by key."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(80), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SuggestionReviewRow(Base):
    """An annotator's rejection of one assistant suggestion, by the suggestion's value span.

    The span, not the suggestion's id, identifies it: ids are renumbered when the assistant is
    run again, while the text (and so a span) never changes.
    """

    __tablename__ = "suggestion_reviews"
    __table_args__ = (UniqueConstraint("document_id", "annotator", "start", "end"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    annotator: Mapped[str] = mapped_column(String(80), index=True)
    suggestion_key: Mapped[str] = mapped_column(String(40))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(String(20), default="rejected")
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

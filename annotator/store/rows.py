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

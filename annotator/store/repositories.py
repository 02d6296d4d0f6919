"""The store's repositories and tables under their historical import path (re-exports only)."""

from annotator.store.annotation_repository import AnnotationRepository, StoredEntity
from annotator.store.document_repository import DocumentRepository, DocumentSummary
from annotator.store.layer_repository import LayerRepository
from annotator.store.rows import (
    documents_t,
    entities_t,
    fields_t,
    layers_t,
    metrics_t,
    segments_t,
    states_t,
)

__all__ = [
    "AnnotationRepository",
    "DocumentRepository",
    "DocumentSummary",
    "LayerRepository",
    "StoredEntity",
    "documents_t",
    "entities_t",
    "fields_t",
    "layers_t",
    "metrics_t",
    "segments_t",
    "states_t",
]

"""Corpus statistics: documents, characters, annotations per layer, statuses, provenance."""

from __future__ import annotations

from typing import Any

from annotator.services.entity_suggesting import recommender_stats
from annotator.services.suggesting import assistant_stats
from annotator.store.database import Database


def corpus_stats(database: Database) -> dict[str, Any]:
    """The figures of `annotator stats` (JSON keys: documents, characters, layers, status, …)."""
    with database.uow() as uow:
        layers = uow.statistics.layer_counts()
        provenance = uow.statistics.provenance_counts()
        result: dict[str, Any] = {
            "documents": uow.documents.count(),
            "characters": uow.documents.total_chars(),
            "layers": layers,
            "status": uow.statistics.status_counts(),
            "provenance": {name: provenance.get(name, {}) for name in layers},
        }
    result["assistant"] = assistant_stats(database)
    result["recommenders"] = recommender_stats(database)
    return result

"""Counts over the whole store: documents, characters, annotations per layer, statuses."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, func, select

from annotator.store.rows import documents_t, entities_t, layers_t, metrics_t, segments_t, states_t


class StatisticsRepository:
    """Aggregate queries for `annotator stats` and the status bar."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def layer_counts(self) -> dict[str, dict[str, Any]]:
        """{layer: {"entities", "entities_by_label", "metrics", "segments"}} for every layer."""
        layers = dict(self._c.execute(select(layers_t.c.id, layers_t.c.name)).all())
        result: dict[str, dict[str, Any]] = {
            name: {"entities": 0, "entities_by_label": {}, "metrics": 0, "segments": 0}
            for name in layers.values()
        }
        by_label = self._c.execute(
            select(entities_t.c.layer_id, entities_t.c.label, func.count()).group_by(
                entities_t.c.layer_id, entities_t.c.label
            )
        ).all()
        for layer_id, label, count in by_label:
            entry = result[layers[layer_id]]
            entry["entities_by_label"][label] = count
            entry["entities"] += count
        for table, key in ((metrics_t, "metrics"), (segments_t, "segments")):
            for layer_id, count in self._c.execute(
                select(table.c.layer_id, func.count()).group_by(table.c.layer_id)
            ):
                result[layers[layer_id]][key] = count
        for entry in result.values():
            entry["entities_by_label"] = dict(sorted(entry["entities_by_label"].items()))
        return dict(sorted(result.items()))

    def status_counts(self) -> dict[str, dict[str, int]]:
        """{layer: {status: documents}}; documents a layer never touched count as new."""
        total = self._c.execute(select(func.count()).select_from(documents_t)).scalar_one()
        layers = dict(self._c.execute(select(layers_t.c.id, layers_t.c.name)).all())
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for layer_id, status, count in self._c.execute(
            select(states_t.c.layer_id, states_t.c.status, func.count()).group_by(
                states_t.c.layer_id, states_t.c.status
            )
        ):
            counts[layers[layer_id]][status] = count
        result: dict[str, dict[str, int]] = {}
        for name in sorted(layers.values()):
            entry = {s: counts[name].get(s, 0) for s in ("new", "in_progress", "done", "skipped")}
            entry["new"] += total - sum(counts[name].values())
            result[name] = entry
        return result

    def provenance_counts(self) -> dict[str, dict[str, int]]:
        """{layer: {provenance kind: metrics}}."""
        layers = dict(self._c.execute(select(layers_t.c.id, layers_t.c.name)).all())
        result: dict[str, dict[str, int]] = defaultdict(dict)
        for layer_id, kind, count in self._c.execute(
            select(metrics_t.c.layer_id, metrics_t.c.provenance_kind, func.count()).group_by(
                metrics_t.c.layer_id, metrics_t.c.provenance_kind
            )
        ):
            result[layers[layer_id]][kind] = count
        return dict(result)

"""Decisions on whole curation items: take one annotator's version, reject them all, reopen.

Each is one `services.editing.Decided` command: a gold change (none for a rejection where gold
holds nothing) applied with its log entry in one transaction; the item key names the item in
the log, so a rejection is read back from it.
"""

from __future__ import annotations

from annotator.domain.errors import InputError
from annotator.services import curation, editing
from annotator.services.curation_items import REJECT, REOPEN, EntityItem, Item
from annotator.services.permissions import Actor
from annotator.store.database import Database


def take_version(
    database: Database, actor: Actor, doc_id: str, item: Item, layer: str, reason: str = ""
) -> editing.Applied:
    """Make gold hold `layer`'s version of the item, replacing what gold has there (its key,
    and so the links to it, are kept)."""
    if layer not in item.versions:
        raise InputError(f"{layer} has nothing for this item")
    if isinstance(item, EntityItem):
        version = item.versions[layer]
        if item.gold is None:
            cmd: editing.Command = editing.AddEntity(
                doc_id, curation.GOLD, version.label, version.start, version.end
            )
        else:
            cmd = editing.UpdateEntity(
                doc_id, curation.GOLD, item.gold.id, version.label, version.start, version.end
            )
        return curation.apply_decision(
            database, actor, cmd, "entity", "take", (layer,), reason, item_key=item.key
        )
    metric = item.versions[layer]
    if item.gold is None:
        return curation.take_metric(database, actor, doc_id, layer, metric.id, reason)
    return curation.replace_metric(database, actor, doc_id, item.gold.id, layer, metric.id, reason)


def reject(
    database: Database, actor: Actor, doc_id: str, item: Item, reason: str = ""
) -> editing.Applied:
    """Turn down every version of the item: gold keeps nothing there. Removes what gold holds
    for it; with nothing in gold, only the log records it (undone, the log records a reopen)."""
    kind = "entity" if isinstance(item, EntityItem) else "metric"
    sources = tuple(item.versions)
    if item.gold is not None:
        cmd: editing.Command = (
            editing.DeleteEntity(doc_id, curation.GOLD, item.gold.id)
            if isinstance(item, EntityItem)
            else editing.DeleteMetric(doc_id, curation.GOLD, item.gold.id)
        )
        return curation.apply_decision(
            database, actor, cmd, kind, REJECT, sources, reason, item_key=item.key
        )
    decided = editing.Decided(
        doc_id,
        editing.Decision(kind, REJECT, item.key, sources, reason),
        reverse=editing.Decision(kind, REOPEN, item.key),
    )
    return editing.apply(decided, database.uow, actor)


def reopen(
    database: Database, actor: Actor, doc_id: str, item_kind: str, item_key: str, reason: str = ""
) -> editing.Applied:
    """Take back a rejection that changed nothing in gold (logged)."""
    decided = editing.Decided(
        doc_id,
        editing.Decision(item_kind, REOPEN, item_key, (), reason),
        reverse=editing.Decision(item_kind, REJECT, item_key),
    )
    return editing.apply(decided, database.uow, actor)

"""Entities as (start, end, label) keys, and gold keys indexed by where a prediction can overlap."""

from __future__ import annotations

from bisect import bisect_left

from annotator.domain.entities import Entity

# (start, end, label): an entity as the entity schemes see it; sorting keys puts them in text order.
EntityKey = tuple[int, int, str]


def entity_key(entity: Entity) -> EntityKey:
    """The entity's (start, end, label)."""
    return entity.start, entity.end, entity.label


class GoldIndex:
    """Gold keys in text order, with the window of those a prediction can overlap."""

    __slots__ = ("keys", "starts", "longest")

    def __init__(self, keys: list[EntityKey]) -> None:
        self.keys = keys
        self.starts = [k[0] for k in keys]
        self.longest = max((k[1] - k[0] for k in keys), default=0)

    def window(self, pred: EntityKey) -> range:
        # Only gold spans starting before the prediction ends and ending after it starts can
        # overlap it; taking them in list order keeps nervaluate's first-found rule. The others
        # change nothing, so a short list is simply walked whole.
        if len(self.starts) <= 8:
            return range(len(self.starts))
        low = bisect_left(self.starts, pred[0] - self.longest + 1)
        high = bisect_left(self.starts, pred[1])
        return range(low, high)

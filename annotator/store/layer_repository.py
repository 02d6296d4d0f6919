"""Layers by name, created on first use with the guideline version they are made under."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select

from annotator.domain.layers import Layer
from annotator.store.rows import utcnow
from annotator.store.tables import layers_t


class LayerRepository:
    """Layers by name, created on first use with the guideline version they are made under."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection
        self._ids: dict[str, int] = {}

    def find(self, layer: Layer | str) -> int | None:
        name = str(layer)
        if name in self._ids:
            return self._ids[name]
        found = self._c.execute(select(layers_t.c.id).where(layers_t.c.name == name)
                                ).scalar_one_or_none()
        if found is not None:
            self._ids[name] = found
        return found

    def get_or_create(self, layer: Layer, guideline_version: str = "") -> int:
        found = self.find(layer)
        if found is not None:
            return found
        pk = self._c.execute(
            insert(layers_t).values(name=layer.name, kind=layer.kind.value,
                                    guideline_version=guideline_version, created_at=utcnow())
            .returning(layers_t.c.id)
        ).scalar_one()
        self._ids[layer.name] = pk
        return pk

    def names(self) -> list[str]:
        return list(self._c.execute(select(layers_t.c.name).order_by(layers_t.c.name)).scalars())

    def guideline_version(self, layer: Layer | str) -> str | None:
        return self._c.execute(select(layers_t.c.guideline_version)
                               .where(layers_t.c.name == str(layer))).scalar_one_or_none()

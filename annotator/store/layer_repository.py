"""Layers by name, created on first use with the guideline version they are made under."""

from __future__ import annotations

from sqlalchemy import Connection, func, insert, select

from annotator.domain.layers import Layer
from annotator.store.rows import layers_t, utcnow


class LayerRepository:
    """Layers by name, created on first use with the guideline version they are made under."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection
        self._ids: dict[str, int] = {}
        # On PostgreSQL the server says whether the login may read or write a layer (migration
        # 0005): a refusal names the right needed, where the row policies alone would answer
        # with nothing.
        self._server_checks = connection.dialect.name == "postgresql"
        self._writable: set[str] = set()

    def _check(self, name: str, writing: bool) -> None:
        if self._server_checks:
            self._c.execute(select(func.annotator_check_layer(name, writing)))

    def find(self, layer: Layer | str) -> int | None:
        name = str(layer)
        if name in self._ids:
            return self._ids[name]
        self._check(name, writing=False)
        found = self._c.execute(
            select(layers_t.c.id).where(layers_t.c.name == name)
        ).scalar_one_or_none()
        if found is not None:
            self._ids[name] = found
        return found

    def get_or_create(self, layer: Layer, guideline_version: str = "") -> int:
        """The layer's id, made if missing; only for writing it."""
        if layer.name not in self._writable:
            self._check(layer.name, writing=True)
            self._writable.add(layer.name)
        found = self.find(layer)
        if found is not None:
            return found
        pk = self._c.execute(
            insert(layers_t)
            .values(
                name=layer.name,
                kind=layer.kind.value,
                guideline_version=guideline_version,
                created_at=utcnow(),
            )
            .returning(layers_t.c.id)
        ).scalar_one()
        self._ids[layer.name] = pk
        return pk

    def names(self) -> list[str]:
        return list(self._c.execute(select(layers_t.c.name).order_by(layers_t.c.name)).scalars())

    def guideline_version(self, layer: Layer | str) -> str | None:
        return self._c.execute(
            select(layers_t.c.guideline_version).where(layers_t.c.name == str(layer))
        ).scalar_one_or_none()

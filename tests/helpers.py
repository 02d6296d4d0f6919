"""Small helpers for tests: import a text, read a layer back through a fresh unit of work."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from alembic import command

from annotator.domain.entities import Entity
from annotator.domain.metrics import Metric
from annotator.domain.segments import Segment
from annotator.services.importing import import_paths
from annotator.store.database import Database
from annotator.store.engine import make_engine
from annotator.store.schema_version import alembic_config


def import_text(database: Database, tmp_path: Path, text: str, name: str = "doc") -> str:
    """Import `text` as a UTF-8 file named `name`.txt; return its doc_id."""
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    import_paths(database, [path])
    return name


# Place names and sentences the recommender tests learn from; 韶山, last, is held out.
PLACES = [
    "浏阳",
    "长沙",
    "株洲",
    "湘潭",
    "衡阳",
    "岳阳",
    "常德",
    "益阳",
    "郴州",
    "永州",
    "怀化",
    "娄底",
    "邵阳",
    "宁乡",
    "醴陵",
    "韶山",
]
PLACE_PATTERNS = ["{p}市住建局发布通知。", "今年{p}市新增停车位。", "记者从{p}市获悉，项目完工。"]


def import_place_gold(
    database: Database, tmp_path: Path, sentences: Iterable[tuple[str, str]]
) -> None:
    """One gold document per (text, place) pair: the place's name and the 市 after it tagged
    PLACE (浏阳市 in 今年浏阳市新增停车位。)."""
    records = []
    for n, (text, place) in enumerate(sentences):
        start = text.index(place)
        entity = {"id": "e1", "label": "PLACE", "start": start, "end": start + len(place) + 1}
        records.append(
            {
                "doc_id": f"g{n}",
                "text": text,
                "layer": "gold",
                "entities": [{**entity, "text": place + "市"}],
            }
        )
    path = tmp_path / "place-gold.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    import_paths(database, [path])


def entities(database: Database, doc_id: str, layer: str) -> list[Entity]:
    with database.uow() as uow:
        layer_id = uow.layers.find(layer)
        if layer_id is None:
            return []
        return uow.annotations.entities(uow.documents.pk(doc_id), layer_id)


def metrics(database: Database, doc_id: str, layer: str) -> list[Metric]:
    with database.uow() as uow:
        layer_id = uow.layers.find(layer)
        if layer_id is None:
            return []
        return uow.annotations.metrics(uow.documents.pk(doc_id), layer_id)


def segments(database: Database, doc_id: str, layer: str) -> list[Segment]:
    with database.uow() as uow:
        layer_id = uow.layers.find(layer)
        if layer_id is None:
            return []
        return uow.annotations.segments(uow.documents.pk(doc_id), layer_id)


def snapshot(database: Database) -> dict[str, list]:
    """Every row of every table, to prove that a failed command changed nothing."""
    from sqlalchemy import MetaData, select

    engine = database.engine
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return {
            name: [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key))]
            for name, table in sorted(meta.tables.items())
        }


def run_alembic(db_url: str, action: str, revision: str) -> None:
    """`alembic upgrade|downgrade REVISION` on a database, as `annotator db upgrade` runs it."""
    engine = make_engine(db_url)
    config = alembic_config(engine)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, action)(config, revision)
    finally:
        engine.dispose()


def as_schema_2(record: dict) -> dict:
    """A JSONL record of schema 1 as this version writes it: schema 2, every entity manual
    (what an entity without provenance means)."""
    entities = [
        {**e, "provenance": e.get("provenance", {"kind": "manual"})} for e in record["entities"]
    ]
    return {**record, "schema_version": 2, "entities": entities}

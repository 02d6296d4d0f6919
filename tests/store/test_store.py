"""The store: every metric field survives a round trip; WAL and foreign keys are on; new keys
follow imported ones."""

import pytest
from sqlalchemy import text

from annotator.domain.entities import Entity
from annotator.domain.errors import ValidationError
from annotator.domain.layers import Layer
from annotator.domain.metrics import (
    Approx,
    Aspect,
    Field,
    Metric,
    Provenance,
    ProvenanceKind,
    Status,
)
from annotator.services import editing
from annotator.services.importing import import_paths
from annotator.services.permissions import Actor
from annotator.store.engine import make_engine

TEXT = "2022—2023年,浏阳市住建局在“民生100”中新增约30-50个停车位,较上年多3.5%。"


def test_every_field_of_a_metric_round_trips(database, tmp_path):
    path = tmp_path / "d.txt"
    path.write_text(TEXT, encoding="utf-8")
    import_paths(database, [path])
    place, org, program = (
        Entity("e1", "PLACE", 11, 14, "浏阳市"),
        Entity("e2", "ORG", 11, 17, "浏阳市住建局"),
        Entity("e3", "PROGRAM", 19, 24, "民生100"),
    )
    assert all(TEXT[e.start : e.end] == e.text for e in (place, org, program))
    metric = Metric(
        id="m1",
        indicator=Field(35, 38, "停车位"),
        value=Field(29, 31, "30", number=30),
        value_high=Field(32, 34, "50", number=50.0),
        unit=Field(34, 35, "个", normalized="个"),
        approx=Approx.RANGE,
        status=Status.ACHIEVED,
        aspect=Aspect.INCREASE,
        period=Field(0, 10, "2022—2023年", normalized="2022/2023"),
        place="e1",
        org="e2",
        subject="e3",
        evidence=Field(0, len(TEXT), TEXT),
        duplicate_of=None,
        note="区间,单位“个”。<b>",
        provenance=Provenance(ProvenanceKind.SUGGESTED_EDITED, "assistant"),
    )
    implicit = Metric(
        "m2",
        value=Field(43, 46, "3.5", number=3.5),
        unit=Field(normalized="%", implicit=True),
        period=Field(normalized="2023", implicit=True),
        duplicate_of="m1",
    )
    with database.uow() as uow:
        pk = uow.documents.pk("d")
        layer_id = uow.layers.get_or_create(Layer.parse("gold"))
        for entity in (place, org, program):
            uow.annotations.add_entity(pk, layer_id, entity, "zhao")
        uow.annotations.add_metric(pk, layer_id, metric, "zhao")
        uow.annotations.add_metric(pk, layer_id, implicit, "zhao")
        uow.commit()
    with database.uow() as uow:
        stored = uow.annotations.metrics(uow.documents.pk("d"), uow.layers.find("gold"))
    assert stored == [metric.with_changes(value_high=Field(32, 34, "50", number=50)), implicit]
    assert isinstance(stored[0].value_high.number, int)


def test_sqlite_runs_with_wal_and_foreign_keys(sqlite_url):
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_a_new_entity_after_imported_ids_gets_the_next_free_number_and_a_duplicate_is_refused(
    database, tmp_path
):
    # Imported files bring their own ids: numbers with leading zeros, ids that are not e<n>.
    path = tmp_path / "d.txt"
    path.write_text(TEXT, encoding="utf-8")
    import_paths(database, [path])
    imported = [
        Entity("e9", "PLACE", 11, 14, "浏阳市"),
        Entity("e0012", "ORG", 11, 17, "浏阳市住建局"),
        Entity("eX", "PROGRAM", 19, 24, "民生100"),
        Entity("T99", "PROGRAM", 20, 24, "生100"),
    ]
    with database.uow() as uow:
        layer_id = uow.layers.get_or_create(Layer.parse("annotator:li"))
        for entity in imported:
            uow.annotations.add_entity(uow.documents.pk("d"), layer_id, entity, "li")
        uow.commit()

    added = editing.apply(
        editing.AddEntity("d", "annotator:li", "DATE", 0, 10), database.uow, Actor("li")
    )
    assert added.key == "e13"
    with pytest.raises(ValidationError, match="already tagged here"):
        editing.apply(
            editing.AddEntity("d", "annotator:li", "PLACE", 11, 14), database.uow, Actor("li")
        )
    relabelled = editing.apply(
        editing.AddEntity("d", "annotator:li", "ORG", 11, 14), database.uow, Actor("li")
    )
    assert relabelled.key == "e14"

"""Item models of the window: Qt's model tester, paging, filters, and counts without texts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.domain.entities import Entity
from annotator.domain.errors import ValidationError
from annotator.domain.metrics import Field, Metric
from annotator.gui.models.annotation_tables import EntityTableModel, MetricTableModel
from annotator.gui.models.document_list import DOC_ID_ROLE, DocumentListModel
from annotator.schema.labels import default_label_schema
from annotator.services import editing
from annotator.services.importing import import_paths
from annotator.services.permissions import Actor
from tests.helpers import import_text

pytestmark = pytest.mark.gui
LAYER = "annotator:li"


@pytest.fixture
def corpus(database, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(12):
        (folder / f"d{n:02}.txt").write_text(
            f"第{n}篇 浏阳市{'停车位' if n % 3 == 0 else ''}。", encoding="utf-8"
        )
    import_paths(database, [folder])
    editing.apply(editing.AddEntity("d00", LAYER, "PLACE", 4, 7), database.uow, Actor("li"))
    return database


def _all_rows(model: DocumentListModel) -> list[str]:
    while model.canFetchMore():
        model.fetchMore()
    return [model.index(row, 0).data(DOC_ID_ROLE) for row in range(model.rowCount())]


def test_document_list_pages_through_every_document(corpus, qtmodeltester):
    model = DocumentListModel(corpus, LAYER)
    model.PAGE = 5
    qtmodeltester.check(model)

    assert _all_rows(model) == [f"d{n:02}" for n in range(12)]
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in (1, 2, 3)] == ["in progress", 1, 0]


def test_document_list_filters_by_status_and_search(corpus, qtmodeltester):
    model = DocumentListModel(corpus, LAYER)
    model.set_filter("in_progress", None)
    assert _all_rows(model) == ["d00"]
    model.set_filter(None, "停车位")
    assert _all_rows(model) == ["d00", "d03", "d06", "d09"]
    model.set_filter("new", "停车位")
    assert _all_rows(model) == ["d03", "d06", "d09"]
    qtmodeltester.check(model)


def test_entity_and_metric_tables_pass_the_model_tester(database, tmp_path, qtmodeltester):
    doc = import_text(database, tmp_path, "浏阳市新增14000个停车位。")
    entity_model = EntityTableModel(default_label_schema())
    entity_model.set_entities((Entity("e1", "PLACE", 0, 3, "浏阳市"),))
    qtmodeltester.check(entity_model)
    metric_model = MetricTableModel()
    metric = Metric("m1", value=Field(5, 10, "14000", number=14000))
    metric_model.set_metrics((metric,), {"m1": (ValidationError("indicator", "is required"),)})
    qtmodeltester.check(metric_model)

    assert metric_model.index(0, 1).data() == "14000"
    assert metric_model.index(0, 3).data() == "✗ 1"
    assert "indicator: is required" in metric_model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert doc

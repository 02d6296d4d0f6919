"""The agreement view shows the service's figures per pair and draws a bar per label."""

from __future__ import annotations

import pytest

from annotator.gui.widgets.agreement_view import AgreementWidget
from annotator.services import editing
from annotator.services.permissions import Actor
from tests.helpers import import_text

pytestmark = pytest.mark.gui
TEXT = "浏阳市住建局新增14000个停车位。"


@pytest.fixture
def two_annotators(store, tmp_path):
    doc = import_text(store, tmp_path, TEXT)
    for name, label, end in (("li", "PLACE", 3), ("li", "ORG", 6), ("wang", "PLACE", 3)):
        editing.apply(
            editing.AddEntity(doc, f"annotator:{name}", label, 0, end), store.uow, Actor(name)
        )
    return doc


@pytest.fixture
def widget(qtbot, store, two_annotators):
    view = AgreementWidget(store, Actor("zhang"))
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.report is not None)  # computed off the GUI thread
    return view


def test_table_shows_each_pair_and_chart_draws_each_label(widget):
    widget.resize(600, 400)
    widget.show()
    cells = [widget.table.item(0, c).text() for c in range(widget.table.columnCount())]
    # li: PLACE 0-3, ORG 0-6; wang: PLACE 0-3 → exact F1 = 2·1 / (2 + 1)
    assert cells[:5] == ["annotator:li", "annotator:wang", "1", "0.667", "0.667"]
    assert widget.chart.bars() == [("ORG", 0.0, 0.0), ("PLACE", 1.0, 1.0)]
    assert "over 1 documents" in widget.alpha_label.text()
    assert [widget.documents_table.item(0, c).text() for c in range(2)] == ["doc", "0.667"]
    assert widget.refresh_button.isEnabled()
    assert not widget.grab().isNull()  # paints the chart without error


def test_done_only_leaves_out_documents_in_progress(qtbot, widget):
    with qtbot.waitSignal(widget.report_ready):
        widget.done_only.setChecked(True)
    assert widget.table.item(0, 2).text() == "0"
    assert widget.table.item(0, 3).text() == "–"
    assert widget.chart.bars() == []
    assert widget.documents_table.rowCount() == 0


def test_details_give_numbers_per_label_field_and_confusion_named_by_annotator(widget):
    widget.resize(900, 600)
    widget.show()
    table = widget.labels_table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[3:] == ["Entities of li", "Entities of wang"]
    rows = {
        table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, 5)]
        for r in range(table.rowCount())
    }
    assert rows == {"ORG": ["0.000", "0.000", "1", "0"], "PLACE": ["1.000", "1.000", "1", "1"]}
    confusion = widget.confusion_table
    assert confusion.verticalHeaderItem(0).text().startswith("li: ")
    cells = {
        (
            confusion.verticalHeaderItem(r).text(),
            confusion.horizontalHeaderItem(c).text(),
        ): confusion.item(r, c).text()
        for r in range(confusion.rowCount())
        for c in range(confusion.columnCount())
    }
    assert cells[("li: ORG", "wang: O")] == "3"  # 住建局: ORG for li, nothing for wang
    assert widget.fields_table.rowCount() > 0


def test_double_click_on_a_pair_or_document_opens_curation_there(
    qtbot, open_window, store, two_annotators
):
    from PySide6.QtCore import Qt

    from annotator.services.roles import add_curator

    add_curator(store, "zhang", acting="zhang")
    window = open_window("zhang")
    agreement = window.team.open_agreement().findChild(AgreementWidget)
    qtbot.waitUntil(lambda: agreement.report is not None)
    table = agreement.documents_table
    agreement.details.setCurrentWidget(table)
    rect = table.visualItemRect(table.item(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.team.curation is not None
    assert window.team.curation.doc_id == two_annotators
    assert window.team.curation.current_item is not None  # on its first disagreement

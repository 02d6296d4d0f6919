"""The curation window: items drawn in the text, decided by key (one key for the common case),
every decision saved at once into gold, logged, and undone through the undo stack."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.domain.metrics import Field, Metric
from annotator.domain.status import DocumentStatus
from annotator.gui.curation.item_model import DECIDED_TEXT, ItemRole
from annotator.gui.curation.presenting import annotator_colour
from annotator.gui.curation.session import CurationSession
from annotator.gui.curation.version_model import DIFFERS, VersionRole
from annotator.gui.curation.widget import CurationWidget
from annotator.gui.plain import plain_tooltip
from annotator.services import curation, editing
from annotator.services.curation_items import ItemState
from annotator.services.documents import load_document
from annotator.services.permissions import Actor
from annotator.services.roles import actor_for, add_curator
from tests.helpers import entities, import_text, metrics

pytestmark = pytest.mark.gui
TEXT = "浏阳市住建局推进全BA项目，长沙市新增高标准农田20.26万亩。<b>"
LI, WANG = Actor("li"), Actor("wang")
BA, CS, AREA = TEXT.index("全BA"), TEXT.index("长沙市"), TEXT.index("20.26")


@pytest.fixture
def widget(qtbot, store, tmp_path):
    doc = import_text(store, tmp_path, TEXT)
    add_curator(store, "zhang", acting="zhang")
    li, wang = "annotator:li", "annotator:wang"

    def run(actor, cmd):
        editing.apply(cmd, store.uow, actor)

    run(LI, editing.AddEntity(doc, li, "ORG", 0, 6))  # 浏阳市住建局
    run(WANG, editing.AddEntity(doc, wang, "ORG", 3, 6))  # 住建局
    run(WANG, editing.AddEntity(doc, wang, "PLACE", 0, 3))  # 浏阳市, only wang
    run(LI, editing.AddEntity(doc, li, "PROGRAM", BA, BA + 3))
    run(WANG, editing.AddEntity(doc, wang, "PROJECT", BA, BA + 3))
    for actor, layer in ((LI, li), (WANG, wang)):
        run(actor, editing.AddEntity(doc, layer, "PLACE", CS, CS + 3))  # unanimous
    run(
        LI,
        editing.SaveMetric(
            doc,
            li,
            Metric(
                "",
                value=Field(AREA, AREA + 6, "20.26万", number=202600),
                unit=Field(AREA + 6, AREA + 7, "亩", normalized="亩"),
                place="e3",
            ),
        ),
    )
    run(
        WANG,
        editing.SaveMetric(
            doc,
            wang,
            Metric(
                "",
                value=Field(AREA, AREA + 5, "20.26", number=20.26),
                unit=Field(AREA + 5, AREA + 7, "万亩", normalized="万亩"),
                place="e4",
            ),
        ),
    )
    view = CurationWidget(CurationSession(store, actor_for(store, "zhang")))
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    qtbot.waitExposed(view)
    return view


def _key(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(widget.text_view, key, modifier)


def _gold(store, doc):
    return sorted((e.label, e.text) for e in entities(store, doc, "gold"))


def _kinds(widget):
    return [(TEXT[i.start : i.end], i.kind.value, i.state.value) for i in widget.ordered]


def test_items_are_drawn_in_the_text_and_selecting_one_scrolls_to_and_marks_it(qtbot, widget):
    assert widget.text_view.toPlainText() == TEXT  # "<b>" is text, not markup
    assert _kinds(widget) == [
        ("浏阳市", "missing", "open"),
        ("浏阳市住建局", "boundary", "open"),
        ("全BA", "label", "open"),
        ("长沙市", "agreed", "open"),
        ("20.26万", "fields", "open"),
    ]
    # Each annotator's spans in their colour, on their own line under the text.
    bars = {(b.start, b.end, b.colour, b.level) for b in widget.text_view.bars()}
    assert (0, 6, annotator_colour(0), 0) in bars and (3, 6, annotator_colour(1), 1) in bars
    assert widget.text_view.current == (0, 3)  # the first open item is current
    table = widget.item_list.table
    rect = table.visualRect(table.model().index(2, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert widget.current == 2 and widget.text_view.current == (BA, BA + 3)
    # A click on an annotator's span in the text makes its item current.
    cursor = QTextCursor(widget.text_view.document())
    cursor.setPosition(CS + 1)
    point = widget.text_view.cursorRect(cursor).center()
    qtbot.mouseClick(widget.text_view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert widget.current_item.start == CS
    versions = widget.versions.table.model()
    assert [versions.index(r, 1).data() for r in range(2)] == [f"PLACE 长沙市 [{CS}–{CS + 3}]"] * 2


def test_each_decision_is_one_key_and_the_next_open_item_follows(qtbot, widget, store):
    doc = widget.doc_id
    _key(qtbot, widget, Qt.Key.Key_2)  # 浏阳市: wang's PLACE
    _key(qtbot, widget, Qt.Key.Key_2)  # boundary: wang's 住建局
    _key(qtbot, widget, Qt.Key.Key_1)  # label: li's PROGRAM
    assert _gold(store, doc) == [("ORG", "住建局"), ("PLACE", "浏阳市"), ("PROGRAM", "全BA")]
    _key(qtbot, widget, Qt.Key.Key_A)  # the unanimous 长沙市
    assert "Accepted 1 unanimous item" in widget.message.text()
    assert ("PLACE", "长沙市") in _gold(store, doc)
    # The metric: the value from li, then the unit from wang, field by field.
    assert (
        widget.current_item.key.startswith("metric") and widget.versions.current_field() == "value"
    )
    _key(qtbot, widget, Qt.Key.Key_1)
    assert widget.versions.current_field() == "unit"
    _key(qtbot, widget, Qt.Key.Key_2)
    [gold_metric] = metrics(store, doc, "gold")
    assert (gold_metric.number, gold_metric.unit.normalized) == (202600, "万亩")
    assert [i.state for i in widget.ordered] == [ItemState.TAKEN] * 5
    assert "No open items left" in widget.message.text()
    _key(qtbot, widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert metrics(store, doc, "gold")[0].unit.normalized == "亩"
    assert widget.message.text().startswith("Undone: Unit from wang")
    _key(
        qtbot,
        widget,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert metrics(store, doc, "gold")[0].unit.normalized == "万亩"
    decisions = [d.decision for d in curation.decisions(store, doc)]
    assert decisions[-2:] == ["undo", "redo"] and decisions.count("take") == 4


def test_x_rejects_with_its_reason_recorded_and_undo_reopens(qtbot, widget, store):
    doc = widget.doc_id
    widget.reason.setText("浏阳市 is part of the organisation's name")
    _key(qtbot, widget, Qt.Key.Key_X)
    assert _kinds(widget)[0][2] == "rejected" and widget.current == 1
    assert entities(store, doc, "gold") == []
    [logged] = curation.decisions(store, doc)
    assert (logged.decision, logged.reason) == (
        "reject",
        "浏阳市 is part of the organisation's name",
    )
    _key(qtbot, widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _kinds(widget)[0][2] == "open"
    assert [d.decision for d in curation.decisions(store, doc)] == ["reject", "reopen"]
    _key(
        qtbot,
        widget,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert _kinds(widget)[0][2] == "rejected"
    assert [(d.decision, d.reason, d.source_layers) for d in curation.decisions(store, doc)] == [
        ("reject", "浏阳市 is part of the organisation's name", ("annotator:wang",)),
        ("reopen", "", ()),
        ("reject", "浏阳市 is part of the organisation's name", ("annotator:wang",)),
    ]
    # A rejection of what gold holds removes it from gold.
    widget.select_item(1)
    _key(qtbot, widget, Qt.Key.Key_1)
    widget.select_item(1)
    _key(qtbot, widget, Qt.Key.Key_X)
    assert entities(store, doc, "gold") == [] and _kinds(widget)[1][2] == "rejected"


def test_label_key_relabels_the_gold_span_and_n_moves_between_open_items(qtbot, widget, store):
    doc = widget.doc_id
    _key(qtbot, widget, Qt.Key.Key_N)
    _key(qtbot, widget, Qt.Key.Key_N)
    assert widget.current_item.start == BA
    _key(qtbot, widget, Qt.Key.Key_D)  # neither: it is a DOCUMENT, by the label key
    assert _gold(store, doc) == [("DOCUMENT", "全BA")]
    assert _kinds(widget)[2][2] == "edited"
    widget.select_item(2)
    _key(qtbot, widget, Qt.Key.Key_G)  # relabel the gold span
    assert _gold(store, doc) == [("PROGRAM", "全BA")] and _kinds(widget)[2][2] == "taken"
    _key(qtbot, widget, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert widget.current_item.start == 0 and widget.current_item.end == 6


def test_document_list_and_status_bar_count_what_is_left(qtbot, widget, store):
    assert widget.documents.currentText() == "doc — gold new — 5 open"
    assert (
        "Gold done: 0 of 1 documents · open items: 5 here, 5 in all" in widget.progress_label.text()
    )
    _key(qtbot, widget, Qt.Key.Key_2)
    assert widget.documents.currentText() == "doc — gold in progress — 4 open"
    model = widget.item_list.table.model()
    assert model.index(0, 0).data() == "✓ taken"
    foreground = Qt.ItemDataRole.ForegroundRole
    assert model.index(0, 0).data(foreground).color() == DECIDED_TEXT  # greyed once decided
    assert model.index(1, 0).data(foreground) is None  # the table's own text colour


def test_marking_gold_done_with_open_items_asks_first(qtbot, widget, store):
    def answer(button):
        def press():
            box = QApplication.activeModalWidget()
            assert isinstance(box, QMessageBox) and "4 items are still open" in box.text()
            box.button(button).click()

        QTimer.singleShot(0, press)

    _key(qtbot, widget, Qt.Key.Key_2)
    answer(QMessageBox.StandardButton.No)
    assert not widget.set_gold_status(DocumentStatus.DONE)
    assert load_document(store, widget.doc_id, "gold").status is not DocumentStatus.DONE
    answer(QMessageBox.StandardButton.Yes)
    assert widget.set_gold_status(DocumentStatus.DONE)
    assert load_document(store, widget.doc_id, "gold").status is DocumentStatus.DONE
    assert "Gold done: 1 of 1" in widget.progress_label.text()


def test_metric_fields_are_named_in_words_and_links_by_text_and_span(qtbot, widget):
    widget.select_item(4)
    table = widget.versions.table.model()
    rows = {
        table.index(r, 0).data(): [table.index(r, c).data() for c in (1, 2)]
        for r in range(table.rowCount())
    }
    assert rows["Place"] == [f"长沙市 [{CS}–{CS + 3}]"] * 2
    assert rows["Unit"] == [f"亩 [{AREA + 6}–{AREA + 7}]", f"万亩 [{AREA + 5}–{AREA + 7}]"]
    assert "Duplicate of" in rows and "duplicate_of" not in rows
    assert all(
        table.index(r, c).data(Qt.ItemDataRole.ToolTipRole)
        for r in range(table.rowCount())
        for c in range(table.columnCount())
        if table.index(r, c).data()
    )


def test_item_and_version_models_hold_typed_items_and_pass_the_model_tester(
    qtbot, widget, qtmodeltester
):
    items = widget.item_list.model
    qtmodeltester.check(items)
    assert [items.item_at(row) for row in range(items.rowCount())] == widget.ordered
    assert items.index(2, 1).data(ItemRole.ITEM) is widget.ordered[2]
    assert items.index(2, 0).data(ItemRole.KEY) == widget.ordered[2].key
    cell = items.index(2, 2)
    assert cell.data() == f"全BA [{BA}–{BA + 3}]"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == plain_tooltip(cell.data())
    versions = widget.versions.model
    widget.select_item(2)  # an entity: one row per annotator, then gold
    qtmodeltester.check(versions)
    assert [versions.index(r, 1).data(VersionRole.LAYER) for r in range(3)] == [
        "annotator:li",
        "annotator:wang",
        "gold",
    ]
    assert versions.fields == [] and versions.index(0, 1).data(VersionRole.FIELD) is None
    widget.select_item(4)  # a metric: one row per field, a column per annotator and gold
    qtmodeltester.check(versions)
    assert (
        versions.fields[:2]
        == ["value", "unit"]
        == [versions.index(r, 0).data(VersionRole.FIELD) for r in range(2)]
    )
    assert [versions.index(0, c).data(VersionRole.LAYER) for c in range(4)] == [
        None,
        "annotator:li",
        "annotator:wang",
        "gold",
    ]
    assert versions.index(0, 2).data(Qt.ItemDataRole.BackgroundRole).color() == DIFFERS
    widget.select_item(None)
    qtmodeltester.check(versions)
    assert versions.rowCount() == 0


def test_double_clicking_a_version_takes_it(qtbot, widget, store):
    table = widget.versions.table
    assert widget.current == 0  # 浏阳市, only wang has it: li's row says so
    rect = table.visualRect(table.model().index(1, 1))  # wang's row
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _gold(store, widget.doc_id) == [("PLACE", "浏阳市")]
    assert _kinds(widget)[0][2] == "taken"


def test_view_refuses_a_non_curator(qtbot, store, tmp_path):
    import_text(store, tmp_path, TEXT)
    view = CurationWidget(CurationSession(store, Actor("li")))
    qtbot.addWidget(view)
    assert "li is not a curator" in view.message.text()
    assert not view.isEnabled()


def test_curator_makes_a_gold_metric_with_m_and_edits_it_in_the_form(qtbot, widget, store):
    doc = widget.doc_id
    cursor = widget.text_view.textCursor()
    cursor.setPosition(TEXT.index("长沙市"))
    cursor.setPosition(TEXT.index("长沙市") + 3, QTextCursor.MoveMode.KeepAnchor)
    widget.text_view.setTextCursor(cursor)
    _key(qtbot, widget, Qt.Key.Key_M)
    [gold] = metrics(store, doc, "gold")
    assert gold.value.text == "长沙市" and widget.metric_form.metric.id == gold.id
    _key(qtbot, widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert metrics(store, doc, "gold") == []


def test_undo_of_a_decision_another_curator_changed_is_refused_and_leaves_the_stack(
    qtbot, widget, store
):
    doc = widget.doc_id
    _key(qtbot, widget, Qt.Key.Key_2)
    [taken] = entities(store, doc, "gold")
    curation.remove_entity(store, actor_for(store, "zhang"), doc, taken.id)  # another window
    _key(qtbot, widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "no longer exists" in widget.message.text()
    assert widget.undo_stack.count() == 0


def test_n_goes_through_disagreements_before_the_items_everyone_agrees_on(qtbot, widget):
    widget.select_item(2)
    _key(qtbot, widget, Qt.Key.Key_N)
    assert widget.current == 4  # 长沙市 (agreed, index 3) is left for A
    for _ in range(3):
        _key(qtbot, widget, Qt.Key.Key_X)
    assert [s for _t, _k, s in _kinds(widget)].count("open") == 2  # 长沙市 and 全BA left
    widget.select_item(2)
    _key(qtbot, widget, Qt.Key.Key_X)
    assert widget.current == 3  # only the agreed item is left open: N reaches it now


def test_a_large_database_counts_open_items_of_the_documents_opened(
    qtbot, store, tmp_path, monkeypatch
):
    from annotator.services import curation_progress

    monkeypatch.setattr(curation_progress, "COUNTED", 1)  # as with more documents than that
    for name in ("a", "b"):
        doc = import_text(store, tmp_path, f"{name}长沙市新增300个。", name)
        editing.apply(editing.AddEntity(doc, "annotator:li", "PLACE", 1, 4), store.uow, LI)
    add_curator(store, "zhang", acting="zhang")
    view = CurationWidget(CurationSession(store, actor_for(store, "zhang")))
    qtbot.addWidget(view)
    assert [view.documents.itemText(i) for i in range(2)] == [
        "a — gold new — 1 open",
        "b — gold new — ? open",
    ]
    assert "not opened yet are not counted" in view.progress_label.text()


def test_a_project_label_key_relabels_in_curation_too(qtbot, store, widget):
    from annotator.services.label_schema import add_label

    add_label(store, actor_for(store, "zhang"), "VENUE", key="K")
    view = CurationWidget(CurationSession(store, actor_for(store, "zhang")))
    qtbot.addWidget(view)
    view.show()
    view.select_item(2)
    qtbot.keyClick(view.text_view, Qt.Key.Key_K)
    assert _gold(store, view.doc_id) == [("VENUE", "全BA")]

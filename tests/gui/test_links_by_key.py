"""Links by key: Alt+P / Alt+O / Alt+S link the nearest fitting entity before the value, again
the next one; the link combo boxes list the nearest first. Read back from the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.gui.conftest import activate, press, select_text
from tests.helpers import metrics

pytestmark = pytest.mark.gui
LAYER = "annotator:li"
TEXT = "长沙市和浏阳市住建局新增停车位14000个,湘潭市另有。"


def _tag(qtbot, window, word: str, key: Qt.Key) -> None:
    window.text_view.set_selected_entity(None)
    select_text(window, word)
    press(qtbot, window, key)


def _tagged_then_metric(qtbot, window, tags) -> dict[str, str]:
    """Tag each (word, label key), then make a metric of 14000 with M; the entities' ids by
    their text."""
    activate(qtbot, window)
    for word, key in tags:
        _tag(qtbot, window, word, key)
    select_text(window, "14000")
    press(qtbot, window, Qt.Key.Key_M)
    return {e.text: e.id for e in window.workbench.view.entities}


def test_alt_p_links_the_nearest_place_before_the_value_then_the_next(
    open_window, add_text, store, qtbot
):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    names = _tagged_then_metric(
        qtbot,
        window,
        (
            ("长沙市", Qt.Key.Key_P),
            ("浏阳市", Qt.Key.Key_P),
            ("湘潭市", Qt.Key.Key_P),
            ("浏阳市住建局", Qt.Key.Key_O),
        ),
    )
    window.form.combos["place"].setCurrentIndex(0)  # start from no place, whatever was guessed
    window.form.combos["place"].activated.emit(0)
    combo = window.form.combos["place"]
    assert [combo.itemText(i).split(" (")[0] for i in range(combo.count())] == [
        "—",
        "浏阳市",
        "长沙市",
        "湘潭市",
    ]

    seen = []
    for _ in range(4):
        qtbot.keyClick(window.text_view, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
        seen.append(metrics(store, doc, LAYER)[0].place)
        assert combo.currentData() == seen[-1]  # shown in the form at once
    qtbot.keyClick(window.form.note, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # from the form

    assert seen == [names["浏阳市"], names["长沙市"], names["湘潭市"], names["浏阳市"]]
    assert metrics(store, doc, LAYER)[0].org == names["浏阳市住建局"]


def test_link_key_without_an_open_metric_says_so(open_window, add_text, store, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    activate(qtbot, window)
    qtbot.keyClick(window.text_view, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)

    assert "metric" in window.statusBar().currentMessage()
    assert metrics(store, doc, LAYER) == []


def test_a_link_the_assistant_proposed_is_replaced_by_the_nearest_first(
    open_window, add_text, store, qtbot
):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    activate(qtbot, window)
    for word in ("长沙市", "浏阳市", "湘潭市"):
        _tag(qtbot, window, word, Qt.Key.Key_P)
    names = {e.text: e.id for e in window.workbench.view.entities}
    select_text(window, "14000")
    press(qtbot, window, Qt.Key.Key_M)
    combo = window.form.combos["place"]
    combo.setCurrentIndex(combo.findData(names["长沙市"]))  # as a proposal might have it
    combo.activated.emit(combo.currentIndex())
    qtbot.keyClick(window.text_view, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)

    assert metrics(store, doc, LAYER)[0].place == names["浏阳市"]


def _middle_of(window, word: str, occurrence: int = 0) -> QPoint:
    """The middle of the last character of `word` (its `occurrence`-th) in the viewport."""
    text = window.workbench.view.document.text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    view = window.text_view
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_utf16(start + len(word) - 1))
    left = view.cursorRect(cursor)
    cursor.setPosition(view.offsets.to_utf16(start + len(word)))
    right = view.cursorRect(cursor)
    return QPoint((left.x() + right.x()) // 2, left.center().y())


def test_ctrl_click_on_an_entity_links_it_in_its_role_and_again_unlinks_it(
    open_window, add_text, store, qtbot
):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    names = _tagged_then_metric(
        qtbot,
        window,
        (("长沙市", Qt.Key.Key_P), ("浏阳市", Qt.Key.Key_P), ("浏阳市住建局", Qt.Key.Key_O)),
    )
    for name in ("place", "org"):  # start from no link, whatever was proposed
        window.form.combos[name].setCurrentIndex(0)
        window.form.combos[name].activated.emit(0)
    ctrl = Qt.KeyboardModifier.ControlModifier
    viewport = window.text_view.viewport()

    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, ctrl, _middle_of(window, "长沙市"))
    assert metrics(store, doc, LAYER)[0].place == names["长沙市"]
    assert window.form.combos["place"].currentData() == names["长沙市"]  # the form follows
    # On 住建局 the innermost linkable entity is the organisation around the place.
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, ctrl, _middle_of(window, "住建局"))
    assert (metrics(store, doc, LAYER)[0].place, metrics(store, doc, LAYER)[0].org) == (
        names["长沙市"],
        names["浏阳市住建局"],
    )
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, ctrl, _middle_of(window, "长沙市"))
    assert metrics(store, doc, LAYER)[0].place is None  # clicked again: unlinked

    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, ctrl)
    assert metrics(store, doc, LAYER)[0].place == names["长沙市"]


def test_ctrl_click_without_an_open_metric_links_nothing(open_window, add_text, store, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    activate(qtbot, window)
    _tag(qtbot, window, "长沙市", Qt.Key.Key_P)
    qtbot.mouseClick(
        window.text_view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        _middle_of(window, "长沙市"),
    )
    assert metrics(store, doc, LAYER) == []


def test_a_link_changed_by_key_or_click_on_an_accepted_suggestion_marks_it_edited(
    open_window, add_text, store, qtbot
):
    from annotator.domain.metrics import ProvenanceKind
    from annotator.services.suggesting import suggest_all

    doc = add_text(TEXT)
    suggest_all(store, what=["metrics"])
    window = open_window(document=doc)
    activate(qtbot, window)
    _tag(qtbot, window, "长沙市", Qt.Key.Key_P)
    window.text_view.set_selected_entity(None)
    select_text(window, "14000")
    press(qtbot, window, Qt.Key.Key_Return)  # accept the suggestion at the selection
    assert metrics(store, doc, LAYER)[0].provenance.kind is ProvenanceKind.SUGGESTED
    qtbot.mouseClick(
        window.text_view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        _middle_of(window, "长沙市"),
    )

    [metric] = metrics(store, doc, LAYER)
    assert metric.provenance.kind is ProvenanceKind.SUGGESTED_EDITED

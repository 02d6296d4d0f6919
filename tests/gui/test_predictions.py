"""Predictions in the window: loaded into a pred: layer, compared over the annotator's spans."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from annotator.domain.entities import Entity
from annotator.domain.metrics import Field, Metric
from annotator.domain.records import LayerRecord
from annotator.domain.text import Document
from annotator.formats.jsonl import record_line
from annotator.formats.registry import READERS
from annotator.gui.dialogs.load_predictions import LoadPredictionsDialog
from annotator.gui.widgets.marks import MarkStyle
from annotator.services import editing
from annotator.services.documents import list_layers
from annotator.services.permissions import Actor
from annotator.services.roles import add_curator
from tests.gui.conftest import press, select_text
from tests.helpers import entities, metrics, snapshot

pytestmark = pytest.mark.gui
LAYER = "annotator:li"
TEXT = "2023年浏阳市住建局新增停车位,长沙市也在建。"


def _span(word: str, label: str, key: str) -> Entity:
    start = TEXT.index(word)
    return Entity(key, label, start, start + len(word), word)


def _prediction_file(tmp_path, doc_id: str = "doc"):
    path = tmp_path / "baseline.jsonl"
    predicted = (
        _span("浏阳市", "PLACE", "e1"),  # correct
        _span("住建局", "PLACE", "e2"),  # wrong label (li: ORG)
        _span("长沙", "PLACE", "e3"),  # wrong boundary (li: 长沙市)
        _span("停车位", "PROJECT", "e4"),
    )  # spurious
    record = LayerRecord(Document(doc_id, TEXT), "pred:whatever", predicted)
    path.write_text(record_line(record) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def annotated(store, add_text):
    doc = add_text(TEXT)
    li = Actor("li")
    for word, label in (
        ("浏阳市", "PLACE"),
        ("住建局", "ORG"),
        ("长沙市", "PLACE"),
        ("2023年", "DATE"),
    ):  # 2023年 is missed by the system
        start = TEXT.index(word)
        editing.apply(editing.AddEntity(doc, LAYER, label, start, start + len(word)), store.uow, li)
    return doc


def _load(window, qtbot, path, layer="pred:baseline", fmt="jsonl"):
    window.predictions.start_load(path, fmt, layer)
    # The comparison starts when the import is done (a signal connected only now could be late).
    qtbot.waitUntil(lambda: window.predictions.legend.isVisible(), timeout=20000)


def _overlay(window) -> list[tuple[str, MarkStyle]]:
    return [(TEXT[m.start : m.end], m.style) for m in window.text_view.marks("overlay")]


def test_loading_predictions_fills_a_pred_layer_and_draws_each_kind_differently(
    open_window, annotated, store, tmp_path, qtbot
):
    window = open_window(document=annotated)
    own_before = entities(store, annotated, LAYER)
    _load(window, qtbot, _prediction_file(tmp_path))

    assert [(e.label, e.text) for e in entities(store, annotated, "pred:baseline")] == [
        ("PLACE", "浏阳市"),
        ("PLACE", "住建局"),
        ("PLACE", "长沙"),
        ("PROJECT", "停车位"),
    ]
    assert entities(store, annotated, LAYER) == own_before
    assert sorted(_overlay(window)) == sorted(
        [
            ("2023年", MarkStyle.DOTTED_BOX),
            ("浏阳市", MarkStyle.UNDERLINE),
            ("住建局", MarkStyle.DASHED_BOX),
            ("停车位", MarkStyle.WAVY),
            ("长沙", MarkStyle.DASHED_BOX),
        ]
    )
    assert window.predictions.counts == {"correct": 1, "missed": 1, "spurious": 1, "wrong": 2}
    legend = window.predictions.legend
    assert legend.isVisible()
    assert legend.title.text() == "pred:baseline against annotator:li:"
    assert legend.counts["missed"].text() == "missed 1"
    tips = [m.tooltip for m in window.text_view.marks("overlay")]
    assert "wrong label: predicted PLACE 住建局" in tips


def test_compare_menu_lists_pred_layers_and_no_comparison_restores_the_normal_view(
    open_window, annotated, store, tmp_path, qtbot
):
    window = open_window(document=annotated)
    normal = [
        (s.cursor.selectionStart(), s.cursor.selectionEnd())
        for s in window.text_view.extraSelections()
    ]
    _load(window, qtbot, _prediction_file(tmp_path))
    menu = window.findChild(type(window.menuBar().actions()[0].menu()), "compare_menu")
    menu.aboutToShow.emit()
    titles = [a.text() for a in menu.actions() if a.text()]
    assert "pred:baseline" in titles and titles == [
        "No comparison",
        "pred:baseline",
        "Compare against gold (curators)",
    ]
    assert list_layers(store, "pred") == ["pred:baseline"]
    window.actions["compare_off"].trigger()

    assert window.text_view.marks("overlay") == ()
    assert not window.predictions.legend.isVisible()
    assert [
        (s.cursor.selectionStart(), s.cursor.selectionEnd())
        for s in window.text_view.extraSelections()
    ] == normal
    next(a for a in menu.actions() if a.text() == "pred:baseline").trigger()
    assert len(window.text_view.marks("overlay")) == 5


def test_tagging_a_missed_span_turns_it_correct_in_the_overlay(
    open_window, annotated, store, tmp_path, qtbot
):
    window = open_window(document=annotated)
    _load(window, qtbot, _prediction_file(tmp_path))
    select_text(window, "停车位")
    press(qtbot, window, Qt.Key.Key_J)  # PROJECT, as the system said

    assert ("停车位", MarkStyle.UNDERLINE) in _overlay(window)
    assert window.predictions.counts["correct"] == 2
    window.undo_action.trigger()
    assert ("停车位", MarkStyle.WAVY) in _overlay(window)


def test_curator_compares_predictions_against_gold(open_window, annotated, store, tmp_path, qtbot):
    add_curator(store, "zhang", acting="zhang")
    window = open_window(user="zhang", document=annotated)
    _load(window, qtbot, _prediction_file(tmp_path))
    assert window.actions["compare_gold"].isEnabled()
    window.actions["compare_gold"].setChecked(True)

    assert window.predictions.reference_layer == "gold"
    assert window.predictions.counts == {"spurious": 4}  # gold is still empty
    start = TEXT.index("浏阳市")
    editing.apply(
        editing.AddEntity(annotated, "gold", "PLACE", start, start + 3),
        store.uow,
        Actor("zhang", curator=True),
    )
    window.workbench.open_document(annotated)  # read again on each open
    assert window.predictions.counts == {"correct": 1, "spurious": 3}


def test_annotator_cannot_compare_against_gold(open_window, annotated):
    window = open_window(document=annotated)
    assert not window.actions["compare_gold"].isEnabled()


def test_bad_prediction_file_reports_the_line_and_writes_nothing(
    open_window, annotated, store, tmp_path, qtbot
):
    window = open_window(document=annotated)
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"doc_id": "doc", "text": \n', encoding="utf-8")
    before = snapshot(store)
    window.predictions.start_load(bad, "jsonl", "pred:broken")
    qtbot.waitUntil(lambda: bool(window.last_error), timeout=20000)

    assert snapshot(store) == before
    assert "broken.jsonl" in window.last_error
    assert window.text_view.marks("overlay") == ()


def test_load_dialog_offers_every_reader_and_checks_the_layer_name(qtbot, tmp_path):
    dialog = LoadPredictionsDialog()
    qtbot.addWidget(dialog)
    assert [dialog.fmt.itemData(i) for i in range(dialog.fmt.count())] == ["auto", *READERS]
    assert dialog.choice() is None  # no file yet
    dialog.path.setText(str(tmp_path / "sys out.jsonl"))
    assert dialog.choice().layer == "pred:sys_out"
    dialog.name.setText("bad name!")
    assert dialog.choice() is None and "not a valid name" in dialog.problem.text()
    dialog.name.setText("crf-v2")
    dialog.fmt.setCurrentIndex(dialog.fmt.findData("brat"))
    choice = dialog.choice()
    assert (choice.layer, choice.fmt) == ("pred:crf-v2", "brat")


NUMBERS = "新增停车位14000个,建成公园3座,改造道路12条。"


def _value(word: str) -> Metric:
    start = NUMBERS.index(word)
    return Metric("", value=Field(start, start + len(word), word, number=int(word)))


def test_metric_values_are_compared_apart_from_entities(
    open_window, store, add_text, tmp_path, qtbot
):
    doc = add_text(NUMBERS)
    for word in ("14000", "12"):  # li's metrics; the system misses 12
        editing.apply(editing.SaveMetric(doc, LAYER, _value(word)), store.uow, Actor("li"))
    predicted = tuple(replace(_value(word), id=f"m{i}") for i, word in enumerate(("14000", "3")))
    start = NUMBERS.index("停车位")  # an entity on no metric's span: paired with entities only
    path = tmp_path / "metrics.jsonl"
    path.write_text(
        record_line(
            LayerRecord(
                Document(doc, NUMBERS),
                "pred:x",
                (Entity("e1", "PROJECT", start, start + 3, "停车位"),),
                metrics=predicted,
            )
        )
        + "\n",
        encoding="utf-8",
    )
    window = open_window(document=doc)
    _load(window, qtbot, path)

    overlay = [(NUMBERS[m.start : m.end], m.style) for m in window.text_view.marks("overlay")]
    assert sorted(overlay) == sorted(
        [
            ("14000", MarkStyle.UNDERLINE),
            ("3", MarkStyle.WAVY),
            ("12", MarkStyle.DOTTED_BOX),
            ("停车位", MarkStyle.WAVY),
        ]
    )
    assert window.predictions.counts == {"correct": 1, "spurious": 2, "missed": 1}
    assert "spurious: metric value 3" in [m.tooltip for m in window.text_view.marks("overlay")]

    select_text(window, "3")
    press(qtbot, window, Qt.Key.Key_M)  # li adds the metric the system found
    assert [m.value.text for m in metrics(store, doc, LAYER)] == ["14000", "12", "3"]
    assert window.predictions.counts == {"correct": 2, "spurious": 1, "missed": 1}


def test_loading_predictions_says_what_the_file_held_and_was_not_kept(
    open_window, annotated, qtbot
):
    from pathlib import Path

    window = open_window(document=annotated)
    sample = Path(__file__).parent.parent / "data" / "formats" / "labelstudio_relations.json"
    window.predictions.start_load(sample, "labelstudio", "pred:ls")
    qtbot.waitUntil(
        lambda: "2 Label Studio relations" in window.statusBar().currentMessage(), timeout=20000
    )
    message = window.statusBar().currentMessage()
    assert message.startswith(
        "2 documents loaded into pred:ls; not kept (no place for them here): "
    )
    assert "1 Label Studio choices results" in message

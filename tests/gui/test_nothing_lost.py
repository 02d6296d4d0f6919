"""Nothing typed is lost: form fields are saved while typing, on focus change and before a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import activate, press, select_text, type_chinese
from tests.helpers import metrics

pytestmark = pytest.mark.gui
LAYER = "annotator:li"
TEXT = "2023年浏阳市新增停车位14000个。"


def _metric_window(open_window, add_text, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    activate(qtbot, window)
    select_text(window, "14000")
    press(qtbot, window, Qt.Key.Key_M)
    assert window.form.metric is not None
    return doc, window


def test_note_typed_is_saved_without_leaving_the_field(open_window, add_text, store, qtbot):
    doc, window = _metric_window(open_window, add_text, qtbot)
    qtbot.mouseClick(window.form.note, Qt.MouseButton.LeftButton)
    type_chinese(window.form.note, "检查过")

    assert window.form.note.hasFocus()
    qtbot.waitUntil(lambda: metrics(store, doc, LAYER)[0].note == "检查过", timeout=3000)


def test_focus_change_saves_typed_fields_at_once(open_window, add_text, store, qtbot):
    doc, window = _metric_window(open_window, add_text, qtbot)
    form = window.form
    form.normalized_edits["period"].setFocus()
    qtbot.keyClick(
        form.normalized_edits["period"], Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.keyClicks(form.normalized_edits["period"], "2022")
    qtbot.keyClick(form.normalized_edits["period"], Qt.Key.Key_Tab)  # focus moves on
    form.note.setFocus()
    qtbot.keyClicks(form.note, "ok")
    window.text_view.setFocus()

    [metric] = metrics(store, doc, LAYER)
    assert metric.period is not None and metric.period.normalized == "2022"
    assert metric.note == "ok"


def test_one_field_edit_is_one_undo_step_though_saved_several_times(
    open_window, add_text, store, qtbot
):
    doc, window = _metric_window(open_window, add_text, qtbot)
    form = window.form
    form.note.setFocus()
    qtbot.keyClicks(form.note, "first")
    form.flush()  # as the autosave timer does after a pause in typing
    qtbot.keyClicks(form.note, " second")
    form.flush()
    assert metrics(store, doc, LAYER)[0].note == "first second"
    assert form.note.text() == "first second"  # the refresh did not rewrite the field typed in
    window.text_view.setFocus()
    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    [metric] = metrics(store, doc, LAYER)
    assert metric.note is None and metric.value is not None  # the note went, the metric stayed


def test_typing_then_ctrl_enter_saves_the_note_before_moving_on(
    open_window, add_text, store, qtbot
):
    doc, window = _metric_window(open_window, add_text, qtbot)
    qtbot.mouseClick(window.form.note, Qt.MouseButton.LeftButton)
    type_chinese(window.form.note, "看过")
    window.settings.setValue("review/ask_done_with_suggestions", False)
    qtbot.keyClick(window.form.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert metrics(store, doc, LAYER)[0].note == "看过"


CHILD = textwrap.dedent("""
    import argparse, sys
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from annotator.gui.app import build_window

    app = QApplication(sys.argv[:1])
    window = build_window(argparse.Namespace(db=sys.argv[1], user="li"), app)
    window.show()
    window.activateWindow()
    while not window.isActiveWindow():
        app.processEvents()
    view = window.text_view
    text = window.workbench.view.document.text
    start = text.index("14000")
    cursor = view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + 5, cursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    QTest.keyClick(view, Qt.Key.Key_M)
    window.form.note.setFocus()
    from PySide6.QtGui import QInputMethodEvent
    for char in "杀前写的":  # as a Chinese input method commits it
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(window.form.note, event)
    # Still in the field, never left: only the autosave can have written it.
    QTimer.singleShot(1500, lambda: print("typed", flush=True))
    app.exec()
""")


def test_note_still_in_the_field_survives_kill_9(add_text, store, sqlite_url: str, tmp_path: Path):
    doc = add_text(TEXT)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, sqlite_url],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "typed"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()

    [metric] = metrics(store, doc, LAYER)
    assert metric.note == "杀前写的"

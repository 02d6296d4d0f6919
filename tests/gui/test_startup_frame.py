"""The window shows at once, saying which database it opens, and is filled in right after:
keys pressed meanwhile are not lost, and a file that is not a database still ends the start
with exit code 2 and its name."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget

from annotator.domain.status import DocumentStatus
from annotator.gui.app import Startup
from annotator.services.documents import load_document

pytestmark = pytest.mark.gui
LAYER = "annotator:li"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def start(qtbot, sqlite_url):
    """A start of `annotator --db FILE --user li` up to its frame shown, the database not open."""
    starting = Startup(argparse.Namespace(db=sqlite_url, user="li"), QApplication.instance())
    starting.window.show()
    qtbot.waitExposed(starting.window)
    yield starting
    if shiboken6.isValid(starting.window):
        starting.window.close()
    if starting.workbench is not None:
        starting.workbench.database.close()


def test_the_frame_names_the_database_it_opens_and_offers_nothing_that_needs_it(start, sqlite_url):
    frame = start.window
    assert sqlite_url in frame.statusBar().currentMessage()
    assert [m.text() for m in frame.menuBar().actions()][:2] == ["&File", "&Edit"]
    assert not any(m.isEnabled() for m in frame.menuBar().actions())
    docks = {d.objectName() for d in frame.findChildren(QDockWidget)}
    assert docks == {"documents_dock", "annotations_dock", "legend_dock", "guidelines_dock"}

    window = start.open_database()

    assert window is frame  # filled in, not replaced
    assert frame.statusBar().currentMessage() == ""
    assert all(m.isEnabled() for m in frame.menuBar().actions())
    assert frame.windowTitle().endswith(LAYER)


def test_a_key_pressed_while_the_database_opens_acts_once_it_is_open(start, add_text, store, qtbot):
    first = add_text("第一篇。", "a")
    second = add_text("第二篇。", "b")
    qtbot.keyClick(
        start.window.centralWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )  # done, next document

    window = start.open_database()

    assert load_document(store, first, LAYER).status is DocumentStatus.DONE
    assert window.workbench.doc_id == second
    assert window.text_view.toPlainText() == "第二篇。"


def test_closing_the_frame_before_the_database_is_open_ends_the_start_quietly(start):
    start.window.close()

    start.open_database_in_loop()  # the turn that would have opened it

    assert start.workbench is None and start.error is None


def test_a_file_that_is_not_a_database_ends_the_window_start_with_its_name(tmp_path):
    target = tmp_path / "notes.db"
    target.write_bytes(b"just some notes\n")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }

    # In a process of its own, as a user starts it: its event loop runs, and ends.
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(target), "--user", "li"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 2
    assert f"{target}: is not a database" in result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_bytes() == b"just some notes\n"

"""Start-up: who is annotating, the language, the remembered layout, and the key table."""

from __future__ import annotations

import argparse
import ast
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QDockWidget, QInputDialog

from annotator.gui.actions import ASSISTANT_KEYS, FIELD_KEYS, NEW_METRIC_KEY
from annotator.gui.app import build_window
from annotator.gui.settings import window_settings
from annotator.resources import resource
from annotator.schema.labels import default_label_schema

pytestmark = pytest.mark.gui
GUI = Path(__file__).resolve().parents[2] / "annotator" / "gui"
# The modules of the annotation window (other views bring their own strings and tests).


def _answer_name(name: str) -> None:
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QInputDialog):
            dialog.setTextValue(name)
            dialog.accept()
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(20, answer)


def test_first_start_asks_the_name_and_remembers_it(sqlite_url, monkeypatch, qtbot):
    monkeypatch.delenv("ANNOTATOR_USER", raising=False)
    _answer_name("wang")
    args = argparse.Namespace(db=sqlite_url, user=None)
    window = build_window(args, QApplication.instance())
    assert window.workbench.layer == "annotator:wang"
    window.close()

    again = build_window(args, QApplication.instance())  # no dialog this time
    assert again.workbench.actor.name == "wang"
    again.close()


def test_user_from_environment_edits_its_own_layer(sqlite_url, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_USER", "zhao")
    window = build_window(argparse.Namespace(db=sqlite_url, user=None), QApplication.instance())
    assert window.workbench.layer == "annotator:zhao"
    window.close()


def test_language_switch_rebuilds_the_window_in_chinese_on_the_same_document(open_window, add_text):
    doc = add_text("浏阳市新增停车位。")
    window = open_window(document=doc)
    assert window.menuBar().actions()[0].text() == "&File"
    session = window.session
    window.language_requested.emit("zh_CN")

    chinese = session.window
    assert chinese.menuBar().actions()[0].text() == "文件(&F)"
    assert chinese.text_view.toPlainText() == "浏阳市新增停车位。"
    assert window_settings().value("ui/language") == "zh_CN"
    chinese.language_requested.emit("en")
    assert session.window.menuBar().actions()[0].text() == "&File"
    session.window.close()


def test_window_layout_and_text_size_are_remembered(open_window, add_text):
    window = open_window(document=add_text("一。"))
    size = window.text_view.font().pointSize()
    window.actions["zoom_in"].trigger()
    window.findChild(QDockWidget, "legend_dock").hide()
    window.close()

    again = open_window()
    assert again.text_view.font().pointSize() == size + 1
    assert again.findChild(QDockWidget, "legend_dock").isHidden()
    assert not again.findChild(QDockWidget, "documents_dock").isHidden()


def test_metric_keys_do_not_clash_with_label_keys():
    schema = default_label_schema()
    label_keys = {spec.key.upper() for spec in schema.entity + schema.segment}
    ours = {*FIELD_KEYS.values(), NEW_METRIC_KEY, *ASSISTANT_KEYS.values()}
    assert not label_keys & ours
    assert len(ours) == len(FIELD_KEYS) + 1 + len(ASSISTANT_KEYS)


def test_every_window_string_has_a_chinese_translation():
    sources = set()
    for path in sorted(GUI.rglob("*.py")):  # every module of the window, new ones included
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "tr"
                and isinstance(node.args[0], ast.Constant)
            ):
                sources.add(node.args[0].value)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "plural":
                sources.update(a.value for a in node.args[:2] if isinstance(a, ast.Constant))
    root = ET.parse(resource("i18n", "annotator_zh_CN.ts")).getroot()
    translated = {m.findtext("source") for m in root.iter("message") if m.findtext("translation")}
    assert sources - translated == set()


def test_the_compiled_catalogue_the_window_loads_holds_every_translation_of_the_source():
    # A checkout keeps no file times: read the compiled .qm back through Qt and compare
    # it with the .ts translators edit, message by message.
    root = ET.parse(resource("i18n", "annotator_zh_CN.ts")).getroot()
    compiled = QTranslator()
    assert compiled.load(str(resource("i18n", "annotator_zh_CN.qm")))
    stale = []
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source, translation = message.findtext("source"), message.findtext("translation")
            if translation and compiled.translate(name, source) != translation:
                stale.append((name, source))
    assert stale == []


def test_no_database_option_opens_the_default_seeded_database(qtbot):
    window = build_window(argparse.Namespace(db=None, user="li"), QApplication.instance())
    try:
        assert window.documents.model.rowCount() == 5
        assert window.workbench.doc_id is not None
        assert window.text_view.toPlainText() == window.workbench.view.document.text
        assert "done 0 / 5" in window.progress_label.text()
    finally:
        database = window.workbench.database
        window.close()
        database.close()

"""Chinese everywhere: Qt's own strings, service and validation messages, undo texts; and
English plurals that agree with their number."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QToolButton

from annotator.gui.i18n import Translations
from annotator.gui.messages import MESSAGES, translated
from tests.gui.conftest import press, select_text

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2] / "annotator"
CJK = re.compile(r"[\u4e00-\u9fff]")
TEXT = "2023年浏阳市新增停车位14000个。"


@contextmanager
def chinese(window) -> Iterator:
    session = window.session
    window.language_requested.emit("zh_CN")  # View → Language → 简体中文
    try:
        yield session.window
    finally:
        session.window.language_requested.emit("en")
        session.window.close()  # the fixture closes only the window it opened


def test_qt_file_dialog_speaks_chinese_in_the_chinese_window(open_window, add_text):
    window = open_window(document=add_text(TEXT))
    with chinese(window) as zh:
        dialog = QFileDialog(zh, "", "")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        look_in = dialog.findChild(QLabel, "lookInLabel").text()
        file_type = dialog.findChild(QLabel, "fileTypeLabel").text()
        dialog.deleteLater()

    assert "Look in" not in look_in and CJK.search(look_in)
    assert "Files of type" not in file_type and CJK.search(file_type)


def test_validation_and_service_messages_and_undo_texts_are_chinese(open_window, add_text, qtbot):
    doc = add_text(TEXT)
    window = open_window(document=doc)
    with chinese(window) as zh:
        select_text(zh, "浏阳市")
        press(qtbot, zh, Qt.Key.Key_P)
        undo_text = zh.undo_action.text()
        zh.text_view.set_selected_entity(None)
        select_text(zh, "浏阳市")
        press(qtbot, zh, Qt.Key.Key_P)  # tagged already: the service refuses
        error = zh.last_error
        select_text(zh, "14000")
        press(qtbot, zh, Qt.Key.Key_M)
        qtbot.mouseClick(zh.form.findChild(QToolButton, "value_clear"), Qt.MouseButton.LeftButton)
        problem = zh.form.rows["value"].problem.text()

    assert undo_text == "撤销 标注为地点"
    assert "已在此处标注" in error and "already" not in error
    assert problem == "必填"


def test_english_counts_agree_with_their_number(open_window, add_text, qtbot):
    window = open_window(document=add_text(TEXT))
    select_text(window, "浏阳市")
    press(qtbot, window, Qt.Key.Key_P)

    assert "· 1 entity · 0 metrics" in window.document_label.text()


def _message_samples() -> Iterator[tuple[str, str]]:
    """Every message the editing path can raise to the window, its values made up."""
    # Every module below the window, so that a new one cannot be forgotten here.
    modules = sorted(
        p.relative_to(ROOT).as_posix()
        for layer in ("domain", "store", "services")
        for p in (ROOT / layer).rglob("*.py")
    )
    raised = {"ValidationError": 1, "ConflictError": 0, "NotFound": 0}
    for module in modules:
        for node in ast.walk(ast.parse((ROOT / module).read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) in raised):
                continue
            position = raised[node.func.id]
            if len(node.args) <= position:
                continue
            message = node.args[position]
            if isinstance(message, ast.Constant) and isinstance(message.value, str):
                yield module, message.value
            elif isinstance(message, ast.JoinedStr):
                yield (
                    module,
                    "".join(
                        part.value if isinstance(part, ast.Constant) else "'x'"
                        for part in message.values
                    ),
                )


def test_every_message_of_the_editing_path_has_a_chinese_translation(qapp):
    samples = list(_message_samples())
    assert len(samples) > 30
    translations = Translations()
    assert translations.install("zh_CN")
    try:
        untranslated = [
            (module, text) for module, text in samples if not CJK.search(translated(text))
        ]
        heads = [translated(f"metric m1.{field}: is required") for field in ("value", "unit")]
        catalogue = [t for t in MESSAGES if not CJK.search(translated(t))]
    finally:
        translations.install("en")

    assert untranslated == []
    assert heads == ["指标 m1 的数值：必填", "指标 m1 的单位：必填"]
    assert catalogue == []

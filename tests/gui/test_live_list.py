"""Live list: a document imported by another program appears in the open window's list, and
the open document stays selected."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui


def test_document_imported_from_the_command_line_appears_and_selection_stays(
    open_window, add_text, sqlite_url, tmp_path: Path, qtbot
):
    first = add_text("浏阳市新增停车位。", "first")
    add_text("长沙市另有。", "second")
    window = open_window(document=first)
    table = window.documents.table
    assert window.documents.model.rowCount() == 2
    imported = tmp_path / "third.txt"
    imported.write_text("湘潭市也有。", encoding="utf-8")
    command = Path(sys.executable).with_name("annotator")  # another program: the CLI
    subprocess.run(
        [str(command), "import", str(imported), "--db", sqlite_url],
        check=True,
        env={**os.environ},
        capture_output=True,
    )

    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 3, timeout=6000)
    [selected] = table.selectionModel().selectedRows()
    assert window.documents.model.doc_id_at(selected.row()) == first
    assert "/ 3" in window.progress_label.text()

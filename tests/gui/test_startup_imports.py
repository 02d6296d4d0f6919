"""Starting the window loads only what each moment needs: the window shows before SQLAlchemy,
the label schema's validation or any service that reads the database is imported, and once
filled in on an up-to-date database it has loaded no Alembic, no SQLAlchemy ORM and no
quantity parser."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from annotator.services.seeding import open_seeded

ROOT = Path(__file__).resolve().parents[2]

# `annotator --db FILE --user li` in a fresh interpreter, exactly as the command runs it; the
# loaded modules are listed on the first turn of the event loop after the window shows, and
# again once it is filled in.
START_WINDOW = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
from annotator.cli.main import main

seen = {}

def visible():
    return [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]

def shown():
    if not visible():
        QTimer.singleShot(0, shown)
        return
    seen["shown"] = sorted(sys.modules)
    filled()

def filled():
    window = visible()[0] if visible() else None
    # Filled in: it has its workbench (and its first document, when there is one).
    if window is None or getattr(window, "workbench", None) is None \\
            or not getattr(window, "attached", True):
        QTimer.singleShot(0, filled)
        return
    seen["filled"] = sorted(sys.modules)
    seen["text"] = window.text_view.toPlainText()
    window.close()

app = QApplication([])
QTimer.singleShot(0, shown)
code = main(["--db", sys.argv[1], "--user", "li"])
print(json.dumps({**seen, "code": code}))
"""

# What showing the window does not need: the database's libraries and everything reading it.
NOT_BEFORE_SHOWN = (
    "sqlalchemy",
    "pydantic",
    "alembic",
    "annotator.store",
    "annotator.schema",
    "annotator.domain.quantities",
    "annotator.formats",
)
# Which database the window opens (named in its status bar) is the one service it asks.
SERVICE_BEFORE_SHOWN = "annotator.services.database_location"


def _start(target: Path) -> dict:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    result = subprocess.run(
        [sys.executable, "-c", START_WINDOW, str(target)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _up_to_date_database(tmp_path: Path) -> Path:
    target = tmp_path / "current.sqlite3"
    # The default database after a first start: at the newest schema, seeded, with suggestions.
    open_seeded(str(target), seed_if_new=True).close()
    return target


def _heavy(modules: list[str]) -> list[str]:
    return [
        name
        for name in modules
        if name.split(".")[0] == "alembic"
        or name.startswith(("sqlalchemy.orm", "annotator.domain.quantities"))
    ]


def test_the_window_shows_before_the_database_and_its_libraries_are_loaded(tmp_path):
    start = _start(_up_to_date_database(tmp_path))

    early = [
        name
        for name in start["shown"]
        if name.startswith(NOT_BEFORE_SHOWN)
        or (name.startswith("annotator.services.") and name != SERVICE_BEFORE_SHOWN)
    ]
    assert early == []
    # ... and is then filled in with the first document, as before.
    assert start["text"]
    assert start["code"] == 0


def test_opening_an_up_to_date_database_loads_no_alembic_orm_or_quantities(tmp_path):
    assert _heavy(_start(_up_to_date_database(tmp_path))["filled"]) == []


def test_creating_a_database_loads_alembic_to_build_the_schema(tmp_path):
    # The other side of the same check: the migrations do run when there is work for them.
    assert "alembic" in _start(tmp_path / "new.sqlite3")["filled"]

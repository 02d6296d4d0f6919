"""Starting the window on an existing, up-to-date database loads only what showing it needs:
no Alembic, no SQLAlchemy ORM, no quantity parser."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from annotator.services.seeding import open_seeded

ROOT = Path(__file__).resolve().parents[2]

# What `annotator --db FILE --user li` runs up to the window shown, in a fresh interpreter.
START_WINDOW = """
import argparse, json, sys
from PySide6.QtWidgets import QApplication
from annotator.gui.app import build_window

app = QApplication([])
window = build_window(argparse.Namespace(db=sys.argv[1], user="li"), app)
window.show()
app.processEvents()
loaded = sorted(name for name in sys.modules
                if name.split(".")[0] == "alembic" or name.startswith("sqlalchemy.orm")
                or name.startswith("annotator.domain.quantities"))
window.workbench.database.close()
print(json.dumps(loaded))
"""


def _heavy_modules_loaded_by_a_start(target: Path) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-c", START_WINDOW, str(target)], env=env, cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_opening_an_up_to_date_database_loads_no_alembic_orm_or_quantities(
        tmp_path: Path) -> None:
    target = tmp_path / "current.sqlite3"
    # The default database after a first start: at the newest schema, seeded, with suggestions.
    open_seeded(str(target), seed_if_new=True).close()

    assert _heavy_modules_loaded_by_a_start(target) == []


def test_creating_a_database_loads_alembic_to_build_the_schema(tmp_path: Path) -> None:
    # The other side of the same check: the migrations do run when there is work for them.
    assert "alembic" in _heavy_modules_loaded_by_a_start(tmp_path / "new.sqlite3")

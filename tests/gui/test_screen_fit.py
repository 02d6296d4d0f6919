"""The window fits the screen it opens on (a 1280×720 screen here, as Qt's offscreen platform
is told), and there the metric form shows every field without scrolling."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui


CHILD = textwrap.dedent("""
    import argparse, json, sys
    from PySide6.QtWidgets import QApplication
    from annotator.gui.app import build_window

    app = QApplication(sys.argv[:1])
    window = build_window(argparse.Namespace(db=sys.argv[1], user="li"), app)
    window.show()
    app.processEvents()
    form = window.form
    hidden = [name for name, row in form.rows.items() if row.visibleRegion().isEmpty()]
    seen = {"frame": window.frameGeometry().getRect(),
            "screen": window.screen().availableGeometry().getRect(),
            "hidden_rows": hidden, "compact": window.compact,
            "status_bar": not window.statusBar().visibleRegion().isEmpty()}
    # Saved larger than this screen (as on a bigger one) and placed off it, then reopened.
    window.resize(2400, 1600)
    window.move(900, 700)
    database = window.workbench.database
    window.close()
    database.close()
    again = build_window(argparse.Namespace(db=sys.argv[1], user="li"), app)
    again.show()
    app.processEvents()
    seen["reopened"] = again.frameGeometry().getRect()
    print(json.dumps(seen))
""")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_at_1280_by_720_every_form_field_is_visible_without_scrolling(
    sqlite_url, add_text, tmp_path: Path, language: str
):
    add_text("2023年浏阳市新增停车位14000个。")
    screens = tmp_path / "screen.json"
    screens.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "small",
                        "x": 0,
                        "y": 0,
                        "width": 1280,
                        "height": 720,
                        "logicalDpi": 96,
                    }
                ]
            }
        )
    )
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "annotator"
    config.mkdir(parents=True, exist_ok=True)
    (config / "window.ini").write_text(f"[ui]\nlanguage={language}\n")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screens}"}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, sqlite_url],
        env=env,
        text=True,
        capture_output=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])

    assert seen["screen"] == [0, 0, 1280, 720] and seen["compact"]
    for x, y, width, height in (seen["frame"], seen["reopened"]):
        assert x >= 0 and y >= 0 and x + width <= 1280 and y + height <= 720
    x, y, width, height = seen["frame"]
    assert abs(x + width / 2 - 640) <= 20 and abs(y + height / 2 - 360) <= 30  # centred
    assert seen["hidden_rows"] == []
    assert seen["status_bar"]

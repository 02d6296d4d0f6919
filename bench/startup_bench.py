"""Time from launching `annotator` to its window shown, against a bare PySide6 window.

    python bench/startup_bench.py [--runs 7] [--imports]

Each run is a new process started offscreen (QT_QPA_PLATFORM=offscreen), timed from its launch
to the first turn of the event loop after its window is shown (wall time, and the CPU time of
the process by then), and to the window filled in with its first document; the figures are
medians.

- bare: a QApplication and an empty QMainWindow, nothing else;
- first start: `annotator` on a new default database, created and seeded with the bundled corpus
  (the metric assistant's suggestions included), as a new user's first start;
- second start: `annotator` again on that database, now existing and up to date.

Target: second start within 2.5 × the bare window measured in the same run. `--imports` also
lists which of SQLAlchemy, Alembic, the quantity parser, the formats and the recommenders each
start had loaded when its window was shown.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Loaded when the window is shown? (a module name, or the prefix of a package's modules)
WATCHED = {
    "sqlalchemy": "sqlalchemy",
    "sqlalchemy.orm": "sqlalchemy.orm",
    "alembic": "alembic",
    "quantity parser": "annotator.domain.quantities",
    "formats": "annotator.formats.",
    "recommenders": "annotator.services.recommenders",
}

_REPORT = """
import json, sys, time

def _figures():
    found = {{name: any(m == prefix or m.startswith(prefix) for m in sys.modules)
             for name, prefix in {watched!r}.items()}}
    return {{"shown": time.time(), "cpu": time.process_time(), "loaded": found,
            "modules": len(sys.modules)}}

def _report(figures):
    figures.update(filled=time.time(), filled_cpu=time.process_time())
    print(json.dumps(figures))
"""

BARE = (
    _REPORT
    + """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication([])
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1200, 800)
window.show()
QTimer.singleShot(0, lambda: (_report(_figures()), app.quit()))  # the first turn after show
app.exec()
"""
)

APP = (
    _REPORT
    + """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

def visible():
    return [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]

def shown():
    # The first turn of the event loop after `annotator` has built and shown its window.
    if not visible():
        QTimer.singleShot(0, shown)
        return
    figures = _figures()
    QTimer.singleShot(0, lambda: filled(figures))

def filled(figures):
    # The first turn after the window is filled in with its first document (a window built
    # filled in is so when shown).
    window = visible()[0] if visible() else None
    if getattr(window, "workbench", None) is None or not getattr(window, "attached", True):
        QTimer.singleShot(0, lambda: filled(figures))
        return
    _report(figures)
    app.quit()

app = QApplication([])
QTimer.singleShot(0, shown)
from annotator.cli.main import main
main(["--user", "bench"])  # exactly what `annotator --user bench` runs
"""
)


def run_child(code: str, env: dict[str, str]) -> dict:
    """Seconds from launch to window shown, and what was loaded by then."""
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"a start failed:\n{result.stderr}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["seconds"] = figures["shown"] - started
    figures["filled seconds"] = figures["filled"] - started
    return figures


def child_env(home: Path) -> dict[str, str]:
    """The default database and the window settings of a user whose home is `home`."""
    env = {key: value for key, value in os.environ.items() if key != "ANNOTATOR_DB"}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="starts of each kind (median)")
    parser.add_argument(
        "--imports",
        action="store_true",
        help="also list what each start had loaded when its window was shown",
    )
    args = parser.parse_args()
    bare_code = BARE.format(watched=WATCHED)
    app_code = APP.format(watched=WATCHED)
    runs: dict[str, list[dict]] = {"bare": [], "first start": [], "second start": []}
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as folder:
        for n in range(args.runs):
            # Interleaved, so that a busy moment of the machine touches every kind alike.
            runs["bare"].append(run_child(bare_code, child_env(Path(folder) / "bare")))
            home = Path(folder) / f"user{n}"
            runs["first start"].append(run_child(app_code, child_env(home)))
            runs["second start"].append(run_child(app_code, child_env(home)))
            shutil.rmtree(home)
    bare = statistics.median(run["seconds"] for run in runs["bare"])
    bare_cpu = statistics.median(run["cpu"] for run in runs["bare"])
    print(
        f"{args.runs} runs each, medians, launch to window shown (offscreen); wall and CPU "
        "time; then to its first document shown:"
    )
    for kind, kind_runs in runs.items():
        seconds = statistics.median(run["seconds"] for run in kind_runs)
        cpu = statistics.median(run["cpu"] for run in kind_runs)
        filled = statistics.median(run["filled seconds"] for run in kind_runs)
        filled_cpu = statistics.median(run["filled_cpu"] for run in kind_runs)
        print(
            f"  {kind:<13} shown {seconds:5.2f} s {seconds / bare:4.1f} × bare, "
            f"CPU {cpu:5.2f} s {cpu / bare_cpu:4.1f} × bare   "
            f"({kind_runs[0]['modules']} modules loaded)"
        )
        if kind != "bare":
            print(f"  {'':<13} document shown {filled:5.2f} s, CPU {filled_cpu:5.2f} s")
        if args.imports:
            loaded = [name for name in WATCHED if kind_runs[0]["loaded"][name]]
            print(f"      loaded: {', '.join(loaded) or 'none of ' + ', '.join(WATCHED)}")
    second = statistics.median(run["seconds"] for run in runs["second start"])
    second_cpu = statistics.median(run["cpu"] for run in runs["second start"])
    print(
        f"second start / bare = {second / bare:.2f} wall, {second_cpu / bare_cpu:.2f} CPU "
        "(target ≤ 2.5)"
    )


if __name__ == "__main__":
    main()

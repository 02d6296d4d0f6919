"""How soon the window shows the models' entity suggestions for a document it opens.

    python bench/model_suggestions_bench.py [--rounds 10]

The database holds the five seed pages and the reference gold of four of them
(resources/gold/seeds-v1/gold.jsonl); the CRF is trained on that gold first (timed apart, as
marking a document done trains it in the background). The window then opens the pages in turn,
offscreen, and for each the script measures, from the click in the list: the document shown with
the suggestions it has at once (the suggestion layer, the annotator's own lexicon), and the
models' suggestions (lexicon of the learning documents, CRF, LAC, run off the window's thread)
shown beside them. The first opening also builds the models (the CRF read from its file, LAC's
precision measured on the gold): it is printed apart. Target (issue 15): suggestions of the open
document within 300 ms of opening it, lexicon at once, the models' as they come.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="openings after the first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        # Models, LAC's analyses and the window's settings of a bench run stay in it.
        os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
        os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
        run(folder, args.rounds)


def run(folder: Path, rounds: int) -> None:
    from PySide6.QtWidgets import QApplication

    from annotator.cli.main import build_parser
    from annotator.gui.app import build_window
    from annotator.resources import resource, seeds_dir
    from annotator.services.importing import import_paths
    from annotator.services.recommenders.crf import train_current
    from annotator.store.database import open_database

    db = folder / "seeds.sqlite3"
    gold = folder / "gold4.jsonl"
    lines = resource("gold", "seeds-v1", "gold.jsonl").read_text(encoding="utf-8").splitlines()
    gold.write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    database = open_database(str(db))
    import_paths(database, [seeds_dir()])
    import_paths(database, [gold])
    with database.uow() as uow:
        pages = [doc_id for _pk, doc_id, _chars in uow.layer_contents.documents()]
    started = time.perf_counter()
    trained = train_current(database)
    print(f"CRF trained on 4 gold pages in {time.perf_counter() - started:.1f} s")
    print(f"  {trained.summary()}")
    database.close()

    app = QApplication.instance() or QApplication([])
    window = build_window(build_parser().parse_args(["--db", str(db), "--user", "bench"]), app)
    window.show()
    app.processEvents()
    assistant = window.assistant
    shown_ms: list[float] = []
    models_ms: list[float] = []
    counts: list[tuple[int, int]] = []
    order = [pages[-1], *[pages[n % len(pages)] for n in range(rounds)]]
    for doc_id in order:
        started = time.perf_counter()
        window.workbench.open_document(doc_id)
        window.text_view.viewport().repaint()
        at_once = len(assistant.entities.suggestions)
        shown_ms.append((time.perf_counter() - started) * 1000)
        while assistant.modelling is not None or assistant.training is not None:
            app.processEvents()
            time.sleep(0.001)
        app.processEvents()
        window.text_view.viewport().repaint()
        models_ms.append((time.perf_counter() - started) * 1000)
        counts.append((at_once, len(assistant.entities.suggestions)))
    window.close()

    first_at_once, first_all = counts[0]
    print(
        f"first opening ({order[0]}, models built): shown in {shown_ms[0]:.0f} ms with "
        f"{first_at_once} entity suggestions; the models' in {models_ms[0]:.0f} ms "
        f"({first_all} entity suggestions in all)"
    )
    later_shown, later_models = shown_ms[1:], models_ms[1:]
    if later_shown:
        print(
            f"{len(later_shown)} later openings: shown in median {statistics.median(later_shown):.0f}"
            f" ms (max {max(later_shown):.0f}); the models' suggestions in median "
            f"{statistics.median(later_models):.0f} ms (max {max(later_models):.0f}); "
            f"entity suggestions per page {min(c[1] for c in counts[1:])}–"
            f"{max(c[1] for c in counts[1:])} (target: within 300 ms of opening)"
        )


if __name__ == "__main__":
    main()

"""A long writer never starves the editor: `annotator suggest` over a few hundred documents
runs in its own process while edits are made on the same SQLite file, as in the window.

Every edit must be saved and none lost. How long edits waited is printed, not asserted (see
bench/write_contention_bench.py for the figures).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from annotator.domain.errors import Busy
from annotator.services import editing
from annotator.services.importing import import_paths
from annotator.services.permissions import Actor
from annotator.store.database import open_database
from tests.helpers import entities

ROOT = Path(__file__).resolve().parents[2]
WINDOW_BUSY_TIMEOUT = 1.0  # what the window opens its database with (gui/app.py)


def write_corpus(folder: Path, seeds: Path, documents: int) -> list[str]:
    """`documents` texts cut from the seeds, each with a numbered first line (distinct texts)."""
    folder.mkdir()
    sentences = [
        s + "。"
        for path in sorted(seeds.glob("*.txt"))
        for s in path.read_text("utf-8").replace("\n", "").split("。")
        if s.strip()
    ]
    names = []
    for i in range(documents):
        body = "".join(sentences[(i * 7 + k) % len(sentences)] for k in range(12))
        name = f"doc{i:04d}"
        (folder / f"{name}.txt").write_text(
            f"第{i}号：2023年新增{i + 10}个车位。\n{body}", encoding="utf-8"
        )
        names.append(name)
    return names


def edit_until_done(
    database, writer: subprocess.Popen, doc_ids: list[str]
) -> tuple[list, list, int]:
    """Add one entity per document, paced, while `writer` runs (and a few after); an edit the
    database refuses as busy is kept and tried again, as the window does. Returns (saved
    keys, seconds each edit took until saved, refusals as busy)."""
    actor = Actor("li")
    saved, waits, busy = [], [], 0
    for doc_id in doc_ids:
        if writer.poll() is not None and len(saved) >= 20:
            break
        cmd = editing.AddEntity(doc_id, "annotator:li", "DATE", 5, 10)
        started = time.perf_counter()
        while True:
            try:
                applied = editing.apply(cmd, database.uow, actor)
                break
            except Busy:  # a message, not a crash: kept and tried again
                busy += 1
        waits.append(time.perf_counter() - started)
        saved.append((doc_id, applied.key))
        time.sleep(0.01)  # a person edits now and then, not in a tight loop
    return saved, waits, busy


def test_edits_made_while_suggest_runs_are_all_saved(tmp_path: Path, seeds_path: Path) -> None:
    db = str(tmp_path / "team.sqlite3")
    database = open_database(db, busy_timeout=WINDOW_BUSY_TIMEOUT)
    try:
        doc_ids = write_corpus(tmp_path / "corpus", seeds_path, 300)
        import_paths(database, [tmp_path / "corpus"])
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        suggest = [sys.executable, "-m", "annotator", "suggest", "--what", "metrics", "--db", db]
        # A first run fills the layer; the second, timed against the edits, replaces every
        # document's suggestions, so it writes from its first document on.
        subprocess.run(suggest, env=env, check=True, capture_output=True)
        writer = subprocess.Popen(
            suggest, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            saved, waits, busy = edit_until_done(database, writer, doc_ids)
        finally:
            out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        assert "in 300 documents written to pred:assistant" in out
        print(
            f"\n{len(waits)} edits during suggest; longest wait {max(waits):.3f} s, "
            f"{busy} refused as busy and tried again"
        )
        for doc_id, key in saved:  # nothing lost
            assert [e.id for e in entities(database, doc_id, "annotator:li")] == [key]
        assert len(saved) == len({doc for doc, _ in saved})
        with database.uow() as uow:
            assert uow.statistics.layer_counts()["pred:assistant"]["metrics"] > 300
    finally:
        database.close()

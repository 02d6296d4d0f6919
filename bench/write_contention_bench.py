"""How long an edit in the window waits while a long command writes to the same SQLite file.

    python bench/write_contention_bench.py [--docs 2000] [--import-docs 5000] [--keep DIR]

Edits are made as the window makes them (a 1 s busy timeout; an edit refused as busy is kept
and tried again) every 20 ms while, in another process, `annotator suggest` re-fills the
suggestions of --docs documents (it commits a slice at a time) and then `annotator import`
adds --import-docs new documents (one transaction: all or nothing). Printed per writer: its
run time, the number of edits made meanwhile, the longest and median wait of an edit, and how
many edits were refused as busy and tried again. Target: no edit waits more than 1 s during
suggest; an import holds the lock for its whole write, which is printed for reference.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from annotator.domain.errors import Busy  # noqa: E402
from annotator.services import editing  # noqa: E402
from annotator.services.importing import import_paths  # noqa: E402
from annotator.services.permissions import Actor  # noqa: E402
from annotator.store.database import open_database  # noqa: E402

WINDOW_BUSY_TIMEOUT = 1.0  # as gui/app.py opens the database
EDIT_EVERY = 0.02
HAN_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")


def make_corpus(count: int, out: Path, seed: int) -> Path:
    subprocess.run(
        [
            sys.executable,
            str(HERE / "make_corpus.py"),
            str(count),
            "--out",
            str(out),
            "--chars",
            "1500",
            "--seed",
            str(seed),
        ],
        check=True,
        capture_output=True,
    )
    return out / "texts"


def edit_while(database, writer: subprocess.Popen, targets: list[tuple[str, int]]) -> dict:
    """Add an entity to one document after another until `writer` ends; each edit's wait."""
    actor = Actor("bench")
    waits: list[float] = []
    busy = 0
    for doc_id, start in targets * 10:
        if writer.poll() is not None:
            break
        cmd = editing.AddEntity(doc_id, "annotator:bench", "PLACE", start, start + 2)
        started = time.perf_counter()
        while True:
            try:
                applied = editing.apply(cmd, database.uow, actor)
                break
            except Busy:
                busy += 1
        waits.append(time.perf_counter() - started)
        editing.apply(applied.inverse, database.uow, actor)  # the same document again later
        time.sleep(EDIT_EVERY)
    return {
        "edits": len(waits),
        "longest": max(waits, default=0.0),
        "median": statistics.median(waits) if waits else 0.0,
        "busy": busy,
    }


def run_writer(name: str, argv: list[str], database, doc_ids: list[tuple[str, int]]) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    writer = subprocess.Popen(
        [sys.executable, "-m", "annotator", *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    figures = edit_while(database, writer, doc_ids)
    out, err = writer.communicate()
    seconds = time.perf_counter() - started
    if writer.returncode != 0:
        raise SystemExit(f"{name} failed: {err}")
    print(
        f"{name}: {seconds:.1f} s; {figures['edits']} edits meanwhile, longest wait "
        f"{figures['longest']:.3f} s, median {figures['median'] * 1000:.0f} ms, "
        f"{figures['busy']} refused as busy and tried again"
    )
    print(f"  ({out.strip().splitlines()[-1] if out.strip() else ''})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--import-docs", type=int, default=5000)
    parser.add_argument("--keep", type=Path, help="keep the corpus and database here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="contention-"))
    work.mkdir(parents=True, exist_ok=True)
    db = str(work / "bench.sqlite3")
    texts = make_corpus(args.docs, work / "corpus", seed=1)
    more = make_corpus(args.import_docs, work / "more", seed=2)
    database = open_database(db, busy_timeout=WINDOW_BUSY_TIMEOUT)
    try:
        import_paths(database, [texts])
        with database.uow() as uow:  # two Chinese characters to tag in each document
            doc_ids = [
                (doc.doc_id, HAN_PAIR.search(doc.text).start())  # type: ignore[union-attr]
                for _, doc in uow.documents.iter_documents()
            ][:200]
        print(
            f"{args.docs} documents of about 1,500 characters; edits every "
            f"{EDIT_EVERY * 1000:.0f} ms with a {WINDOW_BUSY_TIMEOUT:g} s busy timeout"
        )
        run_writer(
            "suggest (first run)", ["suggest", "--what", "metrics", "--db", db], database, doc_ids
        )
        run_writer(
            "suggest (again: replaces)",
            ["suggest", "--what", "metrics", "--db", db],
            database,
            doc_ids,
        )
        run_writer(
            f"import of {args.import_docs} new documents (one transaction)",
            ["import", str(more), "--db", db],
            database,
            doc_ids,
        )
    finally:
        database.close()


if __name__ == "__main__":
    main()

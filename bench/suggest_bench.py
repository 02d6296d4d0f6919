"""How long `annotator suggest` takes over a corpus, with every assistant: the metric detector
and the three entity recommenders (lexicon, CRF, LAC when the `ner` extra is installed).

    python bench/suggest_bench.py [--docs 1000] [--jobs N]

Writes --docs seed-sized documents from the seeds' sentences (bench/make_corpus.py), imports
them beside the seeds' reference gold (what the CRF and the lexicon learn from) into a new
SQLite file, and runs the real command line twice in a fresh cache folder: a first run (the CRF
trained, LAC reading every text for the first time) and a second one (models and LAC's
analyses cached). Prints wall and CPU time of each and what it wrote. Target: the first run
under 3 minutes for 1,000 documents on two cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOLD = ROOT / "resources" / "gold" / "seeds-v1" / "gold.jsonl"


def _annotator(*args: str, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of one command line run, and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--jobs", type=int, help="passed to suggest (default: its own)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        env = {
            **os.environ,
            "XDG_CACHE_HOME": str(base / "cache"),
            "XDG_CONFIG_HOME": str(base / "config"),
            "XDG_DATA_HOME": str(base / "data"),
            "PYTHONPATH": str(ROOT),
        }
        subprocess.run(
            [
                sys.executable,
                str(HERE / "make_corpus.py"),
                str(args.docs),
                "--out",
                str(base / "c"),
            ],
            check=True,
            capture_output=True,
        )
        db = ["--db", str(base / "bench.sqlite3")]
        _annotator("import", str(GOLD), "--layer", "gold", *db, env=env)
        _annotator("import", str(base / "c" / "texts"), *db, env=env)
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        print(f"{args.docs} seed-sized documents (+ the 5 seed pages of the reference gold)")
        for run in ("first run (models trained, every text new to LAC)", "second run (cached)"):
            wall, cpu, printed = _annotator("suggest", *jobs, *db, env=env)
            print(f"  {run}: {wall:.1f} s wall, {cpu:.1f} s CPU")
        for line in printed.splitlines():
            print(f"    {line}")


if __name__ == "__main__":
    main()

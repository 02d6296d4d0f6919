"""Time imports into a fresh SQLite database and report peak memory and file size.

    python bench/import_bench.py [--docs 10000] [--big 100000] [--keep DIR]

Targets (2-core machine): 10,000 text documents in under 5 s; the same as JSONL with 50 entities
each in under 10 s (with 10 metrics more, printed for reference); 100,000 documents with peak
memory under 500 MB; the SQLite file under twice the UTF-8 size of the text plus annotations.
Each import runs in its own process, so that peak memory (ru_maxrss) belongs to that import alone.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def run_import(db: Path, source: Path) -> dict:
    """Import `source` into a new database `db` in a child process; its timing and peak memory."""
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()
    os.sync()  # the corpus and the last database, still being written back, would slow this one
    code = f"""
import json, resource, sys, time
sys.path.insert(0, {str(ROOT)!r})
from annotator.store.database import open_database
from annotator.services.importing import import_paths
database = open_database({str(db)!r})
start = time.perf_counter()
report = import_paths(database, [{str(source)!r}])
seconds = time.perf_counter() - start
database.close()
print(json.dumps({{"seconds": seconds, "summary": report.summary(),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def make(n: int, out: Path, entities: int = 0, metrics: int = 0, texts: bool = True) -> None:
    args = [sys.executable, str(HERE / "make_corpus.py"), str(n), "--out", str(out)]
    if entities or metrics:
        args += ["--entities", str(entities), "--metrics", str(metrics)]
    if not texts:
        args.append("--no-texts")
    subprocess.run(args, check=True, capture_output=True)


def size_mb(path: Path) -> float:
    return (
        sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6
        if path.is_dir()
        else path.stat().st_size / 1e6
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--big", type=int, default=100000, help="0 skips the memory run")
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: temporary)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    work.mkdir(parents=True, exist_ok=True)

    corpus = work / f"corpus-{args.docs}"
    if not corpus.exists():
        make(args.docs, corpus, entities=50)
    texts, jsonl = corpus / "texts", corpus / "corpus.jsonl"
    # The export bench's corpus (metrics too), for reference: the target names entities only.
    heavy = work / f"corpus-{args.docs}-metrics"
    if not heavy.exists():
        make(args.docs, heavy, entities=50, metrics=10, texts=False)

    result = run_import(work / "texts.sqlite3", texts)
    text_mb = size_mb(texts)
    db_mb = size_mb(work / "texts.sqlite3")
    print(
        f"text import: {args.docs} documents, {text_mb:.0f} MB UTF-8: "
        f"{result['seconds']:.2f} s ({result['summary']}), peak {result['peak_mb']:.0f} MB; "
        f"database {db_mb:.0f} MB = {db_mb / text_mb:.2f} x text (target < 5 s, < 2 x)"
    )

    for source, what, target in (
        (jsonl, "50 entities", " (target < 10 s)"),
        (heavy / "corpus.jsonl", "50 entities and 10 metrics", ""),
    ):
        result = run_import(work / "jsonl.sqlite3", source)
        jsonl_mb = size_mb(source)
        db_mb = size_mb(work / "jsonl.sqlite3")
        print(
            f"jsonl import: {args.docs} documents with {what}, {jsonl_mb:.0f} MB: "
            f"{result['seconds']:.2f} s, peak {result['peak_mb']:.0f} MB; database "
            f"{db_mb:.0f} MB = {db_mb / jsonl_mb:.2f} x the JSONL{target}"
        )

    if args.big:
        big = work / f"corpus-{args.big}"
        if not big.exists():
            make(args.big, big)
        result = run_import(work / "big.sqlite3", big / "texts")
        print(
            f"text import: {args.big} documents: {result['seconds']:.1f} s, peak memory "
            f"{result['peak_mb']:.0f} MB (target < 500 MB)"
        )
    if not args.keep:
        import shutil

        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())

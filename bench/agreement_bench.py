"""Time inter-annotator agreement on a synthetic corpus labelled by several annotators.

    python bench/agreement_bench.py [--docs 2000] [--chars 3000] [--entities 30] [--metrics 5]
                                    [--annotators 3] [--db]

The first annotator's entities and metrics are made by bench/make_corpus.py from the seeds'
sentences; every other annotator shifts, relabels, drops and adds some of them. The figures are
computed in memory (`agreement_report`); with --db the layers are also imported into a temporary
SQLite database and the whole service path (`compute_agreement`: load and compute) is timed.
The figures of the first pair are printed too, so that a change of results shows up beside a
change of speed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import LABELS, make_entities, make_metrics, make_text, seed_sentences  # noqa: E402

from annotator.formats.jsonl import parse_metric  # noqa: E402
from annotator.services.agreement import (  # noqa: E402
    Annotations,
    DocumentAnnotations,
    agreement_report,
    compute_agreement,
)


def _perturb(rng: random.Random, text: str, entities: list[dict]) -> list[dict]:
    out = []
    for entity in entities:
        roll = rng.random()
        if roll < 0.1:
            continue  # dropped
        entity = dict(entity)
        if roll < 0.2:
            entity["label"] = rng.choice(LABELS)
        elif roll < 0.3 and entity["end"] < len(text) and "\n" not in text[entity["end"]]:
            entity["end"] += 1
            entity["text"] = text[entity["start"] : entity["end"]]
        out.append(entity)
    out.extend(make_entities(rng, text, max(1, len(entities) // 10)))
    seen: set[tuple] = set()
    unique = []
    for i, entity in enumerate(out, start=1):
        key = (entity["label"], entity["start"], entity["end"])
        if key not in seen:
            seen.add(key)
            unique.append({**entity, "id": f"e{i}"})
    return unique


def build(args: argparse.Namespace) -> list[tuple[str, str, dict[str, tuple[list, list]]]]:
    rng = random.Random(11)
    sentences = seed_sentences()
    corpus = []
    for d in range(args.docs):
        text = make_text(rng, sentences, args.chars)
        first = make_entities(rng, text, args.entities)
        metrics = make_metrics(rng, text, args.metrics, first)
        layers = {"annotator:a0": (first, metrics)}
        for k in range(1, args.annotators):
            entities = _perturb(rng, text, first)
            places = {e["id"] for e in entities if e["label"] == "PLACE"}
            kept = [
                {**m, "place": m["place"] if m.get("place") in places else None}
                for m in metrics
                if rng.random() > 0.1
            ]
            layers[f"annotator:a{k}"] = (
                entities,
                [{key: value for key, value in m.items() if value is not None} for m in kept],
            )
        corpus.append((f"d{d:05d}", text, layers))
    return corpus


def in_memory(corpus: list) -> list[DocumentAnnotations]:
    from annotator.domain.entities import Entity

    documents = []
    for doc_id, text, layers in corpus:
        documents.append(
            DocumentAnnotations(
                doc_id,
                len(text),
                {
                    layer: Annotations(
                        tuple(
                            Entity(e["id"], e["label"], e["start"], e["end"], e["text"])
                            for e in entities
                        ),
                        tuple(parse_metric(m) for m in metrics),
                    )
                    for layer, (entities, metrics) in layers.items()
                },
            )
        )
    return documents


def through_database(corpus: list, annotators: int) -> float:
    from annotator.services.importing import import_paths
    from annotator.store.database import open_database

    with tempfile.TemporaryDirectory() as folder:
        database = open_database(str(Path(folder) / "bench.sqlite3"))
        for k in range(annotators):
            layer = f"annotator:a{k}"
            path = Path(folder) / f"a{k}.jsonl"
            with path.open("w", encoding="utf-8") as handle:
                for doc_id, text, layers in corpus:
                    entities, metrics = layers[layer]
                    handle.write(
                        json.dumps(
                            {
                                "doc_id": doc_id,
                                "text": text,
                                "entities": entities,
                                "metrics": metrics,
                            },
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
            import_paths(database, [path], layer=layer)
        started = time.perf_counter()
        report = compute_agreement(database)
        seconds = time.perf_counter() - started
        database.close()
    print(
        f"database: {seconds:.2f} s for load and compute "
        f"(alpha {report.alpha_char:.3f} over {report.alpha_documents} documents)"
    )
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--chars", type=int, default=3000)
    parser.add_argument("--entities", type=int, default=30)
    parser.add_argument("--metrics", type=int, default=5)
    parser.add_argument("--annotators", type=int, default=3)
    parser.add_argument("--db", action="store_true", help="also time the database path")
    args = parser.parse_args()
    corpus = build(args)
    documents = in_memory(corpus)
    names = [f"annotator:a{k}" for k in range(args.annotators)]
    started = time.perf_counter()
    report = agreement_report(names, documents)
    seconds = time.perf_counter() - started
    pair = report.pairs[0]
    print(
        f"{args.docs} documents × {args.annotators} annotators, {args.chars} characters, "
        f"{args.entities} entities, {args.metrics} metrics each"
    )
    print(
        f"in memory: {seconds:.2f} s; first pair F1 exact {pair['entity_f1_exact']:.3f}, "
        f"overlapping {pair['entity_f1_overlap']:.3f}, kappa {pair['kappa_char']:.3f}, "
        f"metric F1 {pair['metric_f1']:.3f}; alpha {report.alpha_char:.3f}"
    )
    if args.db:
        through_database(corpus, args.annotators)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Time `annotator evaluate` scoring on a synthetic gold corpus and perturbed predictions.

    python bench/evaluate_bench.py [--docs 10000] [--chars 7000] [--entities 20] [--metrics 5]
                                   [--files] [--html]

Target: 10,000 documents scored in under 10 s (the scoring of records in memory). With --files
the gold and the predictions also go through temporary JSONL files and the readers, and the
whole command path (read, check, score) is timed too; with --html the report is rendered as well.
Documents are made by bench/make_corpus.py from the seeds' sentences; a prediction shifts,
relabels, drops and adds entities and changes or drops metrics.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import LABELS, make_entities, make_metrics, make_text, seed_sentences  # noqa: E402

from annotator.domain.text import text_sha256  # noqa: E402
from annotator.formats.html_report import render_report  # noqa: E402
from annotator.formats.jsonl import parse_record  # noqa: E402
from annotator.services.evaluation import (  # noqa: E402
    Sourced,
    evaluate,
    read_gold_file,
    read_predictions,
)


def perturb(record: dict, rng: random.Random) -> dict:
    """A system's guess at a gold record (as JSON): errors of every kind the report lists."""
    text = record["text"]
    pred = copy.deepcopy(record)
    pred["layer"] = "pred:bench"
    entities = []
    for entity in pred["entities"]:
        roll = rng.random()
        if roll < 0.1:
            continue
        if roll < 0.2:
            entity["label"] = rng.choice(LABELS)
        elif roll < 0.3:
            entity["end"] = max(entity["start"] + 1, entity["end"] + rng.choice((-1, 1)))
            entity["text"] = text[entity["start"] : entity["end"]]
        entities.append(entity)
    for _ in range(2):
        start = rng.randrange(0, len(text) - 6)
        entities.append(
            {
                "id": f"s{len(entities)}",
                "label": rng.choice(LABELS),
                "start": start,
                "end": start + 3,
                "text": text[start : start + 3],
            }
        )
    kept_ids = {e["id"] for e in entities}
    metrics = []
    for metric in pred["metrics"]:
        roll = rng.random()
        if roll < 0.1:
            continue
        if roll < 0.2:
            metric["value"]["number"] = metric["value"]["number"] + 1
        elif roll < 0.3:
            metric["status"] = "planned"
        if metric.get("place") not in kept_ids:
            metric.pop("place", None)
        metrics.append(metric)
    pred["entities"], pred["metrics"] = entities, metrics
    return pred


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--chars", type=int, default=7000)
    parser.add_argument("--entities", type=int, default=20)
    parser.add_argument("--metrics", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20231201)
    parser.add_argument("--files", action="store_true", help="also time reading JSONL files")
    parser.add_argument("--html", action="store_true", help="also time rendering the report")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    sentences = seed_sentences()
    started = time.perf_counter()
    gold_json, pred_json = [], []
    for i in range(args.docs):
        text = make_text(rng, sentences, args.chars)
        entities = make_entities(rng, text, args.entities)
        record = {
            "doc_id": f"bench_{i:06d}",
            "text": text,
            "text_sha256": text_sha256(text),
            "layer": "gold",
            "entities": entities,
            "metrics": make_metrics(rng, text, args.metrics, entities),
        }
        gold_json.append(record)
        pred_json.append(perturb(record, rng))
    gold = [Sourced(f"gold:{i}", parse_record(r)) for i, r in enumerate(gold_json, 1)]
    pred = [Sourced(f"pred:{i}", parse_record(r)) for i, r in enumerate(pred_json, 1)]
    print(
        f"generated {args.docs} documents ({args.chars} characters, {args.entities} entities, "
        f"{args.metrics} metrics each) in {time.perf_counter() - started:.1f} s"
    )

    started, cpu = time.perf_counter(), time.process_time()
    evaluation = evaluate(gold, pred)
    scored, cpu = time.perf_counter() - started, time.process_time() - cpu
    figures = evaluation.to_json()
    strict, metrics = figures["entities"]["strict"], figures["metrics"]
    # CPU time too: on a busy machine the wall-clock figure also counts other processes.
    print(
        f"scored {figures['documents']['scored']} documents in memory in {scored:.2f} s "
        f"({cpu:.2f} s CPU; target < 10 s): strict F1 {strict['f1']:.3f}, partial F1 "
        f"{figures['entities']['partial']['f1']:.3f}, metric F1 {metrics['f1']:.3f}, "
        f"{len(evaluation.errors)} errors"
    )

    if args.html:
        started = time.perf_counter()
        html = render_report(figures, evaluation.errors)
        print(
            f"rendered the HTML report ({len(html) / 1e6:.1f} MB) in "
            f"{time.perf_counter() - started:.2f} s"
        )

    if args.files:
        with tempfile.TemporaryDirectory() as folder:
            gold_path, pred_path = Path(folder) / "gold.jsonl", Path(folder) / "pred.jsonl"
            for path, records in ((gold_path, gold_json), (pred_path, pred_json)):
                with path.open("w", encoding="utf-8") as handle:
                    for record in records:
                        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            del gold, pred, evaluation
            started = time.perf_counter()
            from_files = evaluate(read_gold_file(gold_path), read_predictions(pred_path))
            total = time.perf_counter() - started
            size = (gold_path.stat().st_size + pred_path.stat().st_size) / 1e6
            assert from_files.to_json()["entities"] == figures["entities"]
            print(f"read, checked and scored two JSONL files ({size:.0f} MB) in {total:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

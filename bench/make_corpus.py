"""Write a reproducible synthetic corpus built from the seeds' sentences.

    python bench/make_corpus.py N --out DIR [--chars 7000] [--entities K] [--metrics M] [--seed S]

Without --entities/--metrics it writes N `.txt` files into DIR/texts/. With them it also writes
DIR/corpus.jsonl: the same documents with K entities and M metrics each, in the export record of
the spec (layer annotator:bench), so that imports and exports can be timed on annotated data.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.domain.text import text_sha256  # noqa: E402
from annotator.resources import seeds_dir  # noqa: E402

LABELS = ("PLACE", "ORG", "PERSON", "PROGRAM", "PROJECT", "DOCUMENT", "DATE")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def seed_sentences() -> list[str]:
    """Sentences of the bundled seeds (split after 。！？ and at newlines), non-empty."""
    sentences: list[str] = []
    for path in sorted(seeds_dir().glob("*.txt")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            sentences.extend(s for s in re.split(r"(?<=[。！？])", line) if s.strip())
    return sentences


def make_text(rng: random.Random, sentences: list[str], chars: int) -> str:
    parts: list[str] = []
    size = 0
    while size < chars:
        paragraph = "".join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))
        parts.append(paragraph)
        size += len(paragraph) + 1
    return "\n".join(parts)


def make_entities(rng: random.Random, text: str, count: int) -> list[dict]:
    entities = []
    used: set[tuple[int, int]] = set()
    while len(entities) < count:
        start = rng.randrange(0, len(text) - 8)
        end = start + rng.randint(2, 6)
        if (start, end) in used or "\n" in text[start:end]:
            continue
        used.add((start, end))
        entities.append(
            {
                "id": f"e{len(entities) + 1}",
                "label": rng.choice(LABELS),
                "start": start,
                "end": end,
                "text": text[start:end],
            }
        )
    return entities


def make_metrics(rng: random.Random, text: str, count: int, entities: list[dict]) -> list[dict]:
    numbers = list(NUMBER.finditer(text))
    places = [e["id"] for e in entities if e["label"] == "PLACE"]
    metrics = []
    for i in range(min(count, len(numbers))):
        match = numbers[rng.randrange(len(numbers))]
        start, end = match.span()
        ind_start = max(0, start - 3)
        sentence_start = max(text.rfind("\n", 0, start), text.rfind("。", 0, start)) + 1
        sentence_end = min(
            x for x in (text.find("。", end), text.find("\n", end), len(text)) if x != -1
        )
        metric = {
            "id": f"m{i + 1}",
            "indicator": {"start": ind_start, "end": start, "text": text[ind_start:start]}
            if ind_start < start
            else None,
            "value": {
                "start": start,
                "end": end,
                "text": match.group(),
                "number": float(match.group()) if "." in match.group() else int(match.group()),
            },
            "approx": "exact",
            "status": "achieved",
            "aspect": "total",
            "period": {"normalized": "2023", "implicit": True},
            "evidence": {
                "start": sentence_start,
                "end": sentence_end,
                "text": text[sentence_start:sentence_end],
            },
            "provenance": {"kind": "manual"},
        }
        if metric["indicator"] is None:
            del metric["indicator"]
        if places:
            metric["place"] = rng.choice(places)
        metrics.append(metric)
    return metrics


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="number of documents")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--chars", type=int, default=7000, help="characters per document")
    parser.add_argument("--entities", type=int, default=0)
    parser.add_argument("--metrics", type=int, default=0)
    parser.add_argument("--seed", type=int, default=20231201)
    parser.add_argument("--no-texts", action="store_true", help="write only corpus.jsonl")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sentences = seed_sentences()
    texts_dir = args.out / "texts"
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.no_texts:
        texts_dir.mkdir(parents=True, exist_ok=True)
    annotated = args.entities or args.metrics
    jsonl = (args.out / "corpus.jsonl").open("w", encoding="utf-8") if annotated else None
    for i in range(args.n):
        text = make_text(rng, sentences, args.chars)
        doc_id = f"bench_{i:06d}"
        if not args.no_texts:
            (texts_dir / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        if jsonl is not None:
            entities = make_entities(rng, text, args.entities)
            record = {
                "doc_id": doc_id,
                "text": text,
                "text_sha256": text_sha256(text),
                "meta": {"source": f"{doc_id}.txt"},
                "layer": "annotator:bench",
                "schema_version": 1,
                "segments": [],
                "entities": entities,
                "metrics": make_metrics(rng, text, args.metrics, entities),
            }
            jsonl.write(json.dumps(record, ensure_ascii=False) + "\n")
    if jsonl is not None:
        jsonl.close()
    print(f"wrote {args.n} documents to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The reference gold of the bundled seeds (`resources/gold/seeds-v1/`): loadable as its card says,
complete, exact at every offset, stable through export and import, and holding the spec's examples."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.domain.metrics import SURFACE_FIELDS
from annotator.domain.text import text_sha256
from annotator.domain.validation import validate_document_annotations
from annotator.formats.jsonl import parse_record
from annotator.resources import resource, seeds_dir
from tests.helpers import as_schema_2

GOLD_DIR = resource("gold", "seeds-v1")
GOLD = GOLD_DIR / "gold.jsonl"
CARD = GOLD_DIR / "README.md"


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _card_tables() -> dict[str, dict[str, int]]:
    """Every two-column `| name | count |` table of the card, by its `## heading`."""
    tables: dict[str, dict[str, int]] = {}
    heading = None
    for line in CARD.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
        elif heading and (row := re.fullmatch(r"\| ([^|]+?) \| (\d+) \|", line)):
            tables.setdefault(heading, {})[row.group(1)] = int(row.group(2))
    return tables


def _counts(records: list[dict]) -> dict[str, dict[str, int]]:
    metrics = [m for r in records for m in r["metrics"]]
    provenance = Counter(m["provenance"]["kind"] for m in metrics)
    return {
        "Counts": {
            "documents": len(records),
            "characters": sum(len(r["text"]) for r in records),
            "segments": sum(len(r["segments"]) for r in records),
            "entities": sum(len(r["entities"]) for r in records),
            "metrics": len(metrics),
            "metrics repeating another (duplicate_of)": sum(
                1 for m in metrics if m.get("duplicate_of")
            ),
        },
        "Segments by label": dict(Counter(s["label"] for r in records for s in r["segments"])),
        "Entities by label": dict(Counter(e["label"] for r in records for e in r["entities"])),
        "Metrics by aspect": dict(Counter(m["aspect"] for m in metrics)),
        "Metrics by status": dict(Counter(m["status"] for m in metrics)),
        "Metrics by approx": dict(Counter(m["approx"] for m in metrics)),
        "Metrics by unit": dict(
            Counter(m["unit"]["normalized"] if m.get("unit") else "(none)" for m in metrics)
        ),
        "Metrics by provenance": dict(provenance),
    }


@pytest.fixture
def loaded(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    """The release imported into a database as the README says, and exported back."""
    assert main(["import", str(GOLD), "--layer", "gold", "--db", sqlite_url]) == 0
    out = tmp_path / "again.jsonl"
    assert (
        main(
            [
                "export",
                "--format",
                "jsonl",
                "--layer",
                "gold",
                "--out",
                str(out),
                "--db",
                sqlite_url,
            ]
        )
        == 0
    )
    capsys.readouterr()
    return _records(out)


def test_loading_the_release_gives_exactly_the_cards_counts(loaded: list[dict]) -> None:
    tables = _card_tables()
    for heading, counts in _counts(loaded).items():
        assert tables.get(heading) == counts, heading


def test_export_after_import_keeps_every_record_as_released_in_schema_2(loaded: list[dict]) -> None:
    released = _records(GOLD)
    assert {r["schema_version"] for r in released} == {1}  # the frozen release stays as it was
    assert loaded == [as_schema_2(r) for r in released]


def test_export_then_import_then_export_is_byte_identical(
    loaded: list[dict], sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = (tmp_path / "again.jsonl").read_bytes()
    other_db = str(tmp_path / "other.sqlite3")
    assert main(["import", str(tmp_path / "again.jsonl"), "--layer", "gold", "--db", other_db]) == 0
    second = tmp_path / "second.jsonl"
    assert (
        main(
            [
                "export",
                "--format",
                "jsonl",
                "--layer",
                "gold",
                "--out",
                str(second),
                "--db",
                other_db,
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert second.read_bytes() == first


def test_the_release_is_the_bundled_seeds_every_document_done_by_the_guideline_it_names() -> None:
    records = _records(GOLD)
    seeds = {p.stem: p.read_text(encoding="utf-8") for p in seeds_dir().glob("*.txt")}
    assert {r["doc_id"] for r in records} == set(seeds)
    for record in records:
        assert record["text"] == seeds[record["doc_id"]]
        assert record["text_sha256"] == text_sha256(record["text"])
        assert record["layer"] == "gold"
    assert "guideline version: 2026.2" in CARD.read_text(encoding="utf-8")


def test_validate_accepts_the_release(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(GOLD)]) == 0, capsys.readouterr().err


def _spans(record: dict):
    for segment in record["segments"]:
        yield "segment", segment
    for entity in record["entities"]:
        yield "entity", entity
    for metric in record["metrics"]:
        for name in SURFACE_FIELDS:
            field = metric.get(name)
            if field and not field.get("implicit"):
                yield f"metric {metric['id']}.{name}", field


def test_every_span_is_the_text_at_its_offsets_without_surrounding_whitespace() -> None:
    bad = []
    for record in _records(GOLD):
        text = record["text"]
        for kind, span in _spans(record):
            covered = text[span["start"] : span["end"]]
            if covered != span["text"] or covered != covered.strip() or not covered:
                bad.append((record["doc_id"], kind, span["start"], covered))
    assert not bad


def test_entities_keep_quotes_and_title_marks_outside() -> None:
    outside = set('“”‘’"《》「」『』,，。、；;：:')
    bad = [
        (r["doc_id"], e["text"])
        for r in _records(GOLD)
        for e in r["entities"]
        if e["text"][0] in outside or e["text"][-1] in outside
    ]
    assert not bad


def test_every_metric_is_complete_and_linked_to_what_exists() -> None:
    for record in _records(GOLD):
        parsed = parse_record(record)
        validate_document_annotations(
            record["text"], parsed.entities, parsed.segments, parsed.metrics
        )  # raises on any incomplete metric
        entity_labels = {e.id: e.label for e in parsed.entities}
        metric_ids = {m.id for m in parsed.metrics}
        for metric in parsed.metrics:
            assert metric.period is not None, (record["doc_id"], metric.id)
            assert metric.place is None or entity_labels[metric.place] == "PLACE"
            assert metric.org is None or entity_labels[metric.org] == "ORG"
            assert metric.subject is None or entity_labels[metric.subject] in ("PROGRAM", "PROJECT")
            assert metric.duplicate_of is None or metric.duplicate_of in metric_ids


def _metric_at(record: dict, value_text: str, context: str) -> dict:
    at = record["text"].index(context) + context.index(value_text)
    [metric] = [m for m in record["metrics"] if m["value"]["start"] == at]
    return metric


def test_the_specs_examples_are_in_the_release() -> None:
    [seed0] = [r for r in _records(GOLD) if r["doc_id"].startswith("000_")]
    entities = {e["id"]: e for e in seed0["entities"]}
    parking = _metric_at(seed0, "14000", "新增14000个停车位")
    assert parking["value"]["number"] == 14000 and parking["unit"]["normalized"] == "个"
    assert (parking["aspect"], parking["status"], parking["approx"]) == (
        "increase",
        "achieved",
        "exact",
    )
    assert parking["period"]["normalized"] == "2023"
    assert entities[parking["place"]]["text"] == "浏阳市"
    assert parking["indicator"]["text"] == "停车位"
    [seed3] = [r for r in _records(GOLD) if r["doc_id"].startswith("003_")]
    money = _metric_at(seed3, "2800余万", "今年投入2800余万元")
    assert (money["value"]["number"], money["unit"]["normalized"], money["approx"]) == (
        28000000,
        "元",
        "over",
    )
    assert money["unit"]["text"] == "元"
    progress = _metric_at(seed0, "116.88", "整体进度达到116.88%")
    assert (progress["unit"]["normalized"], progress["aspect"]) == ("%", "ratio")
    farmland = _metric_at(seed0, "20.26万", "高标准农田20.26万亩")
    assert (farmland["value"]["number"], farmland["aspect"]) == (202600, "total")
    labelled = {(e["label"], e["text"]) for e in seed0["entities"]}
    assert {
        ("PLACE", "浏阳市"),
        ("ORG", "浏阳市住建局"),
        ("PROGRAM", "全BA"),
        ("PROJECT", "大塘实验小学"),
        ("DATE", "2023年"),
    } <= labelled


def test_every_duplicate_paragraph_of_seed_001_is_marked() -> None:
    [seed1] = [r for r in _records(GOLD) if r["doc_id"].startswith("001_")]
    paragraphs = [p.strip() for p in seed1["text"].split("\n") if len(p.strip()) > 20]
    repeats = sum(count - 1 for count in Counter(paragraphs).values())
    duplicates = [s for s in seed1["segments"] if s["label"] == "DUPLICATE"]
    assert repeats > 0 and len(duplicates) >= repeats


def test_the_metrics_csv_is_the_releases_metrics() -> None:
    with (GOLD_DIR / "metrics.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = {(r["doc_id"], m["id"]) for r in _records(GOLD) for m in r["metrics"]}
    assert {(row["doc_id"], row["metric_id"]) for row in rows} == expected


def test_a_system_is_scored_against_the_release(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's evaluate line: the gold against itself scores 1 everywhere."""
    capsys.readouterr()
    assert main(["evaluate", "--gold", str(GOLD), "--pred", str(GOLD), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["entities"]["strict"]["f1"] == 1.0
    assert scores["metrics"]["f1"] == 1.0

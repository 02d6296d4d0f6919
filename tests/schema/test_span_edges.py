"""`annotator validate` flags spans with whitespace at an edge, which the spec puts outside."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.domain.text import text_sha256
from annotator.schema.export_schema import check_jsonl

TEXT = "王文 报道"


def _write(tmp_path: Path, end: int) -> Path:
    record = {
        "doc_id": "a",
        "text": TEXT,
        "text_sha256": text_sha256(TEXT),
        "meta": {},
        "layer": "gold",
        "schema_version": 1,
        "segments": [],
        "metrics": [],
        "entities": [{"id": "e1", "label": "PERSON", "start": 0, "end": end, "text": TEXT[:end]}],
    }
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_validate_flags_an_entity_that_ends_with_a_space(tmp_path: Path) -> None:
    assert list(check_jsonl(_write(tmp_path, 3))) == [
        (1, ["entity e1: starts or ends with whitespace: '王文 '"])
    ]


def test_validate_accepts_the_same_entity_without_the_space(tmp_path: Path) -> None:
    assert list(check_jsonl(_write(tmp_path, 2))) == [(1, [])]

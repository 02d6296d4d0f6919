"""Import names the spans that start or end with whitespace (kept as the file has them)."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.services.importing import import_paths
from annotator.store.database import Database
from tests.helpers import entities


def test_import_reports_a_span_with_a_trailing_space(database: Database, tmp_path: Path):
    record = {
        "doc_id": "d1",
        "text": "作者王文 说。",
        "layer": "annotator:li",
        "entities": [
            {"id": "e1", "label": "PERSON", "start": 2, "end": 5, "text": "王文 "},
            {"id": "e2", "label": "PERSON", "start": 0, "end": 2, "text": "作者"},
        ],
    }
    source = tmp_path / "edges.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")

    report = import_paths(database, [source])

    assert "1 span(s) start or end with whitespace" in report.summary()
    assert "entity e1 '王文 '" in report.summary()
    assert sorted(e.text for e in entities(database, "d1", "annotator:li")) == ["作者", "王文 "]

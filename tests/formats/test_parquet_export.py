"""Parquet export: pyarrow reads back every value and offset, one row group per batch."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from annotator.formats import parquet
from annotator.formats.base import ExportContext
from annotator.formats.jsonl import read_records
from tests.formats.test_jsonl_writer import plain_record, sample_record, write_sample_jsonl


def test_parquet_reads_back_with_values_and_offsets_that_fit_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parquet, "ROW_GROUP", 2)
    source = write_sample_jsonl(
        tmp_path / "in.jsonl", [sample_record("a"), plain_record("b", "正文。"), sample_record("c")]
    )
    out = tmp_path / "gold.parquet"
    summary = parquet.write_parquet(
        (r for _, r in read_records(source)), out, ExportContext("gold", ())
    )

    file = pq.ParquetFile(out)
    assert file.metadata.num_row_groups == 2
    rows = file.read().to_pylist()
    assert summary.documents == len(rows) == 3
    assert [r["doc_id"] for r in rows] == ["a", "b", "c"]
    first = rows[0]
    assert json.loads(first["meta"]) == {"publication": "株洲日报", "source": "a.txt"}
    assert (first["layer"], first["schema_version"]) == ("gold", 2)
    text = first["text"]
    assert "𠀀" in text and "<b>" in text
    for entity in first["entities"]:
        assert text[entity["start"] : entity["end"]] == entity["text"]
    m1, m2 = first["metrics"]
    assert (m1["value"]["number"], m1["unit"]["normalized"], m1["aspect"]) == (
        14000.0,
        "个",
        "increase",
    )
    assert m1["period"] == {
        "start": None,
        "end": None,
        "text": None,
        "number": None,
        "normalized": "2023",
        "implicit": True,
    }
    assert text[m2["value_high"]["start"] : m2["value_high"]["end"]] == "50"
    assert (m2["value_high"]["number"], m2["place"], m2["provenance"]) == (
        50.0,
        "e3",
        {"kind": "suggested", "system": "rules-v1"},
    )
    assert m1["value_high"] is None and rows[1]["metrics"] == []


def test_hugging_face_datasets_loads_the_file_with_nested_features(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No network, and its cache in the test's folder: set before `datasets` reads its settings.
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    import datasets

    source = write_sample_jsonl(
        tmp_path / "in.jsonl", [sample_record("a"), plain_record("b", "正文。")]
    )
    out = tmp_path / "gold.parquet"
    parquet.write_parquet((r for _, r in read_records(source)), out, ExportContext("gold", ()))

    dataset = datasets.load_dataset(
        "parquet", data_files=str(out), split="train", cache_dir=str(tmp_path / "cache")
    )

    assert dataset.num_rows == 2 and dataset["doc_id"] == ["a", "b"]
    first = dataset[0]
    assert [(e["label"], e["text"]) for e in first["entities"]] == [
        (e["label"], e["text"]) for e in sample_record("a")["entities"]
    ]
    number = first["metrics"][0]["value"]["number"]
    assert isinstance(number, float) and number == 14000.0
    assert (
        first["text"][
            first["metrics"][1]["value_high"]["start"] : first["metrics"][1]["value_high"]["end"]
        ]
        == "50"
    )
    assert dataset[1]["metrics"] == [] and dataset[1]["text"] == "正文。"

"""`annotator export` and `annotator validate` as a user runs them: files, messages, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli.main import main
from tests.formats.test_jsonl_writer import plain_record, sample_record, write_sample_jsonl


@pytest.fixture
def filled_db(sqlite_url: str, tmp_path: Path) -> str:
    broken = sample_record("bad")
    del broken["metrics"][0]["aspect"]
    source = write_sample_jsonl(tmp_path / "in.jsonl", [sample_record("good"), broken])
    assert main(["import", "--db", sqlite_url, str(source)]) == 0
    return sqlite_url


def test_export_lists_incomplete_metrics_and_exits_2(
    filled_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    out = tmp_path / "out" / "gold.jsonl"
    code = main(["export", "--db", filled_db, "--format", "jsonl", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert "bad\tm1\taspect: is required" in err and "--incomplete skip" in err
    assert not out.exists()


def test_export_with_skip_writes_data_and_card_and_exits_0(
    filled_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    out = tmp_path / "gold.csv"
    code = main(
        [
            "export",
            "--db",
            filled_db,
            "--format",
            "csv",
            "--out",
            str(out),
            "--layer",
            "gold",
            "--incomplete",
            "skip",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "exported 2 documents of gold as csv" in printed
    assert "1 incomplete metrics left out" in printed
    card = (tmp_path / "gold.csv.README.md").read_text(encoding="utf-8")
    assert "annotator export --format csv --out gold.csv --layer gold --incomplete skip" in card
    assert filled_db not in card and str(tmp_path) not in card
    assert out.read_text(encoding="utf-8-sig").count("\ngood,") == 2


def test_export_of_a_missing_layer_exits_2_with_the_known_layers(
    filled_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "export",
            "--db",
            filled_db,
            "--format",
            "jsonl",
            "--out",
            str(tmp_path / "x.jsonl"),
            "--layer",
            "annotator:nobody",
        ]
    )
    assert code == 2
    assert "no layer 'annotator:nobody'; layers: gold" in capsys.readouterr().err


def test_validate_reports_every_bad_line_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shifted = sample_record("b")
    shifted["entities"][0]["start"] += 1
    unknown = sample_record("c")
    unknown["metrics"][0]["approx"] = "roughly"
    lines = [
        json.dumps(sample_record("a"), ensure_ascii=False),
        json.dumps(shifted, ensure_ascii=False),
        "{not json",
        json.dumps(unknown, ensure_ascii=False),
        "",
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")

    code = main(["validate", str(path)])

    printed = capsys.readouterr().out.splitlines()
    assert code == 2
    assert [line.split(": ")[0] for line in printed[:-1]] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert "entity e1: text" in printed[0]
    assert "is not valid JSON" in printed[1]
    assert "$.metrics[0].approx: 'roughly' is not one of" in printed[2]
    assert printed[-1] == "3 of 4 record(s) are bad"


def test_validate_counts_a_good_export_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_sample_jsonl(
        tmp_path / "good.jsonl", [sample_record("a"), plain_record("b", "正文。")]
    )
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "2 record(s), all valid"


def test_validate_of_an_empty_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"\n\n")
    assert main(["validate", str(path)]) == 2
    assert "holds no records" in capsys.readouterr().err

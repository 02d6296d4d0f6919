"""CSV export: one row per metric, BOM, RFC 4180 quoting, and cells that spreadsheets cannot run."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.formats.base import ExportContext
from annotator.formats.csv_metrics import COLUMNS, safe_cell, write_metrics_csv
from annotator.formats.jsonl import read_records
from tests.formats.test_jsonl_writer import plain_record, sample_record, write_sample_jsonl


def _write(tmp_path: Path) -> Path:
    source = write_sample_jsonl(
        tmp_path / "in.jsonl", [sample_record("a"), plain_record("b", "正文。")]
    )
    out = tmp_path / "metrics.csv"
    write_metrics_csv((r for _, r in read_records(source)), out, ExportContext("gold", ()))
    return out


def test_csv_starts_with_bom_and_ends_rows_with_crlf(tmp_path: Path) -> None:
    raw = _write(tmp_path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdoc_id,layer,metric_id,")
    assert raw.endswith(b"\r\n")


def test_csv_reads_back_one_row_per_metric_with_every_field(tmp_path: Path) -> None:
    text = _write(tmp_path).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == COLUMNS
    assert [(r["doc_id"], r["metric_id"]) for r in rows] == [("a", "m1"), ("a", "m2")]
    first, second = rows
    assert (first["value_text"], first["value_number"], first["unit_normalized"]) == (
        "14000",
        "14000",
        "个",
    )
    assert (first["period_normalized"], first["period_implicit"], first["period_start"]) == (
        "2023",
        "true",
        "",
    )
    assert (first["place"], first["place_text"], first["org_text"]) == (
        "e2",
        "浏阳市",
        "浏阳市住建局",
    )
    # The note holds a comma, quotes and a newline, and starts like a formula.
    assert first["note"] == '\'=SUM(A1), "quoted"\nsecond line'
    assert first["evidence_text"] == "浏阳市住建局新增14000个停车位,\"=cmd|' /C calc'!A0\""
    assert (
        second["approx"],
        second["value_high_number"],
        second["indicator_normalized"],
        second["indicator_implicit"],
    ) == ("range", "50", "农田", "true")
    assert (second["provenance"], second["provenance_system"]) == ("suggested", "rules-v1")


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        (-12.5, "-12.5"),
        ("+3", "+3"),
        (14000, "14000"),
        (None, ""),
        (True, "true"),
        ("浏阳市", "浏阳市"),
        ("<b>x</b>", "<b>x</b>"),
        # After what a spreadsheet skips before a formula: spaces, line breaks, zero-width marks.
        ("  =1+1", "'  =1+1"),
        ("\n-x", "'\n-x"),
        ("\u3000@x", "'\u3000@x"),
        ('\u200b=HYPERLINK("http://x")', '\'\u200b=HYPERLINK("http://x")'),
        ("\u200c\u200d+x", "'\u200c\u200d+x"),
        ("\ufeff=1", "'\ufeff=1"),
        ("\u2060-x", "'\u2060-x"),
        (" \tx", "' \tx"),
        ("\rx", "'\rx"),
        # Full-width signs, which Chinese and Japanese spreadsheets take as formulas too.
        ("＝SUM(A1)", "'＝SUM(A1)"),
        ("＋1", "'＋1"),
        ("－x", "'－x"),
        ("＠x", "'＠x"),
        ("\u200b＝1", "'\u200b＝1"),
        # Text with a sign further on, and plain numbers, stay as they are.
        ("浏阳 -3", "浏阳 -3"),
        ("a=b", "a=b"),
        ("-0.5", "-0.5"),
        ("1e5", "1e5"),
        ("", ""),
    ],
)
def test_cells_that_look_like_formulas_get_a_quote_and_numbers_stay(
    value: object, cell: str
) -> None:
    assert safe_cell(value) == cell


@pytest.mark.parametrize(
    "note", ['\u200b＝HYPERLINK("http://x","y")', " \n@SUM(A1)", "\ufeff-2+3", "＋cmd"]
)
def test_exported_csv_quotes_a_note_that_a_spreadsheet_would_run(
    sqlite_url, example_jsonl, tmp_path, capsys, note
):
    record = json.loads(example_jsonl.read_text(encoding="utf-8").splitlines()[0])
    record["metrics"][0]["note"] = note
    source = tmp_path / "noted.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "metrics.csv"
    assert main(["import", str(source), "--db", sqlite_url]) == 0
    assert (
        main(
            [
                "export",
                "--format",
                "csv",
                "--out",
                str(out),
                "--layer",
                record["layer"],
                "--db",
                sqlite_url,
            ]
        )
        == 0
    )
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["note"] for row in rows if row["metric_id"] == "m1"] == ["'" + note]

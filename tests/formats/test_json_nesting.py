"""JSON nested at any depth is refused by file and line (exit 2), never a RecursionError: the
JSONL, doccano and Label Studio readers, `validate` and `evaluate`, through the command line."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.domain import json_nesting

FUZZ_DEPTH = 100_000
LIMIT = json_nesting.MAX_DEPTH


def nested_list(depth: int) -> str:
    return "[" * depth + "]" * depth


def nested_object(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def record_with_meta(meta: str) -> str:
    """A valid record of one document whose metadata is `meta` (JSON text)."""
    return '{"doc_id": "deep", "text": "浏阳市", "meta": ' + meta + "}"


SHALLOW = json.dumps({"doc_id": "flat", "text": "长沙市"}, ensure_ascii=False)

# (name, line 2 of the file): whole lines nested past all limits, and records whose metadata
# is nested just past MAX_DEPTH (parsed fine by orjson and json, and still refused).
DEEP_LINES = {
    "list": nested_list(FUZZ_DEPTH),
    "object": nested_object(FUZZ_DEPTH),
    "meta-list": record_with_meta(nested_list(FUZZ_DEPTH)),
    "meta-object": record_with_meta(nested_object(FUZZ_DEPTH)),
    "meta-just-past-the-limit": record_with_meta(nested_object(LIMIT)),
    "meta-1000": record_with_meta(nested_object(1000)),
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def jsonl_file(tmp_path: Path, deep_line: str, suffix: str = ".jsonl") -> Path:
    path = tmp_path / f"deep{suffix}"
    path.write_text(SHALLOW + "\n" + deep_line + "\n", encoding="utf-8")
    return path


def assert_refused_at_line_2(path: Path, err: str) -> None:
    assert f"{path}:2: is nested more than {LIMIT} levels deep" in err, err[-2000:]
    assert "Traceback" not in err


@pytest.mark.parametrize("shape", DEEP_LINES)
@pytest.mark.parametrize("reader", ["jsonl", "doccano"])
def test_deep_jsonl_import_is_refused_by_line_and_writes_nothing(
    sqlite_url, tmp_path, capsys, shape, reader
):
    path = jsonl_file(tmp_path, DEEP_LINES[shape])
    before = digest(Path(sqlite_url))

    code = main(["import", str(path), "--format", reader, "--layer", "gold", "--db", sqlite_url])

    assert code == 2
    assert_refused_at_line_2(path, capsys.readouterr().err)
    assert digest(Path(sqlite_url)) == before


@pytest.mark.parametrize("shape", ["list", "object", "meta-just-past-the-limit"])
def test_deep_label_studio_export_is_refused_by_line_and_writes_nothing(
    sqlite_url, tmp_path, capsys, shape
):
    nested = {
        "list": nested_list(FUZZ_DEPTH),
        "object": nested_object(FUZZ_DEPTH),
        "meta-just-past-the-limit": nested_object(LIMIT),
    }[shape]
    path = tmp_path / "project.json"
    path.write_text(
        '[{"id": 1, "data": {"text": "浏阳市"}},\n {"id": 2, "data": {"text": '
        f'"长沙市", "meta": {nested}}}}}]\n',
        encoding="utf-8",
    )
    before = digest(Path(sqlite_url))

    code = main(
        ["import", str(path), "--format", "labelstudio", "--layer", "gold", "--db", sqlite_url]
    )

    assert code == 2
    assert_refused_at_line_2(path, capsys.readouterr().err)
    assert digest(Path(sqlite_url)) == before


@pytest.mark.parametrize("shape", DEEP_LINES)
def test_validate_names_the_deep_line(tmp_path, capsys, shape):
    path = jsonl_file(tmp_path, DEEP_LINES[shape])

    assert main(["validate", str(path)]) == 2

    captured = capsys.readouterr()
    assert_refused_at_line_2(path, captured.out + captured.err)


@pytest.mark.parametrize("shape", DEEP_LINES)
@pytest.mark.parametrize("side", ["gold", "pred"])
def test_evaluate_refuses_a_deep_file_by_line(example_jsonl, tmp_path, capsys, shape, side):
    deep = jsonl_file(tmp_path, DEEP_LINES[shape])
    files = {"gold": str(example_jsonl), "pred": str(example_jsonl), side: str(deep)}

    assert main(["evaluate", "--gold", files["gold"], "--pred", files["pred"]]) == 2

    assert_refused_at_line_2(deep, capsys.readouterr().err)


def test_metadata_nested_up_to_the_limit_is_imported_exported_and_valid(
    sqlite_url, tmp_path, capsys
):
    # The record is one level, so its metadata may nest MAX_DEPTH - 1 levels.
    entity = (
        '"entities": [{"id": "e1", "label": "PLACE", "start": 0, "end": 3, "text": "浏阳市"}], '
    )
    path = jsonl_file(
        tmp_path,
        record_with_meta(nested_object(LIMIT - 1)).replace('"meta": ', entity + '"meta": '),
    )
    export = tmp_path / "out" / "gold.jsonl"

    assert main(["import", str(path), "--layer", "gold", "--db", sqlite_url]) == 0
    assert main(["export", "--format", "jsonl", "--out", str(export), "--db", sqlite_url]) == 0
    assert main(["validate", str(export)]) == 0
    assert main(["evaluate", "--gold", str(export), "--pred", str(export)]) == 0


@pytest.mark.parametrize("depth", [LIMIT + 1, FUZZ_DEPTH])
def test_deep_brat_metric_note_is_refused_by_file_and_line(
    sqlite_url, example_jsonl, tmp_path, capsys, depth
):
    folder = tmp_path / "brat"
    assert main(["import", str(example_jsonl), "--db", sqlite_url]) == 0
    assert (
        main(
            [
                "export",
                "--format",
                "brat",
                "--out",
                str(folder),
                "--layer",
                "annotator:example",
                "--db",
                sqlite_url,
            ]
        )
        == 0
    )
    (ann,) = [p for p in folder.glob("*.ann") if "AnnotatorNotes E1\t" in p.read_text("utf-8")]
    lines = ann.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, start=1) if "AnnotatorNotes E1\t" in line)
    lines[number - 1] = "#1\tAnnotatorNotes E1\t" + nested_object(depth)
    ann.write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()

    assert (
        main(["import", str(folder), "--format", "brat", "--layer", "gold", "--db", sqlite_url])
        == 2
    )

    err = capsys.readouterr().err
    assert f"{ann}:{number}: the note of E1 is nested more than {LIMIT} levels deep" in err, err

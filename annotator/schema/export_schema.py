"""The JSON Schema of the export record, and checks of JSONL files against it and their texts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

from annotator.domain import json_nesting
from annotator.domain.entities import LINK_LABELS
from annotator.domain.errors import InputError, ValidationError
from annotator.domain.json_nesting import JsonTooDeep
from annotator.domain.metrics import SURFACE_FIELDS
from annotator.domain.spans import Span, edge_problem
from annotator.domain.text import text_sha256
from annotator.resources import resource

# Longest problem message; jsonschema's messages quote the offending value, which may be a text.
MESSAGE_LIMIT = 240


@lru_cache(maxsize=1)
def export_schema() -> dict[str, Any]:
    """The shipped JSON Schema (draft 2020-12) of one JSONL export record."""
    path = resource("schema", "export.schema.json")
    try:
        schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read the export JSON Schema: {error}", str(path)) from error
    from jsonschema import Draft202012Validator  # on first use: the window never needs it

    Draft202012Validator.check_schema(schema)
    return schema


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(export_schema())


def _short(message: str) -> str:
    return message if len(message) <= MESSAGE_LIMIT else message[: MESSAGE_LIMIT - 1] + "…"


def schema_problems(record: Any) -> list[str]:
    """Every way a decoded record breaks the JSON Schema, as `$.path: message`, sorted."""
    problems = [
        f"{error.json_path}: {_short(error.message)}" for error in _validator().iter_errors(record)
    ]
    return sorted(set(problems))


def _span_problem(text: str, where: str, raw: dict[str, Any]) -> str | None:
    try:
        Span(raw["start"], raw["end"], raw["text"]).check(text, where)
    except ValidationError as error:
        return _short(str(error))
    edge = edge_problem(raw["text"])
    return f"{where}: {_short(edge)}" if edge else None


def content_problems(record: dict[str, Any]) -> list[str]:
    """Checks JSON Schema cannot express: the hash, offsets and texts, unique ids, links.

    Expects a record that already satisfies the schema.
    """
    text: str = record["text"]
    problems: list[str] = []
    if record["text_sha256"] != text_sha256(text):
        problems.append("text_sha256: does not match the text")
    entities: dict[str, str] = {}
    for kind, items in (("entity", record["entities"]), ("segment", record["segments"])):
        seen: set[str] = set()
        for item in items:
            if item["id"] in seen:
                problems.append(f"{kind} {item['id']}: id is used twice")
            seen.add(item["id"])
            problem = _span_problem(text, f"{kind} {item['id']}", item)
            if problem:
                problems.append(problem)
            if kind == "entity":
                entities[item["id"]] = item["label"]
    metric_ids = [metric["id"] for metric in record["metrics"]]
    for metric in record["metrics"]:
        where = f"metric {metric['id']}"
        if metric_ids.count(metric["id"]) > 1:
            problems.append(f"{where}: id is used twice")
        for name in SURFACE_FIELDS:
            value = metric.get(name)
            if value is not None and not value.get("implicit"):
                problem = _span_problem(text, f"{where}.{name}", value)
                if problem:
                    problems.append(problem)
        for name, allowed in LINK_LABELS.items():
            target = metric.get(name)
            if target is None:
                continue
            if target not in entities:
                problems.append(
                    f"{where}.{name}: links to {target!r}, which is not an entity of this record"
                )
            elif entities[target] not in allowed:
                problems.append(
                    f"{where}.{name}: links to a {entities[target]} entity; expected "
                    f"{' or '.join(allowed)}"
                )
        duplicate = metric.get("duplicate_of")
        if duplicate is not None and (duplicate == metric["id"] or duplicate not in metric_ids):
            problems.append(
                f"{where}.duplicate_of: {duplicate!r} is not another metric of this record"
            )
    return problems


def record_problems(record: Any) -> list[str]:
    """Schema problems of a decoded record, or, when there are none, its content problems."""
    problems = schema_problems(record)
    return problems or content_problems(record)


def check_jsonl(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, problems) for each record line of a JSONL file; blank lines are skipped.

    Raises InputError when the file cannot be read or holds no record at all.
    """
    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror}", str(path)) from error
    with handle:
        lines = 0
        for number, raw_line in enumerate(handle, start=1):
            if number == 1 and raw_line.startswith(b"\xef\xbb\xbf"):
                raw_line = raw_line[3:]
            if not raw_line.strip():
                continue
            lines += 1
            try:
                record = json_nesting.loads(raw_line.decode("utf-8"))
            except UnicodeDecodeError as error:
                yield number, [f"is not UTF-8 ({error.reason} at byte {error.start})"]
                continue
            except json.JSONDecodeError as error:
                yield number, [f"is not valid JSON: {error.msg} at column {error.colno}"]
                continue
            except JsonTooDeep as error:
                yield number, [str(error)]
                continue
            yield number, record_problems(record)
    if lines == 0:
        raise InputError("the file holds no records", str(path))

"""Reading JSON lines, and the strings in them that no store can hold: half a UTF-16 surrogate
pair, alone.

JSON's `\\ud800` escape spells one, Python's json module accepts it (orjson does not), and UTF-8,
hence every file and database, cannot store it. Every reader that parses JSON with the json
module looks for one here, so that such a file is refused by name before anything is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from annotator.domain import json_nesting
from annotator.domain.errors import InputError
from annotator.domain.json_nesting import JsonTooDeep

# An escape of a surrogate (a pair is two, and fine): only text holding one needs the walk.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def may_hold_lone_surrogates(raw: str) -> bool:
    """Whether JSON text has surrogate escapes at all (if not, none of its strings can)."""
    return _SURROGATE_ESCAPE.search(raw) is not None


def lone_surrogate(value: Any, path: str = "") -> str | None:
    """Where a parsed JSON value holds a lone surrogate, as "path: holds …", else None."""
    if isinstance(value, str):
        found = _LONE_SURROGATE.search(value)
        if found is None:
            return None
        return (
            f"{path or 'value'}: holds a lone UTF-16 surrogate U+{ord(found.group()):04X} "
            f"at offset {found.start()}, which UTF-8 cannot store"
        )
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            problem = lone_surrogate(key, f"{where} (a key)") or lone_surrogate(item, where)
            if problem:
                return problem
    elif isinstance(value, list):
        for index, item in enumerate(value):
            problem = lone_surrogate(item, f"{path}[{index}]")
            if problem:
                return problem
    return None


def json_lines(handle: BinaryIO, source: str) -> Iterator[tuple[int, Any]]:
    """(line number, decoded object) of each record of a JSON-lines file, a BOM allowed on the
    first line; a record is one non-blank line, or, pretty-printed as tools and copies of
    corpora also publish them, a lone `{` line up to the next `}` line at column 0 (numbered by
    its first line). A record that is not UTF-8, not JSON, nested too deep or holding a lone
    surrogate is refused naming the file and line."""
    lines = iter(enumerate(handle, start=1))
    for number, raw_line in lines:
        if number == 1:
            raw_line = raw_line.removeprefix(b"\xef\xbb\xbf")
        if not raw_line.strip():
            continue
        if raw_line.strip() == b"{":
            raw_line = _rest_of_object(raw_line, lines)
        yield number, _decoded(raw_line, source, number)


def _rest_of_object(first: bytes, lines: Iterator[tuple[int, bytes]]) -> bytes:
    """A pretty-printed object's lines from its lone `{` to its closing `}` at column 0 (or to
    the end of the file, where the parser then names what is missing)."""
    block = [first]
    for _number, raw_line in lines:
        block.append(raw_line)
        if raw_line.rstrip(b"\r\n").rstrip() == b"}":
            break
    return b"".join(block)


def _decoded(raw: bytes, source: str, number: int) -> Any:
    """One record's JSON text, parsed and checked; faults name the line where they are."""
    try:
        text = raw.rstrip(b"\r\n").decode("utf-8")
        obj = json_nesting.loads(text)
    except UnicodeDecodeError as error:
        line = number + raw.count(b"\n", 0, error.start)
        raise InputError(
            f"is not UTF-8 ({error.reason} at byte {error.start})", source, line
        ) from error
    except json.JSONDecodeError as error:
        raise InputError(
            f"is not valid JSON: {error.msg} at column {error.colno}",
            source,
            number + error.lineno - 1,
        ) from error
    except JsonTooDeep as error:
        raise InputError(str(error), source, number + error.lineno - 1) from None
    if may_hold_lone_surrogates(text) and (problem := lone_surrogate(obj)):
        raise InputError(problem, source, number)
    return obj


def first_record(path: Path, limit: int) -> Any:
    """The first record of a JSON-lines file as json_lines reads it (one line, or a
    pretty-printed object), parsed; None when it does not parse, is larger than `limit`
    bytes, or the file cannot be read. For recognising a file by its first record."""
    try:
        with path.open("rb") as handle:
            lines = iter(enumerate(handle, start=1))
            for _number, raw_line in lines:
                if raw_line.strip():
                    break
            else:
                return None
            raw_line = raw_line.removeprefix(b"\xef\xbb\xbf")
            if raw_line.strip() == b"{":
                raw_line = _rest_of_object(raw_line, _bounded(lines, limit))
    except OSError:
        return None
    if len(raw_line) > limit:
        return None
    try:
        return json_nesting.loads(raw_line)
    except ValueError:  # JSONDecodeError and JsonTooDeep
        return None


def _bounded(lines: Iterator[tuple[int, bytes]], limit: int) -> Iterator[tuple[int, bytes]]:
    """`lines` until their bytes pass `limit` (a sniff reads no more than that)."""
    seen = 0
    for item in lines:
        seen += len(item[1])
        yield item
        if seen > limit:
            return

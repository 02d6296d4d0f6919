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
        return (f"{path or 'value'}: holds a lone UTF-16 surrogate U+{ord(found.group()):04X} "
                f"at offset {found.start()}, which UTF-8 cannot store")
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
    """(line number, decoded object) of each non-blank line of a JSON-lines file, a BOM
    allowed on the first; a line that is not UTF-8, not JSON, nested too deep or holding a lone
    surrogate is refused naming the file and line."""
    for number, raw_line in enumerate(handle, start=1):
        if number == 1:
            raw_line = raw_line.removeprefix(b"\xef\xbb\xbf")
        if not raw_line.strip():
            continue
        try:
            line = raw_line.rstrip(b"\r\n").decode("utf-8")
            obj = json_nesting.loads(line)
        except UnicodeDecodeError as error:
            raise InputError(f"is not UTF-8 ({error.reason} at byte {error.start})", source,
                             number) from error
        except json.JSONDecodeError as error:
            raise InputError(f"is not valid JSON: {error.msg} at column {error.colno}",
                             source, number) from error
        except JsonTooDeep as error:
            raise InputError(str(error), source, number) from None
        if may_hold_lone_surrogates(line) and (problem := lone_surrogate(obj)):
            raise InputError(problem, source, number)
        yield number, obj

"""How deeply JSON may nest: deeper text is refused by position before anything recurses into it.

Python's json module, jsonschema, pprint and the database's JSON columns all recurse once per
level, so a file nested thousands of levels deep would end in a RecursionError wherever it went
first. No annotation record needs more than a handful of levels; MAX_DEPTH leaves room for
any metadata while keeping every later step far from Python's recursion limit.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 100

# A JSON string (escapes included) or one bracket: what the locating scan steps over.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class JsonTooDeep(ValueError):
    """JSON nested more than MAX_DEPTH levels; `lineno` and `colno` say where (1-based)."""

    def __init__(self, lineno: int, colno: int) -> None:
        # The line is the caller's to name (a JSONL reader counts lines of the whole file).
        super().__init__(
            f"is nested more than {MAX_DEPTH} levels deep (arrays and objects, "
            f"from column {colno}); such JSON is refused"
        )
        self.lineno = lineno
        self.colno = colno


def loads(text: str | bytes) -> Any:
    """json.loads, refusing nesting deeper than MAX_DEPTH with JsonTooDeep (never a
    RecursionError); other faults raise json.JSONDecodeError as usual."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise too_deep(text) from None
    check_depth(text, value)
    return value


def check_depth(text: str | bytes, value: Any) -> None:
    """Raise JsonTooDeep when `value`, parsed from `text`, nests more than MAX_DEPTH levels."""
    openings = (
        text.count(b"[") + text.count(b"{")
        if isinstance(text, bytes)
        else text.count("[") + text.count("{")
    )
    if openings > MAX_DEPTH and _deeper_than(value, MAX_DEPTH):
        raise too_deep(text)


def too_deep(text: str | bytes) -> JsonTooDeep:
    """The error for `text`, located at the bracket that opens level MAX_DEPTH + 1."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    depth = 0
    for token in _TOKEN.finditer(text):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                offset = token.start()
                line = text.count("\n", 0, offset) + 1
                return JsonTooDeep(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)
        elif bracket in ("]", "}"):
            depth -= 1
    return JsonTooDeep(1, 1)  # not reached for text that parsed or overflowed


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether arrays and objects nest more than `limit` levels, walked level by level without
    recursion (a record of 50 entities and 10 metrics takes about 25 µs)."""
    level = [value] if isinstance(value, dict | list) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        below = []
        for item in level:
            for child in item.values() if type(item) is dict else item:
                if type(child) is dict or type(child) is list:  # the fastest test, per value
                    below.append(child)
        level = below
    return False

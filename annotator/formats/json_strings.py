"""Strings from JSON files that no store can hold: half a UTF-16 surrogate pair, alone.

JSON's `\\ud800` escape spells one, Python's json module accepts it (orjson does not), and UTF-8,
hence every file and database, cannot store it. Every reader that parses JSON with the json
module looks for one here, so that such a file is refused by name before anything is written.
"""

from __future__ import annotations

import re
from typing import Any

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

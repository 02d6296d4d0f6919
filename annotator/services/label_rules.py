"""The user's label rules for an import: `--map SRC=DST` options and a `--map-file` TOML table."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.label_mapping import LabelMapping, parse_rules
from annotator.schema.labels import LabelSchema, label_mapping


def read_map_file(path: Path) -> dict[str, str]:
    """The `[map]` table of a TOML file: `SRC = "DST"`, `SRC = ""` to drop SRC."""
    source = str(path)
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror}", source) from error
    except UnicodeDecodeError as error:
        raise InputError(f"is not UTF-8 ({error.reason} at byte {error.start})", source) from error
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"is not valid TOML: {error}", source) from error
    rules = table.get("map")
    if not isinstance(rules, dict):
        raise InputError('needs a [map] table of SRC = "DST" lines ("" drops SRC)', source)
    for key, value in rules.items():
        if not isinstance(value, str):
            hint = (
                f' (a label with a dot is quoted: "{key}.…" = "…")'
                if isinstance(value, dict)
                else ""
            )
            raise InputError(
                f'[map] {key}: the value must be a label in quotes, or "" to drop it{hint}', source
            )
    return {key.strip(): value.strip() for key, value in rules.items()}


def import_label_rules(
    map_options: Sequence[str] = (), map_file: Path | None = None
) -> dict[str, str]:
    """The user's rules: the file's, then `--map` options (which win); read before any
    database is opened, so that a bad rule stops there."""
    rules = read_map_file(map_file) if map_file is not None else {}
    rules.update(parse_rules(map_options))
    return rules


def import_label_mapping(
    map_options: Sequence[str] = (),
    map_file: Path | None = None,
    schema: LabelSchema | None = None,
    add_unknown: bool = False,
) -> LabelMapping:
    """The mapping an import applies onto `schema` (the project's labels; the bundled ones when
    None): the file's rules, then `--map` options; `add_unknown` (--add-labels) makes every
    label with no place a new label of the project."""
    return label_mapping(import_label_rules(map_options, map_file), schema, add_unknown)

"""LabelSchema: the entity and segment labels of a project, validated with pydantic."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, model_validator

from annotator.domain.errors import InputError
from annotator.domain.label_mapping import LabelMapping
from annotator.resources import resource

# Version of the export record and of this schema file; bump on purpose (spec: Export record).
SCHEMA_VERSION = 1


# Keys the window already gives other jobs: the metric fields and new metric (M I V H U Y E),
# the assistant and curation (N X A Shift+N Shift+X, digits); a label key must be none of these.
RESERVED_KEYS: frozenset[str] = frozenset(
    {"M", "I", "V", "H", "U", "Y", "E", "N", "X", "A", "Shift+N", "Shift+X"}
)
LABEL_NAME_PATTERN = r"^[A-Z][A-Z0-9_]{0,39}$"
_KEY = re.compile(r"^(Shift\+)?[A-Z]$")


def normalised_key(key: str) -> str:
    """ "shift+a" → "Shift+A", "p" → "P", "" stays "" (no key)."""
    key = key.strip()
    if key.lower().startswith("shift+"):
        return "Shift+" + key[6:].strip().upper()
    return key.upper()


def key_problem(key: str) -> str | None:
    """Why `key` cannot be a label key (None when it can): a letter, or Shift+letter."""
    if not key:
        return None
    if not _KEY.match(key):
        return f"key {key!r} must be one letter, or Shift+ and one letter"
    if key in RESERVED_KEYS:
        return f"key {key} is taken by the window (metric fields, assistant, curation)"
    return None


class LabelSpec(BaseModel):
    """One label: its name, the key that applies it (or none), its colour and display names."""

    name: str = Field(pattern=LABEL_NAME_PATTERN)
    key: str = ""
    colour: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    zh: str = ""
    en: str = ""
    description: str = ""


class LabelSchema(BaseModel):
    """Labels of a project; entity names are the only entity labels the store accepts."""

    schema_version: int
    guideline_version: str
    entity: list[LabelSpec]
    segment: list[LabelSpec]
    # LAC's entity tags → our labels (the entity assistant's packaged recommender)
    lac_labels: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _keys_are_unique(self) -> LabelSchema:
        keys = [spec.key.upper() for spec in self.entity + self.segment if spec.key]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise ValueError(f"keys used by more than one label: {', '.join(duplicates)}")
        unknown = sorted(set(self.lac_labels.values()) - {spec.name for spec in self.entity})
        if unknown:
            raise ValueError(f"lac_labels maps onto unknown entity labels: {', '.join(unknown)}")
        return self

    @property
    def entity_labels(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.entity)

    @property
    def segment_labels(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.segment)

    def spec(self, label: str) -> LabelSpec | None:
        return next((s for s in self.entity + self.segment if s.name == label), None)

    def colour(self, label: str) -> str:
        for spec in self.entity + self.segment:
            if spec.name == label:
                return spec.colour
        return "#cccccc"


def load_label_schema(path: Path | None = None) -> LabelSchema:
    """Read and validate a labels.toml; a newer schema version than this app knows is refused."""
    path = path or resource("schema", "labels.toml")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"cannot read the label schema: {error}", str(path)) from error
    version = raw.get("schema_version")
    if isinstance(version, int) and version > SCHEMA_VERSION:
        raise InputError(
            f"schema version {version} is newer than this app supports ({SCHEMA_VERSION}); "
            "update the app",
            str(path),
        )
    try:
        return LabelSchema.model_validate(raw)
    except ValidationError as error:
        raise InputError(f"invalid label schema: {error}", str(path)) from error


@lru_cache(maxsize=1)
def default_label_schema() -> LabelSchema:
    """The schema bundled in resources/schema/labels.toml."""
    return load_label_schema()


def is_entity_label(label: str, schema: LabelSchema | None = None) -> bool:
    """Whether `label` is an entity label of the project (`schema`, read from its database by
    services.label_schema; the bundled one when none is given): the one question an import
    asks of the label set."""
    return label in (schema or default_label_schema()).entity_labels


def label_mapping(
    rules: Mapping[str, str] | None = None,
    schema: LabelSchema | None = None,
    add_unknown: bool = False,
) -> LabelMapping:
    """A LabelMapping onto the project's labels, with the user's rules (SRC → DST, "" drops)."""
    schema = schema or default_label_schema()
    entity = frozenset(schema.entity_labels)
    return LabelMapping(
        entity.__contains__,
        schema.entity_labels,
        rules,
        segment_labels=schema.segment_labels,
        add_unknown=add_unknown,
    )

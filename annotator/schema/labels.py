"""LabelSchema: the entity and segment labels of a project, validated with pydantic."""

from __future__ import annotations

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


class LabelSpec(BaseModel):
    """One label: its name, the key that applies it, its colour and its Chinese name."""

    name: str = Field(pattern=r"^[A-Z][A-Z_]*$")
    key: str
    colour: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    zh: str = ""
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
        keys = [spec.key.upper() for spec in self.entity + self.segment]
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
            "update the app", str(path)
        )
    try:
        return LabelSchema.model_validate(raw)
    except ValidationError as error:
        raise InputError(f"invalid label schema: {error}", str(path)) from error


@lru_cache(maxsize=1)
def default_label_schema() -> LabelSchema:
    """The schema bundled in resources/schema/labels.toml."""
    return load_label_schema()


def is_entity_label(label: str) -> bool:
    """Whether `label` is an entity label of the project: the one question an import asks of
    the label set (today the bundled schema's seven; a project schema would answer here)."""
    return label in default_label_schema().entity_labels


def label_mapping(rules: Mapping[str, str] | None = None) -> LabelMapping:
    """A LabelMapping onto the project's labels, with the user's rules (SRC → DST, "" drops)."""
    return LabelMapping(is_entity_label, default_label_schema().entity_labels, rules)

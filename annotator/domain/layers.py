"""Layers: whose annotations these are (`annotator:<name>`, `pred:<system>` or `gold`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from annotator.domain.errors import ValidationError

_NAME = re.compile(r"^[\w.\-@]{1,64}$")


class LayerKind(StrEnum):
    ANNOTATOR = "annotator"
    PRED = "pred"
    GOLD = "gold"


@dataclass(frozen=True)
class Layer:
    """One person's, one system's, or the adjudicated set of annotations."""

    kind: LayerKind
    owner: str = ""

    @classmethod
    def parse(cls, name: str) -> Layer:
        """`annotator:li` → Layer(ANNOTATOR, "li"); refuses anything else the spec does not name."""
        if name == "gold":
            return cls(LayerKind.GOLD)
        kind, sep, owner = name.partition(":")
        if not sep or kind not in (LayerKind.ANNOTATOR, LayerKind.PRED):
            raise ValidationError(
                "layer", f"{name!r} is not a layer; use annotator:<name>, pred:<system> or gold"
            )
        if not _NAME.match(owner):
            raise ValidationError(
                "layer", f"{owner!r} is not a valid name (letters, digits, . - _ @; 1-64 chars)"
            )
        return cls(LayerKind(kind), owner)

    @classmethod
    def annotator(cls, name: str) -> Layer:
        return cls.parse(f"annotator:{name}")

    @property
    def name(self) -> str:
        return "gold" if self.kind is LayerKind.GOLD else f"{self.kind.value}:{self.owner}"

    def __str__(self) -> str:
        return self.name

"""Metrics: one quantitative fact with its indicator, value, unit, qualifiers, links and evidence."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum

from annotator.domain.spans import Span


class Approx(StrEnum):
    EXACT = "exact"
    ABOUT = "about"
    OVER = "over"
    UNDER = "under"
    RANGE = "range"


class Status(StrEnum):
    ACHIEVED = "achieved"
    PLANNED = "planned"
    ONGOING = "ongoing"


class Aspect(StrEnum):
    TOTAL = "total"
    INCREASE = "increase"
    DECREASE = "decrease"
    RATIO = "ratio"
    OTHER = "other"


class ProvenanceKind(StrEnum):
    MANUAL = "manual"
    SUGGESTED = "suggested"
    SUGGESTED_EDITED = "suggested-edited"


@dataclass(frozen=True)
class Provenance:
    """How a metric came to be: typed by hand, or a suggestion accepted as is or edited."""

    kind: ProvenanceKind = ProvenanceKind.MANUAL
    system: str | None = None


MANUAL = Provenance()

# ISO 8601 date of year, month or day precision, or an interval of two such dates.
_ISO_DATE = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
PERIOD_PATTERN = re.compile(rf"^{_ISO_DATE}(?:/{_ISO_DATE})?$")

# Surface fields in the order of the export record (spec: Export record).
SURFACE_FIELDS: tuple[str, ...] = ("indicator", "value", "value_high", "unit", "period", "evidence")
LINK_FIELDS: tuple[str, ...] = ("place", "org", "subject")
ENUM_FIELDS: tuple[str, ...] = ("approx", "status", "aspect")
# The fields the assistant proposes. Changing any of them (or filling one it left empty) makes an
# accepted suggestion "suggested-edited"; the links are proposed from the document's entities, so
# they count too; duplicate_of and the note are the annotator's own additions, which the
# assistant never proposes, so adding them is not a correction.
PROPOSED_FIELDS: tuple[str, ...] = (
    "indicator",
    "value",
    "value_high",
    "unit",
    "approx",
    "status",
    "aspect",
    "period",
    "evidence",
    *LINK_FIELDS,
)
# What a metric states, compared between two metrics of the same fact (agreement, evaluation):
# the number, the normalised unit and period, the qualifiers.
STATED_FIELDS: tuple[str, ...] = ("number", "unit", "approx", "status", "aspect", "period")


@dataclass(frozen=True)
class Field:
    """A surface field: a span of the text, or, when `implicit`, only a normalised value.

    `number` is set on value fields, `normalized` on unit and period fields.
    """

    start: int | None = None
    end: int | None = None
    text: str | None = None
    number: int | float | None = None
    normalized: str | None = None
    implicit: bool = False

    @classmethod
    def from_span(cls, span: Span, **extra: object) -> Field:
        return cls(span.start, span.end, span.text, **extra)  # type: ignore[arg-type]  # fields by name; the dataclass refuses unknown ones

    @property
    def span(self) -> Span | None:
        if self.start is None or self.end is None or self.text is None:
            return None
        return Span(self.start, self.end, self.text)

    @property
    def has_span(self) -> bool:
        return self.start is not None


def normalised(value: Field | None) -> str | None:
    """What a field says, as two layers are compared on it: its normalised form, else its text;
    None for no field."""
    if value is None:
        return None
    return value.normalized if value.normalized is not None else value.text


def normalise_number(number: float | int) -> int | float:
    """Integral values are ints (14000, not 14000.0), so exports print them as written."""
    if isinstance(number, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(number, float):
        if not math.isfinite(number):
            raise ValueError(f"{number} is not a finite number")
        if number.is_integer() and abs(number) < 2**53:
            return int(number)
    return number


@dataclass(frozen=True)
class Metric:
    """A quantitative fact. Fields may be missing while it is being filled: see `metric_problems`."""

    id: str
    indicator: Field | None = None
    value: Field | None = None
    value_high: Field | None = None
    unit: Field | None = None
    approx: Approx | None = None
    status: Status | None = None
    aspect: Aspect | None = None
    period: Field | None = None
    place: str | None = None
    org: str | None = None
    subject: str | None = None
    evidence: Field | None = None
    duplicate_of: str | None = None
    note: str | None = None
    provenance: Provenance = field(default=MANUAL)

    def with_changes(self, **changes: object) -> Metric:
        return replace(self, **changes)  # type: ignore[arg-type]  # fields by name; replace() refuses unknown ones

    @property
    def number(self) -> int | float | None:
        return self.value.number if self.value is not None else None

    @property
    def value_span(self) -> tuple[int, int] | None:
        """Where the value is written (start, end); None when it has no offsets or is implicit."""
        value = self.value
        if value is None or value.start is None or value.end is None or value.implicit:
            return None
        return value.start, value.end

    def edited(self, changed: Metric) -> Metric:
        """`changed`, an edit of this metric, with the provenance the edit gives it.

        An accepted suggestion (or the suggestion itself) that differs on a field the assistant
        proposes becomes suggested-edited; otherwise how the metric came to be stays as it was.
        """
        provenance = self.provenance
        if provenance.kind is ProvenanceKind.SUGGESTED and any(
            getattr(changed, name) != getattr(self, name) for name in PROPOSED_FIELDS
        ):
            provenance = Provenance(ProvenanceKind.SUGGESTED_EDITED, provenance.system)
        return replace(changed, provenance=provenance)


METRIC_FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Metric))

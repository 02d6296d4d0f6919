"""Pre-filling a new metric from a text selection with the Chinese quantity and period parsers."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from annotator.domain.entities import Entity
from annotator.domain.implicit_fields import (
    completed_aspect,
    completed_status,
    governing_period,
    implicit_period,
)
from annotator.domain.metric_links import with_proposed_links
from annotator.domain.metrics import MANUAL, Approx, Field, Metric
from annotator.domain.paragraph_context import carried, neighbour_before
from annotator.domain.periods import find_periods, normalise_period
from annotator.domain.spans import Span

if TYPE_CHECKING:
    from annotator.domain.quantities import Quantity

# Sentence ends for the fallback evidence when the parser finds no quantity at the selection.
_SENTENCE_END = re.compile(r"[。！？!?；;]|\n\s*\n")
_DATE_KEYS = ("date", "publication_date", "published", "pub_date")


def document_date(meta: Mapping[str, Any]) -> datetime.date | None:
    """The publication date from a document's meta, if it names one in ISO form."""
    for key in _DATE_KEYS:
        raw = meta.get(key)
        if isinstance(raw, str):
            try:
                return datetime.date.fromisoformat(raw[:10])
            except ValueError:
                continue
    return None


def sentence_around(text: str, start: int, end: int) -> Span:
    """The sentence holding start..end: from after the previous sentence end to the next one."""
    lo = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        lo = match.end()
    found = _SENTENCE_END.search(text, end)
    hi = found.end() if found else len(text)
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return Span(lo, hi, text[lo:hi])


def _quantity_at(
    text: str, start: int, end: int, doc_date: datetime.date | None
) -> Quantity | None:
    # The detector is imported on first use, so that the window starts without it.
    from annotator.domain.quantities import find_quantities, snap_to_quantity

    start, end = snap_to_quantity(text, start, end)
    candidates = [q for q in find_quantities(text, doc_date) if q.start < end and start < q.end]
    if not candidates:
        return None
    # The quantity whose value overlaps the selection most.
    return max(candidates, key=lambda q: min(end, q.end) - max(start, q.start))


def _period_in(text: str, sentence: Span, doc_date: datetime.date | None) -> Field | None:
    for period in find_periods(sentence.text, doc_date):
        start = sentence.start + period.start
        return Field(start, start + len(period.text), period.text, normalized=period.normalized)
    return None


def prefill_metric(
    text: str,
    start: int,
    end: int,
    meta: Mapping[str, Any] | None = None,
    neighbours: Sequence[Metric] = (),
    entities: Sequence[Entity] = (),
    articles: Sequence[tuple[int, int]] = (),
) -> Metric:
    """A new, unsaved metric (id "") for the selection start..end in code points.

    With a quantity at the selection: value, upper value, unit, approx, status, aspect and
    indicator from the quantity parser (status and aspect completed as a suggestion's are), the
    sentence as evidence, and the period that governs the value in its sentence, else the
    document's year as an implicit period. Without one: the selection as value (its number when
    it parses) and the sentence. Of `neighbours` (the layer's metrics), the one before the
    selection in its paragraph lends its links, and its period when the sentence states none
    (`paragraph_context`); without one, the links are proposed from `entities` (the layer's)
    and its `articles` (ARTICLE segment bounds) as the assistant's are (`metric_links`).
    """
    metric = _prefilled(text, start, end, meta)
    neighbour = neighbour_before(neighbours, text, start)
    if neighbour is not None:
        return carried(metric, neighbour)[0]
    return with_proposed_links([metric], entities, articles)[0] if entities else metric


def _prefilled(text: str, start: int, end: int, meta: Mapping[str, Any] | None) -> Metric:
    doc_date = document_date(meta or {})
    quantity = _quantity_at(text, start, end, doc_date)
    if quantity is None:
        from annotator.domain.quantities import parse_number

        value = Span.of(text, start, end)
        sentence = sentence_around(text, start, end)
        return Metric(
            "",
            value=Field.from_span(value, number=parse_number(value.text)),
            evidence=Field.from_span(sentence),
            period=_period_in(text, sentence, doc_date),
        )
    sentence = quantity.sentence
    period = governing_period(
        [
            replace(p, start=p.start + sentence.start, end=p.end + sentence.start)
            for p in find_periods(sentence.text, doc_date)
        ],
        text,
        quantity.value.start,
        quantity.value.end,
    ) or implicit_period(None, doc_date)
    return Metric(
        "",
        indicator=Field.from_span(quantity.indicator) if quantity.indicator else None,
        value=Field.from_span(quantity.value, number=quantity.number),
        value_high=(
            Field.from_span(quantity.value_high, number=quantity.number_high)
            if quantity.value_high
            else None
        ),
        unit=(
            Field.from_span(quantity.unit, normalized=quantity.unit_normalized)
            if quantity.unit
            else None
        ),
        approx=Approx.RANGE if quantity.value_high else quantity.approx,
        status=completed_status(quantity.status, period, doc_date),
        aspect=completed_aspect(quantity.aspect),
        period=period,
        evidence=Field.from_span(quantity.sentence),
        # The annotator chose the number and saves the metric: the parsers only spared typing,
        # so it is a manual metric, not an accepted suggestion of the assistant.
        provenance=MANUAL,
    )


def fill_field(
    text: str,
    metric: Metric,
    name: str,
    start: int,
    end: int,
    doc_date: datetime.date | None = None,
) -> Metric:
    """`metric` with surface field `name` set to the selection start..end of `text`.

    A value keeps its number, a unit its text as normalised form, a period its normalised form
    (relative ones with the document date; the earlier one when the selection does not parse).
    An accepted suggestion so changed becomes suggested-edited (`Metric.edited`).
    """
    selected = text[start:end]
    old: Field | None = getattr(metric, name)
    extra: dict[str, object] = {}
    if name in ("value", "value_high"):
        from annotator.domain.quantities import parse_number

        extra["number"] = parse_number(selected)
    elif name == "unit":
        extra["normalized"] = selected
    elif name == "period":
        extra["normalized"] = normalise_period(selected, doc_date) or (
            old.normalized if old is not None else None
        )
    field = Field(start, end, selected, **extra)  # type: ignore[arg-type]  # number or normalized, by name
    return metric.edited(metric.with_changes(**{name: field}))

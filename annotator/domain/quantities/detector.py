"""Quantity detection: the Quantity mention, ranges, and find_quantities over a text."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from annotator.domain.metrics import Approx, Aspect, Status
from annotator.domain.quantities.approximation import approx_before, approx_of
from annotator.domain.quantities.cues import guess_aspect, guess_status
from annotator.domain.quantities.exclusions import accept
from annotator.domain.quantities.indicators import guess_indicator
from annotator.domain.quantities.numbers import (
    SCALES,
    fraction_percent,
    numeral_value,
    pair_values,
    to_number,
)
from annotator.domain.quantities.pattern import QUANTITY, match_value
from annotator.domain.quantities.sentences import (
    clause_end,
    clause_start,
    phrase_start,
    sentence_bounds,
)
from annotator.domain.quantities.units import POPULATION_NOUNS, normalise_unit
from annotator.domain.spans import Span

_CLOCK_HOURS = 25
# Before 位, these make it a place in a ranking (上升了5位, 排名前移3位) rather than people.
_RANK_CUE = re.compile("升|降|前移|后移|前进|后退|排名|排位|位列|名列|居")


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity mention (a metric candidate): see resources/guidelines/quantities.md.

    `start`/`end`/`text` cover the whole mention with its approximation words and unit
    ("约30—50元", "2800余万元", "5000亩以上"). `value` covers the number as written with its
    scale word ("20.26万", "2800余万", "百分之八十"); `number` is its decimal value with the scale
    folded in. `unit` covers the unit as written without the scale word ("元" in "2800余万元");
    a number written with 万/亿 may have none ("近10亿观众"). An approximate pair ("五六万") is a
    range whose `value` and `value_high` are the same span.
    """

    start: int
    end: int
    text: str
    value: Span
    number: int | float
    number_high: int | float | None
    value_high: Span | None
    unit: Span | None
    unit_normalized: str | None
    approx: Approx
    status: Status | None
    aspect: Aspect | None
    indicator: Span | None
    sentence: Span


def _value_parts(
    m: re.Match[str],
) -> tuple[Decimal, Span, Decimal | None, Span | None] | None:
    """Low value, its span, and the high value and its span for a range or a pair."""
    number, lo_scaled = match_value(m, "lo")
    if number is None:
        return None
    value = Span(m.start("lo"), m.end("lo"), m.group("lo"))
    if m.group("lo_pair") and not m.group("sep"):
        # 五六万: one written number holds both ends, so both spans cover it.
        return number, value, pair_values(m.group("lo_pair"))[1], value
    if not m.group("sep"):
        return number, value, None, None
    high, _ = match_value(m, "hi")
    if high is None:
        return None
    if m.group("hi_pair"):
        high = pair_values(m.group("hi_pair"))[1]
    hi_scale = m.group("hi_sc") or m.group("hi_cnsc")
    # "1至2万元" is 10000–20000: a scale written once applies to both ends, unless that would
    # put the low end above the high one ("3000至5万").
    if hi_scale and not lo_scaled and not m.group("lo_unit") and number * SCALES[hi_scale] <= high:
        number *= SCALES[hi_scale]
    if high <= number:
        return None  # "5-3", "0731-8975": not a range of amounts
    return number, value, high, Span(m.start("hi"), m.end("hi"), m.group("hi"))


def _share(m: re.Match[str]) -> tuple[Decimal, str] | None:
    """A share written in words or with a slash: its number and its implied unit."""
    if m.group("pct"):
        parsed = numeral_value(m.group("pct_num"))
        return None if parsed is None else (parsed, "%" if m.group("pct_kind") == "百分之" else "‰")
    if m.group("frac"):
        num, den = numeral_value(m.group("frac_num")), numeral_value(m.group("frac_den"))
    else:
        num, den = numeral_value(m.group("slash_num")), numeral_value(m.group("slash_den"))
    if num is None or den is None or not 0 < num < den:
        return None  # 5／3, 0／4: not a share of a whole
    share = fraction_percent(num, den)
    return None if share is None else (share, "%")


def _build(m: re.Match[str], text: str, sentence: tuple[int, int]) -> Quantity | None:
    start, end = m.span()
    sent_start, sent_end = sentence
    high: Decimal | None = None
    value_high: Span | None = None
    unit_span: Span | None = None
    unit_norm: str | None = None
    share_kind = next((k for k in ("pct", "frac", "slash") if m.group(k)), None)
    if share_kind is not None:
        share = _share(m)
        if share is None:
            return None
        number, unit_norm = share
        value = Span(m.start(share_kind), m.end(share_kind), m.group(share_kind))
    else:
        parts = _value_parts(m)
        if parts is None:
            return None
        number, value, high, value_high = parts
        if high is None and "半" in (m.group("measure") or ""):
            number += Decimal("0.5")  # 三个半月, 两年半: and a half
        if m.group("pop"):
            # "3万农户": the noun is what is counted; the unit is implied, there is no unit span.
            unit_norm = POPULATION_NOUNS[m.group("pop")]
            end = m.start("pop")
        elif m.group("unit"):
            u_start = m.start("unit")
            u_end = m.end("rate") if m.group("rate") else m.end("unit")
            unit_span = Span(u_start, u_end, text[u_start:u_end])
            written = m.group("measure") or m.group("unit")
            if written == "点" and number < _CLOCK_HOURS and number == int(number):
                return None  # 八点, 12点: a time of day (3000点 is an index level)
            unit_norm = normalise_unit(written)
            if written == "位" and _RANK_CUE.search(text, max(0, start - 4), start):
                unit_norm = "位"  # 上升了5位: places in a ranking, not people
            if m.group("rate"):
                unit_norm += "/" + normalise_unit(m.group("rate")[1:])
    start, prefix = approx_before(text, start)
    if prefix is None and m.group("lo_bare") and start and text[start - 1] == "上":
        start, prefix = start - 1, Approx.OVER  # 上千人: upwards of a thousand
    clause_lo = clause_start(text, sent_start, start)
    clause_hi = clause_end(text, end, sent_end)
    phrase_lo = phrase_start(text, sent_start, start)
    return Quantity(
        start=start,
        end=end,
        text=text[start:end],
        value=value,
        number=to_number(number),
        number_high=to_number(high) if high is not None else None,
        value_high=value_high,
        unit=unit_span,
        unit_normalized=unit_norm,
        approx=approx_of(m, prefix),
        status=guess_status(text, sent_start, start, end, clause_hi),
        aspect=guess_aspect(text, phrase_lo, clause_lo, start, unit_norm, end),
        indicator=guess_indicator(text, clause_lo, start, end, clause_hi, unit_norm == "%"),
        sentence=Span(sent_start, sent_end, text[sent_start:sent_end]),
    )


def find_quantities(text: str, doc_date: datetime.date | None = None) -> list[Quantity]:
    """Every quantity mention in `text`, in text order (years, dates, ordinals, codes excluded).

    `doc_date`, when known, bounds what counts as a year ("2035年" in a 2024 text is a year;
    "9000年" is not).
    """
    found: list[Quantity] = []
    sentence = (-1, -1)
    for m in QUANTITY.finditer(text):
        if not accept(m, text, doc_date):
            continue
        pos = m.start()
        if not sentence[0] <= pos < sentence[1]:
            sentence = sentence_bounds(text, pos)
        quantity = _build(m, text, sentence)
        if quantity is not None:
            found.append(quantity)
    return found

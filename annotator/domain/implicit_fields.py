"""What a suggested metric's period and status are when its sentence does not say.

- period: the time expression of the sentence that governs the value (the nearest one before
  it), not a comparison year (较2021年压减17.5%); else implicit:
  the period an earlier metric of the same paragraph stated (a passage keeps to its period
  until it names another), else the year of the report;
- aspect: a cue word or the kind of figure decides (the quantity detector); without either,
  a count or an amount a report states is the total done or held;
- status: a period that begins after the report's date is planned; else a cue word decides
  (计划, 已 …); without one, achieved (a report states what was done or holds).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from annotator.domain.metrics import Aspect, Field, Status
from annotator.domain.periods import Period

# A year after these words is what a figure is compared with, not when it happened.
_COMPARISON = re.compile(r"(?:较|比|同比|相比|相较|比较|对比|与|和)(?:于)?$")


def governing_period(
    periods: Sequence[Period], text: str, value_start: int, value_end: int
) -> Field | None:
    """The sentence's period for the value at value_start..value_end: the nearest time
    expression before it (a Chinese clause states its time before the predicate; one after the
    value belongs to a later clause), comparison years left out."""
    before: Period | None = None
    for period in periods:
        if period.start < value_end and value_start < period.end:
            continue  # part of the mention itself
        if _COMPARISON.search(text, max(0, period.start - 3), period.start):
            continue
        if period.end <= value_start and (before is None or period.end > before.end):
            before = period
    chosen = before
    if chosen is None:
        return None
    return Field(chosen.start, chosen.end, chosen.text, normalized=chosen.normalized)


def implicit_period(carried: str | None, doc_date: datetime.date | None) -> Field | None:
    """The implicit period: the one the passage stated (`carried`), else the report's year."""
    if carried:
        return Field(normalized=carried, implicit=True)
    if doc_date is not None:
        return Field(normalized=str(doc_date.year), implicit=True)
    return None


def paragraph_start(text: str, position: int) -> int:
    """Where the paragraph (line) holding `position` starts."""
    return text.rfind("\n", 0, position) + 1


def _period_start(normalized: str) -> datetime.date | None:
    first = normalized.split("/")[0]
    parts = first.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return datetime.date(year, month, day)
    except (ValueError, IndexError):
        return None


def completed_status(
    cue: Status | None, period: Field | None, doc_date: datetime.date | None
) -> Status:
    """Planned when the period starts after the report's date (明年, 2027年 in a 2025 report:
    nothing there is done yet, whatever the verb: 新建, 增加); else the status of its cue word;
    without one, achieved."""
    if period is not None and period.normalized and doc_date is not None:
        start = _period_start(period.normalized)
        if start is not None and start > doc_date and cue is not Status.ONGOING:
            return Status.PLANNED
    return Status.ACHIEVED if cue is None else cue


def completed_aspect(guess: Aspect | None) -> Aspect:
    """The aspect from the detector's cue words; without one, total."""
    return Aspect.TOTAL if guess is None else guess

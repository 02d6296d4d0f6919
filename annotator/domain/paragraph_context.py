"""What a metric shares with the metric before it in its paragraph.

A news paragraph keeps to one frame: the figures it lists after the first are, nearly always, of
the same place, organisation, programme and period (…完成522户…；提质改造112公里…；新增14000个…).
The annotator has confirmed the first figure's links and period; the next one accepted in the
paragraph takes them instead of the assistant's guesses from the sentence alone, and only its
period when that was stated in its own sentence keeps its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.domain.metrics import LINK_FIELDS, Field, Metric

# The fields a metric takes from the one before it in its paragraph.
CARRIED_FIELDS: tuple[str, ...] = (*LINK_FIELDS, "period")


def paragraph_of(text: str, position: int) -> tuple[int, int]:
    """The paragraph (line) of `text` holding `position`, as start..end in code points."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end < 0 else end


def neighbour_before(metrics: Iterable[Metric], text: str, position: int) -> Metric | None:
    """The metric whose value is the nearest before `position` in the same paragraph."""
    start, _ = paragraph_of(text, position)
    best: Metric | None = None
    for metric in metrics:
        span = metric.value_span
        if span is None or not start <= span[0] < position:
            continue
        if best is None or span[0] > best.value_span[0]:  # type: ignore[index]  # checked above
            best = metric
    return best


def carried(metric: Metric, neighbour: Metric) -> tuple[Metric, tuple[str, ...]]:
    """`metric` with the neighbour's links, and its period when its own sentence stated none
    (an implicit or missing period); also the names of the fields so set."""
    changes: dict[str, object] = {name: getattr(neighbour, name) for name in LINK_FIELDS}
    own, theirs = metric.period, neighbour.period
    if (own is None or own.implicit) and theirs is not None and theirs.normalized:
        changes["period"] = Field(normalized=theirs.normalized, implicit=True)
    return metric.with_changes(**changes), tuple(changes)


def shared_frame(metric: Metric, neighbour: Metric) -> tuple[str, ...]:
    """The carried fields in which `metric` has what its neighbour has (a link, or a period
    the neighbour states and `metric` takes as implicit): what to tell the annotator was taken
    over. Fields both leave empty are not named."""
    shared = [
        name
        for name in LINK_FIELDS
        if getattr(neighbour, name) is not None
        and getattr(metric, name) == getattr(neighbour, name)
    ]
    own, theirs = metric.period, neighbour.period
    if (
        own is not None
        and own.implicit
        and theirs is not None
        and theirs.normalized
        and own.normalized == theirs.normalized
    ):
        shared.append("period")
    return tuple(shared)

"""The period a metric stated elsewhere most likely has: the one of the nearest metric before
it in the text (a report keeps to its year until it names another)."""

from __future__ import annotations

from collections.abc import Iterable

from annotator.domain.metrics import Metric


def context_period(
    metrics: Iterable[Metric], position: int, exclude: str | None = None
) -> str | None:
    """The normalised period of the nearest metric whose value starts before `position`."""
    best: tuple[int, str] | None = None
    for metric in metrics:
        value, period = metric.value, metric.period
        if (
            metric.id == exclude
            or value is None
            or value.start is None
            or period is None
            or not period.normalized
            or value.start > position
        ):
            continue
        if best is None or value.start > best[0]:
            best = (value.start, period.normalized)
    return best[1] if best is not None else None

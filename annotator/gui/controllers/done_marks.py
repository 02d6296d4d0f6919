"""Done work visible: the value of every metric of the document is marked in the text (green
underline when complete, an orange wave when something is missing), apart from the open one,
which the text view frames itself; hovering shows the metric."""

from __future__ import annotations

from functools import partial

from annotator.domain.metrics import Metric
from annotator.gui.i18n import tr
from annotator.gui.messages import translated
from annotator.gui.widgets.marks import Mark, MarkStyle
from annotator.gui.widgets.text_view import TextView
from annotator.services.documents import DocumentView

GROUP = "metrics"
COMPLETE_COLOUR = "#2a9d8f"
INCOMPLETE_COLOUR = "#e76f51"


def metric_tooltip(metric: Metric, problems: tuple = ()) -> str:
    parts = [
        f.text or f.normalized or ""
        for f in (metric.indicator, metric.value, metric.unit, metric.period)
        if f is not None
    ]
    text = (
        tr("Metric %1: %2").replace("%1", metric.id).replace("%2", " ".join(p for p in parts if p))
    )
    if problems:
        text += "\n" + "\n".join(translated(str(p)) for p in problems)
    return text


def show_metric_marks(
    text_view: TextView, view: DocumentView | None, open_metric: str | None
) -> None:
    marks = []
    for metric in view.metrics if view is not None else ():
        span = metric.value_span
        if metric.id == open_metric or span is None:
            continue
        problems = view.problems.get(metric.id, ()) if view is not None else ()
        style, colour = (
            (MarkStyle.WAVY, INCOMPLETE_COLOUR)
            if problems
            else (MarkStyle.UNDERLINE, COMPLETE_COLOUR)
        )
        # Written when hovered (see Mark): this runs at every key press.
        marks.append(Mark(*span, style, colour, partial(metric_tooltip, metric, problems)))
    text_view.set_marks(GROUP, marks)

"""A metric takes from the one before it in its paragraph its links, and its period when its own
sentence stated none."""

from __future__ import annotations

from annotator.domain.metrics import Field, Metric
from annotator.domain.paragraph_context import (
    carried,
    neighbour_before,
    paragraph_of,
    shared_frame,
)

TEXT = "长沙市新建停车位14000个;改造道路8公里。\n新建公园3个。"


def _metric(key: str, value: str, **fields: object) -> Metric:
    start = TEXT.index(value)
    return Metric(key, value=Field(start, start + len(value), value), **fields)  # type: ignore[arg-type]


def test_the_neighbour_is_the_nearest_metric_before_in_the_same_paragraph_only():
    first, second, third = _metric("m1", "14000"), _metric("m2", "8"), _metric("m3", "3")
    metrics = [second, first, third]

    assert neighbour_before(metrics, TEXT, TEXT.index("8")) == first
    assert neighbour_before(metrics, TEXT, TEXT.index("3")) is None  # the next paragraph
    assert neighbour_before(metrics, TEXT, TEXT.index("14000")) is None
    assert paragraph_of(TEXT, TEXT.index("3")) == (TEXT.index("新建公园"), len(TEXT))


def test_links_are_taken_and_a_period_only_where_the_sentence_stated_none():
    before = _metric(
        "m1",
        "14000",
        place="e1",
        org=None,
        subject="e3",
        period=Field(0, 5, "2023年", normalized="2023"),
    )
    implicit = _metric(
        "m2", "8", place="e2", org="e4", period=Field(normalized="2024", implicit=True)
    )
    stated = _metric("m2", "8", period=Field(10, 15, "2024年", normalized="2024"))

    taken, names = carried(implicit, before)
    assert (taken.place, taken.org, taken.subject) == ("e1", None, "e3")
    assert taken.period == Field(normalized="2023", implicit=True)
    assert set(names) == {"place", "org", "subject", "period"}
    kept, names = carried(stated, before)
    assert kept.period == stated.period and "period" not in names


def test_what_is_named_as_taken_over_is_only_what_the_two_share_and_the_neighbour_has():
    before = _metric(
        "m1", "14000", place="e1", org=None, period=Field(0, 5, "2023年", normalized="2023")
    )
    taken, _ = carried(_metric("m2", "8", place="e2", org="e4"), before)
    assert shared_frame(taken, before) == ("place", "period")  # no org: both leave it empty

    edited = taken.with_changes(place="e2")  # the annotator changed the place since
    assert shared_frame(edited, before) == ("period",)

    stated = _metric("m2", "8", place="e1", period=Field(10, 15, "2023年", normalized="2023"))
    assert shared_frame(stated, before) == ("place",)  # its own stated period is not taken

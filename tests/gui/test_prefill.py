"""Pre-filling a new metric from a selection (the service behind the window's M key)."""

from __future__ import annotations

import pytest

from annotator.domain.metrics import Approx, Aspect, Field, ProvenanceKind, Status
from annotator.services.prefill import document_date, prefill_metric, sentence_around

TEXT = "民生是人民幸福之基。2023年,浏阳市新增14000个停车位;累计建成高标准农田20.26万亩。"


def test_prefill_from_a_number_fills_value_unit_qualifiers_period_and_evidence():
    start = TEXT.index("14000")
    metric = prefill_metric(TEXT, start, start + 5)

    assert metric.value == Field(start, start + 5, "14000", number=14000)
    assert metric.unit == Field(start + 5, start + 6, "个", normalized="个")
    assert metric.indicator is not None and metric.indicator.text == "停车位"
    assert (metric.approx, metric.status, metric.aspect) == (
        Approx.EXACT,
        Status.ACHIEVED,
        Aspect.INCREASE,
    )
    assert metric.period is not None and metric.period.normalized == "2023"
    assert metric.evidence is not None and "14000个停车位" in metric.evidence.text
    assert metric.provenance.kind is ProvenanceKind.MANUAL  # the annotator chose the number


@pytest.mark.parametrize("word, number", [("20.26万", 202600), ("20.26", 202600)])
def test_prefill_puts_the_scale_word_into_the_number(word, number):
    start = TEXT.index(word)
    metric = prefill_metric(TEXT, start, start + len(word))
    assert metric.number == number
    assert metric.unit is not None and metric.unit.normalized == "亩"


def test_prefill_takes_links_and_a_stated_elsewhere_period_from_the_metric_before_in_its_paragraph():
    text = "浏阳市新增14000个停车位;累计建成高标准农田20.26万亩。\n新建公园3个。"
    start = text.index("14000")
    before = prefill_metric(text, start, start + 5).with_changes(
        id="m1", place="e1", org="e2", period=Field(normalized="2022", implicit=True)
    )
    start = text.index("20.26")
    second = prefill_metric(text, start, start + 5, neighbours=[before])
    start = text.index("3个")
    other_paragraph = prefill_metric(text, start, start + 1, neighbours=[before])

    assert (second.place, second.org, second.subject) == ("e1", "e2", None)
    assert second.period == Field(normalized="2022", implicit=True)
    assert (other_paragraph.place, other_paragraph.period) == (None, None)


def test_prefill_first_in_its_paragraph_proposes_links_from_the_entities_as_the_assistant_does():
    from annotator.domain.entities import Entity

    start = TEXT.index("浏阳市")
    tagged = [
        Entity("e1", "PLACE", start, start + 3, "浏阳市"),
        Entity("e2", "ORG", 0, 2, "民生"),  # in another sentence: not this metric's
    ]
    value = TEXT.index("14000")
    metric = prefill_metric(TEXT, value, value + 5, entities=tagged)

    assert (metric.place, metric.org, metric.subject) == ("e1", None, None)


def test_prefill_without_a_quantity_keeps_the_selection_and_the_sentence():
    metric = prefill_metric(TEXT, 0, 2)
    assert metric.value == Field(0, 2, "民生", number=None)
    assert metric.evidence == Field(0, 10, "民生是人民幸福之基。")
    assert metric.provenance.kind is ProvenanceKind.MANUAL


def test_sentence_around_stops_at_sentence_ends():
    start = TEXT.index("高标准")
    assert sentence_around(TEXT, start, start + 3).text == "累计建成高标准农田20.26万亩。"


def test_document_date_reads_iso_dates_from_meta():
    assert str(document_date({"date": "2023-12-05"})) == "2023-12-05"
    assert document_date({"date": "yesterday"}) is None

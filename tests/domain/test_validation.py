"""The data contract in the domain core: offsets, span texts, labels, links, enums, layers."""

import pytest

from annotator.domain.entities import Entity
from annotator.domain.errors import ValidationError
from annotator.domain.layers import Layer, LayerKind
from annotator.domain.metrics import Approx, Aspect, Field, Metric, Status
from annotator.domain.spans import Span
from annotator.domain.validation import metric_problems, validate_entity

TEXT = "2023年,浏阳市新增14000个停车位。"
PLACE = Entity("e1", "PLACE", 6, 9, "浏阳市")


def complete_metric(**changes) -> Metric:
    metric = Metric(
        id="m1",
        indicator=Field(17, 20, "停车位"),
        value=Field(11, 16, "14000", number=14000),
        unit=Field(16, 17, "个", normalized="个"),
        approx=Approx.EXACT,
        status=Status.ACHIEVED,
        aspect=Aspect.INCREASE,
        period=Field(0, 5, "2023年", normalized="2023"),
        place="e1",
        evidence=Field(0, 21, TEXT),
    )
    return metric.with_changes(**changes)


def test_complete_metric_has_no_problems():
    assert TEXT[11:16] == "14000" and TEXT[17:20] == "停车位"
    assert metric_problems(TEXT, complete_metric(), {"e1": PLACE}) == []


@pytest.mark.parametrize(
    ("changes", "field", "blocking"),
    [
        ({"value": Field(11, 16, "14001", number=14000)}, "value", True),
        ({"value": Field(11, 99, "14000", number=14000)}, "value", True),
        ({"value": Field(16, 11, "", number=14000)}, "value", True),
        ({"value": Field(11, 16, "14000", number=None)}, "value", False),
        ({"value": Field(11, 16, "14000", number=2**53 + 1)}, "value", True),
        ({"place": "e9"}, "place", True),
        ({"org": "e1"}, "org", True),
        ({"status": None}, "status", False),
        ({"approx": Approx.RANGE}, "value_high", False),
        ({"period": Field(normalized="2023年", implicit=True)}, "period", False),
        ({"evidence": Field(normalized="x", implicit=True)}, "evidence", False),
        ({"duplicate_of": "m7"}, "duplicate_of", True),
    ],
)
def test_metric_problem_names_the_field_and_whether_it_blocks_saving(changes, field, blocking):
    problems = metric_problems(TEXT, complete_metric(**changes), {"e1": PLACE}, ["m1"])
    assert field in [p.field for p in problems]
    assert any(p.blocking == blocking for p in problems if p.field == field)


def test_implicit_period_with_iso_value_is_complete():
    metric = complete_metric(period=Field(normalized="2023-01/2023-11", implicit=True))
    assert metric_problems(TEXT, metric, {"e1": PLACE}) == []


@pytest.mark.parametrize(
    ("entity", "reason"),
    [
        (Entity("e1", "CITY", 6, 9, "浏阳市"), "unknown entity label"),
        (Entity("e1", "PLACE", 6, 9, "长沙市"), "does not match"),
        (Entity("e1", "PLACE", 6, 60, "浏阳市"), "outside the text"),
        (Entity("e1", "PLACE", 9, 9, ""), "greater than start"),
    ],
)
def test_entity_with_bad_label_or_span_is_refused(entity, reason):
    with pytest.raises(ValidationError, match=reason):
        validate_entity(TEXT, entity)


def test_span_of_non_bmp_text_takes_code_points():
    text = "𠀀浏阳市"
    assert Span.of(text, 1, 4) == Span(1, 4, "浏阳市")


@pytest.mark.parametrize(
    ("name", "kind", "owner"),
    [
        ("annotator:li", LayerKind.ANNOTATOR, "li"),
        ("pred:ner-v2", LayerKind.PRED, "ner-v2"),
        ("gold", LayerKind.GOLD, ""),
    ],
)
def test_layer_names_parse(name, kind, owner):
    layer = Layer.parse(name)
    assert (layer.kind, layer.owner, layer.name) == (kind, owner, name)


@pytest.mark.parametrize("name", ["li", "annotator:", "curator:x", "annotator:a b", "gold:x"])
def test_unknown_layer_names_are_refused(name):
    with pytest.raises(ValidationError):
        Layer.parse(name)

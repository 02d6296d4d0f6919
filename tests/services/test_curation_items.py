"""One disagreement, one item: overlapping entity spans form one item with its kind, metrics are
paired by the same function agreement uses, and item decisions (take, reject) read back."""

import pytest

from annotator.domain.errors import PermissionDenied
from annotator.domain.metrics import Field, Metric, Status
from annotator.services import curation, curation_decisions, editing
from annotator.services.agreement import compute_agreement, load_annotations, pair_metrics
from annotator.services.curation_items import ItemKind, ItemState, curation_items
from annotator.services.permissions import Actor
from annotator.services.roles import actor_for, add_curator
from tests.helpers import entities, import_text, metrics

TEXT = "浏阳市住建局推进全BA项目，全县新增高标准农田20.26万亩。"
LI, WANG = Actor("li"), Actor("wang")
AREA = TEXT.index("20.26")


def _run(database, actor, cmd):
    return editing.apply(cmd, database.uow, actor)


@pytest.fixture
def doc(database, tmp_path):
    doc_id = import_text(database, tmp_path, TEXT)
    add_curator(database, "zhang", acting="zhang")
    li, wang = "annotator:li", "annotator:wang"
    _run(database, LI, editing.AddEntity(doc_id, li, "ORG", 0, 6))  # 浏阳市住建局
    _run(database, WANG, editing.AddEntity(doc_id, wang, "ORG", 3, 6))  # 住建局
    ba = TEXT.index("全BA")
    _run(database, LI, editing.AddEntity(doc_id, li, "PROGRAM", ba, ba + 3))
    _run(database, WANG, editing.AddEntity(doc_id, wang, "PROJECT", ba, ba + 3))
    county = TEXT.index("全县")
    _run(database, LI, editing.AddEntity(doc_id, li, "PLACE", county + 1, county + 2))
    # 20.26万 (202600 亩) against 20.26 (20.26 万亩): one metric read two ways.
    _run(
        database,
        LI,
        editing.SaveMetric(
            doc_id,
            li,
            Metric(
                "",
                value=Field(AREA, AREA + 6, "20.26万", number=202600),
                unit=Field(AREA + 6, AREA + 7, "亩", normalized="亩"),
            ),
        ),
    )
    _run(
        database,
        WANG,
        editing.SaveMetric(
            doc_id,
            wang,
            Metric(
                "",
                value=Field(AREA, AREA + 5, "20.26", number=20.26),
                unit=Field(AREA + 5, AREA + 7, "万亩", normalized="万亩"),
            ),
        ),
    )
    return doc_id


def _items(database, doc_id):
    return curation_items(curation.curation_view(database, doc_id, actor_for(database, "zhang")))


def test_overlapping_spans_are_one_item_with_its_kind(database, doc):
    items = _items(database, doc)
    kinds = [(TEXT[i.start : i.end], i.kind, i.missing_in) for i in items.entities]
    assert kinds == [
        ("浏阳市住建局", ItemKind.BOUNDARY, ()),
        ("全BA", ItemKind.LABEL, ()),
        ("县", ItemKind.MISSING, ("annotator:wang",)),
    ]
    assert all(i.state is ItemState.OPEN for i in items.entities)


def test_metrics_are_paired_exactly_as_agreement_pairs_them(database, doc):
    [item] = _items(database, doc).metrics
    assert item.kind is ItemKind.FIELDS and "value" in item.differing and "unit" in item.differing
    _layers, [document] = load_annotations(database)
    agreement_pairs = [
        (a.id, b.id)
        for a, b in pair_metrics(
            document.layers["annotator:li"].metrics, document.layers["annotator:wang"].metrics
        )
    ]
    assert agreement_pairs == [
        (item.versions["annotator:li"].id, item.versions["annotator:wang"].id)
    ]
    [pair] = compute_agreement(database).pairs
    assert pair["metrics_paired"] == 1
    assert (pair["metric_fields"]["number"], pair["metric_fields"]["unit"]) == (0.0, 0.0)


def test_taking_a_version_and_rejecting_read_back_as_item_states(database, doc):
    zhang = actor_for(database, "zhang")
    boundary, label, missing = _items(database, doc).entities
    curation_decisions.take_version(database, zhang, doc, boundary, "annotator:wang")
    curation_decisions.reject(database, zhang, doc, missing, "a county is not named by 县")
    [metric] = _items(database, doc).metrics
    curation_decisions.take_version(database, zhang, doc, metric, "annotator:li")
    items = _items(database, doc)
    assert [i.state for i in items.entities] == [
        ItemState.TAKEN,
        ItemState.OPEN,
        ItemState.REJECTED,
    ]
    assert items.metrics[0].state is ItemState.TAKEN
    assert [(e.label, e.text) for e in entities(database, doc, "gold")] == [("ORG", "住建局")]
    # Taking the other version replaces gold's entity in place (same key).
    curation_decisions.take_version(database, zhang, doc, items.entities[0], "annotator:li")
    assert [(e.id, e.text) for e in entities(database, doc, "gold")] == [("e1", "浏阳市住建局")]
    curation_decisions.take_version(database, zhang, doc, items.metrics[0], "annotator:wang")
    [gold_metric] = metrics(database, doc, "gold")
    assert (gold_metric.number, gold_metric.unit.normalized) == (20.26, "万亩")
    log = [(d.item_key, d.decision, d.reason) for d in curation.decisions(database, doc)]
    assert (missing.key, "reject", "a county is not named by 县") in log


def test_a_rejection_gold_never_held_is_undone_as_a_reopen_and_redone_with_its_reason(
    database, doc
):
    zhang = actor_for(database, "zhang")
    missing = _items(database, doc).entities[2]
    rejected = curation_decisions.reject(database, zhang, doc, missing, "县 names no county")
    with pytest.raises(PermissionDenied):  # only curators decide
        _run(database, LI, rejected.inverse)
    reopened = _run(database, zhang, rejected.inverse)
    assert _items(database, doc).entities[2].state is ItemState.OPEN
    _run(database, zhang, reopened.inverse)
    assert _items(database, doc).entities[2].state is ItemState.REJECTED
    assert [
        (d.item_key, d.decision, d.source_layers, d.reason)
        for d in curation.decisions(database, doc)
    ] == [
        (missing.key, "reject", ("annotator:li",), "县 names no county"),
        (missing.key, "reopen", (), ""),
        (missing.key, "reject", ("annotator:li",), "县 names no county"),
    ]
    with pytest.raises(PermissionDenied, match="gold only"):
        _run(
            database,
            zhang,
            editing.Decided(
                doc,
                editing.Decision("entity", "remove"),
                editing.DeleteEntity(doc, "annotator:li", "e1"),
            ),
        )


def test_a_duplicate_keeps_its_link_whichever_of_the_two_is_taken_first(database, tmp_path):
    text = "新增300个车位。重复：新增300个车位。"
    doc_id = import_text(database, tmp_path, text, "dup")
    add_curator(database, "zhang", acting="zhang")
    zhang = actor_for(database, "zhang")
    first, second = text.index("300"), text.rindex("300")
    for actor, status in ((LI, Status.ACHIEVED), (WANG, Status.PLANNED)):
        layer = f"annotator:{actor.name}"
        _run(
            database,
            actor,
            editing.SaveMetric(
                doc_id,
                layer,
                Metric("", value=Field(first, first + 3, "300", number=300), status=status),
            ),
        )
        _run(
            database,
            actor,
            editing.SaveMetric(
                doc_id,
                layer,
                Metric("", value=Field(second, second + 3, "300", number=300), duplicate_of="m1"),
            ),
        )
    # The repeat is unanimous and accepted while the metric it repeats is still disputed ...
    curation.accept_unanimous(database, zhang, doc_id)
    assert [m.duplicate_of for m in metrics(database, doc_id, "gold")] == [None]
    # ... and gets its link when that one is taken.
    curation.take_metric(database, zhang, doc_id, "annotator:wang", "m1")
    gold = {m.value.start: m for m in metrics(database, doc_id, "gold")}
    assert gold[second].duplicate_of == gold[first].id
    assert gold[first].status is Status.PLANNED
    # Taking a repeat whose original gold lacks takes the original along.
    for m in metrics(database, doc_id, "gold"):
        curation.remove_metric(database, zhang, doc_id, m.id)
    curation.take_metric(database, zhang, doc_id, "annotator:li", "m2")
    gold = {m.value.start: m for m in metrics(database, doc_id, "gold")}
    assert gold[second].duplicate_of == gold[first].id

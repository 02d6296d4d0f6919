"""Curation into gold: side-by-side versions, taking, settling field by field, accepting what
everyone agrees on, with every decision logged and undoable."""

import pytest

from annotator.domain.errors import ConflictError, InputError, PermissionDenied
from annotator.domain.metrics import Approx, Aspect, Field, Metric, Status
from annotator.domain.status import DocumentStatus
from annotator.services import curation, editing
from annotator.services.documents import load_document
from annotator.services.permissions import Actor
from annotator.services.roles import actor_for, add_curator
from tests.helpers import entities, import_text, metrics, segments

#       0123456789...
TEXT = "浏阳市住建局新增14000个停车位。长沙市新增300个。"
LI, WANG = Actor("li"), Actor("wang")


def _metric(value, number, status=Status.ACHIEVED, place=None):
    start = TEXT.index(value)
    return Metric(
        "",
        value=Field(start, start + len(value), value, number=number),
        unit=Field(start + len(value), start + len(value) + 1, "个", normalized="个"),
        approx=Approx.EXACT,
        status=status,
        aspect=Aspect.INCREASE,
        place=place,
        evidence=Field(0, 18, TEXT[:18]),
    )


@pytest.fixture
def doc(database, tmp_path):
    doc_id = import_text(database, tmp_path, TEXT)
    add_curator(database, "zhang", acting="zhang")

    def run(actor, cmd):
        return editing.apply(cmd, database.uow, actor)

    for actor in (LI, WANG):
        layer = f"annotator:{actor.name}"
        run(actor, editing.AddEntity(doc_id, layer, "PLACE", 0, 3))
        run(
            actor,
            editing.SaveMetric(
                doc_id,
                layer,
                _metric(
                    "14000", 14000, Status.ACHIEVED if actor is LI else Status.PLANNED, place="e1"
                ),
            ),
        )
        run(actor, editing.SaveMetric(doc_id, layer, _metric("300", 300)))
    run(LI, editing.AddEntity(doc_id, "annotator:li", "ORG", 0, 6))
    run(WANG, editing.AddEntity(doc_id, "annotator:wang", "PLACE", 18, 21))
    return doc_id


@pytest.fixture
def zhang(database):
    return actor_for(database, "zhang")


def test_versions_are_shown_side_by_side_with_disagreements_flagged(database, doc, zhang):
    view = curation.curation_view(database, doc, zhang)
    assert view.annotators == ("annotator:li", "annotator:wang")
    groups = {(g.label, g.start, g.end): g for g in view.entity_groups}
    assert groups["PLACE", 0, 3].unanimous
    assert dict(groups["ORG", 0, 6].keys) == {"annotator:li": "e2"}
    assert not groups["ORG", 0, 6].unanimous and not groups["PLACE", 18, 21].unanimous
    by_span = {g.value_span: g for g in view.metric_groups}
    assert by_span[(8, 13)].differing == ("status",)
    assert not by_span[(8, 13)].unanimous
    assert by_span[(23, 26)].unanimous and by_span[(23, 26)].differing == ()


def test_accept_all_unanimous_takes_only_what_every_annotator_agrees_on(database, doc, zhang):
    applied = curation.accept_unanimous(database, zhang, doc, reason="agreed")
    assert [(e.label, e.text) for e in entities(database, doc, "gold")] == [("PLACE", "浏阳市")]
    assert [m.value.text for m in metrics(database, doc, "gold")] == ["300"]
    [decision] = curation.decisions(database, doc)
    assert (decision.decision, decision.decided_by, decision.reason, decision.source_layers) == (
        "accept_unanimous",
        "zhang",
        "agreed",
        ("annotator:li", "annotator:wang"),
    )
    assert curation.accept_unanimous(database, zhang, doc) is None  # nothing left to take
    editing.apply(applied.inverse, database.uow, zhang)
    assert entities(database, doc, "gold") == [] and metrics(database, doc, "gold") == []
    assert [d.decision for d in curation.decisions(database, doc)] == ["accept_unanimous", "undo"]


def test_taken_entity_is_logged_with_who_and_why_and_undo_removes_it(database, doc, zhang):
    applied = curation.take_entity(
        database, zhang, doc, "annotator:li", "e2", reason="the bureau is an ORG"
    )
    assert [(e.id, e.label, e.text) for e in entities(database, doc, "gold")] == [
        ("e1", "ORG", "浏阳市住建局")
    ]
    [decision] = curation.curation_view(database, doc, zhang).decisions
    assert (
        decision.item_kind,
        decision.item_key,
        decision.decision,
        decision.decided_by,
        decision.source_layers,
        decision.reason,
    ) == ("entity", "e1", "take", "zhang", ("annotator:li",), "the bureau is an ORG")
    undone = editing.apply(applied.inverse, database.uow, zhang)
    assert entities(database, doc, "gold") == []
    editing.apply(undone.inverse, database.uow, zhang)
    assert [e.label for e in entities(database, doc, "gold")] == ["ORG"]
    assert [(d.item_kind, d.item_key, d.decision) for d in curation.decisions(database, doc)] == [
        ("entity", "e1", "take"),
        ("undo", "e1", "undo"),
        ("redo", "e1", "redo"),
    ]


def test_taken_metric_brings_the_entity_it_links_to_into_gold(database, doc, zhang):
    curation.take_metric(database, zhang, doc, "annotator:wang", "m1")
    [gold] = metrics(database, doc, "gold")
    [place] = entities(database, doc, "gold")
    assert (gold.value.text, gold.status, gold.place) == ("14000", Status.PLANNED, place.id)
    assert (place.label, place.text) == ("PLACE", "浏阳市")


def test_taken_segment_is_copied_to_gold_once_and_undone_by_its_inverse(database, doc, zhang):
    editing.apply(editing.AddSegment(doc, "annotator:li", "HEADLINE", 0, 17), database.uow, LI)
    applied = curation.take_segment(database, zhang, doc, "annotator:li", "s1")
    [segment] = segments(database, doc, "gold")
    assert (segment.label, segment.text) == ("HEADLINE", TEXT[:17])
    assert curation.decisions(database, doc)[-1].item_kind == "segment"
    with pytest.raises(InputError, match="already has"):
        curation.take_segment(database, zhang, doc, "annotator:li", "s1")
    with pytest.raises(PermissionDenied):
        curation.take_segment(database, LI, doc, "annotator:li", "s1")
    editing.apply(applied.inverse, database.uow, zhang)
    assert segments(database, doc, "gold") == []


def test_curator_adds_and_removes_gold_segments_no_annotator_marked(database, doc, zhang):
    added = curation.add_segment(database, zhang, doc, "ARTICLE", 0, len(TEXT))
    [segment] = segments(database, doc, "gold")
    assert (segment.label, segment.text) == ("ARTICLE", TEXT)
    curation.remove_segment(database, zhang, doc, added.key, reason="not an article")
    assert segments(database, doc, "gold") == []
    assert [(d.item_kind, d.decision, d.reason) for d in curation.decisions(database, doc)] == [
        ("segment", "add", ""),
        ("segment", "remove", "not an article"),
    ]
    with pytest.raises(PermissionDenied):
        curation.add_segment(database, LI, doc, "ARTICLE", 0, 3)


def test_metric_fields_are_settled_one_by_one_from_different_annotators(database, doc, zhang):
    curation.take_metric(database, zhang, doc, "annotator:wang", "m1")
    gold_key = metrics(database, doc, "gold")[0].id
    version = curation.curation_view(database, doc, zhang).gold_metric_versions[gold_key]
    applied = curation.settle_field(
        database,
        zhang,
        doc,
        gold_key,
        "status",
        "annotator:li",
        "m1",
        reason="已 means achieved",
        expected_version=version,
    )
    assert metrics(database, doc, "gold")[0].status is Status.ACHIEVED
    view = curation.curation_view(database, doc, zhang)
    assert view.decisions[-1].item_key == f"{gold_key}.status"
    with pytest.raises(ConflictError):  # a second window still holding the old version
        curation.settle_field(
            database,
            zhang,
            doc,
            gold_key,
            "status",
            "annotator:wang",
            "m1",
            expected_version=version,
        )
    editing.apply(applied.inverse, database.uow, zhang)
    assert metrics(database, doc, "gold")[0].status is Status.PLANNED


def test_curator_adds_and_edits_gold_items_no_annotator_had(database, doc, zhang):
    added = curation.add_entity(database, zhang, doc, "ORG", 3, 6, reason="missed by both")
    curation.edit_entity(database, zhang, doc, added.key, "ORG", 0, 6)
    assert [e.text for e in entities(database, doc, "gold")] == ["浏阳市住建局"]
    saved = curation.save_metric(
        database, zhang, doc, _metric("300", 300).with_changes(aspect=Aspect.TOTAL)
    )
    assert metrics(database, doc, "gold")[0].aspect is Aspect.TOTAL
    curation.remove_metric(database, zhang, doc, saved.key)
    assert metrics(database, doc, "gold") == []
    assert [d.decision for d in curation.decisions(database, doc)] == [
        "add",
        "edit",
        "add",
        "remove",
    ]


def test_gold_status_is_kept_per_document(database, doc, zhang):
    curation.take_entity(database, zhang, doc, "annotator:li", "e1")
    assert curation.curation_view(database, doc, zhang).gold_status is DocumentStatus.IN_PROGRESS
    curation.set_gold_status(database, zhang, doc, DocumentStatus.DONE, "settled")
    assert curation.curation_view(database, doc, zhang).gold_status is DocumentStatus.DONE
    assert load_document(database, doc, "gold").status_reason == "settled"


def test_non_curator_can_neither_see_nor_write_curation(database, doc):
    with pytest.raises(PermissionDenied):
        curation.curation_view(database, doc, LI)
    with pytest.raises(PermissionDenied):
        curation.take_entity(database, LI, doc, "annotator:li", "e1")
    assert entities(database, doc, "gold") == []
    assert curation.decisions(database, doc) == []

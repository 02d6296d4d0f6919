"""Annotation commands: saved when applied, undone by their inverse, refused when wrong."""

import pytest

from annotator.domain.errors import ConflictError, PermissionDenied, ValidationError
from annotator.domain.metrics import Approx, Aspect, Field, Metric, Status
from annotator.domain.status import DocumentStatus
from annotator.services import editing
from annotator.services.documents import load_document
from annotator.services.permissions import Actor
from tests.helpers import entities, import_text, metrics

LI = Actor("li")
LAYER = "annotator:li"
TEXT = "𠀀浏阳市住建局新增14000个停车位。"


@pytest.fixture
def doc(database, tmp_path):
    return import_text(database, tmp_path, TEXT)


def run(database, cmd, actor=LI):
    return editing.apply(cmd, database.uow, actor)


def test_add_entity_after_non_bmp_char_stores_code_points_and_undo_removes_it(database, doc):
    applied = run(database, editing.AddEntity(doc, LAYER, "PLACE", 1, 4))
    assert [(e.id, e.label, e.start, e.end, e.text) for e in entities(database, doc, LAYER)] == [
        ("e1", "PLACE", 1, 4, "浏阳市")
    ]
    assert load_document(database, doc, LAYER).status is DocumentStatus.IN_PROGRESS
    run(database, applied.inverse)
    assert entities(database, doc, LAYER) == []


def test_delete_entity_clears_metric_links_and_undo_restores_both(database, doc):
    run(database, editing.AddEntity(doc, LAYER, "PLACE", 1, 4))
    metric = Metric("", value=Field(9, 14, "14000", number=14000), place="e1")
    run(database, editing.SaveMetric(doc, LAYER, metric))
    deleted = run(database, editing.DeleteEntity(doc, LAYER, "e1"))
    assert entities(database, doc, LAYER) == []
    assert metrics(database, doc, LAYER)[0].place is None
    run(database, deleted.inverse)
    assert [e.id for e in entities(database, doc, LAYER)] == ["e1"]
    assert metrics(database, doc, LAYER)[0].place == "e1"


def test_incomplete_metric_is_saved_and_flagged(database, doc):
    applied = run(
        database,
        editing.SaveMetric(doc, LAYER, Metric("", value=Field(9, 14, "14000", number=14000))),
    )
    assert applied.key == "m1"
    assert {p.field for p in applied.problems} >= {"indicator", "approx", "evidence"}
    view = load_document(database, doc, LAYER)
    assert "m1" in view.problems


def test_metric_with_span_not_matching_the_text_is_refused(database, doc):
    with pytest.raises(ValidationError, match="does not match"):
        run(
            database,
            editing.SaveMetric(doc, LAYER, Metric("", value=Field(9, 14, "14001", number=14000))),
        )
    assert metrics(database, doc, LAYER) == []


def test_saving_over_a_newer_version_is_refused_and_keeps_the_saved_one(database, doc):
    metric = Metric("", value=Field(9, 14, "14000", number=14000), approx=Approx.EXACT)
    run(database, editing.SaveMetric(doc, LAYER, metric))
    version = load_document(database, doc, LAYER).metric_versions["m1"]
    first = metrics(database, doc, LAYER)[0]
    run(
        database,
        editing.SaveMetric(
            doc, LAYER, first.with_changes(status=Status.ACHIEVED), expected_version=version
        ),
    )
    with pytest.raises(ConflictError):
        run(
            database,
            editing.SaveMetric(
                doc, LAYER, first.with_changes(aspect=Aspect.TOTAL), expected_version=version
            ),
        )
    saved = metrics(database, doc, LAYER)[0]
    assert (saved.status, saved.aspect) == (Status.ACHIEVED, None)


def test_undo_of_a_metric_edit_restores_every_field(database, doc):
    run(
        database,
        editing.SaveMetric(
            doc,
            LAYER,
            Metric("", value=Field(9, 14, "14000", number=14000), approx=Approx.EXACT, note="原"),
        ),
    )
    original = metrics(database, doc, LAYER)[0]
    edited = run(
        database,
        editing.SaveMetric(
            doc,
            LAYER,
            original.with_changes(
                approx=Approx.ABOUT, note=None, unit=Field(14, 15, "个", normalized="个")
            ),
        ),
    )
    run(database, edited.inverse)
    assert metrics(database, doc, LAYER) == [original]


@pytest.mark.parametrize(
    ("actor", "layer"),
    [(Actor("wang"), LAYER), (LI, "gold"), (LI, "pred:rules")],
)
def test_writing_a_layer_that_is_not_yours_is_refused(database, doc, actor, layer):
    with pytest.raises(PermissionDenied):
        run(database, editing.AddEntity(doc, layer, "PLACE", 1, 4), actor)
    assert entities(database, doc, layer) == []


def test_curator_writes_gold(database, doc):
    run(database, editing.AddEntity(doc, "gold", "PLACE", 1, 4), Actor("zhao", curator=True))
    assert len(entities(database, doc, "gold")) == 1


def test_status_change_is_undoable(database, doc):
    applied = run(database, editing.SetStatus(doc, LAYER, DocumentStatus.SKIPPED, "乱码"))
    view = load_document(database, doc, LAYER)
    assert (view.status, view.status_reason) == (DocumentStatus.SKIPPED, "乱码")
    run(database, applied.inverse)
    assert load_document(database, doc, LAYER).status is DocumentStatus.NEW


QUOTED = "王文 报道：“浏阳市”新增 14000个。"


@pytest.mark.parametrize(
    "selected, kept",
    [
        ("“浏阳市”", "浏阳市"),  # quotes stay outside
        ("王文 ", "王文"),  # a drag that caught the space after the name
        ("：“浏阳市", "浏阳市"),  # punctuation before it
    ],
)
def test_entity_spans_are_trimmed_of_spaces_quotes_and_punctuation(
    database, tmp_path, selected, kept
):
    doc = import_text(database, tmp_path, QUOTED)
    start = QUOTED.index(selected)
    applied = run(database, editing.AddEntity(doc, LAYER, "PLACE", start, start + len(selected)))
    [entity] = entities(database, doc, LAYER)
    assert entity.text == kept and QUOTED[entity.start : entity.end] == kept
    moved = run(
        database,
        editing.UpdateEntity(
            doc, LAYER, applied.key, "PLACE", max(0, entity.start - 1), entity.end + 1
        ),
    )
    [entity] = entities(database, doc, LAYER)
    assert entity.text == kept, "moving an edge onto a quote or a space keeps it outside"
    run(database, moved.inverse)


def test_a_selection_of_only_punctuation_is_refused(database, tmp_path):
    doc = import_text(database, tmp_path, QUOTED)
    start = QUOTED.index("：“")
    with pytest.raises(ValidationError, match="only spaces or punctuation"):
        run(database, editing.AddEntity(doc, LAYER, "PLACE", start, start + 2))
    assert entities(database, doc, LAYER) == []


def test_metric_span_fields_are_trimmed_but_the_evidence_sentence_is_kept_whole(database, tmp_path):
    doc = import_text(database, tmp_path, QUOTED)
    value = QUOTED.index(" 14000")
    sentence = QUOTED.index("“浏阳市")
    metric = Metric(
        "",
        value=Field(value, value + 6, " 14000", number=14000),
        unit=Field(value + 6, value + 8, "个。", normalized="个"),
        evidence=Field(sentence, len(QUOTED), QUOTED[sentence:]),
    )
    run(database, editing.SaveMetric(doc, LAYER, metric))
    [saved] = metrics(database, doc, LAYER)
    assert (saved.value.text, saved.unit.text) == ("14000", "个")
    assert saved.evidence.text == "“浏阳市”新增 14000个。"


def test_entity_provenance_is_stored_becomes_edited_on_relabel_and_undo_restores_it(database, doc):
    from annotator.domain.metrics import MANUAL, Provenance, ProvenanceKind

    suggested = Provenance(ProvenanceKind.SUGGESTED, "lexicon")
    run(database, editing.AddEntity(doc, LAYER, "PLACE", 1, 4, provenance=suggested, score=0.5))
    run(database, editing.AddEntity(doc, LAYER, "ORG", 1, 7))
    stored = {e.id: e for e in entities(database, doc, LAYER)}
    assert (stored["e1"].provenance, stored["e1"].score) == (suggested, 0.5)
    assert (stored["e2"].provenance, stored["e2"].score) == (MANUAL, None)

    relabelled = run(database, editing.UpdateEntity(doc, LAYER, "e1", "ORG", 1, 4))
    assert entities(database, doc, LAYER)[0].provenance == Provenance(
        ProvenanceKind.SUGGESTED_EDITED, "lexicon"
    )
    run(database, relabelled.inverse)
    assert entities(database, doc, LAYER)[0].provenance == suggested

    deleted = run(database, editing.DeleteEntity(doc, LAYER, "e1"))
    run(database, deleted.inverse)
    restored = {e.id: e for e in entities(database, doc, LAYER)}["e1"]
    assert (restored.provenance, restored.score) == (suggested, 0.5)

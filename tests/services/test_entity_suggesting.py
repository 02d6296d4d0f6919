"""The entity assistant: the lexicon recommender, `suggest` writing entity suggestions, their
review (accept, accept all, reject kept across runs) and what the recommenders learn from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.entities import Entity
from annotator.domain.metrics import Provenance, ProvenanceKind
from annotator.domain.status import DocumentStatus
from annotator.services import editing, entity_suggesting
from annotator.services.importing import import_paths
from annotator.services.permissions import Actor
from annotator.services.project_settings import blind_position, set_blind_share
from annotator.services.recommenders.learning import TrainingDocument, learning_documents
from annotator.services.recommenders.lexicon import LexiconRecommender
from annotator.services.suggesting import suggest_all, unreviewed
from tests.helpers import entities, metrics

LAYER = "pred:assistant"
OWN = "annotator:li"
LEXICON_ONLY = ("lexicon",)


def _entity(text: str, surface: str, label: str, after: int = 0) -> Entity:
    start = text.index(surface, after)
    return Entity("", label, start, start + len(surface), surface)


def test_lexicon_proposes_longest_match_first_with_most_frequent_label_and_its_nesting():
    seen = "浏阳市住建局发布通知。浏阳市发展很快。浏阳市人口多。"
    learnt = TrainingDocument(
        "a",
        "gold",
        seen,
        (
            _entity(seen, "浏阳市住建局", "ORG"),
            _entity(seen, "浏阳市", "PLACE"),
            _entity(seen, "浏阳市", "PLACE", 6),
            _entity(seen, "浏阳市", "ORG", 12),
        ),
    )
    lexicon = LexiconRecommender([learnt])
    new = "昨天浏阳市住建局和浏阳市政府开会。"

    found = [(new[p.start : p.end], p.label) for p in lexicon.propose(new)]

    # 浏阳市住建局 (longest), its nested PLACE as tagged, then 浏阳市 alone as PLACE (2 of 3)
    assert found == [("浏阳市住建局", "ORG"), ("浏阳市", "PLACE"), ("浏阳市", "PLACE")]


def test_lexicon_leaves_out_a_string_the_team_mostly_left_untagged():
    seen = "中心城区。中心城区。中心城区。中心城区。"
    lexicon = LexiconRecommender(
        [TrainingDocument("a", "gold", seen, (_entity(seen, "中心城区", "PLACE"),))]
    )
    assert lexicon.propose("中心城区建设") == []


def _import(database, tmp_path: Path, records: list[dict]) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    import_paths(database, [path])


GOLD_TEXT = "浏阳市新建学校4所。浏阳市住建局发布通知。"
NEW_TEXT = "浏阳市新增停车位14000个，浏阳市住建局负责。浏阳市民满意。"


@pytest.fixture
def corpus(database, tmp_path):
    gold_entities = [
        {"id": f"e{i}", "label": label, "start": s, "end": e, "text": GOLD_TEXT[s:e]}
        for i, (label, s, e) in enumerate(
            [("PLACE", 0, 3), ("PLACE", 10, 13), ("ORG", 10, 16)], start=1
        )
    ]
    _import(
        database,
        tmp_path,
        [{"doc_id": "seen", "text": GOLD_TEXT, "layer": "gold", "entities": gold_entities}],
    )
    _import(database, tmp_path, [{"doc_id": "new", "text": NEW_TEXT}])
    return database


def _suggested(database, doc_id="new"):
    return sorted(
        (e.text, e.label, e.start, e.provenance.system) for e in entities(database, doc_id, LAYER)
    )


def test_suggest_writes_entity_suggestions_with_recommenders_and_score(corpus):
    report = suggest_all(corpus, recommenders=LEXICON_ONLY)

    assert _suggested(corpus) == [
        ("浏阳市", "PLACE", 0, "lexicon"),
        ("浏阳市", "PLACE", 15, "lexicon"),
        ("浏阳市", "PLACE", 24, "lexicon"),
        ("浏阳市住建局", "ORG", 15, "lexicon"),
    ]
    assert all(
        e.provenance.kind is ProvenanceKind.SUGGESTED and e.score
        for e in entities(corpus, "new", LAYER)
    )
    assert report.by_recommender == {"lexicon": report.entity_suggestions}
    assert metrics(corpus, "new", LAYER)  # metrics are suggested too, by default


def test_suggest_metrics_only_keeps_the_entity_suggestions(corpus):
    suggest_all(corpus, recommenders=LEXICON_ONLY)
    before = _suggested(corpus)
    suggest_all(corpus, what=("metrics",))
    assert _suggested(corpus) == before and metrics(corpus, "new", LAYER)


def test_a_rejected_entity_suggestion_stays_rejected_after_suggest_runs_again(corpus):
    suggest_all(corpus, recommenders=LEXICON_ONLY)
    metric_count = len(unreviewed(corpus, "new", "li"))
    assert entity_suggesting.reject(corpus, "new", "li", 0, 3)

    suggest_all(corpus, recommenders=LEXICON_ONLY)

    spans = [s.span for s in entity_suggesting.unreviewed(corpus, "new", "li")]
    assert (0, 3) not in spans and (15, 18) in spans
    assert len(unreviewed(corpus, "new", "li")) == metric_count  # metric review unaffected
    assert entity_suggesting.unreject(corpus, "new", "li", 0, 3)
    assert (0, 3) in [s.span for s in entity_suggesting.unreviewed(corpus, "new", "li")]


def test_accepting_records_provenance_and_a_label_key_makes_it_suggested_edited(corpus):
    suggest_all(corpus, recommenders=LEXICON_ONLY)
    entity_suggesting.accept(corpus, "new", "li", 15, 21)
    entity_suggesting.accept(corpus, "new", "li", 0, 3, label="ORG")

    stored = {(e.start, e.end): e for e in entities(corpus, "new", OWN)}
    assert stored[(15, 21)].provenance == Provenance(ProvenanceKind.SUGGESTED, "lexicon")
    assert stored[(15, 21)].score is not None
    assert (stored[(0, 3)].label, stored[(0, 3)].provenance) == (
        "ORG",
        Provenance(ProvenanceKind.SUGGESTED_EDITED, "lexicon"),
    )
    assert [s.span for s in entity_suggesting.unreviewed(corpus, "new", "li")] == [
        (15, 18),
        (24, 27),
    ]


def test_accept_all_of_a_text_and_label_is_one_batch_undone_at_once(corpus):
    suggest_all(corpus, recommenders=LEXICON_ONLY)
    applied = entity_suggesting.accept_all(corpus, "new", "li", "浏阳市", "PLACE")
    assert sorted((e.start, e.label) for e in entities(corpus, "new", OWN)) == [
        (0, "PLACE"),
        (15, "PLACE"),
        (24, "PLACE"),
    ]

    editing.apply(applied.inverse, corpus.uow, Actor("li"))
    assert entities(corpus, "new", OWN) == []


def test_reject_all_of_a_text_and_label_is_one_step_undone_at_once(corpus):
    suggest_all(corpus, recommenders=LEXICON_ONLY)
    before = [s.span for s in entity_suggesting.unreviewed(corpus, "new", "li")]
    applied = entity_suggesting.reject_all(corpus, "new", "li", "浏阳市", "PLACE")
    left = [s.span for s in entity_suggesting.unreviewed(corpus, "new", "li")]
    assert (0, 3) in before and (0, 3) not in left and (24, 27) not in left
    assert entities(corpus, "new", OWN) == []  # a rejection tags nothing

    editing.apply(applied.inverse, corpus.uow, Actor("li"))
    assert [s.span for s in entity_suggesting.unreviewed(corpus, "new", "li")] == before


def test_an_entity_tagged_by_hand_is_proposed_at_its_other_occurrences_at_once(corpus):
    editing.apply(editing.AddEntity("new", OWN, "PLACE", 24, 27), corpus.uow, Actor("li"))
    spans = {s.span: s.entity.label for s in entity_suggesting.unreviewed(corpus, "new", "li")}
    assert spans == {(0, 3): "PLACE", (15, 18): "PLACE"}


def test_a_blind_document_shows_no_entity_suggestions(corpus):
    suggest_all(corpus, recommenders=LEXICON_ONLY)
    share = blind_position("new", "li") + 1e-9
    set_blind_share(corpus, share, "li")
    assert entity_suggesting.unreviewed(corpus, "new", "li") == []
    assert entity_suggesting.unreviewed(corpus, "new", "wang")  # not blind for wang


def test_in_blind_mode_nothing_is_learnt_from_another_annotators_work(corpus):
    actor = Actor("wang")
    editing.apply(editing.AddEntity("new", "annotator:wang", "ORG", 0, 3), corpus.uow, actor)
    editing.apply(
        editing.SetStatus("new", "annotator:wang", DocumentStatus.DONE), corpus.uow, actor
    )
    assert "annotator:wang" in {d.layer for d in learning_documents(corpus)}

    set_blind_share(corpus, 0.01, "li")

    assert learning_documents(corpus, "li") == []  # no release yet, and li did nothing
    assert {d.layer for d in learning_documents(corpus, "wang")} == {"annotator:wang"}


def test_stats_count_proposed_accepted_and_rejected_per_recommender_and_annotator(corpus):
    from annotator.services.stats import corpus_stats

    suggest_all(corpus, recommenders=LEXICON_ONLY)
    entity_suggesting.accept(corpus, "new", "li", 15, 21)
    entity_suggesting.reject(corpus, "new", "li", 0, 3)

    figures = corpus_stats(corpus)["recommenders"]

    assert figures["proposed"] == {"lexicon": 7}  # 4 in "new", 3 in the gold document
    assert figures["layers"][OWN] == {
        "lexicon": {"proposed": 7, "accepted": 1, "rejected": 1, "acceptance_rate": 0.5}
    }


def test_metric_suggestions_link_place_and_org_and_accepting_brings_the_entities_along(corpus):
    from annotator.services import suggesting

    suggest_all(corpus, recommenders=LEXICON_ONLY)
    [metric] = suggesting.unreviewed(corpus, "new", "li")
    layer = {e.id: e for e in entities(corpus, "new", LAYER)}
    assert (layer[metric.place].text, layer[metric.place].start) == ("浏阳市", 0)
    assert layer[metric.org].text == "浏阳市住建局"

    applied = suggesting.accept(corpus, "new", "li", metric.id)

    own = {e.id: e for e in entities(corpus, "new", OWN)}
    [accepted] = metrics(corpus, "new", OWN)
    assert (own[accepted.place].text, own[accepted.org].text) == ("浏阳市", "浏阳市住建局")
    assert {e.provenance.kind for e in own.values()} == {ProvenanceKind.SUGGESTED}
    assert accepted.provenance.kind is ProvenanceKind.SUGGESTED
    assert applied.key == accepted.id
    editing.apply(applied.inverse, corpus.uow, Actor("li"))  # one undo step takes all back
    assert entities(corpus, "new", OWN) == [] and metrics(corpus, "new", OWN) == []


def test_a_metric_suggestion_without_links_takes_them_from_the_entities_a_window_suggests(
    corpus,
):
    from annotator.services import suggesting
    from annotator.services.entity_suggesting import OpenDocumentSuggestions

    suggest_all(corpus, what=("metrics",))  # the metric's links: no entity suggested yet
    [metric] = suggesting.unreviewed(corpus, "new", "li")
    assert (metric.place, metric.org) == (None, None)
    window = OpenDocumentSuggestions(corpus, "li")
    # What a window's models suggested for the page (lexicon of the gold, here).
    window.set_model_suggestions(
        "new",
        entity_suggesting.suggest_entities(
            NEW_TEXT,
            [
                LexiconRecommender(
                    [
                        TrainingDocument(
                            "seen", "gold", GOLD_TEXT, tuple(entities(corpus, "seen", "gold"))
                        )
                    ]
                )
            ],
        ),
    )
    shown = [s.entity for s in window.suggestions("new", [])]

    command = suggesting.accept_command(corpus, "new", "li", metric.id, suggested_entities=shown)
    applied = editing.apply(command, corpus.uow, Actor("li"))

    own = {e.id: e for e in entities(corpus, "new", OWN)}
    [accepted] = metrics(corpus, "new", OWN)
    assert (own[accepted.place].text, own[accepted.place].start) == ("浏阳市", 0)
    assert own[accepted.org].text == "浏阳市住建局"
    assert len(own) == 2  # only the entities it links to are accepted with it
    assert {e.provenance.kind for e in own.values()} == {ProvenanceKind.SUGGESTED}
    editing.apply(applied.inverse, corpus.uow, Actor("li"))  # one undo step takes all back
    assert entities(corpus, "new", OWN) == [] and metrics(corpus, "new", OWN) == []


def test_a_link_goes_to_the_annotators_own_entity_before_a_suggested_one(database, tmp_path):
    from annotator.services import suggesting

    text = "长沙市和浏阳市新增停车位14000个。"
    _import(database, tmp_path, [{"doc_id": "pair", "text": text}])
    suggest_all(database, what=("metrics",))
    [metric] = suggesting.unreviewed(database, "pair", "li")
    actor = Actor("li")
    editing.apply(editing.AddEntity("pair", OWN, "PLACE", 4, 7), database.uow, actor)
    suggested = [Entity("e1", "PLACE", 0, 3, "长沙市")]  # the first place, but not tagged

    command = suggesting.accept_command(
        database, "pair", "li", metric.id, suggested_entities=suggested
    )
    editing.apply(command, database.uow, actor)

    [accepted] = metrics(database, "pair", OWN)
    own = {e.id: e.text for e in entities(database, "pair", OWN)}
    assert own == {accepted.place: "浏阳市"}  # 长沙市 was not taken in


def test_lexicon_forgets_a_document_learnt_without_text_as_if_never_learnt():
    text = "浏阳市住建局发布通知。浏阳市发展很快。长沙市也是。"
    first = TrainingDocument(
        "a", "gold", text, (_entity(text, "浏阳市住建局", "ORG"), _entity(text, "浏阳市", "PLACE"))
    )
    lexicon = LexiconRecommender(min_score=0.5)
    lexicon.add("", first.entities)
    before = lexicon.propose(text)
    # A second document: a new surface, and another label for a surface already known.
    second = (
        _entity(text, "长沙市", "PLACE"),
        _entity(text, "浏阳市", "ORG", 6),
        _entity(text, "浏阳市", "ORG", 0),
    )
    lexicon.add("", second)
    assert lexicon.propose(text) != before

    lexicon.forget(second)

    never = LexiconRecommender(min_score=0.5)
    never.add("", first.entities)
    assert lexicon.propose(text) == before == never.propose(text)


def test_a_window_s_kept_suggestions_are_those_read_afresh_as_the_document_is_tagged(corpus):
    database = corpus
    suggest_all(database, what=("entities",), recommenders=LEXICON_ONLY)
    kept = entity_suggesting.OpenDocumentSuggestions(database, "li")

    def same_as_read_afresh() -> list[tuple[str, int, str]]:
        shown = kept.suggestions("new", entities(database, "new", OWN))
        assert shown == entity_suggesting.unreviewed(database, "new", "li")
        return [(s.entity.text, s.entity.start, s.entity.label) for s in shown]

    assert same_as_read_afresh() == [
        ("浏阳市", 0, "PLACE"),
        ("浏阳市", 15, "PLACE"),
        ("浏阳市住建局", 15, "ORG"),
        ("浏阳市", 24, "PLACE"),
    ]
    # Tagged by hand: that span is no longer proposed.
    added = editing.apply(editing.AddEntity("new", OWN, "PLACE", 24, 27), database.uow, Actor("li"))
    assert same_as_read_afresh() == [
        ("浏阳市", 0, "PLACE"),
        ("浏阳市", 15, "PLACE"),
        ("浏阳市住建局", 15, "ORG"),
    ]
    rejected = editing.apply(
        editing.RejectSuggestion("new", OWN, "entity:PLACE:lexicon", 0, 3),
        database.uow,
        Actor("li"),
    )
    kept.reviews_changed()
    assert same_as_read_afresh() == [("浏阳市", 15, "PLACE"), ("浏阳市住建局", 15, "ORG")]

    editing.apply(rejected.inverse, database.uow, Actor("li"))  # undo, both
    kept.reviews_changed()
    editing.apply(added.inverse, database.uow, Actor("li"))
    assert same_as_read_afresh()[0] == ("浏阳市", 0, "PLACE")


def _read_both_ways(database, tmp_path, stored: dict) -> tuple[list, list]:
    """`stored` imported into the suggestion layer of NEW_TEXT and 浏阳市 tagged by the annotator
    (so their lexicon proposes it): the suggestions as read afresh and as a window keeps them."""
    _import(
        database,
        tmp_path,
        [{"doc_id": "new", "text": NEW_TEXT, "layer": LAYER, "entities": [stored]}],
    )
    editing.apply(editing.AddEntity("new", OWN, "PLACE", 24, 27), database.uow, Actor("li"))
    kept = entity_suggesting.OpenDocumentSuggestions(database, "li")
    return (
        entity_suggesting.unreviewed(database, "new", "li"),
        kept.suggestions("new", entities(database, "new", OWN)),
    )


def test_a_stored_suggestion_keeps_its_score_when_the_annotators_tags_propose_it_too(
    database, tmp_path
):
    # suggest combined the CRF's and LAC's scores into 0.75; the annotator has since tagged
    # the same surface, and their lexicon proposes it too. The window shows the suggestion as
    # stored: counting CRF and LAC again (0.94) would rank it above surer ones.
    stored = {
        "id": "e1",
        "label": "PLACE",
        "start": 0,
        "end": 3,
        "text": "浏阳市",
        "provenance": {"kind": "suggested", "system": "crf+lac"},
        "score": 0.75,
    }
    for shown in _read_both_ways(database, tmp_path, stored):
        first = shown[0].entity
        assert (first.start, first.score, first.provenance.system) == (0, 0.75, "crf+lac")
        assert [(s.entity.start, s.entity.provenance.system) for s in shown[1:]] == [
            (15, "lexicon")  # the live lexicon adds what the layer lacks
        ]


def test_an_imported_prediction_without_a_score_is_shown_beside_the_live_lexicons(
    database, tmp_path
):
    # An engineer imported a system's output as the suggestion layer: its entities carry no
    # score. The window's live lexicons must not make them vanish under the shown threshold.
    predicted = {
        "id": "e1",
        "label": "ORG",
        "start": 15,
        "end": 21,
        "text": "浏阳市住建局",
        "provenance": {"kind": "suggested", "system": "llm"},
    }
    for shown in _read_both_ways(database, tmp_path, predicted):
        assert [
            (
                s.entity.start,
                s.entity.end,
                s.entity.label,
                s.entity.score,
                s.entity.provenance.system,
            )
            for s in shown
        ] == [
            (0, 3, "PLACE", 1.0, "lexicon"),
            (15, 18, "PLACE", 1.0, "lexicon"),
            (15, 21, "ORG", None, "llm"),
        ]

"""Merging the recommenders' proposals into suggestions, and what an annotator still reviews."""

from annotator.domain.entities import Entity
from annotator.domain.entity_proposals import (
    Proposal,
    merge_proposals,
    merge_weights,
    review_order,
)

TEXT = "浏阳市住建局发布通知"


def test_the_same_span_and_label_from_two_recommenders_is_one_suggestion_naming_both():
    [merged] = merge_proposals(
        TEXT, [Proposal(0, 6, "ORG", 0.7, "lexicon"), Proposal(0, 6, "ORG", 0.6, "crf")]
    )
    assert (merged.label, merged.text, merged.provenance.system) == (
        "ORG",
        "浏阳市住建局",
        "crf+lexicon",
    )
    assert merged.score == 0.88  # 1 - 0.3 * 0.4: agreeing recommenders make it likelier


def test_a_lone_unsure_proposal_is_not_shown():
    assert merge_proposals(TEXT, [Proposal(0, 3, "PLACE", 0.45, "lac")]) == []


def test_conflicting_labels_show_the_higher_scored_and_keep_the_other_as_alternative():
    merged = merge_proposals(
        TEXT, [Proposal(0, 6, "ORG", 0.9, "crf"), Proposal(0, 6, "PLACE", 0.85, "lac")]
    )
    [suggestion] = review_order(merged, [], [])
    assert suggestion.entity.label == "ORG"
    assert [e.label for e in suggestion.alternatives] == ["PLACE"]


def test_crossing_suggestions_keep_the_better_nested_ones_stay_and_own_spans_suppress():
    merged = merge_proposals(
        TEXT,
        [
            Proposal(0, 6, "ORG", 0.95, "crf"),
            Proposal(0, 3, "PLACE", 0.9, "lexicon"),
            Proposal(4, 8, "ORG", 0.85, "lac"),
        ],
    )
    assert [s.span for s in review_order(merged, [], [])] == [(0, 3), (0, 6)]
    own = [Entity("e1", "PLACE", 0, 3, "浏阳市")]
    assert [s.span for s in review_order(merged, own, [(0, 6)])] == [(4, 8)]


def test_where_the_crf_ran_the_lexicon_and_lac_only_confirm_it():
    # The CRF reads the lexicon and LAC as features: a match it turned down is not shown,
    # one it agrees with is; without the CRF (the window's live lexicon) a sure match is shown.
    lexicon_alone = [Proposal(0, 3, "PLACE", 1.0, "lexicon")]
    with_crf = [*lexicon_alone, Proposal(4, 6, "ORG", 0.9, "crf")]
    agreed = [*lexicon_alone, Proposal(0, 3, "PLACE", 0.6, "crf")]

    def shown(proposals):
        weights = merge_weights(p.recommender for p in proposals)
        return [(e.start, e.end) for e in merge_proposals(TEXT, proposals, weights=weights)]

    assert shown(lexicon_alone) == [(0, 3)]
    assert shown(with_crf) == [(4, 6)]
    assert shown(agreed) == [(0, 3)]

"""A metric's value span and the provenance an edit gives it."""

from __future__ import annotations

from annotator.domain.metrics import MANUAL, Field, Metric, Provenance, ProvenanceKind

SUGGESTED = Provenance(ProvenanceKind.SUGGESTED, "assistant")
EDITED = Provenance(ProvenanceKind.SUGGESTED_EDITED, "assistant")
VALUE = Field(3, 8, "14000", number=14000)


def test_value_span_is_where_the_value_is_written_and_none_without_offsets():
    assert Metric("m1", value=VALUE).value_span == (3, 8)
    assert Metric("m1").value_span is None
    assert Metric("m1", value=Field(number=3, implicit=True)).value_span is None


def test_changing_a_field_the_assistant_proposes_makes_a_suggestion_suggested_edited():
    suggestion = Metric("m1", value=VALUE, provenance=SUGGESTED)
    edited = suggestion.edited(suggestion.with_changes(unit=Field(8, 9, "个", normalized="个")))
    assert edited.provenance == EDITED and edited.unit is not None


def test_the_note_and_the_repeat_link_are_not_corrections_and_manual_stays_manual():
    suggestion = Metric("m1", value=VALUE, provenance=SUGGESTED)
    assert (
        suggestion.edited(suggestion.with_changes(note="ok", duplicate_of="m2")).provenance
        == SUGGESTED
    )
    assert suggestion.edited(suggestion).provenance == SUGGESTED
    manual = Metric("m1", value=VALUE)
    assert manual.edited(manual.with_changes(value=None)).provenance == MANUAL
    # Whatever the edited copy says, how the metric came to be is the original's.
    assert suggestion.edited(Metric("", value=VALUE)).provenance == SUGGESTED

"""The metric assistant: filling its layer, accepting and rejecting suggestions, blind documents,
and the acceptance figures of `annotator stats`."""

from __future__ import annotations

import datetime
import json
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.domain.errors import ConflictError, PermissionDenied
from annotator.domain.metrics import Approx, Field, Metric, Provenance, ProvenanceKind
from annotator.domain.status import DocumentStatus
from annotator.services import editing
from annotator.services.documents import load_document
from annotator.services.importing import import_paths
from annotator.services.permissions import Actor
from annotator.services.progress import Cancelled
from annotator.services.project_settings import blind_position, set_blind_share
from annotator.services.stats import corpus_stats
from annotator.services.suggesting import (
    accept,
    accept_command,
    reject,
    suggest_all,
    unreject,
    unreviewed,
)
from tests.helpers import entities, import_text, metrics

LAYER = "pred:assistant"
OWN = "annotator:li"


def _import_dated(database, tmp_path: Path, docs: dict[str, tuple[str, str | None]]) -> None:
    """Import documents with an optional publication date in their meta (JSONL)."""
    path = tmp_path / "dated.jsonl"
    lines = []
    for doc_id, (text, date) in docs.items():
        meta = {"date": date} if date else {}
        lines.append(json.dumps({"doc_id": doc_id, "text": text, "meta": meta}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_paths(database, [path])


def _by_value(found: list[Metric]) -> dict[str, Metric]:
    return {m.value.text: m for m in found}


def test_suggest_all_fills_the_layer_and_running_again_gives_the_same_layer(database, seeds_path):
    import_paths(database, [seeds_path])
    first = suggest_all(database)
    with database.uow() as uow:
        doc_ids = uow.documents.doc_ids()
    layer_before = {d: metrics(database, d, LAYER) for d in doc_ids}

    second = suggest_all(database)

    assert first.documents == second.documents == 5
    assert first.suggestions == second.suggestions > 300
    assert (first.replaced, second.replaced) == (0, first.suggestions)
    assert {d: metrics(database, d, LAYER) for d in doc_ids} == layer_before
    seed0 = next(d for d in doc_ids if d.startswith("000"))
    parking = next(m for m in layer_before[seed0] if m.value.text == "14000")
    assert (
        parking.value.number,
        parking.unit.text,
        parking.unit.normalized,
        parking.indicator.text,
        parking.approx,
        parking.provenance,
    ) == (
        14000,
        "个",
        "个",
        "停车位",
        Approx.EXACT,
        Provenance(ProvenanceKind.SUGGESTED, "assistant"),
    )
    assert "新增14000个停车位" in parking.evidence.text
    assert [m.id for m in layer_before[seed0]] == [
        f"m{i}" for i in range(1, len(layer_before[seed0]) + 1)
    ]


def test_suggestion_period_is_the_nearest_one_resolved_with_the_document_date(database, tmp_path):
    text = "2022年新建5个公园,今年新增14000个停车位。带动全县3万农户就业。"
    _import_dated(
        database, tmp_path, {"dated": (text, "2023-12-20"), "undated": ("据报道," + text, None)}
    )
    suggest_all(database)

    dated = _by_value(metrics(database, "dated", LAYER))
    undated = _by_value(metrics(database, "undated", LAYER))

    assert (dated["5"].period.text, dated["5"].period.normalized) == ("2022年", "2022")
    assert (dated["14000"].period.text, dated["14000"].period.normalized) == ("今年", "2023")
    # Without a document date 今年 cannot be resolved; the nearest resolvable one is 2022年.
    assert undated["14000"].period.normalized == "2022"
    # A sentence stating no time: implicit, the period its paragraph stated.
    assert dated["3万"].period == Field(normalized="2023", implicit=True)
    assert undated["3万"].period == Field(normalized="2022", implicit=True)
    # "3万农户": the noun is what is counted, the unit is implied.
    assert dated["3万"].unit == Field(normalized="户", implicit=True)
    assert dated["3万"].value.number == 30000


def test_accepting_a_suggestion_unchanged_stores_it_as_suggested_and_undo_reopens_it(
    database, tmp_path
):
    import_text(database, tmp_path, "浏阳市新增14000个停车位,完成522户困难老年人居家适老化改造。")
    suggest_all(database)
    first, second = unreviewed(database, "doc", "li")

    applied = accept(database, "doc", "li", first.id)

    [stored] = metrics(database, "doc", OWN)
    assert stored.provenance == Provenance(ProvenanceKind.SUGGESTED, "assistant")
    assert (stored.value, stored.unit, stored.indicator) == (
        first.value,
        first.unit,
        first.indicator,
    )
    assert stored.id == applied.key == "m1"
    assert [m.id for m in unreviewed(database, "doc", "li")] == [second.id]

    editing.apply(applied.inverse, database.uow, Actor("li"))

    assert metrics(database, "doc", OWN) == []
    assert [m.id for m in unreviewed(database, "doc", "li")] == [first.id, second.id]


def test_accepting_an_edited_suggestion_stores_suggested_edited(database, tmp_path):
    text = "浏阳市新增14000个停车位,完成522户困难老年人居家适老化改造。"
    import_text(database, tmp_path, text)
    suggest_all(database)
    parking, homes = unreviewed(database, "doc", "li")

    # A note is the annotator's own addition, not a correction of the assistant.
    accept(database, "doc", "li", parking.id, replace(parking, note="checked"))
    start = text.index("浏阳市新增")
    fixed = replace(homes, indicator=Field(start, start + 3, "浏阳市"))
    accept(database, "doc", "li", homes.id, fixed)

    stored = _by_value(metrics(database, "doc", OWN))
    assert stored["14000"].provenance.kind is ProvenanceKind.SUGGESTED
    assert stored["14000"].note == "checked"
    assert stored["522"].provenance == Provenance(ProvenanceKind.SUGGESTED_EDITED, "assistant")
    assert stored["522"].indicator.text == "浏阳市"
    assert unreviewed(database, "doc", "li") == []


def test_accepting_twice_is_refused_and_changes_nothing(database, tmp_path):
    import_text(database, tmp_path, "新增14000个停车位。")
    suggest_all(database)
    [parking] = unreviewed(database, "doc", "li")
    command = accept_command(database, "doc", "li", parking.id)
    accept(database, "doc", "li", parking.id)

    with pytest.raises(ConflictError):
        accept(database, "doc", "li", parking.id)
    assert isinstance(command, editing.SaveMetric) and command.layer == OWN
    assert len(metrics(database, "doc", OWN)) == 1


def test_rejection_hides_a_suggestion_durably_until_it_is_undone(database, tmp_path):
    import_text(database, tmp_path, "新增14000个停车位,完成522户改造。")
    suggest_all(database)
    parking, homes = unreviewed(database, "doc", "li")

    assert reject(database, "doc", "li", parking.id) is not None
    assert reject(database, "doc", "li", parking.id) is None  # already rejected
    assert [m.id for m in unreviewed(database, "doc", "li")] == [homes.id]
    # Another annotator still sees it, and a new run of the assistant does not bring it back.
    assert len(unreviewed(database, "doc", "wang")) == 2
    suggest_all(database)
    assert [m.value.text for m in unreviewed(database, "doc", "li")] == ["522"]
    with pytest.raises(ConflictError, match="rejected"):
        accept(database, "doc", "li", parking.id)

    assert unreject(database, "doc", "li", parking.id) is not None
    assert [m.id for m in unreviewed(database, "doc", "li")] == [parking.id, homes.id]
    assert unreject(database, "doc", "li", parking.id) is None


def test_a_rejection_is_an_edit_undone_by_its_inverse_and_changes_no_status(database, tmp_path):
    import_text(database, tmp_path, "新增14000个停车位,完成522户改造。")
    suggest_all(database)
    parking, homes = unreviewed(database, "doc", "li")
    rejected = reject(database, "doc", "li", parking.id)
    assert rejected is not None
    with pytest.raises(PermissionDenied):  # wang cannot take back li's rejection
        editing.apply(rejected.inverse, database.uow, Actor("wang"))
    taken_back = editing.apply(rejected.inverse, database.uow, Actor("li"))
    assert [m.id for m in unreviewed(database, "doc", "li")] == [parking.id, homes.id]
    editing.apply(taken_back.inverse, database.uow, Actor("li"))
    assert [m.id for m in unreviewed(database, "doc", "li")] == [homes.id]
    assert load_document(database, "doc", OWN).status is DocumentStatus.NEW


def test_a_metric_typed_by_hand_over_a_suggestion_counts_as_reviewing_it(database, tmp_path):
    text = "新增14000个停车位,完成522户改造。"
    import_text(database, tmp_path, text)
    suggest_all(database)
    start = text.index("14000")
    editing.apply(
        editing.SaveMetric(
            "doc", OWN, Metric("", value=Field(start, start + 5, "14000", number=14000))
        ),
        database.uow,
        Actor("li"),
    )

    assert [m.value.text for m in unreviewed(database, "doc", "li")] == ["522"]


def test_blind_document_shows_no_suggestions_and_refuses_review(database, tmp_path):
    import_text(database, tmp_path, "新增14000个停车位。")
    suggest_all(database)
    [parking] = unreviewed(database, "doc", "li")

    set_blind_share(database, 1.0, "lead")

    assert unreviewed(database, "doc", "li") == []
    with pytest.raises(PermissionDenied, match="blind"):
        accept(database, "doc", "li", parking.id)
    with pytest.raises(PermissionDenied, match="blind"):
        reject(database, "doc", "li", parking.id)
    assert metrics(database, "doc", OWN) == []


def test_blind_share_is_respected_over_many_documents_and_differs_between_annotators():
    doc_ids = [f"doc-{i:05d}" for i in range(20_000)]
    li = {d for d in doc_ids if blind_position(d, "li") < 0.2}
    li_smaller = {d for d in doc_ids if blind_position(d, "li") < 0.1}
    wang = {d for d in doc_ids if blind_position(d, "wang") < 0.2}

    assert abs(len(li) / len(doc_ids) - 0.2) < 0.015
    assert abs(len(li_smaller) / len(doc_ids) - 0.1) < 0.015
    assert li_smaller <= li  # raising the share only adds blind documents
    # Independent choices per annotator: about 0.2 × 0.2 of the documents are blind for both.
    assert abs(len(li & wang) / len(doc_ids) - 0.04) < 0.01
    assert [blind_position(d, "li") for d in doc_ids[:5]] == [
        blind_position(d, "li") for d in doc_ids[:5]
    ]


def test_stats_report_acceptance_edits_and_density_in_blind_and_shown_documents(database, tmp_path):
    texts = {
        "a": "累计建成高标准农田20.26万亩。",  # 17 characters, blind for li
        "b": "新增14000个停车位,完成522户改造,建成5个公园。",  # 28 characters, shown
        "c": "投入2800余万元。",  # 10 characters, shown
        "d": "新建12所学校。",  # 8 characters, blind for li
    }
    assert [len(texts[k]) for k in "abcd"] == [17, 28, 10, 8]
    # Blind positions for li: d 0.18, a 0.48, b 0.57, c 0.70; a share of 0.5 blinds a and d.
    assert [d for d in "abcd" if blind_position(d, "li") < 0.5] == ["a", "d"]
    _import_dated(database, tmp_path, {k: (v, None) for k, v in texts.items()})
    set_blind_share(database, 0.5, "lead")
    suggest_all(database)
    li = Actor("li")

    # b: accept 14000个 as proposed and 522户 edited, reject 5个; then add a metric pre-filled
    # from a selection (provenance suggested by "prefill": not an accepted suggestion).
    parking, homes, parks = unreviewed(database, "b", "li")
    accept(database, "b", "li", parking.id)
    assert homes.approx is Approx.EXACT
    accept(database, "b", "li", homes.id, replace(homes, approx=Approx.ABOUT))
    reject(database, "b", "li", parks.id)
    editing.apply(
        editing.SaveMetric(
            "b",
            OWN,
            replace(parks, id="", provenance=Provenance(ProvenanceKind.SUGGESTED, "prefill")),
        ),
        database.uow,
        li,
    )
    # c: marked done with no metric. a (blind): one metric typed by hand. d (blind): skipped.
    editing.apply(editing.SetStatus("c", OWN, DocumentStatus.DONE), database.uow, li)
    assert unreviewed(database, "a", "li") == []
    editing.apply(
        editing.SaveMetric("a", OWN, Metric("", value=Field(9, 15, "20.26万", number=202600))),
        database.uow,
        li,
    )
    editing.apply(editing.SetStatus("d", OWN, DocumentStatus.SKIPPED), database.uow, li)

    figures = corpus_stats(database)["assistant"]
    mine = figures["layers"][OWN]

    assert (
        figures["suggestion_layer"],
        figures["system"],
        figures["blind_share"],
        figures["suggestions"],
    ) == (LAYER, "assistant", 0.5, 6)
    # manual: a's metric; suggested: 14000个 and the pre-filled 5个; suggested-edited: 522户.
    assert mine["metrics_by_provenance"] == {"manual": 1, "suggested": 2, "suggested-edited": 1}
    # accepted = 2 (14000个, 522户; the pre-filled one is not the assistant's), rejected = 1,
    # reviewed = 3, acceptance = 2 / 3, edited = 1 of 2 accepted.
    assert (mine["accepted"], mine["accepted_edited"], mine["rejected"], mine["reviewed"]) == (
        2,
        1,
        1,
        3,
    )
    assert (mine["acceptance_rate"], mine["edit_rate"]) == (0.6667, 0.5)
    # shown: b (3 metrics) and c (done, 0 metrics): 3 metrics over 28 + 10 = 38 characters,
    # 3000 / 38 = 78.947 per 1,000. blind: a (1 metric, 17 characters) = 58.824; d is skipped.
    assert mine["shown"] == {
        "documents": 2,
        "characters": 38,
        "metrics": 3,
        "metrics_per_1000_chars": 78.947,
    }
    assert mine["blind"] == {
        "documents": 1,
        "characters": 17,
        "metrics": 1,
        "metrics_per_1000_chars": 58.824,
    }


def test_suggested_periods_match_a_full_search_of_each_sentence(seeds_path):
    # suggestions_for skips sentences without 年/月/前/four digits; on the seeds that must
    # change nothing against running find_periods on every sentence.
    from annotator.domain.implicit_fields import governing_period
    from annotator.domain.periods import find_periods
    from annotator.domain.quantities import find_quantities
    from annotator.domain.text import Document
    from annotator.services.suggesting import suggestions_for

    date = datetime.date(2024, 3, 8)
    checked = 0
    for path in sorted(seeds_path.glob("*.txt")):
        document = Document(path.stem, path.read_text(encoding="utf-8"), {"date": str(date)})
        quantities = find_quantities(document.text, date)
        suggestions = suggestions_for(document)
        assert len(quantities) == len(suggestions)
        for quantity, metric in zip(quantities, suggestions, strict=True):
            sentence = quantity.sentence
            every = [
                replace(p, start=sentence.start + p.start, end=sentence.start + p.end)
                for p in find_periods(sentence.text, date)
            ]
            expected = governing_period(every, document.text, metric.value.start, metric.value.end)
            got = metric.period if metric.period and not metric.period.implicit else None
            assert got == expected, metric
            checked += got is not None
    assert checked > 50


class _CancelAfter:
    """A progress sink that cancels the job after `steps` documents, as the window's Cancel does."""

    def __init__(self, steps: int) -> None:
        self.left = steps

    def start(self, total: int, label: str) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        self.left -= steps
        if self.left <= 0:
            raise Cancelled("cancelled")

    def finish(self) -> None:
        pass


def _suggestions_by_document(database) -> dict[str, list]:
    with database.uow() as uow:
        doc_ids = [doc.doc_id for _, doc in uow.documents.iter_documents()]
    return {
        doc_id: [(m.id, m.value, m.indicator) for m in metrics(database, doc_id, "pred:assistant")]
        for doc_id in doc_ids
    }


def test_cancelled_run_leaves_each_document_with_whole_suggestions(database, seeds_path):
    """suggest commits a slice at a time (so that the window's edits wait little): a cancelled
    run leaves each document with its earlier suggestions or its new ones, never half or none."""
    import_paths(database, [seeds_path])
    suggest_all(database)
    before = _suggestions_by_document(database)
    assert all(before.values())

    with pytest.raises(Cancelled):
        suggest_all(database, progress=_CancelAfter(3))

    assert _suggestions_by_document(database) == before  # the assistant gives the same again


def test_accepting_a_suggestion_links_the_entities_tagged_since_it_was_made(database, tmp_path):
    # The suggestion was made before any entity was tagged: it proposes no link. Accepted as
    # proposed after the annotator tagged the place and the office, it takes them at once.
    doc = import_text(database, tmp_path, "汨罗市水务局今年新建供水站8座,服务白塘镇。")
    suggest_all(database, what=["metrics"])
    suggestion = next(m for m in unreviewed(database, doc, "li") if m.value.text == "8")
    assert (suggestion.place, suggestion.org) == (None, None)
    for label, start, end in (("PLACE", 0, 3), ("ORG", 0, 6), ("PLACE", 17, 20)):
        editing.apply(editing.AddEntity(doc, OWN, label, start, end), database.uow, Actor("li"))
    own = {e.text: e.id for e in entities(database, doc, OWN)}

    accept(database, doc, "li", suggestion.id)

    metric = metrics(database, doc, OWN)[0]
    assert (metric.place, metric.org, metric.subject) == (own["汨罗市"], own["汨罗市水务局"], None)
    assert metric.provenance == Provenance(ProvenanceKind.SUGGESTED, "assistant")


def test_a_suggestion_accepted_after_a_metric_of_its_paragraph_takes_its_links_and_period(
    database, tmp_path
):
    # A paragraph keeps to one frame: the annotator set the first figure's place and period;
    # the next figure of the paragraph, accepted as proposed, takes them; the next paragraph's
    # does not.
    text = "2023年长沙市新建停车位14000个。\n浏阳市新增公交线路12条;改造道路8公里。\n新建公园3个。"
    _import_dated(database, tmp_path, {"d": (text, "2024-05-01")})
    for place in ("长沙市", "浏阳市"):
        start = text.index(place)
        editing.apply(
            editing.AddEntity("d", OWN, "PLACE", start, start + 3), database.uow, Actor("li")
        )
    own = {e.text: e.id for e in entities(database, "d", OWN)}
    suggest_all(database, what=["metrics"])
    by_value = _by_value(unreviewed(database, "d", "li"))
    assert by_value["8"].place != own["长沙市"]  # the assistant alone would not say so

    accept(database, "d", "li", by_value["12"].id)
    first = _by_value(metrics(database, "d", OWN))["12"]
    corrected = first.with_changes(
        place=own["长沙市"], period=Field(normalized="2023", implicit=True)
    )
    editing.apply(editing.SaveMetric("d", OWN, corrected), database.uow, Actor("li"))
    accept(database, "d", "li", by_value["8"].id)
    accept(database, "d", "li", by_value["3"].id)

    saved = _by_value(metrics(database, "d", OWN))
    assert (saved["8"].place, saved["8"].period) == (
        own["长沙市"],
        Field(normalized="2023", implicit=True),
    )
    assert saved["8"].provenance == Provenance(ProvenanceKind.SUGGESTED, "assistant")
    assert (saved["3"].place, saved["3"].period) == (own["浏阳市"], by_value["3"].period)


def test_worker_processes_write_the_same_layer_as_one_process(database, tmp_path, seeds_path):
    # Enough documents for workers to start (suggestion_workers.PARALLEL_FROM): the seeds'
    # paragraphs, each a document, with the seeds' reference gold to learn from.
    from annotator.services.suggestion_workers import PARALLEL_FROM

    paragraphs = [
        line.strip()
        for page in sorted(seeds_path.glob("*.txt"))
        for line in page.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) > 40
    ][: PARALLEL_FROM + 10]
    _import_dated(
        database, tmp_path, {f"p{i:03d}": (p, "2024-05-01") for i, p in enumerate(paragraphs)}
    )
    gold = Path(__file__).parents[2] / "resources" / "gold" / "seeds-v1" / "gold.jsonl"
    import_paths(database, [gold], layer="gold")
    with database.uow() as uow:
        doc_ids = uow.documents.doc_ids()
    assert len(doc_ids) >= PARALLEL_FROM

    one = suggest_all(database, recommenders=["lexicon", "crf"], jobs=1)
    alone = {d: (entities(database, d, LAYER), metrics(database, d, LAYER)) for d in doc_ids}
    two = suggest_all(database, recommenders=["lexicon", "crf"], jobs=2)

    assert {
        d: (entities(database, d, LAYER), metrics(database, d, LAYER)) for d in doc_ids
    } == alone
    assert (two.documents, two.suggestions, two.entity_suggestions) == (
        one.documents,
        one.suggestions,
        one.entity_suggestions,
    )
    assert one.entity_suggestions > 0 and one.suggestions > 0


def test_accepting_takes_the_place_of_the_article_the_annotator_marked(database, tmp_path):
    text = (
        "浏阳为群众幸福“加码”\n2023年,浏阳市全面完成重点民生实事项目,所承办的省、长沙市重点"
        "民生实事项目全部完成。\n新增14000个停车位。\n宁乡简讯。"
    )
    import_text(database, tmp_path, text)
    suggest_all(database, what=("metrics",))
    actor, own = Actor("li"), "annotator:li"
    for surface in ("浏阳", "浏阳市", "长沙市"):
        start = text.index(surface + ("为" if surface == "浏阳" else ""))
        editing.apply(
            editing.AddEntity("doc", own, "PLACE", start, start + len(surface)),
            database.uow,
            actor,
        )
    editing.apply(
        editing.AddSegment("doc", own, "ARTICLE", 0, text.index("宁乡")), database.uow, actor
    )
    [suggestion] = [m for m in unreviewed(database, "doc", "li") if m.value.text == "14000"]

    accept(database, "doc", "li", suggestion.id)

    [metric] = metrics(database, "doc", own)
    place = {e.id: e for e in entities(database, "doc", own)}[metric.place]
    assert (place.text, place.start) == ("浏阳市", text.index("浏阳市"))

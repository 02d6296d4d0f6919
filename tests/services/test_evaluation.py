"""Scoring against gold: figures equal nervaluate's and seqeval's, metrics, duplicates, documents."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path

import pytest
from nervaluate import Evaluator
from seqeval.metrics import classification_report
from seqeval.scheme import IOB2

from annotator.domain.entities import ENTITY_LABELS, Entity
from annotator.domain.errors import InputError
from annotator.domain.metrics import Field, Metric, Status
from annotator.domain.records import LayerRecord
from annotator.domain.segments import Segment, SegmentLabel
from annotator.domain.text import Document
from annotator.formats.jsonl import read_records, record_line
from annotator.services.evaluation import (
    NERVALUATE_NAMES,
    SCHEMES,
    Evaluation,
    Sourced,
    classify_spans,
    evaluate,
    numbers_agree,
    read_gold_file,
    read_gold_layer,
    read_predictions,
    sentence_context,
)
from annotator.services.importing import import_paths

# Names from the spec's entity table, found in the seeds to build a gold layer of real text.
GAZETTEER = {
    "PLACE": ["浏阳市", "长沙市", "官渡镇竹山村", "株洲经开区", "张坊镇", "株洲", "绥宁县"],
    "ORG": ["浏阳市住建局", "浏发集团", "绥宁县数据局", "市政协"],
    "PERSON": ["张洪开", "吴新伟", "刘义杰"],
    "PROGRAM": ["一件事一次办", "我为群众办实事", "跨市通办", "民生100"],
    "PROJECT": ["G319浏阳天马山隧道改扩建工程", "金阳大道", "大塘实验小学"],
}
DATE = re.compile(r"\d{4}年(?:\d{1,2}月)?")


def _record(doc_id: str, text: str, entities=(), metrics=(), segments=(), layer="gold"):
    return LayerRecord(
        Document(doc_id, text), layer, tuple(entities), tuple(segments), tuple(metrics)
    )


def _entity(eid: str, label: str, text: str, start: int, end: int) -> Entity:
    return Entity(eid, label, start, end, text[start:end])


def _sourced(records, where="mem") -> list[Sourced]:
    return [Sourced(f"{where}:{i}", r) for i, r in enumerate(records, start=1)]


@pytest.fixture
def gold_records(seeds_path: Path, example_jsonl: Path) -> list[LayerRecord]:
    """The five seeds with non-overlapping gold entities: the worked example's six on seed 000,
    then every gazetteer name and year-date that does not overlap one already taken."""
    example = next(read_records(example_jsonl))[1]
    records = []
    for path in sorted(seeds_path.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        taken = (
            [(e.start, e.end, e.label) for e in example.entities]
            if path.stem == example.document.doc_id
            else []
        )
        found = [
            (m.start(), m.end(), label)
            for label, names in GAZETTEER.items()
            for name in names
            for m in re.finditer(re.escape(name), text)
        ]
        found += [(m.start(), m.end(), "DATE") for m in DATE.finditer(text)]
        for start, end, label in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
            if all(end <= s or e <= start for s, e, _ in taken):
                taken.append((start, end, label))
        entities = [
            _entity(f"e{i}", label, text, s, e)
            for i, (s, e, label) in enumerate(sorted(taken), start=1)
        ]
        metrics = example.metrics if path.stem == example.document.doc_id else ()
        records.append(_record(path.stem, text, entities, metrics))
    assert sum(len(r.entities) for r in records) > 100
    return records


def perturb(
    record: LayerRecord, rng: random.Random, kinds: tuple[str, ...], non_overlapping: bool = False
) -> LayerRecord:
    """A system's output: boundaries shifted, labels changed, entities dropped, spurious added."""
    text = record.document.text
    out = []
    for entity in record.entities:
        roll = rng.random()
        if "drop" in kinds and roll < 0.15:
            continue
        start, end, label = entity.start, entity.end, entity.label
        if "relabel" in kinds and 0.15 <= roll < 0.3:
            label = rng.choice([x for x in ENTITY_LABELS if x != label])
        if "shift" in kinds and 0.3 <= roll < 0.5:
            start = min(max(0, start + rng.choice((-2, -1, 1))), end - 1)
            end = max(start + 1, min(len(text), end + rng.choice((-1, 1, 2))))
        out.append(_entity(f"p{len(out)}", label, text, start, end))
    if "spurious" in kinds:
        for _ in range(max(3, len(record.entities) // 5)):
            start = rng.randrange(0, len(text) - 6)
            out.append(
                _entity(
                    f"p{len(out)}",
                    rng.choice(ENTITY_LABELS),
                    text,
                    start,
                    start + rng.randint(1, 5),
                )
            )
    if non_overlapping:
        kept: list[Entity] = []
        for entity in sorted(out, key=lambda e: (e.start, e.end)):
            if not kept or kept[-1].end <= entity.start:
                kept.append(entity)
        out = kept
    return replace(record, layer="pred:test", entities=tuple(out), metrics=())


def nervaluate_results(gold: list[LayerRecord], pred: list[LayerRecord]) -> dict:
    # nervaluate's dict spans have inclusive ends; ours are exclusive. Both sides in text order.
    def spans(record: LayerRecord) -> list[dict]:
        return [
            {"label": e.label, "start": e.start, "end": e.end - 1}
            for e in sorted(record.entities, key=lambda e: (e.start, e.end, e.label))
        ]

    tags = sorted({e.label for r in gold + pred for e in r.entities})
    return Evaluator(
        [spans(r) for r in gold], [spans(r) for r in pred], tags=tags, loader="default"
    ).evaluate()


def iob2(record: LayerRecord) -> list[str]:
    """Character-level IOB2 tags of non-overlapping spans."""
    tags = ["O"] * len(record.document.text)
    for entity in record.entities:
        tags[entity.start] = f"B-{entity.label}"
        for i in range(entity.start + 1, entity.end):
            tags[i] = f"I-{entity.label}"
    return tags


KINDS = [
    ("shift",),
    ("relabel",),
    ("drop",),
    ("spurious",),
    ("shift", "relabel", "drop", "spurious"),
]


# -- cross-checks -------------------------------------------------------------------------------
@pytest.mark.parametrize("kinds", KINDS, ids=["+".join(k) for k in KINDS])
@pytest.mark.parametrize("seed", [1, 2])
def test_all_four_schemes_equal_nervaluate_on_perturbed_seeds(gold_records, kinds, seed):
    rng = random.Random(seed)
    preds = [perturb(r, rng, kinds) for r in gold_records]
    figures = evaluate(_sourced(gold_records), _sourced(preds)).to_json()["entities"]
    reference = nervaluate_results(gold_records, preds)
    keys = (
        "correct",
        "incorrect",
        "partial",
        "missed",
        "spurious",
        "possible",
        "actual",
        "precision",
        "recall",
        "f1",
    )
    for scheme in SCHEMES:
        theirs = reference["overall"][NERVALUATE_NAMES[scheme]]
        assert {k: figures[scheme][k] for k in keys} == {k: getattr(theirs, k) for k in keys}
    assert set(figures["per_label"]) == set(reference["entities"])
    for label, by_scheme in reference["entities"].items():
        for scheme in SCHEMES:
            theirs = by_scheme[NERVALUATE_NAMES[scheme]]
            mine = figures["per_label"][label][scheme]
            assert {k: mine[k] for k in keys} == {k: getattr(theirs, k) for k in keys}, (
                label,
                scheme,
            )


def test_nested_and_overlapping_predictions_still_equal_nervaluate(gold_records):
    # Nested gold (浏阳市 inside 浏阳市住建局) and predictions piling up on the same spans.
    text = gold_records[0].document.text
    start = text.index("浏阳市住建局")
    gold = _record(
        "d",
        text,
        [
            _entity("e1", "ORG", text, start, start + 6),
            _entity("e2", "PLACE", text, start, start + 3),
        ],
    )
    pred = _record(
        "d",
        text,
        [
            _entity("p1", "PLACE", text, start, start + 6),
            _entity("p2", "ORG", text, start, start + 6),
            _entity("p3", "PLACE", text, start + 1, start + 3),
            _entity("p4", "ORG", text, start + 3, start + 6),
        ],
        layer="pred:x",
    )
    figures = evaluate(_sourced([gold]), _sourced([pred])).to_json()["entities"]
    reference = nervaluate_results([gold], [pred])
    for scheme in SCHEMES:
        theirs = reference["overall"][NERVALUATE_NAMES[scheme]]
        assert (figures[scheme]["precision"], figures[scheme]["recall"], figures[scheme]["f1"]) == (
            theirs.precision,
            theirs.recall,
            theirs.f1,
        )


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_strict_figures_equal_seqeval_iob2_strict(gold_records, seed):
    rng = random.Random(seed)
    preds = [perturb(r, rng, KINDS[-1], non_overlapping=True) for r in gold_records]
    figures = evaluate(_sourced(gold_records), _sourced(preds)).to_json()["entities"]
    report = classification_report(
        [iob2(r) for r in gold_records],
        [iob2(r) for r in preds],
        mode="strict",
        scheme=IOB2,
        output_dict=True,
        zero_division=0,
    )
    micro, macro = report.pop("micro avg"), report.pop("macro avg")
    report.pop("weighted avg")
    strict = figures["strict"]
    assert (strict["precision"], strict["recall"], strict["f1"]) == pytest.approx(
        (micro["precision"], micro["recall"], micro["f1-score"]), abs=1e-12
    )
    assert strict["tp"] + strict["fn"] == micro["support"]
    assert set(report) == set(figures["per_label"])
    for label, theirs in report.items():
        mine = figures["per_label"][label]["strict"]
        assert (mine["precision"], mine["recall"], mine["f1"]) == pytest.approx(
            (theirs["precision"], theirs["recall"], theirs["f1-score"]), abs=1e-12
        )
    mine_macro = figures["macro"]["strict"]
    assert (mine_macro["precision"], mine_macro["recall"], mine_macro["f1"]) == pytest.approx(
        (macro["precision"], macro["recall"], macro["f1-score"]), abs=1e-12
    )


# -- hand-computed --------------------------------------------------------------------------
def test_four_schemes_by_hand_on_a_small_document():
    text = "浏阳市住建局张洪开在长沙市开会2023年"
    gold = _record(
        "d",
        text,
        [
            _entity("e1", "PLACE", text, 0, 3),  # 浏阳市
            _entity("e2", "ORG", text, 3, 6),  # 住建局
            _entity("e3", "PERSON", text, 6, 9),  # 张洪开
            _entity("e4", "DATE", text, 15, 20),  # 2023年
        ],
    )
    pred = _record(
        "d",
        text,
        [
            _entity("p1", "PLACE", text, 0, 3),  # right
            _entity("p2", "ORG", text, 3, 5),  # boundary short by one
            _entity("p3", "PLACE", text, 6, 9),  # wrong label
            _entity("p4", "PLACE", text, 10, 13),  # 长沙市: not in gold, spurious
        ],
        layer="pred:x",
    )  # 2023年 is missed
    figures = evaluate(_sourced([gold]), _sourced([pred])).to_json()["entities"]
    # possible = 4 gold, actual = 4 predictions in every scheme.
    # strict: correct 1 (p1); incorrect 2 (p2, p3); spurious 1; missed 1 → P = 1/4, R = 1/4
    assert _counts(figures["strict"]) == (1, 2, 0, 1, 1)
    assert figures["strict"]["precision"] == 1 / 4 and figures["strict"]["recall"] == 1 / 4
    assert (figures["strict"]["tp"], figures["strict"]["fp"], figures["strict"]["fn"]) == (1, 3, 3)
    # exact (any label): p1 and p3 correct; p2 incorrect → P = R = 2/4
    assert _counts(figures["exact"]) == (2, 1, 0, 1, 1)
    assert figures["exact"]["f1"] == 0.5
    # partial: p1, p3 correct; p2 partial (half) → P = R = (2 + 0.5)/4 = 0.625; tp = 2.5
    assert _counts(figures["partial"]) == (2, 0, 1, 1, 1)
    assert figures["partial"]["precision"] == 0.625
    assert (figures["partial"]["tp"], figures["partial"]["fp"]) == (2.5, 1.5)
    # type: overlap with the same label: p1, p2 correct; p3 incorrect → P = R = 2/4
    assert _counts(figures["type"]) == (2, 1, 0, 1, 1)
    assert figures["type"]["recall"] == 0.5
    # per label (strict), each label alone: PLACE gold 1, predicted 3, correct 1 → P 1/3, R 1
    place = figures["per_label"]["PLACE"]["strict"]
    assert (place["precision"], place["recall"], place["f1"]) == (1 / 3, 1.0, 0.5)
    # macro strict P: PLACE 1/3, ORG 0, PERSON 0, DATE 0 → (1/3)/4
    assert figures["macro"]["strict"]["precision"] == pytest.approx(1 / 12)


def _counts(scores: dict) -> tuple[int, ...]:
    return tuple(scores[k] for k in ("correct", "incorrect", "partial", "missed", "spurious"))


def test_classify_spans_names_each_kind_in_text_order():
    text = "浏阳市住建局张洪开在长沙市开会2023年"
    gold = [
        _entity("e1", "PLACE", text, 0, 3),
        _entity("e2", "ORG", text, 3, 6),
        _entity("e3", "PERSON", text, 6, 9),
        _entity("e4", "DATE", text, 15, 20),
    ]
    pred = [
        _entity("a", "PLACE", text, 0, 3),
        _entity("b", "ORG", text, 3, 5),
        _entity("c", "PLACE", text, 6, 9),
        _entity("d", "PLACE", text, 10, 13),
    ]
    assert [(e.id, kind) for e, kind in classify_spans(gold, pred)] == [
        ("a", "correct"),
        ("b", "wrong_boundary"),
        ("c", "wrong_label"),
        ("d", "spurious"),
        ("e4", "missed"),
    ]


def test_classify_spans_prefers_the_same_label_on_nested_gold():
    text = "浏阳市住建局"
    gold = [_entity("e1", "ORG", text, 0, 6), _entity("e2", "PLACE", text, 0, 3)]
    pred = [_entity("a", "PLACE", text, 0, 2), _entity("b", "ORG", text, 0, 6)]
    assert [(e.id, kind) for e, kind in classify_spans(gold, pred)] == [
        ("a", "wrong_boundary"),
        ("b", "correct"),
    ]
    assert classify_spans(gold, []) == [(gold[1], "missed"), (gold[0], "missed")]


# -- metrics ----------------------------------------------------------------------------------
@pytest.fixture
def example(example_jsonl: Path) -> LayerRecord:
    return next(read_records(example_jsonl))[1]


def _metrics_of(gold: LayerRecord, pred: LayerRecord, tolerance: float = 0.0) -> dict:
    return evaluate(_sourced([gold]), _sourced([pred]), tolerance).to_json()["metrics"]


def test_metrics_match_by_value_overlap_and_fields_are_compared(example):
    m1, m2, m3 = example.metrics
    pred = replace(
        example,
        layer="pred:x",
        metrics=(
            m1.with_changes(id="x1", status=Status.PLANNED),
            # The value span is one character short: it still overlaps, so it matches.
            m2.with_changes(id="x2", value=Field(1918, 1923, "20.26", 20.26)),
        ),
    )
    figures = _metrics_of(example, pred)
    # tp 2, fp 0, fn 1 (m3) → P 1, R 2/3, F1 0.8
    assert (figures["tp"], figures["fp"], figures["fn"]) == (2, 0, 1)
    assert figures["precision"] == 1.0 and figures["recall"] == pytest.approx(2 / 3)
    assert figures["f1"] == pytest.approx(0.8)
    assert figures["fields"] == {
        "number": 0.5,
        "unit": 1.0,
        "approx": 1.0,
        "status": 0.5,
        "aspect": 1.0,
        "period": 1.0,
        "links": 1.0,
    }


def test_metric_without_offsets_matches_by_number_unit_period_place(example):
    m1 = example.metrics[0]
    # Another system's ids: its PLACE entity is p7, at the same span as gold's e1.
    place = _entity("p7", "PLACE", example.document.text, 70, 73)
    offsetless = Metric(
        "y1",
        value=Field(number=14000, implicit=True),
        unit=Field(normalized="个", implicit=True),
        approx=m1.approx,
        status=m1.status,
        aspect=m1.aspect,
        period=m1.period,
        place="p7",
    )
    wrong_period = offsetless.with_changes(id="y2", period=Field(normalized="2022", implicit=True))
    pred = replace(example, layer="pred:x", entities=(place,), metrics=(offsetless, wrong_period))
    figures = _metrics_of(example, pred)
    assert (figures["tp"], figures["fp"], figures["fn"]) == (1, 1, 2)
    assert figures["fields"]["links"] == 1.0 and figures["fields"]["number"] == 1.0


def test_links_are_compared_by_span_and_label_not_by_id(example):
    text = example.document.text
    renamed = _entity("zz", "PLACE", text, 70, 73)
    relabelled = _entity("zz", "ORG", text, 70, 73)
    same = replace(
        example,
        entities=(renamed,),
        metrics=tuple(m.with_changes(place="zz") for m in example.metrics),
    )
    assert _metrics_of(example, same)["fields"]["links"] == 1.0
    wrong = replace(same, entities=(relabelled,))
    assert _metrics_of(example, wrong)["fields"]["links"] == 0.0


@pytest.mark.parametrize(("tolerance", "agrees"), [(0.0, False), (0.005, False), (0.01, True)])
def test_number_tolerance_is_relative_to_the_gold_number(example, tolerance, agrees):
    # Gold 14000, predicted 14100: off by 100, which is 0.71 % of the gold number.
    m1 = example.metrics[0]
    pred = replace(example, metrics=(m1.with_changes(value=replace(m1.value, number=14100)),))
    figures = _metrics_of(example, pred, tolerance)
    assert figures["fields"]["number"] == (1.0 if agrees else 0.0)
    assert numbers_agree(14000, 14100, tolerance) is agrees


def test_negative_tolerance_is_refused(example):
    with pytest.raises(InputError, match="tolerance"):
        evaluate(_sourced([example]), _sourced([example]), tolerance=-0.1)


# -- DUPLICATE paragraphs ---------------------------------------------------------------------
def _duplicated(seeds_path: Path) -> tuple[str, int, int, str]:
    """Seed 001 repeats paragraphs: (text, first copy start, second copy start, paragraph)."""
    text = (seeds_path / "001_6426e2cb22c9a201.txt").read_text(encoding="utf-8")
    seen: dict[str, int] = {}
    offset = 0
    for line in text.split("\n"):
        if len(line) > 30 and line in seen:
            return text, seen[line], offset, line
        seen.setdefault(line, offset)
        offset += len(line) + 1
    raise AssertionError("seed 001 has no repeated paragraph")


def test_duplicate_paragraph_counts_once_whether_or_not_the_system_repeats_it(seeds_path):
    text, first, second, paragraph = _duplicated(seeds_path)
    number = re.search(r"\d+", paragraph)
    assert number is not None

    def entity(eid: str, base: int) -> Entity:
        return _entity(eid, "ORG", text, base, base + 2)  # the paragraph's first two characters

    def metric(mid: str, base: int, **extra: object) -> Metric:
        span = Field(
            base + number.start(), base + number.end(), number.group(), int(number.group())
        )
        return Metric(mid, value=span, **extra)  # type: ignore[arg-type]

    duplicate = Segment("s1", SegmentLabel.DUPLICATE, second, second + len(paragraph), paragraph)
    gold = _record(
        "001",
        text,
        [entity("e1", first), entity("e2", second)],
        [metric("m1", first), metric("m2", second, duplicate_of="m1")],
        [duplicate],
    )
    both = _record(
        "001",
        text,
        [entity("p1", first), entity("p2", second)],
        [metric("x1", first), metric("x2", second)],
        layer="pred:x",
    )
    once = _record("001", text, [entity("p1", first)], [metric("x1", first)], layer="pred:x")
    offsetless = _record(
        "001",
        text,
        [entity("p1", first)],
        [metric("x1", first), Metric("x2", value=Field(number=int(number.group()), implicit=True))],
        layer="pred:x",
    )
    for pred in (both, once, offsetless):
        figures = evaluate(_sourced([gold]), _sourced([pred])).to_json()
        strict = figures["entities"]["strict"]
        assert (strict["tp"], strict["fp"], strict["fn"]) == (1, 0, 0)
        assert (figures["metrics"]["tp"], figures["metrics"]["fp"], figures["metrics"]["fn"]) == (
            1,
            0,
            0,
        )
    nothing = _record("001", text, layer="pred:x")
    figures = evaluate(_sourced([gold]), _sourced([nothing])).to_json()
    assert figures["entities"]["strict"]["fn"] == 1 and figures["metrics"]["fn"] == 1
    assert figures["duplicates_excluded"]["gold_entities"] == 1
    assert figures["duplicates_excluded"]["gold_metrics"] == 1


# -- documents ------------------------------------------------------------------------------
def test_documents_on_one_side_only_are_named_and_not_scored(gold_records):
    preds = [replace(r, layer="pred:x") for r in gold_records[1:]]
    extra = _record("elsewhere", "另一篇文章。", layer="pred:x")
    figures = evaluate(_sourced(gold_records), _sourced(preds + [extra])).to_json()
    assert figures["documents"]["scored"] == 4
    assert figures["documents"]["gold_only"] == [gold_records[0].document.doc_id]
    assert figures["documents"]["pred_only"] == ["elsewhere"]
    assert figures["entities"]["strict"]["f1"] == 1.0


def test_missing_as_empty_scores_gold_only_documents_as_missed(gold_records):
    preds = [replace(r, layer="pred:x") for r in gold_records[1:]]
    evaluation = evaluate(_sourced(gold_records), _sourced(preds), missing_as_empty=True)
    strict = evaluation.to_json()["entities"]["strict"]
    assert strict["fn"] == len(gold_records[0].entities)
    assert evaluation.to_json()["documents"]["gold_only"] == [gold_records[0].document.doc_id]


def test_prediction_on_a_changed_text_is_refused_naming_the_document(example):
    changed = replace(
        example, document=Document(example.document.doc_id, example.document.text + "补")
    )
    with pytest.raises(InputError) as caught:
        evaluate(_sourced([example], "gold.jsonl"), _sourced([changed], "pred.jsonl"))
    message = str(caught.value)
    assert example.document.doc_id in message and "different text" in message
    assert "pred.jsonl:1" in message


def test_prediction_under_another_id_is_paired_by_identical_text(example):
    renamed = replace(example, document=Document("renamed", example.document.text))
    figures = evaluate(_sourced([example]), _sourced([renamed])).to_json()
    assert figures["documents"]["matched_by_text"] == [
        {"pred": "renamed", "gold": example.document.doc_id}
    ]
    assert figures["documents"]["scored"] == 1 and figures["entities"]["strict"]["f1"] == 1.0


def test_a_document_predicted_twice_is_refused(example):
    with pytest.raises(InputError, match="twice"):
        evaluate(_sourced([example]), _sourced([example, example]))


def test_prediction_offsets_that_miss_the_text_are_refused(example, tmp_path):
    bad = replace(example, entities=(Entity("e1", "PLACE", 70, 73, "长沙市"),))
    path = tmp_path / "pred.jsonl"
    path.write_text(record_line(bad) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        evaluate(_sourced([example]), read_predictions(path))
    assert f"{path}:1" in str(caught.value) and "entity e1" in str(caught.value)


def test_errors_carry_their_sentence_with_the_span(example):
    pred = replace(example, entities=example.entities[1:], metrics=())
    evaluation: Evaluation = evaluate(_sourced([example]), _sourced([pred]))
    missed = [e for e in evaluation.errors if e.target == "entity"]
    assert [(e.kind, e.gold) for e in missed] == [("missed", "PLACE 浏阳市 [70, 73)")]
    assert missed[0].context is not None and missed[0].context[1] == "浏阳市"
    assert missed[0].context[0] == "2023年,"
    assert {e.kind for e in evaluation.errors if e.target == "metric"} == {"missed"}


def test_sentence_context_stops_at_sentence_ends_and_newlines():
    text = "第一句。第二句有浏阳市在内！\n第三行"
    assert sentence_context(text, 8, 11) == ("第二句有", "浏阳市", "在内！")
    assert sentence_context(text, 15, 17) == ("", "第三", "行")


# -- loaders --------------------------------------------------------------------------------
def test_gold_layer_in_the_database_scores_like_the_gold_file(
    database, example_jsonl, seeds_path, tmp_path
):
    import_paths(database, [seeds_path])
    import_paths(database, [example_jsonl], layer="gold")
    rng = random.Random(7)
    example = next(read_records(example_jsonl))[1]
    pred = perturb(example, rng, KINDS[-1])
    path = tmp_path / "pred.jsonl"
    path.write_text(record_line(pred) + "\n", encoding="utf-8")
    from_db = evaluate(read_gold_layer(database, "gold"), read_predictions(path)).to_json()
    from_file = evaluate(read_gold_file(example_jsonl), read_predictions(path)).to_json()
    # Only seed 000 has gold annotations: the four other seeds are not gold documents.
    assert from_db["documents"] == from_file["documents"]
    assert from_db["entities"] == from_file["entities"]
    assert from_db["metrics"] == from_file["metrics"]


def test_unknown_gold_layer_is_refused_with_the_layers_named(database, seeds_path):
    import_paths(database, [seeds_path])
    with pytest.raises(InputError, match="no layer 'gold'"):
        list(read_gold_layer(database, "gold"))

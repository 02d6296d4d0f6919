"""The fields a suggested metric gets when its sentence does not state them: status, aspect,
period, and its place, organisation and subject links. Sentences written for these tests."""

from __future__ import annotations

import datetime
import re

import pytest

from annotator.domain.entities import Entity
from annotator.domain.metric_links import proposed_links
from annotator.domain.metrics import Aspect, Field, Status
from annotator.domain.quantities import find_quantities
from annotator.domain.text import Document
from annotator.services.suggesting import suggestions_for

REPORT_DATE = datetime.date(2025, 4, 10)


def _suggested(text: str, value: str, date: datetime.date | None = REPORT_DATE):
    document = Document("d", text, {"date": date.isoformat()} if date else {})
    found = [m for m in suggestions_for(document) if m.value.text == value]
    assert len(found) == 1, [m.value.text for m in suggestions_for(document)]
    return found[0]


# --- status ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "status"),
    [
        # No cue word: a report states what was done or holds.
        ("全镇现有养老床位320张。", "320", Status.ACHIEVED),
        ("东坪村去年种下果树900棵。", "900", Status.ACHIEVED),
        # No cue word, but the period lies after the report's date: a plan.
        ("明年全区新建充电桩450个。", "450", Status.PLANNED),
        ("2027年全区新建充电桩450个。", "450", Status.PLANNED),
        # Cue words keep deciding.
        ("全区计划新建充电桩450个。", "450", Status.PLANNED),
        ("河西片区老旧管网改造已启动,涉及小区27个。", "27", Status.ONGOING),
        ("河西片区启动27个小区的管网改造。", "27", Status.ONGOING),
    ],
)
def test_status_without_a_cue_follows_the_period_and_the_report_date(text, value, status):
    assert _suggested(text, value).status is status


# --- aspect ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "aspect"),
    [
        # A count or an amount without a cue: the total done or held.
        ("全县养老机构收住老人860人。", "860", Aspect.TOTAL),
        # Durations, dimensions, capacities and rates: other, even after a total cue.
        ("新桥的总工期为14个月。", "14", Aspect.OTHER),
        ("村里修了一条6米宽的环山路。", "6", Aspect.OTHER),
        ("改造后路面宽度达9米。", "9", Aspect.OTHER),
        ("新厂年产竹地板80万平方米。", "80万", Aspect.OTHER),
        ("水厂日均供水4.5万吨。", "4.5万", Aspect.OTHER),
        ("城区公交票价为每人次1元。", "1", Aspect.OTHER),
        ("客运专线设计时速350公里。", "350", Aspect.OTHER),
        ("新线路运营速度为80公里/小时。", "80", Aspect.OTHER),
        # A per-head value is a ratio, even after 达.
        ("全市人均公园绿地面积达14.6平方米。", "14.6", Aspect.RATIO),
        # A change cue still wins over the kind of figure.
        ("全区人均住房面积增加2.1平方米。", "2.1", Aspect.INCREASE),
        ("审批时限压减了5天。", "5", Aspect.DECREASE),
    ],
)
def test_aspect_from_the_kind_of_figure(text, value, aspect):
    assert _suggested(text, value).aspect is aspect


def test_the_detector_leaves_the_aspect_open_without_a_cue_and_the_suggestion_takes_total():
    text = "全县养老机构收住老人860人。"
    assert next(q for q in find_quantities(text) if q.value.text == "860").aspect is None
    assert _suggested(text, "860").aspect is Aspect.TOTAL


# --- period ---------------------------------------------------------------------------------


def test_period_is_the_time_expression_before_the_value_not_one_after_it():
    metric = _suggested("2024年,全县新修机耕道63公里,预计于8月底全部验收。", "63")
    assert (metric.period.text, metric.period.normalized) == ("2024年", "2024")
    later = _suggested("全县新修机耕道63公里,预计于8月底全部验收。", "63")
    assert later.period == Field(normalized="2025", implicit=True)


def test_a_comparison_year_is_not_the_period():
    metric = _suggested("全市办事材料较2022年精简了38%。", "38")
    assert metric.period == Field(normalized="2025", implicit=True)


def test_a_sentence_without_time_takes_its_paragraphs_period_else_the_report_year():
    text = (
        "2023年,南岭乡建成村级卫生室11个。乡里还配备巡诊车3辆。\n"
        "下一段说的是全县,共有乡村医生540名。"
    )
    assert _suggested(text, "3").period == Field(normalized="2023", implicit=True)
    # A new paragraph does not inherit it: the report's year.
    assert _suggested(text, "540").period == Field(normalized="2025", implicit=True)


def test_without_a_document_date_no_implicit_year_is_invented():
    metric = _suggested("乡里配备巡诊车3辆。", "3", date=None)
    assert metric.period is None


# --- links ----------------------------------------------------------------------------------


def _entities(text: str, tagged: list[tuple[str, str, int]]) -> list[Entity]:
    """Entities by (label, surface, occurrence)."""
    found = []
    for i, (label, surface, occurrence) in enumerate(tagged, start=1):
        start = [m.start() for m in re.finditer(re.escape(surface), text)][occurrence]
        found.append(Entity(f"e{i}", label, start, start + len(surface), surface))
    return found


def _links(text: str, value: str, tagged: list[tuple[str, str, int]]) -> dict:
    entities = _entities(text, tagged)
    names = {e.id: e.text for e in entities}
    metric = _suggested(text, value)
    return {k: names.get(v) for k, v in proposed_links(metric, entities).items() if v}


def test_place_is_the_first_place_before_the_value_in_its_sentence():
    text = "石门县与常德市共建园区,石门县新增标准厂房12栋。"
    links = _links(
        text, "12", [("PLACE", "石门县", 0), ("PLACE", "常德市", 0), ("PLACE", "石门县", 1)]
    )
    assert links == {"place": "石门县"}
    # The subject's place leads the sentence; a place it lists later is an object.
    text = "临湘市在羊楼司镇、坦渡镇新建冷库9座。"
    assert (
        _links(
            text, "9", [("PLACE", "临湘市", 0), ("PLACE", "羊楼司镇", 0), ("PLACE", "坦渡镇", 0)]
        )["place"]
        == "临湘市"
    )


def test_place_after_the_value_is_not_proposed_the_passage_place_is():
    text = "汝城县聚焦民生。\n全年新建公厕31座,分布在热水镇等地。"
    links = _links(text, "31", [("PLACE", "汝城县", 0), ("PLACE", "热水镇", 0)])
    assert links["place"] == "汝城县"


def test_the_passage_place_is_the_nearest_mention_before_not_the_first_of_the_page():
    text = "宁远县简讯。\n蓝山县今年推进农网改造。\n全县新立电杆1800根。"
    links = _links(text, "1800", [("PLACE", "宁远县", 0), ("PLACE", "蓝山县", 0)])
    assert links["place"] == "蓝山县"


def test_in_a_marked_article_the_passage_place_is_the_articles_main_place():
    # Guideline 19 (the spec's example: 新增14000个停车位 → 浏阳市): the place the article names
    # most, 浏阳 and 浏阳市 as one, at its nearest mention before the value; a place named
    # once nearer (长沙市) is not the article's.
    text = (
        "浏阳为群众幸福“加码”\n2023年,浏阳市全面完成重点民生实事项目,所承办的省、长沙市重点"
        "民生实事项目全部完成。\n新增14000个停车位。\n宁乡简讯。"
    )
    tagged = [("PLACE", "浏阳", 0), ("PLACE", "浏阳市", 0), ("PLACE", "长沙市", 0)]
    entities = _entities(text, tagged)
    names = {e.id: e.text for e in entities}
    metric = _suggested(text, "14000")
    article = [(0, text.index("宁乡"))]

    with_article = proposed_links(metric, entities, article)
    without = proposed_links(metric, entities)

    assert names[with_article["place"]] == "浏阳市"  # its nearest mention before the value
    assert names[without["place"]] == "长沙市"  # unmarked: the nearest place before it


def test_org_and_subject_come_from_before_the_value():
    text = "县水利局实施“河长制”以来清理河道42公里,配合市环保局开展督查。"
    links = _links(
        text, "42", [("ORG", "县水利局", 0), ("PROGRAM", "河长制", 0), ("ORG", "市环保局", 0)]
    )
    assert (links.get("org"), links.get("subject")) == ("县水利局", "河长制")
    # A programme after the value is what the sentence goes on to, not the fact's subject;
    # an organisation named after it is the one responsible when none acts before it.
    text = "共清理河道42公里,由市环保局牵头开展“清河行动”。"
    links = _links(text, "42", [("ORG", "市环保局", 0), ("PROGRAM", "清河行动", 0)])
    assert (links.get("org"), links.get("subject")) == ("市环保局", None)

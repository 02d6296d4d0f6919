"""Tests of the quantity detector: one parametrised test per rule, and the gold figures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the bench module lives outside the package
    sys.path.insert(0, str(ROOT))

from annotator.domain.metrics import Approx, Aspect, Status  # noqa: E402
from annotator.domain.periods import period_spans  # noqa: E402
from annotator.domain.quantities import (  # noqa: E402
    Quantity,
    find_quantities,
    parse_number,
    snap_to_quantity,
)
from bench.quantities_bench import (  # noqa: E402
    GOLD_PATH,
    SEED_DATES,
    load_gold,
    score,
    seed_texts,
)


def only(text: str) -> Quantity:
    """The one quantity of `text`."""
    found = find_quantities(text)
    assert len(found) == 1, [q.text for q in found]
    return found[0]


def check_spans(text: str, q: Quantity) -> None:
    """Every surface field's text equals the document text at its offsets."""
    assert text[q.start : q.end] == q.text
    for span in (q.value, q.value_high, q.unit, q.indicator, q.sentence):
        if span is not None:
            assert text[span.start : span.end] == span.text
    assert q.sentence.start <= q.start and q.end <= q.sentence.end


# --- the gold file ---------------------------------------------------------------------------


# The hand-built gold file, and a held-out one written later by another annotator without
# looking at the detector (an honest check against rules tuned to the first file).
GOLD_FILES = [GOLD_PATH, GOLD_PATH.with_name("quantities_holdout.tsv")]


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_phrases_are_verbatim_in_their_seed(path) -> None:
    texts = seed_texts()
    gold = load_gold(path)
    missing = [(g.seed, g.phrase) for g in gold if g.phrase not in texts[g.seed]]
    assert not missing
    assert sum(g.value_text is not None for g in gold) >= 120
    assert sum(g.value_text is None for g in gold) >= 30
    for g in gold:
        if g.value_text is not None:
            assert g.value_text in g.phrase, g


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_figures_meet_the_targets(path) -> None:
    result = score(load_gold(path))
    report = "\n".join(result.misses + result.false_positives + result.wrong_normalisation)
    assert result.recall >= 0.97, report
    assert result.precision >= 0.95, report
    assert result.normalisation >= 0.98, report


def test_score_counts_misses_and_false_positives() -> None:
    wanted = ("新增14000个停车位", "写入政府工作报告的第20年", "邮编:410016")
    gold = [g for g in load_gold() if g.phrase in wanted]
    assert len(gold) == 3
    perfect = score(gold)
    assert (perfect.matched, perfect.found) == (1, 1)
    nothing = score(gold, detect=lambda text: [])
    assert nothing.recall == 0.0 and nothing.misses
    everything = score(gold, detect=lambda text: find_quantities("新增14000个停车位"))
    assert everything.false_positives and everything.precision < 1.0


# --- units and scale words -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "number", "unit", "normalized"),
    [
        ("新增14000个停车位", "14000", 14000, "个", "个"),
        ("完成522户困难老年人居家适老化改造", "522", 522, "户", "户"),
        ("建设1所普特融合学校", "1", 1, "所", "所"),
        ("实有床位11046张", "11046", 11046, "张", "张"),
        ("改造农村公厕10000座", "10000", 10000, "座", "座"),
        ("设置10条生产线", "10", 10, "条", "条"),
        ("普通学生881名", "881", 881, "名", "人"),
        ("留置84人", "84", 84, "人", "人"),
        ("累计走访群众20.6万人次", "20.6万", 206000, "人次", "人次"),
        ("优秀提案12件", "12", 12, "件", "件"),
        ("问题诉求3755项", "3755", 3755, "项", "项"),
        ("提质改造112公里农村公路", "112", 112, "公里", "公里"),
        ("总路线全长2.478千米", "2.478", 2.478, "千米", "公里"),
        ("全长1075米", "1075", 1075, "米", "米"),
        ("累计建成高标准农田20.26万亩", "20.26万", 202600, "亩", "亩"),
        ("总建筑面积4766平方米", "4766", 4766, "平方米", "平方米"),
        ("面积基本达到300㎡", "300", 300, "㎡", "平方米"),
        ("占地面积约40公顷", "40", 40, "公顷", "公顷"),
        ("仅需2元", "2", 2, "元", "元"),
        ("专项资金3500万元", "3500万", 35000000, "元", "元"),
        ("兑现惠企补贴资金1.76亿元", "1.76亿", 176000000, "元", "元"),
        ("年产冷弯型材50万吨", "50万", 500000, "吨", "吨"),
        ("冷弯设备100套", "100", 100, "套", "套"),
        ("购置设备12台", "12", 12, "台", "台"),
        ("健身驿站5处", "5", 5, "处", "处"),
        ("已为17家企业", "17", 17, "家", "家"),
        ("机动车保有量为42.4万辆", "42.4万", 424000, "辆", "辆"),
        ("开展2000余场", "2000", 2000, "场", "场"),
        ("道路险情121次", "121", 121, "次", "次"),
        ("分3批实施", "3", 3, "批", "批"),
        ("包括1栋门诊综合大楼", "1", 1, "栋", "栋"),
        ("改造教室20间", "20", 20, "间", "间"),
        ("满意度达96%", "96", 96, "%", "%"),
        ("满意度达96％", "96", 96, "％", "%"),
        ("出生率为8.5‰", "8.5", 8.5, "‰", "‰"),
        ("设计行车速度60千米每小时", "60", 60, "千米每小时", "公里/小时"),
        ("价格从2.89元/立方米", "2.89", 2.89, "元/立方米", "元/立方米"),
        ("为期1个月", "1", 1, "个月", "月"),
        ("提高2个百分点", "2", 2, "个百分点", "百分点"),
        ("１４０００个停车位", "１４０００", 14000, "个", "个"),
        ("共有1,200个摊位", "1,200", 1200, "个", "个"),
    ],
)
def test_units_and_scale_words(
    text: str, value: str, number: float, unit: str, normalized: str
) -> None:
    q = only(text)
    check_spans(text, q)
    assert q.value.text == value
    assert q.number == pytest.approx(number)
    assert q.unit is not None and q.unit.text == unit
    assert q.unit_normalized == normalized
    assert type(q.number) is type(number)  # ints stay ints: 202600, not 202600.0


def test_value_span_covers_an_approximation_word_between_digits_and_scale() -> None:
    text = "今年投入2800余万元用于国省干线"
    q = only(text)
    check_spans(text, q)
    assert q.unit is not None
    assert (q.text, q.value.text, q.unit.text) == ("2800余万元", "2800余万", "元")
    assert (q.number, q.approx) == (28000000, Approx.OVER)


def test_implicit_unit_of_a_counted_noun() -> None:
    text = "带动全县3万农户6万多农民就业"
    first, second = find_quantities(text)
    assert (first.text, first.number, first.unit) == ("3万", 30000, None)
    assert first.unit_normalized == "户"
    assert first.indicator is not None and first.indicator.text == "农户"
    assert (second.value.text, second.approx, second.unit_normalized) == ("6万", Approx.OVER, "人")


# --- Chinese numerals ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "number", "normalized"),
    [
        ("两个项目仅用时", "两", 2, "个"),
        ("全市十八个乡镇", "十八", 18, "个"),
        ("投入三千五百元", "三千五百", 3500, "元"),
        ("已有两万余户家庭", "两万", 20000, "户"),
        ("已有万余户家庭", "万", 10000, "户"),
        ("百余名群众参加", "百", 100, "人"),
        ("专著两部", "两", 2, "部"),
        ("等三项硬举措", "三", 3, "项"),
        ("分为三种题型", "三", 3, "种"),
        ("经过六年的探索", "六", 6, "年"),
        ("覆盖率达百分之八十", "百分之八十", 80, "%"),
        ("降至千分之五", "千分之五", 5, "‰"),
        ("近百名群众", "百", 100, "人"),
        ("上千人参加", "千", 1000, "人"),
    ],
)
def test_chinese_numerals(text: str, value: str, number: float, normalized: str) -> None:
    q = only(text)
    check_spans(text, q)
    assert (q.value.text, q.number, q.unit_normalized) == (value, number, normalized)


def test_percent_in_words_has_no_unit_span() -> None:
    q = only("覆盖率达百分之八十")
    assert q.unit is None and q.unit_normalized == "%"
    assert q.value.text == q.text == "百分之八十"


# --- ranges and approximation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high", "value_high", "unit"),
    [
        ("亩均降低成本约30—50元", 30, 50, "50", "元"),
        ("亩均降低成本30-50元", 30, 50, "50", "元"),
        ("亩均降低成本30–50元", 30, 50, "50", "元"),
        ("联系10至15户", 10, 15, "15", "户"),
        ("成本30~50元", 30, 50, "50", "元"),
        ("成本30～50元", 30, 50, "50", "元"),
        ("每次持续3到5分钟", 3, 5, "5", "分钟"),
        ("额度为1200万元至2000万元", 12000000, 20000000, "2000万", "元"),
        ("补贴1至2万元", 10000, 20000, "2万", "元"),
        ("领办1—2件民生实事", 1, 2, "2", "件"),
    ],
)
def test_ranges(text: str, low: int, high: int, value_high: str, unit: str) -> None:
    q = only(text)
    check_spans(text, q)
    assert (q.number, q.number_high, q.approx) == (low, high, Approx.RANGE)
    assert q.value_high is not None and q.value_high.text == value_high
    assert q.unit_normalized == unit


@pytest.mark.parametrize(
    ("text", "mention", "approx"),
    [
        ("用地约20亩", "约20亩", Approx.ABOUT),
        ("涉及近6000户农户", "近6000户", Approx.ABOUT),
        ("年收入增至5万元左右", "5万元左右", Approx.ABOUT),
        ("全民健身点4000余处", "4000余处", Approx.OVER),
        ("床位800多张", "800多张", Approx.OVER),
        ("提前2个多月", "2个多月", Approx.OVER),
        ("投入逾2000万元", "逾2000万元", Approx.OVER),
        ("托管面积5000亩以上", "5000亩以上", Approx.OVER),
        ("超过300人参加", "超过300人", Approx.OVER),
        ("规模超10万人", "超10万人", Approx.OVER),
        ("不到5分钟就办好", "不到5分钟", Approx.UNDER),
        ("人数在50人以下", "50人以下", Approx.UNDER),
        ("最多不超过30户", "不超过30户", Approx.UNDER),
        ("共清理建筑垃圾1处", "1处", Approx.EXACT),
    ],
)
def test_approximation_words(text: str, mention: str, approx: Approx) -> None:
    q = only(text)
    check_spans(text, q)
    assert (q.text, q.approx) == (mention, approx)


# --- what is not a quantity ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2023年,浏阳市全面完成",  # a year
        "2022—2023年,浏阳新建",  # a range of years
        "2019年以来",
        "上世纪80年代",
        "近三年来",  # a period, not a duration
        "12月15日上午",  # a date and a time of day
        "1至11月",
        "上午9点30分",
        "会议8:30开始",
        "第一所高品质学校",  # ordinals
        "写入政府工作报告的第20年",
        "第3批试点",
        "名列第80位",
        "1.加强组织领导",  # list numbering
        "(一)加强组织领导",
        "一是要提高站位",
        "二是要明确任务",
        "G319浏阳天马山隧道",  # road and line codes
        "S20长浏高速",
        "CZ1路长株城际公交",
        "地铁3号线",
        "举报电话:0731-89751282",  # phone, postcode, address, e-mail
        "邮编:410016",
        "马王堆南路80号",
        "hnyjzjb@163.com",
        "“民生100”指标",  # a number inside a programme name
        "企业开办“6310改革”",
        "金新城40版本精品住宅",
        "《主城区出入口、道路建设1、3、5年计划》",  # inside a document title
        "“八个一”活动",  # a quoted slogan
        "“两项补贴”标准",
        "四位一体服务模式",
        "千亩水稻示范基地",  # a bare scale word is an adjective
        "投放万元鱼苗",
        "数百村民",  # vague amounts
        "几十名医护人员",
        "一名党员",  # a lone 一 is an article
        "开展一次排查",
        "高三学生",
        "三番五次",
        "建党100周年",
        "名列前3名",  # a rank
        "数千名群众",
    ],
)
def test_not_a_quantity(text: str) -> None:
    assert find_quantities(text) == []


def test_adjacent_quantities_are_separate() -> None:
    text = "重点监测民生项目指标18件37个"
    found = find_quantities(text)
    assert [(q.text, q.number, q.unit_normalized) for q in found] == [
        ("18件", 18, "件"),
        ("37个", 37, "个"),
    ]
    text = "共办理省、市重点民生实事20件47项60个"
    assert [q.text for q in find_quantities(text)] == ["20件", "47项", "60个"]


def test_an_ordinal_next_to_a_count() -> None:
    assert [q.text for q in find_quantities("第二批7个事项")] == ["7个"]
    assert [q.text for q in find_quantities("推动3家三级医院")] == ["3家"]


def test_seeds_have_no_quantity_inside_a_period() -> None:
    for seed, text in seed_texts().items():
        periods = period_spans(text)
        for q in find_quantities(text, SEED_DATES[seed]):
            check_spans(text, q)
            overlapping = [(s, e) for s, e in periods if s < q.end and q.start < e]
            assert not overlapping, (seed, q.text, [text[s:e] for s, e in overlapping])


# --- status, aspect, indicator, sentence -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mention", "status", "aspect", "indicator"),
    [
        ("2023年,浏阳新增14000个停车位;", "14000个", Status.ACHIEVED, Aspect.INCREASE, "停车位"),
        (
            "通过多项措施,累计建成高标准农田20.26万亩,提高了抗灾能力。",
            "20.26万亩",
            Status.ACHIEVED,
            Aspect.TOTAL,
            "高标准农田",
        ),
        ("18件37个,整体进度达到116.88%。", "116.88%", Status.ACHIEVED, Aspect.RATIO, "整体进度"),
        ("今年，浏阳将新增停车位14500个。", "14500个", Status.PLANNED, Aspect.INCREASE, "停车位"),
        (
            "今年，计划新建公厕6座，改造农村公厕10000座。",
            "10000座",
            Status.PLANNED,
            None,
            "农村公厕",
        ),
        ("预计可增加医用房10万平方米。", "10万平方米", Status.PLANNED, Aspect.INCREASE, "医用房"),
        ("力争完成改造120户。", "120户", Status.PLANNED, None, "改造"),
        ("办理时间压减56.4%。", "56.4%", None, Aspect.DECREASE, "办理时间"),
        ("目前已完成243处农村供水工程的维修。", "243处", Status.ACHIEVED, None, "农村供水工程"),
        ("三期工程正在建设，已铺设管道3公里。", "3公里", Status.ACHIEVED, None, "铺设管道"),
        ("目前正在改造老旧小区12个。", "12个", Status.ONGOING, None, "老旧小区"),
        ("浏阳共有医疗卫生机构1176个。", "1176个", Status.ACHIEVED, Aspect.TOTAL, "医疗卫生机构"),
        ("今年投入2800余万元用于道路。", "2800余万元", Status.ACHIEVED, None, "投入"),
        ("将72座城区公厕纳入其中。", "72座", None, None, "城区公厕"),
        # too long for one indicator: its last noun phrase, never a cut word (生实事项目…)
        (
            "所承办的省、长沙市重点民生实事项目和重点监测民生项目指标18件。",
            "18件",
            None,
            None,
            "重点监测民生项目指标",
        ),
    ],
)
def test_status_aspect_and_indicator(
    text: str, mention: str, status: Status | None, aspect: Aspect | None, indicator: str
) -> None:
    q = next(q for q in find_quantities(text) if q.text == mention)
    check_spans(text, q)
    assert q.status == status
    assert q.aspect == aspect
    assert q.indicator is not None and q.indicator.text == indicator


def test_sentence_splitting() -> None:
    text = "标题一\n\n第一句有3个。第二句有4个；第三句有5个! 然后6个?\n"
    assert [q.sentence.text for q in find_quantities(text)] == [
        "第一句有3个。",
        "第二句有4个；",
        "第三句有5个!",
        "然后6个?",
    ]
    # A long line cut mid-word by the scraper does not end the sentence; a headline does.
    broken = (
        "现场，长沙市文明办和望城区委有关领导，以及区委宣传部、区文明办、区学雷锋志愿服务促进中心、"
        "高塘岭街道相\n关负责人约40人参加。"
    )
    q = only(broken)
    assert q.sentence.start == 0 and q.sentence.text.endswith("参加。")
    headline = "18件民生实事完成\n\n浏阳为群众幸福加码"
    assert find_quantities(headline)[0].sentence.text == "18件民生实事完成"
    decimal = "整体进度达到116.88%.下一句"
    assert only(decimal).sentence.text == "整体进度达到116.88%."


def test_offsets_are_code_points_in_the_text_as_given() -> None:
    text = "𠀀😀 名单\r\n里有\t１２万 余户，新增１４０００个停\n车位。"
    found = find_quantities(text)
    # １２万 is a quantity without unit: the space keeps 余户 apart from it.
    assert [q.text for q in found] == ["１２万", "１４０００个"]
    for q in found:
        check_spans(text, q)
    assert found[1].start == text.index("１４０００")


def test_empty_and_numberless_texts() -> None:
    assert find_quantities("") == []
    assert find_quantities("浏阳为群众幸福“加码”") == []


# --- parse_number and snap_to_quantity -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("14000", 14000),
        ("20.26万", 202600),
        ("两", 2),
        ("十八", 18),
        ("三千五百", 3500),
        ("1.76亿", 176000000),
        ("百分之八十", 80),
        ("百分之二十五点五", 25.5),
        ("2800余万", 28000000),
        ("12926.775万", 129267750),
        ("１４０００", 14000),
        ("1,200", 1200),
        ("0.5", 0.5),
        ("万", 10000),
        ("两万", 20000),
        ("abc", None),
        ("", None),
        ("一二三", None),
        ("停车位", None),
    ],
)
def test_parse_number(text: str, number: float | None) -> None:
    result = parse_number(text)
    if number is None:
        assert result is None
    else:
        assert result == pytest.approx(number)
        assert isinstance(result, int) == float(number).is_integer()


@pytest.mark.parametrize(
    ("text", "selection", "expected"),
    [
        ("新增14000个停车位", "14000", "14000个"),
        ("新增14000个停车位", "4000个停", "14000个"),
        ("新增14000个停车位", "新增14000个停车位", "14000个"),
        ("新增14000个停车位", "个", "14000个"),
        ("重点监测民生项目指标18件37个", "18件37", "18件37个"),
        ("累计建成高标准农田20.26万亩", "20.26", "20.26万亩"),
        ("47项“民生100”指标", "10", "100"),
        ("浏阳为群众幸福加码", "群众", "群众"),
    ],
)
def test_snap_to_quantity(text: str, selection: str, expected: str) -> None:
    start = text.index(selection)
    s, e = snap_to_quantity(text, start, start + len(selection))
    assert text[s:e] == expected


def test_snap_a_caret_inside_a_quantity() -> None:
    text = "新增14000个停车位"
    caret = text.index("000")
    s, e = snap_to_quantity(text, caret, caret)
    assert text[s:e] == "14000个"
    assert snap_to_quantity(text, 0, 0) == (0, 0)
    assert snap_to_quantity(text, 5, 99) == (5, 99)  # out of range: left alone


def test_a_selection_overlapping_a_detected_quantity_is_told_apart_from_names_and_periods():
    from annotator.domain.quantities.snapping import overlaps_quantity

    text = "长沙市和湘潭市2023年新增停车位14000个。三亚市住建局也在建设,十二个部门。"

    def at(word: str) -> bool:
        start = text.index(word)
        return overlaps_quantity(text, start, start + len(word))

    assert at("14000个") and at("14000") and at("十二个")
    assert not at("2023年") and not at("三亚市") and not at("长沙市")

"""Tests of the indicator guess: the noun phrase a quantity counts, one case per rule."""

from __future__ import annotations

import pytest

from annotator.domain.quantities import find_quantities


def indicator_of(text: str, mention: str) -> str | None:
    """The indicator proposed for the quantity written `mention` in `text`."""
    quantity = next(q for q in find_quantities(text) if q.text == mention)
    if quantity.indicator is None:
        return None
    assert text[quantity.indicator.start : quantity.indicator.end] == quantity.indicator.text
    return quantity.indicator.text


@pytest.mark.parametrize(
    ("text", "mention", "indicator"),
    [
        # a cue verb inside a noun (覆盖率, 保有量) does not start the indicator
        ("全县森林覆盖率达到65%。", "65%", "森林覆盖率"),
        ("目前，汽车保有量为8万辆。", "8万辆", "汽车保有量"),
        # what stands before 的 after the counter describes the noun that is counted
        ("今年新建了30个设施齐全的篮球场。", "30个", "篮球场"),
        # …but work done on the counted things (的维修) leaves them the indicator
        ("已完成58处山塘的维修。", "58处", "山塘"),
        # 在/从 … 中: the frame's 中 ends the noun
        ("在200个微信群中收集意见。", "200个", "微信群"),
        ("最终从12支队伍中胜出。", "12支", "队伍"),
        # a quoted programme name opening the phrase is the subject, not the indicator
        ("上线56项“全省通办”事项。", "56项", "事项"),
        # nouns listed with 、 after the counter stay together; an item with a number does not
        ("全县辖15个乡镇、街道，人口多。", "15个", "乡镇、街道"),
        ("今年新建8个公园、20座公厕。", "8个", "公园"),
        # nouns listed with 、 before the number stay together
        ("共收集群众意见、建议500多条。", "500多条", "群众意见、建议"),
        ("建成公园28个、广场5处。", "5处", "广场"),
        # a money verb ending the phrase names the indicator
        ("他第一时间向红十字会捐款5000元。", "5000元", "捐款"),
        # 仅 and 因此 open the predicate: what follows them is measured
        ("三个项目仅用时5天。", "5天", "用时"),
        ("当年就有两户因此增收3000元。", "3000元", "增收"),
        # a time clause (改造后的) says when; the noun after it is measured
        ("扩建后的停车场面积达到3000平方米。", "3000平方米", "停车场面积"),
        # a place heading the clause is the metric's place
        ("湘潭市政务服务全年办件200万件。", "200万件", "政务服务全年办件"),
        ("农贸市场摊位达到300个。", "300个", "农贸市场摊位"),
        # 各类 and a leading 由 are not part of the noun
        ("全年公开发布各类政务信息1200条。", "1200条", "政务信息"),
        ("由每名干部联系10户。", "10户", "每名干部联系"),
        # the subject stands before a change 由原来的…提升至…
        ("人均面积由原来的20平方米提升至35平方米。", "20平方米", "人均面积"),
        ("人均面积由原来的20平方米提升至35平方米。", "35平方米", "人均面积"),
        # the project named after a cue verb is the subject; the noun after 项目 is measured
        ("物流园建设项目用地30亩。", "30亩", "用地"),
        # production and achievement verbs are cues
        ("工厂年产水泥60万吨。", "60万吨", "水泥"),
        ("明年将实现日均接待2000人次。", "2000人次", "日均接待"),
        # a counter followed by 的: the noun after 的, unless a dimension comes before the number
        ("经过5个月的施工，大桥合龙。", "5个月", "施工"),
        ("全长12公里的滨江大道已通车。", "12公里", "全长"),
        # a parenthesised alternative at the end names the same thing again; inside, it stays
        ("新增床位(病床)120张。", "120张", "床位"),
        ("全市1200个村(社区)服务平台已建成。", "1200个", "村(社区)服务平台"),
        # two counters after one phrase (guideline 14): the first counts what the phrase names
        # before its head word, the second the head word
        ("完成民生实事指标12件30个。", "12件", "民生实事"),
        ("完成民生实事指标12件30个。", "30个", "指标"),
    ],
)
def test_indicator_rules(text: str, mention: str, indicator: str) -> None:
    assert indicator_of(text, mention) == indicator

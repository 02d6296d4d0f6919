"""Tests of date and period recognition and ISO normalisation."""

from __future__ import annotations

import datetime

import pytest

from annotator.domain.metrics import PERIOD_PATTERN
from annotator.domain.periods import Period, find_periods, normalise_period

DOC_2024 = datetime.date(2024, 3, 8)
DOC_2021 = datetime.date(2021, 6, 20)


@pytest.mark.parametrize(
    ("expr", "doc_date", "expected"),
    [
        ("2023年", None, "2023"),
        ("2023年度", None, "2023"),
        ("二〇二三年", None, "2023"),
        ("2022—2023年", None, "2022/2023"),
        ("2022–2023年", None, "2022/2023"),
        ("2022-2023年", None, "2022/2023"),
        ("2022至2023年", None, "2022/2023"),
        ("2022到2023年", None, "2022/2023"),
        ("2022年—2023年", None, "2022/2023"),
        ("2021年6月15日", None, "2021-06-15"),
        ("2021年6月", None, "2021-06"),
        ("2023年1至11月", None, "2023-01/2023-11"),
        ("2023年1-11月", None, "2023-01/2023-11"),
        ("2020年11月18日至11月30日", None, "2020-11-18/2020-11-30"),
        ("上世纪80年代", None, "1980/1989"),
        ("1至11月", DOC_2024, "2024-01/2024-11"),
        ("1-11月", DOC_2024, "2024-01/2024-11"),
        ("12月15日", DOC_2021, "2021-12-15"),
        ("5月份", DOC_2021, "2021-05"),
        ("今年", DOC_2024, "2024"),
        ("去年", DOC_2024, "2023"),
        ("明年", DOC_2024, "2025"),
        ("今年3月", DOC_2021, "2021-03"),
        ("去年10月18日", DOC_2024, "2023-10-18"),
        ("今年3月以来", DOC_2021, "2021-03/2021-06"),
        ("今年3月份以来", DOC_2021, "2021-03/2021-06"),
        ("今年以来", DOC_2024, "2024"),
        ("今年上半年", DOC_2024, "2024-01/2024-06"),
        ("今年底", DOC_2024, "2024-12"),
        ("2019年以来", DOC_2024, "2019/2024"),
        ("2019年起", DOC_2021, "2019/2021"),
        ("截至11月底", DOC_2021, "2021-11"),
        ("截至12月24日", DOC_2024, "2024-12-24"),
        ("截至目前", DOC_2024, "2024-03-08"),
        ("近三年", DOC_2024, "2022/2024"),
        # Relative expressions need the document date.
        ("今年", None, None),
        ("去年10月18日", None, None),
        ("今年3月以来", None, None),
        ("截至11月底", None, None),
        ("1至11月", None, None),
        ("12月15日", None, None),
        ("2019年以来", None, None),
        # Not periods, or impossible ones.
        ("目前", DOC_2024, None),
        ("18个月", DOC_2024, None),
        ("2月30日", DOC_2024, None),
        ("2023—2022年", None, None),
        ("14000个", None, None),
        ("", None, None),
    ],
)
def test_normalise_period(expr: str, doc_date: datetime.date | None, expected: str | None) -> None:
    assert normalise_period(expr, doc_date) == expected
    if expected is not None:
        assert PERIOD_PATTERN.match(expected)


@pytest.mark.parametrize(
    ("text", "doc_date", "expected"),
    [
        ("2023年,浏阳市全面完成2023年重点民生实事", None, [("2023年", "2023"), ("2023年", "2023")]),
        ("2022—2023年,浏阳新建了60个运动场地", None, [("2022—2023年", "2022/2023")]),
        ("作为湖湘红色热土，今年3月以来，浏阳", DOC_2021, [("今年3月以来", "2021-03/2021-06")]),
        ("截至11月底,47项指标已提前完成", DOC_2021, [("截至11月底", "2021-11")]),
        ("1至11月，全市各级医院", DOC_2024, [("1至11月", "2024-01/2024-11")]),
        ("一名转业军官：2018年5月，刘义杰", None, [("2018年5月", "2018-05")]),
        ("2016年、2017年建成通车", None, [("2016年", "2016"), ("2017年", "2017")]),
        # Without a document date relative expressions are left out.
        ("今年，浏阳将新增停车位14500个", None, []),
        # Durations, ordinals and counts are not periods.
        ("总工期为18个月，提前20天", DOC_2024, []),
        ("第20年", DOC_2024, []),
        ("经过六年的探索", DOC_2024, []),
        ("一月一课一片一实践", DOC_2024, []),
    ],
)
def test_find_periods(
    text: str, doc_date: datetime.date | None, expected: list[tuple[str, str]]
) -> None:
    found = find_periods(text, doc_date)
    assert [(p.text, p.normalized) for p in found] == expected
    for p in found:
        assert isinstance(p, Period)
        assert text[p.start : p.end] == p.text


def test_offsets_survive_astral_characters_and_newlines() -> None:
    text = "𠀀😀\n2021年6月15日，\n今年"
    found = find_periods(text, DOC_2021)
    assert [(p.start, p.text, p.normalized) for p in found] == [
        (3, "2021年6月15日", "2021-06-15"),
        (15, "今年", "2021"),
    ]

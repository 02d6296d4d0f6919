"""The rules that turn a number-with-unit match down: years, ordinals, codes, idioms, names."""

from __future__ import annotations

import datetime
import re

from annotator.domain.quantities.numbers import CN_ALL, FULLWIDTH

# Characters that glue a number to a code or an identifier: G319, S20, 163.com, 0731-8975.
_CODE_BEFORE = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "0123456789０１２３４５６７８９.．@_/#-－"
)
# 第 before any number makes an ordinal (第3批, 第一所). Before a Chinese numeral these also
# make a date, a weekday or a vague amount (初七, 周三, 数十名, 几十), but "办件数9485件" counts.
_ORDINAL_BEFORE = frozenset("第")
_NOT_A_CN_COUNT_BEFORE = frozenset("初数几若周每礼拜星")
_OPEN_QUOTES = frozenset("“‘「『\"'")
_CLOSE_QUOTES = frozenset("”’」』\"'")
# Set phrases in which a numeral and a counter do not count anything.
_IDIOMS = ("三番五次", "三天两头", "四面八方", "三头六臂", "一五一十", "三三两两", "千家万户",
           "五湖四海", "七上八下", "九牛一毛", "三言两语", "一举两得")
_IDIOM_CHARS = frozenset("".join(_IDIOMS))


def _inside_title(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies inside a 《title》 (names are not quantities)."""
    lo = max(0, start - 80)
    opening = text.rfind("《", lo, start)
    if opening == -1 or text.rfind("》", opening, start) != -1:
        return False
    return text.find("》", end, end + 80) != -1


def _is_quoted_name(text: str, start: int, end: int) -> bool:
    """“八个一”, “两项补贴”: a short quoted string that starts with the number is a name."""
    if start == 0 or text[start - 1] not in _OPEN_QUOTES:
        return False
    window = text[end:end + 12]
    return any(ch in _CLOSE_QUOTES for ch in window)


def _in_idiom(text: str, start: int, end: int) -> bool:
    if text[start] not in _IDIOM_CHARS:
        return False
    around = text[max(0, start - 3):end + 3]
    return any(idiom in around for idiom in _IDIOMS)


def _is_year(m: re.Match[str], doc_date: datetime.date | None) -> bool:
    """A four-digit number before 年 is a year ("2023年", "2022—2023年"), not a duration."""
    token = m.group("lo_ar")
    if token is None or m.group("lo_sc"):
        return False
    digits = token.translate(FULLWIDTH)
    if not (len(digits) == 4 and digits.isdigit()):
        return False
    latest = (doc_date.year if doc_date else 2100) + 50
    return 1000 <= int(digits) <= latest


def accept(m: re.Match[str], text: str, doc_date: datetime.date | None) -> bool:
    """The rules that turn a number-with-unit match down (see the guidelines)."""
    start, end = m.span()
    prev = text[start - 1] if start else ""
    if prev in _CODE_BEFORE or prev in _ORDINAL_BEFORE:
        return False
    if prev in _NOT_A_CN_COUNT_BEFORE and (m.group("lo_cn") or m.group("lo_bare")):
        return False
    if prev == "前" and m.group("unit") in ("名", "位"):
        return False  # 前3名: a rank
    unit = m.group("unit")
    if unit == "年":
        if m.group("post") is None and m.group("suffix") is None and _is_year(m, doc_date):
            return False
        if prev == "近":
            return False  # 近三年: the last three years, a period
    if m.group("pop"):
        cn = m.group("lo_cn")
        if cn is not None and not (m.group("lo_cnsc") or "万" in cn or "亿" in cn):
            return False  # 高三学生, 初二学生: a grade, not a head count
    if m.group("lo_cn") is not None and not m.group("pct"):
        nxt = text[end:end + 1]
        if nxt and nxt in CN_ALL:
            return False  # "四位一体", "八个一": a slogan, not a count.
        if _in_idiom(text, start, end):
            return False
    return not (_is_quoted_name(text, start, end) or _inside_title(text, start, end))

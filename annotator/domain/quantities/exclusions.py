"""The rules that turn a number-with-unit match down: years, ordinals, codes, idioms, names."""

from __future__ import annotations

import datetime
import re

from annotator.domain.quantities.numbers import CN_ALL, FULLWIDTH
from annotator.domain.quantities.pattern import has_scale
from annotator.domain.quantities.units import FIXED_PHRASES, TIME_UNITS

# Characters that glue a number to a code or an identifier: G319, S20, 163.com, 0731-8975.
_CODE_BEFORE = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "0123456789０１２３４５６７８９.．·@_/#-－○"
)
# 第 before any number makes an ordinal (第3批, 第一所). Before a Chinese numeral these also
# make a date, a weekday or a vague amount (初七, 周三, 数十名, 几十), but "办件数9485件" counts.
_ORDINAL_BEFORE = frozenset("第")
_NOT_A_CN_COUNT_BEFORE = frozenset("初数几若周每礼拜星")
_OPEN_QUOTES = frozenset("“‘「『\"'")
_CLOSE_QUOTES = frozenset("”’」』\"'")
# A Chinese-numeral value right after another numeral is the tail of a digit string, mostly a
# year written in characters (一九五六年, 二○○五年), not a count.
_NUMERAL_BEFORE = frozenset(CN_ALL + "○")
# 提前, 超前: "ahead by", so the duration after them counts.
_AHEAD = frozenset("提超")
_PHRASES_BY_CHAR: dict[str, list[str]] = {}
for _phrase in FIXED_PHRASES:
    for _ch in set(_phrase):
        _PHRASES_BY_CHAR.setdefault(_ch, []).append(_phrase)


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
    window = text[end : end + 12]
    return any(ch in _CLOSE_QUOTES for ch in window)


def _in_fixed_phrase(text: str, start: int, end: int) -> bool:
    """Whether the mention lies inside a listed name or set phrase (五项原则, 三天两头)."""
    candidates = _PHRASES_BY_CHAR.get(text[start])
    if not candidates:
        return False
    lo = max(0, start - 8)
    window = text[lo : end + 8]
    for phrase in candidates:
        at = window.find(phrase)
        while at != -1:
            if lo + at <= start < lo + at + len(phrase):
                return True
            at = window.find(phrase, at + 1)
    return False


def _is_year(m: re.Match[str], doc_date: datetime.date | None) -> bool:
    """A four-digit number before 年 is a year ("2023年", "2022—2023年", "2050年左右"), not a
    duration, unless a bound makes it one: 2000余年, 1000年以上; and a year before 1900 with
    左右 is read as a duration ("1000年左右的历史")."""
    token = m.group("lo_ar")
    if token is None or m.group("lo_sc") or m.group("post") or m.group("unit_post"):
        return False
    digits = token.translate(FULLWIDTH)
    if not (len(digits) == 4 and digits.isdigit()):
        return False
    latest = (doc_date.year if doc_date else 2100) + 50
    suffix = m.group("suffix")
    if suffix in ("左右", "上下"):
        return 1900 <= int(digits) <= latest
    return suffix is None and 1000 <= int(digits) <= latest


def _is_list_number_before_year(m: re.Match[str]) -> bool:
    """ "10．1992年": a list number whose full stop looks like a decimal point, then a year."""
    token = m.group("lo_ar") or ""
    whole, point, fraction = token.replace("·", "．").partition("．")
    return bool(point) and len(fraction) == 4 and m.group("measure") == "年"


def _is_session_ordinal(text: str, start: int, end: int, unit: str | None) -> bool:
    """八届五次会议, 十次全会: the N-th session of a congress, not N sessions."""
    if unit != "次":
        return False
    following = text[end : end + 4]
    if following.startswith(("全会", "全体会议")):
        return True
    return following.startswith(("会议", "大会")) and "届" in text[max(0, start - 8) : start]


def _has_unit(m: re.Match[str]) -> bool:
    return bool(
        m.group("unit") or m.group("pop") or m.group("pct") or m.group("frac") or m.group("slash")
    )


def accept(m: re.Match[str], text: str, doc_date: datetime.date | None) -> bool:
    """The rules that turn a number match down (see the guidelines)."""
    start, end = m.span()
    prev = text[start - 1] if start else ""
    if prev in _CODE_BEFORE or prev in _ORDINAL_BEFORE:
        return False
    if not _has_unit(m) and not (has_scale(m, "lo") or (m.group("sep") and has_scale(m, "hi"))):
        return False  # a number without unit counts only with 万 or 亿 (650万, 近10亿观众)
    chinese = m.group("lo_cn") or m.group("lo_bare") or m.group("lo_pair")
    if chinese and (prev in _NOT_A_CN_COUNT_BEFORE or prev in _NUMERAL_BEFORE):
        return False
    unit = m.group("measure") or m.group("unit")
    if (
        prev == "前"
        and (unit in ("名", "位") or unit in TIME_UNITS)
        and text[start - 2 : start - 1] not in _AHEAD
    ):
        return False  # 前3名: a rank; 前6个月, 前十年: a period (but 提前20天 is a duration)
    if unit == "年":
        if _is_year(m, doc_date) or _is_list_number_before_year(m):
            return False
        if prev == "近":
            return False  # 近三年: the last three years, a period
    if m.group("pop"):
        cn = m.group("lo_cn")
        if cn is not None and not (m.group("lo_cnsc") or "万" in cn or "亿" in cn):
            return False  # 高三学生, 初二学生: a grade, not a head count
    if chinese and not m.group("pct"):
        nxt = text[end : end + 1]
        if nxt and nxt in CN_ALL:
            return False  # "四位一体", "八个一": a slogan, not a count.
    if _is_session_ordinal(text, start, end, unit) or _in_fixed_phrase(text, start, end):
        return False
    return not (_is_quoted_name(text, start, end) or _inside_title(text, start, end))

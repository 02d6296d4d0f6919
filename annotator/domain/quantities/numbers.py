"""Written numbers: Arabic and Chinese numerals, scale words, pairs, fractions, decimal values."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from annotator.domain.chinese_digits import CN_DIGIT_VALUES

# Full-width digits, and the decimal points of scraped and typeset news (．, ·), made ASCII.
FULLWIDTH = str.maketrans("０１２３４５６７８９．·", "0123456789..")
CN_DIGITS = "零〇一二两三四五六七八九"
CN_ALL = CN_DIGITS + "十百千万亿"
SCALES: dict[str, int] = {
    "十": 10,
    "百": 100,
    "千": 1000,
    "万": 10_000,
    "十万": 100_000,
    "百万": 1_000_000,
    "千万": 10_000_000,
    "亿": 100_000_000,
    "十亿": 10**9,
    "百亿": 10**10,
    "千亿": 10**11,
    "万亿": 10**12,
    "个亿": 100_000_000,
}

_DIGIT = "[0-9０-９]"
# Arabic digits, half- or full-width, with optional thousands commas and a decimal part whose
# point may be written . ． or · ("1·16亿").
AR = rf"{_DIGIT}+(?:,{_DIGIT}{{3}}(?!{_DIGIT}))*(?:[.．·]{_DIGIT}+)?"
# A Chinese numeral with at least one digit or 十 ("两", "十八", "三千五百", "二十三"), and an
# optional decimal part after 点 ("八点五"); a lone 一 is an article far more often than a count
# (一批, 一次, 一名) and is never read as one.
CN = (
    rf"(?!一(?![{CN_ALL}点]))[{CN_ALL}]*[{CN_DIGITS}十][{CN_ALL}]*"
    rf"(?:点[{CN_DIGITS}]+)?"
)
# An approximate pair of neighbouring digits: 五六, 两三, 一两, 十五六 (15–16), 二十七八,
# 三四十 (30–40), 五六万 (50000–60000); and 三五 (three to five).
_PAIRS = "一两|两三|二三|三四|三五|四五|五六|六七|七八|八九"
PAIR = rf"(?:[二三四五六七八九]?十(?:一二|{_PAIRS})|(?:{_PAIRS})[十百千]?)[万亿]?"
# A scale word after digits; 千 before 米/克/瓦/伏 … is part of the unit (5千米 is 5 km);
# 2个亿 is colloquial for 2亿.
SCALE = r"(?:[十百千]亿|[千百](?![米克瓦卡分伏焦赫帕])万?|十万|万亿?|个?亿)"
# 余/多 (over) or 来 (about) between a number and its scale word or unit: 2800余万, 30来人.
APPROX_INFIX = "[余多来]"


def to_number(value: Decimal) -> int | float:
    """Integral values become ints (14000, not 14000.0)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@lru_cache(maxsize=4096)
def cn_value(token: str) -> Decimal | None:
    """A Chinese numeral through cn2an (strict mode, so digit strings like 一二三 are refused)."""
    if token in SCALES:
        return Decimal(SCALES[token])
    import cn2an  # imported on first use: it costs about 0.1 s, a tenth of the window's start

    normalised = token.replace("两", "二").replace("〇", "零")
    try:
        value = cn2an.cn2an(normalised, "strict")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return Decimal(str(value))


def ar_value(token: str) -> Decimal | None:
    try:
        return Decimal(token.translate(FULLWIDTH).replace(",", ""))
    except InvalidOperation:
        return None


def bare_value(token: str) -> Decimal:
    """A scale word standing alone as a number: 百 (in 近百名), 百余万, 千亿."""
    return Decimal(SCALES[token.replace("余", "").replace("多", "")])


def pair_values(token: str) -> tuple[Decimal, Decimal]:
    """Low and high end of an approximate pair: 五六万 → 50000, 60000; 十五六 → 15, 16."""
    scale = 1
    if token[-1] in "万亿":
        scale, token = SCALES[token[-1]], token[:-1]
    multiplier = 1
    if token[-1] in "十百千":
        multiplier, token = SCALES[token[-1]], token[:-1]
    base = 0
    if len(token) > 2:  # 十五六, 二十七八: the pair is the units digit
        tens = token[:-2]
        base = 10 * (CN_DIGIT_VALUES[tens[0]] if len(tens) == 2 else 1)
        token = token[-2:]
    low, high = (Decimal((base + CN_DIGIT_VALUES[ch] * multiplier) * scale) for ch in token)
    return low, high


def fraction_percent(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """三分之一 is a share: its number is in percent (33.33…), like 百分之八十 (80)."""
    if denominator == 0:
        return None
    return numerator * 100 / denominator


def numeral_value(token: str) -> Decimal | None:
    """An Arabic or Chinese numeral without scale word."""
    if token[0] in "0123456789０１２３４５６７８９":
        return ar_value(token)
    return cn_value(token)


_PARSE = re.compile(
    rf"(?P<pct>百分之|千分之)?(?:(?P<ar>{AR})|(?P<cn>[{CN_ALL}]+(?:点[{CN_DIGITS}]+)?))"
    rf"[余多]?(?P<sc>{SCALE})?[余多]?"
)
# A fraction's numerator may be a lone 一 (三分之一): after 分之 it is never an article.
FRACTION_PART = rf"(?:{AR}|[{CN_ALL}]+(?:点[{CN_DIGITS}]+)?)"
_PARSE_FRACTION = re.compile(rf"(?P<den>{FRACTION_PART})分之(?P<num>{FRACTION_PART})")


def parse_number(text: str) -> int | float | None:
    """The decimal value of a written number: "14000", "20.26万", "两", "十八", "三千五百",
    "1.76亿", "2800余万", "八点五万", "百分之八十" (→ 80), "三分之一" (→ 33.33…, percent).
    None when `text` is not a number."""
    text = text.strip()
    fraction = _PARSE_FRACTION.fullmatch(text)
    if fraction is not None and not text.startswith(("百分之", "千分之")):
        den, num = numeral_value(fraction.group("den")), numeral_value(fraction.group("num"))
        share = fraction_percent(num, den) if den is not None and num is not None else None
        return None if share is None else to_number(share)
    m = _PARSE.fullmatch(text)
    if m is None:
        return None
    ar = m.group("ar")
    value = ar_value(ar) if ar is not None else cn_value(m.group("cn"))
    if value is None:
        return None
    if m.group("sc"):
        value *= SCALES[m.group("sc")]
    # 百分之八十 is 80 (%), 千分之五 is 5 (‰): the unit is implied, the number stays as written.
    return to_number(value)

"""Written numbers: Arabic and Chinese numerals, scale words, and their decimal values."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
CN_DIGITS = "零〇一二两三四五六七八九"
CN_ALL = CN_DIGITS + "十百千万亿"
SCALES: dict[str, int] = {
    "十": 10, "百": 100, "千": 1000, "万": 10_000, "十万": 100_000, "百万": 1_000_000,
    "千万": 10_000_000, "亿": 100_000_000, "万亿": 10**12,
}

# Arabic digits, half- or full-width, with optional thousands commas and a decimal part.
AR = r"[0-9０-９]+(?:,[0-9]{3}(?![0-9]))*(?:[.．][0-9０-９]+)?"
# A Chinese numeral with at least one digit or 十 ("两", "十八", "三千五百", "二十三"); a lone 一
# is an article far more often than a count (一批, 一次, 一名) and is never read as one.
CN = (
    rf"(?!一(?![{CN_ALL}点]))[{CN_ALL}]*[{CN_DIGITS}十][{CN_ALL}]*"
    rf"(?:点[{CN_DIGITS}]+)?"
)
# A scale word after digits; 千 before 米/克/瓦 is part of the unit (5千米 is 5 km).
SCALE = r"(?:[千百](?![米克瓦卡分])万?|十万|万亿?|亿)"
APPROX_INFIX = "[余多]"


def to_number(value: Decimal) -> int | float:
    """Integral values become ints (14000, not 14000.0)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@lru_cache(maxsize=4096)
def cn_value(token: str) -> Decimal | None:
    """A Chinese numeral through cn2an (strict mode, so digit strings like 一二三 are refused)."""
    if token in ("百", "千", "万", "亿"):
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


_PARSE = re.compile(
    rf"(?P<pct>百分之|千分之)?(?:(?P<ar>{AR})|(?P<cn>[{CN_ALL}]+(?:点[{CN_DIGITS}]+)?))"
    rf"[余多]?(?P<sc>{SCALE})?[余多]?"
)


def parse_number(text: str) -> int | float | None:
    """The decimal value of a written number: "14000", "20.26万", "两", "十八", "三千五百",
    "1.76亿", "2800余万", "百分之八十" (→ 80). None when `text` is not a number."""
    m = _PARSE.fullmatch(text.strip())
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

"""Date and period expressions in Chinese news text, normalised to ISO 8601 values or intervals."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from annotator.domain.chinese_digits import CN_DIGIT_VALUES

__all__ = ["Period", "find_periods", "normalise_period"]


@dataclass(frozen=True, slots=True)
class Period:
    """A time expression: its span and its ISO value ("2023", "2023-01/2023-11", "2021-06-15")."""

    start: int
    end: int
    text: str
    normalized: str


# --- building blocks -------------------------------------------------------------------------

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

_D = "[0-9０-９]"
_CN_Y = "[〇零一二三四五六七八九]"
# A four-digit year not glued to other digits or a decimal point ("12023", "1.2023").
_YEAR = rf"(?:(?<![0-9０-９.．]){_D}{{4}}(?![0-9０-９])|{_CN_Y}{{4}})"
_MON = r"(?:[1１][0-2０-２]|[0０]?[1-9１-９]|十[一二]?|[一二三四五六七八九])"
_DAY = (
    r"(?:[3３][01０１]|[12１２][0-9０-９]|[0０]?[1-9１-９]"
    r"|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
)
# Arabic-only month for expressions without a year: Chinese "一月" alone is too often a slogan
# ("一月一课一片一实践").
_MON_AR = r"(?:[1１][0-2０-２]|[0０]?[1-9１-９])"
_SEP = r"\s*[—–\-－~～至到]\s*"
_POS = r"(?:初|底|末|中旬|上旬|下旬)"
_REL = r"(?:今年|去年|明年|前年|本年|上年)"

_PATTERN = re.compile(
    rf"""
    (?P<asof>截[至止]到?)?
    (?:
        (?P<rel>{_REL})
        (?:
            (?P<rel_half>上半年|下半年)
          | (?P<rel_m>{_MON})月份?(?:(?P<rel_d>{_DAY})[日号])?(?P<rel_pos>{_POS})?
          | 年?(?P<rel_edge>初|底|末)
        )?
        (?P<rel_since>以来|来(?![说自看到])|起)?
      | (?P<now>目前|当前)
      | 近(?P<near>[二三四五六七八九十两]|[1-9１-９][0-9０-９]?)年(?:来|以来)?
      | 上世纪(?P<decade>[1-9１-９]0|[二三四五六七八九]十)年代
      | (?P<yr1>{_YEAR})年?{_SEP}(?P<yr2>{_YEAR})年度?(?!级)
      | (?P<dr_y>{_YEAR})年(?P<dr_m>{_MON})月(?P<dr_d>{_DAY})[日号]{_SEP}
            (?:(?P<dr_y2>{_YEAR})年)?(?:(?P<dr_m2>{_MON})月)?(?P<dr_d2>{_DAY})[日号]
      | (?P<mr_y>{_YEAR})年(?P<mr_m1>{_MON})月?{_SEP}(?:(?P<mr_y2>{_YEAR})年)?(?P<mr_m2>{_MON})月份?
      | (?P<d_y>{_YEAR})年(?P<d_m>{_MON})月(?P<d_d>{_DAY})[日号]
      | (?P<ym_y>{_YEAR})年(?P<ym_m>{_MON})月份?(?P<ym_pos>{_POS})?(?P<ym_since>以来|起)?
      | (?P<y_y>{_YEAR})年(?P<y_edge>度|底|初|末)?(?P<y_since>以来|起)?(?![级代])
      | (?<![0-9０-９.．个第])(?P<m_m1>{_MON_AR}){_SEP}(?P<m_m2>{_MON_AR})月份?
      | (?<![0-9０-９.．个第])(?P<md_m>{_MON_AR})月(?P<md_d>{_DAY})[日号]
      | (?<![0-9０-９.．个第])(?P<mo_m>{_MON_AR})月份?(?P<mo_pos>{_POS})?(?P<mo_since>以来)?
    )
    """,
    re.VERBOSE,
)


def _int(token: str) -> int:
    """An Arabic or Chinese number of at most four digits ("2023", "二〇二三", "十一", "二十四")."""
    token = token.translate(_FULLWIDTH_DIGITS)
    if token.isdigit():
        return int(token)
    if "十" in token:
        tens, _, units = token.partition("十")
        return (CN_DIGIT_VALUES[tens] if tens else 1) * 10 + (
            CN_DIGIT_VALUES[units] if units else 0
        )
    value = 0
    for ch in token:
        value = value * 10 + CN_DIGIT_VALUES[ch]
    return value


def _y(year: int) -> str | None:
    return f"{year:04d}" if 1900 <= year <= 2100 else None


def _ym(year: int, month: int) -> str | None:
    if _y(year) is None or not 1 <= month <= 12:
        return None
    return f"{year:04d}-{month:02d}"


def _ymd(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat() if _y(year) else None
    except ValueError:
        return None


def _interval(first: str | None, last: str | None) -> str | None:
    """`first/last`, or one value when both are the same; None when either is missing."""
    if first is None or last is None:
        return None
    return first if first == last else f"{first}/{last}"


def _doc_at(doc_date: datetime.date, like: str) -> str:
    """The document date at the precision of `like` (year, month or day), for "... 以来"."""
    if len(like) == 4:
        return f"{doc_date.year:04d}"
    if len(like) == 7:
        return f"{doc_date.year:04d}-{doc_date.month:02d}"
    return doc_date.isoformat()


def _since(start: str | None, doc_date: datetime.date | None) -> str | None:
    """ "X以来": from X up to the document date, at X's precision."""
    if start is None or doc_date is None:
        return None
    return _interval(start, _doc_at(doc_date, start))


def _half(year: int, which: str) -> str | None:
    first, last = (1, 6) if which == "上半年" else (7, 12)
    return _interval(_ym(year, first), _ym(year, last))


_REL_OFFSET = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}


def _normalise_match(m: re.Match[str], doc_date: datetime.date | None) -> str | None:
    """The ISO value of one match of `_PATTERN`, or None when it cannot be resolved."""
    g = m.group
    year = doc_date.year if doc_date else None
    if g("rel"):
        if doc_date is None or year is None:
            return None
        ry = year + _REL_OFFSET[g("rel")]
        if g("rel_half"):
            value = _half(ry, g("rel_half"))
        elif g("rel_m"):
            month = _int(g("rel_m"))
            value = _ymd(ry, month, _int(g("rel_d"))) if g("rel_d") else _ym(ry, month)
        elif g("rel_edge"):
            value = _ym(ry, 1 if g("rel_edge") == "初" else 12)
        else:
            value = _y(ry)
        return _since(value, doc_date) if g("rel_since") else value
    if g("now"):
        # "目前" alone is not a period; "截至目前" is the document date.
        return doc_date.isoformat() if g("asof") and doc_date else None
    if g("near"):
        span = _int(g("near"))
        if year is None or span < 2:
            return None
        return _interval(_y(year - span + 1), _y(year))
    if g("decade"):
        decade = 1900 + _int(g("decade"))
        return f"{decade}/{decade + 9}"
    if g("yr1"):
        first, last = _int(g("yr1")), _int(g("yr2"))
        return _interval(_y(first), _y(last)) if first < last else None
    if g("dr_y"):
        y1, m1 = _int(g("dr_y")), _int(g("dr_m"))
        y2 = _int(g("dr_y2")) if g("dr_y2") else y1
        m2 = _int(g("dr_m2")) if g("dr_m2") else m1
        return _interval(_ymd(y1, m1, _int(g("dr_d"))), _ymd(y2, m2, _int(g("dr_d2"))))
    if g("mr_y"):
        y1 = _int(g("mr_y"))
        y2 = _int(g("mr_y2")) if g("mr_y2") else y1
        return _interval(_ym(y1, _int(g("mr_m1"))), _ym(y2, _int(g("mr_m2"))))
    if g("d_y"):
        return _ymd(_int(g("d_y")), _int(g("d_m")), _int(g("d_d")))
    if g("ym_y"):
        value = _ym(_int(g("ym_y")), _int(g("ym_m")))
        return _since(value, doc_date) if g("ym_since") else value
    if g("y_y"):
        y = _int(g("y_y"))
        edge = g("y_edge")
        value = _ym(y, 1 if edge == "初" else 12) if edge in ("初", "底", "末") else _y(y)
        return _since(value, doc_date) if g("y_since") else value
    # The remaining forms carry no year: the document's year is assumed.
    if year is None:
        return None
    if g("m_m1"):
        m1, m2 = _int(g("m_m1")), _int(g("m_m2"))
        return _interval(_ym(year, m1), _ym(year, m2)) if m1 < m2 else None
    if g("md_m"):
        return _ymd(year, _int(g("md_m")), _int(g("md_d")))
    if g("mo_m"):
        value = _ym(year, _int(g("mo_m")))
        return _since(value, doc_date) if g("mo_since") else value
    return None


def _iter_periods(
    text: str, doc_date: datetime.date | None
) -> list[tuple[re.Match[str], str | None]]:
    return [(m, _normalise_match(m, doc_date)) for m in _PATTERN.finditer(text)]


def find_periods(text: str, doc_date: datetime.date | None = None) -> list[Period]:
    """Every date or period expression that resolves to an ISO value, in text order.

    Expressions that need the document date (今年, 12月15日, 1至11月) are left out when
    `doc_date` is None, as are impossible dates.
    """
    found: list[Period] = []
    for m, value in _iter_periods(text, doc_date):
        if value is not None:
            found.append(Period(m.start(), m.end(), m.group(), value))
    return found


def period_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of everything that looks like a date or period, resolvable or not."""
    return [
        (m.start(), m.end())
        for m in _PATTERN.finditer(text)
        if not m.group("now") or m.group("asof")
    ]


def normalise_period(expr: str, doc_date: datetime.date | None = None) -> str | None:
    """The ISO value of a whole time expression ("2022—2023年" → "2022/2023"), else None."""
    stripped = expr.strip()
    m = _PATTERN.fullmatch(stripped)
    if m is None:
        return None
    return _normalise_match(m, doc_date)

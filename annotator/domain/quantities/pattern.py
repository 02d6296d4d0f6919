"""The regex of a quantity mention (number, range, unit) and the values read off its groups."""

from __future__ import annotations

import re
from decimal import Decimal

from annotator.domain.quantities.numbers import (
    APPROX_INFIX,
    AR,
    CN,
    CN_ALL,
    CN_DIGITS,
    FRACTION_PART,
    PAIR,
    SCALE,
    SCALES,
    ar_value,
    bare_value,
    cn_value,
    pair_values,
)
from annotator.domain.quantities.units import COUNTER_RE, MEASURE_RE, POP_RE, RATE_RE, UNIT_RE


def _value(tag: str) -> str:
    """A number with its optional approximation infix and scale ("2800余万", "20.26万", "两")."""
    return (
        rf"(?P<{tag}>"
        # 2亿5000万: two scale words in one number.
        rf"(?P<{tag}_mix>[0-9０-９]+亿[0-9０-９]{{1,4}}万)"
        rf"|(?P<{tag}_pair>{PAIR})"
        rf"|(?P<{tag}_ar>{AR})(?:{APPROX_INFIX}(?={SCALE}))?(?P<{tag}_sc>{SCALE})?"
        rf"|(?P<{tag}_cn>{CN})(?:{APPROX_INFIX}(?=[万亿]))?(?P<{tag}_cnsc>[万亿])?"
        # A bare scale word counts with 余/多 after it, another scale word after it (百万元,
        # 百余万), or after a bound word: "万余户", "百余名", "近百名", "上千人", "不足百人"
        # (not 千亩水稻, 万元鱼苗, 千家万户).
        rf"|(?P<{tag}_bare>[百千][余多]?[万亿]|[百千万](?=[余多])"
        rf"|(?:(?<=[近上逾超约达])|(?<=不足)|(?<=不到)|(?<=超过))[百千万])"
        r")"
    )


_RANGE_SEP = r"(?:—{1,2}|[–\-－~～〜]|至|到)"
# 上下 is "about" unless it starts a word (上下班, 上下游, 上下级).
_SUFFIX = r"左右|上下(?![班游级文车楼载半来去午功])|以上|以下|以内|之内|之多|有余|开外|出头"

QUANTITY = re.compile(
    rf"""
    # Every mention starts with a digit or a numeral: one test per position fails fast.
    (?=[0-9０-９{CN_ALL}])
    (?:
        (?P<pct>(?P<pct_kind>百分之|千分之)
            (?P<pct_num>[{CN_DIGITS}十百]+(?:点[{CN_DIGITS}]+)?|{AR}))
      |
        (?P<frac>(?P<frac_den>{FRACTION_PART})分之(?P<frac_num>{FRACTION_PART}))
      |
        # 1／4, 1/3: a share; not 1/4决赛 (a round), 6/7/2023 (a date), 24/7.
        (?P<slash>(?P<slash_num>[0-9０-９]{{1,2}})[/／](?P<slash_den>[0-9０-９]{{1,3}}))
        (?![0-9０-９/／.．]|决赛|赛)
      |
        {_value("lo")}
        (?:
            (?P<lo_unit>{UNIT_RE})?
            (?P<sep>{_RANGE_SEP})
            {_value("hi")}
        )?
        (?P<post>{APPROX_INFIX})?
        (?:
            (?P<unit>
                (?P<measure>{MEASURE_RE})
                (?P<unit_post>[余多](?![余少元数种样次项方名个年]))?
              | {COUNTER_RE}
            )
            (?P<rate>(?:/|每)(?:{RATE_RE}))?
          | (?P<pop>{POP_RE})
        )?
    )
    (?P<suffix>{_SUFFIX})?
    """,
    re.VERBOSE,
)


def match_value(m: re.Match[str], tag: str) -> tuple[Decimal | None, bool]:
    """The value of the `tag` number of a match, and whether it carried a scale word."""
    ar = m.group(f"{tag}_ar")
    if ar is not None:
        value = ar_value(ar)
        scale = m.group(f"{tag}_sc")
        if value is not None and scale:
            return value * SCALES[scale], True
        return value, False
    cn = m.group(f"{tag}_cn")
    if cn is not None:
        value = cn_value(cn)
        scale = m.group(f"{tag}_cnsc")
        if value is not None and scale:
            return value * SCALES[scale], True
        return value, any(ch in "万亿" for ch in cn)
    mix = m.group(f"{tag}_mix")
    if mix is not None:
        high, _, low = mix.rstrip("万").partition("亿")
        hi_value, lo_value = ar_value(high), ar_value(low)
        if hi_value is None or lo_value is None:
            return None, True
        return hi_value * SCALES["亿"] + lo_value * SCALES["万"], True
    pair = m.group(f"{tag}_pair")
    if pair is not None:
        return pair_values(pair)[0], pair[-1] in "万亿"
    return bare_value(m.group(f"{tag}_bare")), True


def has_scale(m: re.Match[str], tag: str) -> bool:
    """Whether the `tag` number was written with 万 or 亿 (650万, 三十万, 五六万, 2亿5000万)."""
    if m.group(f"{tag}_sc") or m.group(f"{tag}_cnsc") or m.group(f"{tag}_mix"):
        return any(ch in "万亿" for ch in m.group(tag))
    written = m.group(f"{tag}_cn") or m.group(f"{tag}_pair")
    return written is not None and any(ch in "万亿" for ch in written)

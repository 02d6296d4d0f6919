"""The regex of a quantity mention (number, range, unit) and the values read off its groups."""

from __future__ import annotations

import re
from decimal import Decimal

from annotator.domain.quantities.numbers import (
    APPROX_INFIX,
    AR,
    CN,
    CN_DIGITS,
    SCALE,
    SCALES,
    ar_value,
    cn_value,
)
from annotator.domain.quantities.units import POP_RE, RATE_RE, UNIT_RE


def _value(tag: str) -> str:
    """A number with its optional approximation infix and scale ("2800余万", "20.26万", "两")."""
    return (
        rf"(?P<{tag}>"
        rf"(?P<{tag}_ar>{AR})(?:{APPROX_INFIX}(?={SCALE}))?(?P<{tag}_sc>{SCALE})?"
        rf"|(?P<{tag}_cn>{CN})(?:{APPROX_INFIX}(?=[万亿]))?(?P<{tag}_cnsc>[万亿])?"
        # A bare scale word counts only with 余/多 or after 近/上/逾/超: "万余户", "百余名",
        # "近百名", "上千人" (not 千亩水稻, 万元鱼苗, 千家万户).
        rf"|(?P<{tag}_bare>[百千万](?=[余多])|(?<=[近上逾超])[百千万])"
        r")"
    )


_RANGE_SEP = r"(?:[—–\-－~～〜]|至|到)"

QUANTITY = re.compile(
    rf"""
    (?:
        (?P<pct>(?P<pct_kind>百分之|千分之)
            (?P<pct_num>[{CN_DIGITS}十百]+(?:点[{CN_DIGITS}]+)?|{AR}))
      |
        {_value("lo")}
        (?:
            (?P<lo_unit>{UNIT_RE})?
            (?P<sep>{_RANGE_SEP})
            {_value("hi")}
        )?
        (?P<post>{APPROX_INFIX})?
        (?:
            (?P<unit>{UNIT_RE})(?P<rate>(?:/|每)(?:{RATE_RE}))?
          | (?P<pop>{POP_RE})
        )
    )
    (?P<suffix>左右|以上|以下|以内|之多|有余|开外)?
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
    bare = m.group(f"{tag}_bare")
    return Decimal(SCALES[bare]), True

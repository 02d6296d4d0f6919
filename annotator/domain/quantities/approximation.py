"""Approximation words around a quantity (约, 逾, 余, 以上, 左右) and the approximation they mean."""

from __future__ import annotations

import re

from annotator.domain.metrics import Approx

# Approximation words written before the number, longest first. 多达, 高达 and 长达 ("as many
# as") stress that the amount is large: they bound it from below, like 超过.
_PREFIXES: tuple[tuple[str, Approx], ...] = (
    ("没有超过", Approx.UNDER),
    ("不超过", Approx.UNDER),
    ("未超过", Approx.UNDER),
    ("不少于", Approx.OVER),
    ("不低于", Approx.OVER),
    ("差不多", Approx.ABOUT),
    ("将近", Approx.ABOUT),
    ("接近", Approx.ABOUT),
    ("大约", Approx.ABOUT),
    ("大概", Approx.ABOUT),
    ("约合", Approx.ABOUT),
    ("约为", Approx.ABOUT),
    ("约有", Approx.ABOUT),
    ("约达", Approx.ABOUT),
    ("超过", Approx.OVER),
    ("超出", Approx.OVER),
    ("至少", Approx.OVER),
    ("多达", Approx.OVER),
    ("高达", Approx.OVER),
    ("长达", Approx.OVER),
    ("不下", Approx.OVER),
    ("不止", Approx.OVER),
    ("最多", Approx.UNDER),
    ("至多", Approx.UNDER),
    ("不到", Approx.UNDER),
    ("不足", Approx.UNDER),
    ("不满", Approx.UNDER),
    ("不及", Approx.UNDER),
    ("约", Approx.ABOUT),
    ("近", Approx.ABOUT),
    ("逾", Approx.OVER),
    ("超", Approx.OVER),
)
# Looked up by the character just before the number, longest word first.
_PREFIXES_BY_LAST_CHAR: dict[str, list[tuple[str, Approx]]] = {}
for _word, _approx in _PREFIXES:
    _PREFIXES_BY_LAST_CHAR.setdefault(_word[-1], []).append((_word, _approx))
_SUFFIXES: dict[str, Approx] = {
    "左右": Approx.ABOUT,
    "上下": Approx.ABOUT,
    "以上": Approx.OVER,
    "以下": Approx.UNDER,
    "以内": Approx.UNDER,
    "之内": Approx.UNDER,
    "之多": Approx.OVER,
    "有余": Approx.OVER,
    "开外": Approx.OVER,
    "出头": Approx.OVER,
}


def approx_before(text: str, start: int) -> tuple[int, Approx | None]:
    """An approximation word just before the number: its start and meaning."""
    candidates = _PREFIXES_BY_LAST_CHAR.get(text[start - 1]) if start else None
    if not candidates:
        return start, None
    for word, approx in candidates:
        i = start - len(word)
        if i >= 0 and text.startswith(word, i):
            if word == "近" and i > 0 and text[i - 1] in "最附将接":
                continue
            return i, approx
    return start, None


def approx_of(m: re.Match[str], prefix: Approx | None) -> Approx:
    """A range wins; then an explicit bound (逾, 余, 以上 / 不到, 以下); then about (约, 左右)."""
    if m.group("sep") or m.group("lo_pair"):
        return Approx.RANGE
    words = [prefix] if prefix is not None else []
    if m.group("lo") is not None:
        infixes = m.group("lo") + (m.group("post") or "") + (m.group("unit_post") or "")
        if "余" in infixes or "多" in infixes or (m.group("unit") and "多" in m.group("unit")):
            words.append(Approx.OVER)
        if m.group("post") == "来":
            words.append(Approx.ABOUT)  # 30来人: thirty or so
    if m.group("suffix"):
        words.append(_SUFFIXES[m.group("suffix")])
    for word in words:
        if word in (Approx.OVER, Approx.UNDER):
            return word
    return Approx.ABOUT if words else Approx.EXACT

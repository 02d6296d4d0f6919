"""The value of each Chinese digit, as dates (二〇二三年) and quantities (五六万) write them."""

from __future__ import annotations

CN_DIGIT_VALUES: dict[str, int] = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

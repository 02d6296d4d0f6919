"""The text font: CJK faces first, at the size the user chose."""

from __future__ import annotations

from PySide6.QtGui import QFont

# Families tried in order; Qt falls back per glyph, so Latin text keeps a Latin face.
CJK_FAMILIES = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "Sans Serif",
]


def text_font(point_size: int) -> QFont:
    font = QFont()
    font.setFamilies(CJK_FAMILIES)
    font.setPointSize(point_size)
    return font

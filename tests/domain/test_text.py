"""Offsets between code points and UTF-16 units, newline normalisation, hashing."""

import pytest

from annotator.domain.text import Utf16Offsets, normalise_newlines, text_sha256, utf16_len


@pytest.mark.parametrize(
    ("text", "cp", "u16"),
    [
        ("浏阳市", 3, 3),
        ("𠀀浏阳市", 1, 2),
        ("𠀀浏阳市", 4, 5),
        ("a😀b😀c", 2, 3),
        ("a😀b😀c", 4, 6),
        ("a😀b😀c", 5, 7),
        ("", 0, 0),
    ],
)
def test_code_point_and_utf16_offsets_convert_both_ways_around_non_bmp(text, cp, u16):
    offsets = Utf16Offsets(text)
    assert offsets.to_utf16(cp) == u16
    assert offsets.to_code_point(u16) == cp


def test_span_after_non_bmp_char_maps_to_the_same_text_in_utf16():
    text = "𠀀浏阳市住建局新增😀停车位"
    offsets = Utf16Offsets(text)
    encoded = text.encode("utf-16-le")
    for start, end in [(1, 4), (1, 7), (9, 12), (0, len(text))]:
        u_start, u_end = offsets.to_utf16(start), offsets.to_utf16(end)
        assert encoded[2 * u_start : 2 * u_end].decode("utf-16-le") == text[start:end]
    assert utf16_len(text) == len(encoded) // 2


def test_utf16_offset_inside_a_surrogate_pair_is_refused():
    with pytest.raises(ValueError, match="surrogate"):
        Utf16Offsets("a𠀀b").to_code_point(2)


@pytest.mark.parametrize("bad", [-1, 5])
def test_offset_outside_the_text_is_refused(bad):
    with pytest.raises(ValueError, match="outside"):
        Utf16Offsets("浏阳市住").to_utf16(bad)


def test_newlines_are_normalised_and_nothing_else_changes():
    assert normalise_newlines("相\r\n关负责人\r  <b>&amp;\n") == "相\n关负责人\n  <b>&amp;\n"


def test_hash_is_of_utf8_bytes():
    assert text_sha256("浏阳") == "af805669b629bebcfab0449e74d86b8fabcb5d94c42ae9b4e5039ce960f72473"


def test_the_converter_of_a_bmp_only_text_agrees_with_the_indexed_one_and_refuses_the_same():
    from annotator.domain.text import BmpOffsets, utf16_offsets

    text = "浏阳市住建局"
    fast, indexed = utf16_offsets(text), Utf16Offsets(text)
    assert isinstance(fast, BmpOffsets) and isinstance(utf16_offsets("a𠀀b"), Utf16Offsets)
    assert [fast.to_utf16(i) for i in range(7)] == [indexed.to_utf16(i) for i in range(7)]
    assert [fast.to_code_point(i) for i in range(7)] == [indexed.to_code_point(i) for i in range(7)]
    for bad in (-1, 7):
        with pytest.raises(ValueError):
            fast.to_utf16(bad)
        with pytest.raises(ValueError):
            fast.to_code_point(bad)

"""Paragraphs that repeat an earlier one, found in the text alone."""

from annotator.domain.repeats import repeated_paragraphs


def test_a_paragraph_seen_before_is_found_where_it_repeats_without_its_blanks():
    paragraph = "浏阳市新增停车位14000个。"
    text = f"{paragraph}\n记者 李明\n  {paragraph} \n记者 李明\n"
    start = text.index(paragraph, 1)
    assert repeated_paragraphs(text) == [(start, start + len(paragraph))]  # short lines repeat

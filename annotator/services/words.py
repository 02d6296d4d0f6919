"""Chinese words: what a double-click selects. LAC when the `ner` extra is installed (it also
reads times and names as one word: 2023年, 浏阳市), jieba otherwise.

Only the paragraph clicked in is segmented, so a click costs the same in a long document.
"""

from __future__ import annotations

import logging
from functools import lru_cache


def segmenter_name() -> str:
    from annotator.services.recommenders import lac

    return "lac" if lac.is_installed() else "jieba"


@lru_cache(maxsize=256)
def _words(paragraph: str, segmenter: str) -> tuple[str, ...]:
    if segmenter == "lac":
        from annotator.services.recommenders.lac import analyse

        words = tuple(word for word, _tag in analyse(paragraph))
        if "".join(words) == paragraph:
            return words
    import jieba

    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not for users
    return tuple(jieba.cut(paragraph, HMM=True))


def word_at(text: str, cp: int, segmenter: str | None = None) -> tuple[int, int] | None:
    """The (start, end) code points of the word at `cp`; None outside the text or on a newline."""
    if not 0 <= cp < len(text) or text[cp] == "\n":
        return None
    start = text.rfind("\n", 0, cp) + 1
    end = text.find("\n", cp)
    end = len(text) if end < 0 else end
    position = start
    for word in _words(text[start:end], segmenter or segmenter_name()):
        if position <= cp < position + len(word):
            return position, position + len(word)
        position += len(word)
    return cp, cp + 1

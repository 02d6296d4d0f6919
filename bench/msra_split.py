"""The fixed split of the MSRA NER test sentences behind the news gold files, for annotating.

The corpus is not part of the repository: pass its path. Sentences are numbered in file order;
the first half is the dev part (rules may be tuned on it), the second half the held-out part
(only scored). Printed are the sentences of one part that hold a numeral, one per line.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

_NUMERAL = re.compile(r"[0-9０-９零〇一二两三四五六七八九十百千万亿]")


def msra_sentences(path: Path) -> Iterator[str]:
    """Sentences of a file with one `character tag` pair a line and a blank line between them."""
    chars: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if not line.strip():
                if chars:
                    yield "".join(chars)
                    chars = []
                continue
            chars.append(line[0])
    if chars:
        yield "".join(chars)


def split(sentences: Sequence[str]) -> tuple[list[str], list[str]]:
    """Dev (first half, in file order) and held-out (second half)."""
    half = len(sentences) // 2
    return list(sentences[:half]), list(sentences[half:])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--msra", type=Path, required=True, help="MSRA NER test file")
    parser.add_argument("--part", choices=("dev", "heldout"), default="dev")
    args = parser.parse_args(argv)
    dev, heldout = split(list(msra_sentences(args.msra)))
    for sentence in dev if args.part == "dev" else heldout:
        if _NUMERAL.search(sentence):
            print(sentence)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

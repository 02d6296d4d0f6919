"""One-to-one matching of two annotators' spans, and the counts an F1 is computed from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Counts:
    """Matched items and the items of each side: F1 = 2·matched / (a + b)."""

    matched: int = 0
    a: int = 0
    b: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.matched + other.matched, self.a + other.a, self.b + other.b)

    @property
    def f1(self) -> float | None:
        """None when neither side has an item: there is nothing to agree or disagree on."""
        total = self.a + self.b
        return 2 * self.matched / total if total else None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(
    a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """One-to-one pairs of indices: those with identical spans, and then among the rest those
    that overlap, the largest overlaps (earliest first) first."""
    exact: list[tuple[int, int]] = []
    same_span: dict[tuple[int, int], list[int]] = {}
    for j in range(len(b) - 1, -1, -1):  # reversed, so that pop() gives the first one
        same_span.setdefault(b[j], []).append(j)
    free_b = set(range(len(b)))
    free_a: list[int] = []
    for i, span in enumerate(a):
        waiting = same_span.get(span)
        if waiting:
            j = waiting.pop()
            free_b.discard(j)
            exact.append((i, j))
        else:
            free_a.append(i)
    candidates = sorted(
        (-_overlap(a[i], b[j]), a[i][0], b[j][0], i, j)
        for i in free_a
        for j in free_b
        if _overlap(a[i], b[j]) > 0
    )
    overlapping: list[tuple[int, int]] = []
    used_a: set[int] = set()
    for _neg, _sa, _sb, i, j in candidates:
        if i in used_a or j not in free_b:
            continue
        used_a.add(i)
        free_b.discard(j)
        overlapping.append((i, j))
    return exact, overlapping

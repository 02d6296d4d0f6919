"""Character-level agreement: per-character labels, Cohen's kappa and Krippendorff's alpha.

Characters are labelled with the label of the outermost entity that covers them (the longest;
on a tie the earlier, then the alphabetically first label), or O when none does.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from annotator.domain.entities import Entity

OUTSIDE = "O"


def char_runs(entities: Iterable[Entity], length: int) -> list[tuple[int, int, str]]:
    """The document as runs (start, end, label) of the outermost entity's label or O."""
    items = sorted((e for e in entities if 0 <= e.start < e.end <= length), key=lambda e: e.start)
    cuts = sorted({0, length, *(e.start for e in items), *(e.end for e in items)})
    runs: list[tuple[int, int, str]] = []
    active: list[Entity] = []
    following = 0
    for start, end in itertools.pairwise(cuts):
        # Every entity boundary is a cut, so an entity covering `start` covers the whole run.
        while following < len(items) and items[following].start <= start:
            active.append(items[following])
            following += 1
        active = [e for e in active if e.end > start]
        label = OUTSIDE
        if active:
            label = min(active, key=lambda e: (-(e.end - e.start), e.start, e.label)).label
        if runs and runs[-1][2] == label and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], end, label)
        else:
            runs.append((start, end, label))
    return runs


def char_labels(entities: Iterable[Entity], length: int) -> list[str]:
    """One label per character (for tests and small documents)."""
    labels: list[str] = []
    for start, end, label in char_runs(entities, length):
        labels.extend([label] * (end - start))
    return labels


def aligned(runs: Sequence[Sequence[tuple[int, int, str]]]) -> list[tuple[int, tuple[str, ...]]]:
    """(run length, label of each annotator) over the common refinement of several runs."""
    cuts = sorted({c for rs in runs for r in rs for c in (r[0], r[1])})
    out: list[tuple[int, tuple[str, ...]]] = []
    positions = [0] * len(runs)
    for start, end in itertools.pairwise(cuts):
        labels = []
        for k, rs in enumerate(runs):
            while rs[positions[k]][1] <= start:
                positions[k] += 1
            labels.append(rs[positions[k]][2])
        out.append((end - start, tuple(labels)))
    return out


def kappa(confusion: Mapping[tuple[str, str], int]) -> float | None:
    """Cohen's kappa of a confusion table {(label a, label b): count}; None when undefined
    (both annotators used one and the same label throughout)."""
    n = sum(confusion.values())
    if not n:
        return None
    observed = sum(c for (x, y), c in confusion.items() if x == y) / n
    rows: Counter[str] = Counter()
    cols: Counter[str] = Counter()
    for (x, y), c in confusion.items():
        rows[x] += c
        cols[y] += c
    expected = sum(rows[k] * cols[k] for k in rows) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def coincidences(units: Iterable[tuple[int, Sequence[str]]]) -> dict[tuple[str, str], float]:
    """Krippendorff's coincidence table of units given as (weight, values present): each
    ordered pair of values of a unit counts 1 / (values − 1), times the weight. A unit with
    fewer than two values cannot be paired and adds nothing."""
    table: defaultdict[tuple[str, str], float] = defaultdict(float)
    for weight, values in units:
        m = len(values)
        if m < 2:
            continue
        share = weight / (m - 1)
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    table[(c, k)] += share
    return table


def alpha_nominal(units: Iterable[tuple[int, Sequence[str]]]) -> float | None:
    """Krippendorff's alpha (nominal) of units given as (weight, values present)."""
    return alpha_from_coincidences(coincidences(units))


def alpha_from_coincidences(table: Mapping[tuple[str, str], float]) -> float | None:
    """Nominal alpha = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k; None when undefined."""
    totals: defaultdict[str, float] = defaultdict(float)
    for (c, _k), value in table.items():
        totals[c] += value
    n = sum(totals.values())
    disagreement = sum(v for (c, k), v in table.items() if c != k)
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if n <= 1 or expected == 0:
        return None
    return 1 - (n - 1) * disagreement / expected

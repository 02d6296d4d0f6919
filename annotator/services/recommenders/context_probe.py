"""A probe of LAC's hidden layer: a softmax regression from the vector LAC computes at each
character (after reading the whole piece both ways) to the team's tags (B-PLACE, I-ORG, O …).

LAC's own tags say what LAC was trained to say (PER, LOC, ORG, TIME in its conventions); its
hidden layer knows more, and a linear map of it learnt from the team's labels says it in the
team's conventions, for names no training text holds. The CRF reads the probe's guess as a
feature (`marks`). Probes are learnt on one half of the training documents and read on the
other (`crf._training_sequences`): a probe read on its own training data would always look
right, and the CRF would trust it more than it deserves.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# L-BFGS steps of the regression: 20 reach within 0.002 F1 of 100 on MSRA's dev split, at a
# fifth of the time (training on 10,000 sentences must stay under a minute).
MAX_ITERATIONS = 20
# The probe's confidence is given to the CRF in quarters.
_CONFIDENCE_STEPS = 4
# Characters outside entities (nine in ten) are learnt from one in this many, weighted as
# many: the same regression from a third of the rows, in a third of the time.
_OUTSIDE_SAMPLE = 3


@dataclass(frozen=True)
class ContextProbe:
    """Standardisation and softmax regression weights; `classes` are the tags, in the order
    of the weights' columns."""

    classes: tuple[str, ...]
    mean: Any
    scale: Any
    weights: Any
    bias: Any

    def probabilities(self, states: Any) -> Any:
        import numpy

        scores = ((states - self.mean) / self.scale) @ self.weights + self.bias
        scores -= scores.max(axis=1, keepdims=True)
        exp = numpy.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)


def fit(states: Any, tags: Sequence[str]) -> ContextProbe | None:
    """The probe learnt from characters' hidden states (rows) and their tags; None when the
    tags hold a single class (nothing to tell apart)."""
    import numpy
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    if len(set(tags)) < 2:
        return None
    outside = numpy.array([tag == "O" for tag in tags])
    kept = ~outside | (numpy.cumsum(outside) % _OUTSIDE_SAMPLE == 0)
    weight = numpy.where(outside[kept], float(_OUTSIDE_SAMPLE), 1.0)
    x = numpy.asarray(states[kept], dtype=numpy.float32)
    y = numpy.asarray(tags)[kept]
    if len(set(y.tolist())) < 2:
        return None
    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-6
    x = (x - mean) / scale
    regression = LogisticRegression(max_iter=MAX_ITERATIONS)
    # Stopped early on purpose (MAX_ITERATIONS). A filter for the process, not a
    # catch_warnings block: two trainings in two threads would undo each other's.
    warnings.filterwarnings("ignore", "lbfgs failed to converge", ConvergenceWarning)
    regression.fit(x, y, sample_weight=weight)
    classes = tuple(str(c) for c in regression.classes_)
    weights, bias = regression.coef_.T, regression.intercept_
    if len(classes) == 2:  # a binary regression has one column: the second class's score
        weights = numpy.hstack([-weights / 2, weights / 2])
        bias = numpy.array([-bias[0] / 2, bias[0] / 2])
    return ContextProbe(
        classes, mean, scale, weights.astype(numpy.float32), bias.astype(numpy.float32)
    )


@lru_cache(maxsize=1)
def _blas() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def guesses(probes: Sequence[ContextProbe], states: Any) -> tuple[list[str], list[float]]:
    """The best tag at each character and its probability, the probes' probabilities
    averaged (over the union of their tags)."""
    import numpy

    classes = sorted({c for probe in probes for c in probe.classes})
    column = {c: i for i, c in enumerate(classes)}
    total = numpy.zeros((len(states), len(classes)), dtype=numpy.float32)
    # One thread: a document's product takes milliseconds, and BLAS threads left spinning
    # after it take the core `suggest`'s other worker process runs on.
    with _blas().limit(limits=1, user_api="blas"):
        for probe in probes:
            total[:, [column[c] for c in probe.classes]] += probe.probabilities(states)
    total /= len(probes)
    best = total.argmax(axis=1)
    return [classes[i] for i in best], total[numpy.arange(len(states)), best].tolist()


def marks(tags: Sequence[str], confidences: Sequence[float]) -> list[list[str]]:
    """The CRF features of the probe's guesses: the tag, with each neighbour's, and how
    sure it is."""
    padded = ["<s>", *tags, "</s>"]
    result = []
    for i, confidence in enumerate(confidences):
        k = i + 1
        step = min(int(confidence * _CONFIDENCE_STEPS), _CONFIDENCE_STEPS - 1)
        result.append(
            [
                f"p={padded[k]}",
                f"p-1={padded[k - 1]}|{padded[k]}",
                f"p+1={padded[k]}|{padded[k + 1]}",
                f"pc={padded[k]}|{step}",
            ]
        )
    return result


def dumps(probes: Sequence[ContextProbe]) -> bytes:
    """The probes as one .npz file's bytes (arrays only: loading runs no code)."""
    import numpy

    arrays: dict[str, Any] = {"count": numpy.array(len(probes))}
    for i, probe in enumerate(probes):
        arrays[f"classes{i}"] = numpy.array(probe.classes)
        arrays[f"mean{i}"] = probe.mean
        arrays[f"scale{i}"] = probe.scale
        arrays[f"weights{i}"] = probe.weights
        arrays[f"bias{i}"] = probe.bias
    out = io.BytesIO()
    numpy.savez(out, **arrays)
    return out.getvalue()


def loads(data: bytes) -> list[ContextProbe]:
    import numpy

    with numpy.load(io.BytesIO(data), allow_pickle=False) as arrays:
        return [
            ContextProbe(
                tuple(str(c) for c in arrays[f"classes{i}"]),
                arrays[f"mean{i}"],
                arrays[f"scale{i}"],
                arrays[f"weights{i}"],
                arrays[f"bias{i}"],
            )
            for i in range(int(arrays["count"]))
        ]

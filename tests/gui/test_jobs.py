"""Import and export from the File menu: off the GUI thread, cancellable without half-writes."""

from __future__ import annotations

import json

import pytest

from annotator.gui.dialogs.export_options import ExportChoice
from annotator.gui.tasks import Job
from annotator.services.export_parts import MIN_DOCUMENTS, default_jobs
from annotator.services.importing import BATCH, import_paths
from annotator.services.progress import Cancelled
from annotator.store.database import open_database
from tests.gui.conftest import select_text
from tests.helpers import snapshot

pytestmark = pytest.mark.gui


def _folder(tmp_path, count: int):
    folder = tmp_path / "incoming"
    folder.mkdir()
    for n in range(count):
        (folder / f"new{n}.txt").write_text(f"新文章{n}。", encoding="utf-8")
    return folder


def test_import_from_window_adds_documents_to_the_list(open_window, add_text, tmp_path, qtbot):
    window = open_window(document=add_text("已有文章。"))
    window.file_jobs.start_import([_folder(tmp_path, 3)])
    # The job may finish before a signal spy could connect: wait for what the user sees.
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 4, timeout=10000)

    qtbot.waitUntil(lambda: "done 0 / 4" in window.progress_label.text(), timeout=10000)


class _CancelMidway:
    """Presses the progress dialog's Cancel while the import runs, after its first files."""

    def __init__(self, progress, after: int) -> None:
        self.progress, self.after, self.steps = progress, after, 0

    def start(self, total: int, label: str) -> None:
        self.progress.start(total, label)

    def advance(self, steps: int = 1) -> None:
        self.steps += steps
        if self.steps == self.after:
            self.progress.cancel()  # what Cancel does; the next step raises Cancelled
        self.progress.advance(steps)

    def finish(self) -> None:
        self.progress.finish()


def test_import_cancelled_while_it_runs_writes_nothing(store, tmp_path, qtbot):
    # More files than one batch, cancelled after the first batch went into the transaction.
    folder = _folder(tmp_path, BATCH + 20)
    before = snapshot(store)
    midway = []
    job = Job(
        lambda progress: import_paths(
            store, [folder], progress=midway.append(_CancelMidway(progress, BATCH + 3)) or midway[0]
        )
    )
    with qtbot.waitSignal(job.failed, timeout=10000) as failed:
        job.start()

    assert isinstance(failed.args[0], Cancelled)
    assert midway[0].steps == BATCH + 3  # cancelled after a batch had been written
    assert snapshot(store) == before


def test_export_from_window_writes_the_annotators_layer(open_window, add_text, tmp_path, qtbot):
    window = open_window(document=add_text("浏阳市新增停车位。"))
    select_text(window, "浏阳市")
    window.actions.entity["PLACE"].trigger()
    out = tmp_path / "out.jsonl"
    window.file_jobs.start_export(ExportChoice("jsonl", "annotator:li", None, out, "error"))
    qtbot.waitUntil(out.exists, timeout=10000)  # written beside it, renamed when complete

    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(e["label"], e["text"]) for e in record["entities"]] == [("PLACE", "浏阳市")]


def test_spacy_export_from_window_writes_docbins_spacy_reads(
    open_window, add_text, tmp_path, qtbot
):
    import spacy
    from spacy.tokens import DocBin

    window = open_window(document=add_text("浏阳市新增停车位。"))
    select_text(window, "浏阳市")
    window.actions.entity["PLACE"].trigger()
    out = tmp_path / "spacy-out"
    window.file_jobs.start_export(ExportChoice("spacy", "annotator:li", None, out, "error"))
    qtbot.waitUntil(out.exists, timeout=10000)  # the folder appears complete, by a rename

    [doc] = DocBin().from_disk(out / "part-00000.spacy").get_docs(spacy.blank("zh").vocab)
    assert [(e.label_, e.text) for e in doc.ents] == [("PLACE", "浏阳市")]
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=10000)
    assert "as spacy to spacy-out" in window.statusBar().currentMessage()


def test_large_export_from_window_is_written_by_worker_processes(
    open_window, sqlite_url, tmp_path, qtbot
):
    # Enough documents for the export to start its worker processes from the window's thread.
    if default_jobs() < 2:
        pytest.skip("one core: exports stay in one process")
    place = {"id": "e1", "label": "PLACE", "start": 0, "end": 3, "text": "浏阳市"}
    source = tmp_path / "many.jsonl"
    source.write_text(
        "".join(
            json.dumps(
                {
                    "doc_id": f"n{n:05d}",
                    "text": f"浏阳市第{n}篇 <b>正文</b>。",
                    "layer": "gold",
                    "entities": [place],
                },
                ensure_ascii=False,
            )
            + "\n"
            for n in range(MIN_DOCUMENTS)
        ),
        encoding="utf-8",
    )
    database = open_database(sqlite_url)
    import_paths(database, [source])
    database.close()
    window = open_window()
    out = tmp_path / "out.jsonl"
    window.file_jobs.start_export(ExportChoice("jsonl", "gold", None, out, "error"))
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=60000)

    assert window.statusBar().currentMessage() == (
        f"Exported {MIN_DOCUMENTS} documents as jsonl to out.jsonl: {MIN_DOCUMENTS} entities, "
        f"0 metrics ({default_jobs()} processes)"
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["doc_id"] for line in lines] == [
        f"n{n:05d}" for n in range(MIN_DOCUMENTS)
    ]
    last = json.loads(lines[-1])
    assert (last["text"], last["entities"]) == (
        f"浏阳市第{MIN_DOCUMENTS - 1}篇 <b>正文</b>。",
        [{**place, "provenance": {"kind": "manual"}}],
    )


def test_import_message_in_the_window_names_what_was_left_out(
    open_window, add_text, tmp_path, qtbot
):
    from collections import Counter

    from annotator.gui.controllers.file_jobs import _import_done
    from annotator.services.importing import ImportReport

    report = ImportReport(
        new=2, dropped=Counter({"MISC": 3}), not_kept=Counter({"brat relations (R)": 4})
    )
    assert _import_done(report) == (
        "2 new, 0 already present; dropped by --map: MISC 3; "
        "not kept (no place for them here): 4 brat relations (R)"
    )
    window = open_window(document=add_text("已有文章。"))
    window.file_jobs.start_import([_folder(tmp_path, 1)])
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() == "1 new, 0 already present", timeout=10000
    )

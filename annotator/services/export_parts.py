"""Exports written by several processes at once, each a share of the documents, joined in order.

Reading records, checking their metrics and encoding them takes the interpreter's whole time,
so threads would take turns; processes each take a core. Every worker opens the database
itself, reads its documents by primary key, writes its part, and sends back what it counted.
The parent joins the parts in document order, so the files are the same bytes as those of one
process writing everything (the tests compare them).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.domain.errors import AnnotatorError
from annotator.formats.base import ExportContext, Part, Parts, WriteFormat, WriteSummary
from annotator.formats.registry import writer as find_writer
from annotator.services.export_records import (
    ExportStats,
    MetricProblem,
    checked_records,
    iter_layer_records,
)
from annotator.services.progress import ProgressSink
from annotator.services.streaming import cyclic_gc_paused
from annotator.store.database import Database, open_database

# Fewer documents than this are written by one process: starting a worker (an interpreter that
# imports the application) takes about half a second.
MIN_DOCUMENTS = 2_000
# More processes than this would mostly wait on the database and the disk.
MAX_JOBS = 8
# Progress messages a worker sends: one per this many records.
PROGRESS_STEP = 200
# How often the parent looks whether a silent worker died (seconds).
POLL = 0.2


def available_cores() -> int:
    """The cores this process may run on (its affinity, where the system tells)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_jobs() -> int:
    return max(1, min(available_cores(), MAX_JOBS))


@dataclass(frozen=True)
class Share:
    """One worker's documents (store keys, in order) and where its part of the output goes."""

    index: int
    pks: list[int]
    part: Part
    # The file its body streams into, or None when the body writes files into the folder.
    target: Path | None


@dataclass
class ShareResult:
    """What a worker wrote and counted, sent back to the parent."""

    summary: WriteSummary
    stats: ExportStats
    problems: list[MetricProblem]


def plan_shares(
    selection: Sequence[tuple[int, str]], jobs: int, parts: Parts, stream: Path | None
) -> list[Share]:
    """Split the documents to export into `jobs` runs of about equal length, in order.

    Runs start at multiples of `parts.align` documents. The first streams into the output
    itself (after the head) and the others into files beside it, appended when all are done;
    a format that assembles its output has every run write a file beside it.
    """
    total = len(selection)
    names = parts.names([doc_id for _, doc_id in selection]) if parts.names else None
    bounds = sorted(
        {0, total}
        | {min(total, round(total * k / jobs / parts.align) * parts.align) for k in range(1, jobs)}
    )
    shares: list[Share] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        index = len(shares)
        target = None
        if stream is not None:
            in_place = index == 0 and parts.assemble is None
            target = stream if in_place else stream.with_name(f".{stream.name}.part{index}")
        shares.append(
            Share(
                index,
                [pk for pk, _ in selection[start:end]],
                Part(start, names[start:end] if names is not None else None),
                target,
            )
        )
    return shares


class _QueueProgress:
    """A worker's progress sink: counts records and tells the parent every PROGRESS_STEP.

    A worker whose parent is gone (killed, so it could not stop its workers) stops too.
    """

    def __init__(self, messages: Any) -> None:
        self._messages = messages
        self._unreported = 0
        self._parent = multiprocessing.parent_process()

    def start(self, total: int, label: str) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        self._unreported += steps
        if self._unreported >= PROGRESS_STEP:
            if self._parent is not None and not self._parent.is_alive():
                raise SystemExit("the export that started this worker has ended")
            self._messages.put(("progress", self._unreported))
            self._unreported = 0

    def finish(self) -> None:
        if self._unreported:
            self._messages.put(("progress", self._unreported))
            self._unreported = 0


def _sendable(error: BaseException) -> BaseException:
    """The error itself if it survives pickling unchanged, else an AnnotatorError saying it."""
    try:
        copy = pickle.loads(pickle.dumps(error))
        if type(copy) is type(error) and str(copy) == str(error):
            return error
    except Exception:  # noqa: BLE001 - any error that cannot travel is described instead
        pass
    return AnnotatorError(f"{type(error).__name__}: {error}")


def _write_share(
    database_target: str,
    fmt: str,
    layer: str,
    share: Share,
    folder: Path,
    context: ExportContext,
    incomplete: str,
    messages: Any,
) -> None:
    """A worker: read, check and write one share, then send what it counted (or its error)."""
    try:
        parts = find_writer(fmt).parts
        assert parts is not None
        database = open_database(database_target)
        stats = ExportStats()
        problems: list[MetricProblem] = []
        progress = _QueueProgress(messages)
        try:
            records = checked_records(
                iter_layer_records(database, layer, document_pks=share.pks),
                incomplete,
                stats,
                problems,
                progress,
            )
            with cyclic_gc_paused():
                if share.target is None:
                    summary = parts.body(records, folder, context, share.part)
                else:
                    # The first part opens the output with the head; the parent adds the rest.
                    with share.target.open("wb", buffering=1 << 20) as handle:
                        if share.index == 0 and parts.assemble is None:
                            handle.write(parts.head(context))
                        summary = parts.body(records, handle, context, share.part)
            progress.finish()
        finally:
            database.close()
        messages.put(("done", share.index, ShareResult(summary, stats, problems)))
    except BaseException as error:  # noqa: BLE001 - every failure goes to the parent
        messages.put(("failed", share.index, _sendable(error)))


def write_in_parts(
    database: Database,
    fmt: WriteFormat,
    layer: str,
    selection: Sequence[tuple[int, str]],
    out: Path,
    context: ExportContext,
    incomplete: str,
    jobs: int,
    progress: ProgressSink,
    stats: ExportStats,
    problems: list[MetricProblem],
) -> tuple[WriteSummary, int]:
    """Write `selection` (pk, doc id) as `fmt` to `out` with up to `jobs` processes; add to
    `stats` and `problems` what they counted, in document order. Cancelling stops them all.

    Returns the joined summary and how many processes wrote.
    """
    parts = fmt.parts
    assert parts is not None
    if fmt.output == "folder":
        out.mkdir(parents=True, exist_ok=True)
    stream = parts.stream_path(out, fmt.output)
    shares = plan_shares(selection, jobs, parts, stream)
    # Spawned, not forked: a fork of a process with threads (Qt's, a database pool's) may hang.
    spawn = multiprocessing.get_context("spawn")
    messages = spawn.Queue()
    workers = [
        spawn.Process(
            target=_write_share,
            daemon=True,
            name=f"annotator-export-{share.index}",
            args=(database.target, fmt.name, layer, share, out, context, incomplete, messages),
        )
        for share in shares
    ]
    part_files = [
        share.target for share in shares if share.target is not None and share.target != stream
    ]
    try:
        for worker in workers:
            worker.start()
        results = _collect(workers, messages, progress)
        summary = WriteSummary()
        for index in range(len(shares)):
            summary.add(results[index].summary)
            stats.add(results[index].stats)
            problems.extend(results[index].problems)
        if stream is not None and parts.assemble is not None:
            parts.assemble(part_files, stream, context)
            for part_file in part_files:
                part_file.unlink()
        elif stream is not None:
            _append_parts(stream, part_files, parts.tail)
        if stream is not None:
            summary.files.insert(0, stream)
        parts.finish(out, context, summary)
        return summary, len(workers)
    except BaseException:
        _stop(workers)
        for part_file in part_files:  # the output itself is the caller's to remove
            part_file.unlink(missing_ok=True)
        raise
    finally:
        _stop(workers)
        messages.close()


def _collect(workers: list[Any], messages: Any, progress: ProgressSink) -> dict[int, ShareResult]:
    """What each worker counted, by share; progress passed on; the first failure raised."""
    results: dict[int, ShareResult] = {}
    while len(results) < len(workers):
        try:
            message = messages.get(timeout=POLL)
        except queue.Empty:
            _check_alive(workers, results)
            continue
        if message[0] == "progress":
            progress.advance(message[1])  # raises Cancelled when the user cancels
        elif message[0] == "done":
            results[message[1]] = message[2]
        else:
            raise message[2]
    for worker in workers:
        worker.join()
    return results


def _stop(workers: list[Any]) -> None:
    for worker in workers:
        if worker.is_alive():
            worker.terminate()
            worker.join()


def _check_alive(workers: list[Any], results: dict[int, ShareResult]) -> None:
    """Fail when a worker ended without a word (killed, out of memory, crashed)."""
    for index, worker in enumerate(workers):
        if index not in results and worker.exitcode not in (None, 0):
            raise AnnotatorError(
                f"export worker {index + 1} of {len(workers)} stopped "
                f"unexpectedly (exit code {worker.exitcode}); nothing was "
                "written"
            )


def _append_parts(stream: Path, part_files: list[Path], tail: bytes) -> None:
    """Append the later parts to the first (removing them), then the tail."""
    with stream.open("ab") as handle:
        for part_file in part_files:
            with part_file.open("rb") as source:
                shutil.copyfileobj(source, handle, 1 << 20)
            part_file.unlink()
        handle.write(tail)

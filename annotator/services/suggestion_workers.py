"""Working out a corpus's suggestions on every core: the detectors and recommenders are pure
Python and C extensions that hold the interpreter's lock, so a second core helps only in a
second process. Workers compute; the caller, alone with the database, writes."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager

from annotator.domain.entities import Entity
from annotator.domain.metrics import Metric
from annotator.domain.text import Document

# Below this many documents starting the workers (each loads the models) costs more than it saves.
PARALLEL_FROM = 50
# Documents handed out ahead of the one written next: enough to keep every worker busy, few
# enough that a large corpus is not all in memory at once.
_AHEAD_PER_WORKER = 16

Computed = tuple[list[Metric], list[Entity]]
_worker: Callable[[Document], Computed] | None = None


def default_jobs() -> int:
    """One worker per core the process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _start_worker(compute: Callable[[Document], Computed], parent: int) -> None:
    global _worker
    _worker = compute
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    """End this worker once its parent is gone: a `suggest` killed outright (SIGKILL) cannot
    stop its workers, which would otherwise wait for work forever."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def _run(document: Document) -> Computed:
    assert _worker is not None, "the worker was started without its work"
    return _worker(document)


@contextmanager
def computing(
    compute: Callable[[Document], Computed], jobs: int, documents: int
) -> Iterator[Callable[[Iterable[Document]], Iterator[Computed]]]:
    """A function mapping documents to `compute(document)`, in their order: in this process
    for one job or a small corpus, else in `jobs` worker processes (`compute` must pickle).
    Workers are started fresh ("spawn"), never forked from a process whose threads (ONNX
    Runtime's, the window's) a fork would copy mid-work."""
    if jobs <= 1 or documents < PARALLEL_FROM:
        yield lambda items: (compute(document) for document in items)
        return
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(compute, os.getpid())
    )
    try:
        yield lambda items: _in_order(pool, items, jobs * _AHEAD_PER_WORKER)
    except BaseException:
        # Stopped (or failed): the documents handed out ahead are dropped, not computed for
        # nothing; only those already being worked on are waited for.
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _in_order(
    pool: ProcessPoolExecutor, items: Iterable[Document], ahead: int
) -> Iterator[Computed]:
    pending: deque[Future[Computed]] = deque()
    try:
        for item in items:
            pending.append(pool.submit(_run, item))
            if len(pending) >= ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:  # closed early: what was handed out ahead is not wanted any more
        for future in pending:
            future.cancel()

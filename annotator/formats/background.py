"""A second thread for the slow system calls of writers that make many files or big ones."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Any


class BackgroundWrites:
    """Runs writing steps one after another in a second thread while the caller prepares more.

    Creating a file, writing it and compressing with zlib or ISA-L let go of the interpreter,
    so they overlap with the caller's Python work. At most `pending` steps wait, which bounds
    the memory their data holds. Leaving the `with` block waits for every step and raises the
    first error; an error in the block drops the steps not yet started.
    """

    def __init__(self, pending: int) -> None:
        self._limit = pending
        self._pending: deque[Future[Any]] = deque()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-writes")

    def submit(self, step: Callable[..., Any], *args: Any) -> None:
        while len(self._pending) >= self._limit:
            self._pending.popleft().result()  # raises what the step raised
        self._pending.append(self._executor.submit(step, *args))

    def __enter__(self) -> BackgroundWrites:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                while self._pending:
                    self._pending.popleft().result()
        finally:
            for future in self._pending:
                future.cancel()
            self._executor.shutdown(wait=True)

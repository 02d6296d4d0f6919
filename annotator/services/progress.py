"""How long jobs report progress and learn that they were cancelled, without knowing Qt."""

from __future__ import annotations

from typing import Protocol

from annotator.domain.errors import AnnotatorError


class Cancelled(AnnotatorError):
    """The user cancelled a long job; its transaction was rolled back."""


class ProgressSink(Protocol):
    def start(self, total: int, label: str) -> None: ...

    def advance(self, steps: int = 1) -> None:
        """Report progress; raise Cancelled to stop the job."""
        ...

    def finish(self) -> None: ...


class NoProgress:
    """A sink that reports nothing and never cancels."""

    def start(self, total: int, label: str) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass

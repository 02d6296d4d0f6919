"""Errors raised by the domain core and understood by every outer layer."""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base of every error the application reports to a user instead of crashing."""


class ValidationError(AnnotatorError):
    """A value breaks the data contract; `field` names what, `reason` says why."""

    def __init__(self, field: str, reason: str, blocking: bool = False) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
        # A blocking problem makes data wrong (a span that does not match the text, a dangling
        # link) and is never stored; a non-blocking one (a missing field) is stored and flagged.
        self.blocking = blocking


class InputError(AnnotatorError):
    """Bad input from a file or a user, located by `source` (file name) and `line` when known."""

    def __init__(self, message: str, source: str | None = None, line: int | None = None) -> None:
        where = ""
        if source is not None:
            where = f"{source}:{line}: " if line is not None else f"{source}: "
        super().__init__(where + message)
        self.source = source
        self.line = line
        self.message = message


class ConflictError(AnnotatorError):
    """Somebody else changed the row since it was read (optimistic concurrency)."""


class PermissionDenied(AnnotatorError):
    """The acting user may not write the layer it tried to write."""


class NotFound(AnnotatorError):
    """A document, layer or annotation that was named does not exist."""


class Busy(AnnotatorError):
    """The database is busy: another program held its write lock for longer than we waited.
    Nothing was written; the same change may simply be tried again."""

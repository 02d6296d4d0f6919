"""Per-annotator document status: new → in progress → done, or skipped with a reason."""

from enum import StrEnum


class DocumentStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"

"""Spans an import brings in that start or end with whitespace: kept as they are (the file
said so), and named in the import's report so that someone looks at them."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.domain.metrics import SURFACE_FIELDS
from annotator.domain.records import LayerRecord
from annotator.domain.spans import edge_problem


@dataclass
class EdgeCount:
    count: int = 0
    first: list[str] = field(default_factory=list)  # where the first few are

    def add(self, location: str, record: LayerRecord) -> None:
        spans = [(f"entity {e.id}", e.text) for e in record.entities]
        spans += [(f"segment {s.id}", s.text) for s in record.segments]
        spans += [
            (f"metric {m.id}.{name}", getattr(m, name).text)
            for m in record.metrics
            for name in SURFACE_FIELDS
            if getattr(m, name) is not None and getattr(m, name).text
        ]
        for what, text in spans:
            if edge_problem(text):
                self.count += 1
                if len(self.first) < 3:
                    self.first.append(f"{location} {what} {text!r}")

    def note(self) -> str | None:
        if not self.count:
            return None
        return (
            f"{self.count} span(s) start or end with whitespace (kept as imported; "
            f"`annotator validate` lists them): {'; '.join(self.first)}"
        )

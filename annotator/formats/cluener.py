"""CLUENER2020 JSON lines: `{"text", "label": {type: {surface: [[start, end], …]}}}`, end inclusive."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from annotator.domain.entities import Entity
from annotator.domain.errors import InputError
from annotator.domain.records import LayerRecord
from annotator.domain.text import Document
from annotator.formats.base import (
    ExportContext,
    ImportOptions,
    Part,
    Parts,
    ReadFormat,
    WriteFormat,
    WriteSummary,
    normalised_with_offsets,
)
from annotator.formats.json_strings import first_record, json_lines

# A CLUENER record is a sentence of a few dozen characters: a first line longer than this is
# not one (a one-line Label Studio export can be hundreds of megabytes).
_SNIFF_LIMIT = 1 << 20


# -- writing ----------------------------------------------------------------------------------
def record_json(record: LayerRecord) -> dict[str, Any]:
    """One CLUENER line: the doc id, the text, and the entities by label and surface."""
    labels: dict[str, dict[str, list[list[int]]]] = {}
    for entity in sorted(record.entities, key=lambda e: (e.start, e.end, e.label)):
        # CLUENER's end is the offset of the last character (inclusive).
        labels.setdefault(entity.label, {}).setdefault(entity.text, []).append(
            [entity.start, entity.end - 1]
        )
    return {"id": record.document.doc_id, "text": record.document.text, "label": labels}


def _body(
    records: Iterable[LayerRecord], handle: BinaryIO, _context: ExportContext, _part: Part
) -> WriteSummary:
    summary = WriteSummary()
    for record in records:
        handle.write(json.dumps(record_json(record), ensure_ascii=False).encode("utf-8"))
        handle.write(b"\n")
        summary.documents += 1
        summary.entities += len(record.entities)
        summary.tallies["metrics"] += len(record.metrics)
        summary.tallies["segments"] += len(record.segments)
    return summary


def _notes(_out: Path, _context: ExportContext, summary: WriteSummary) -> None:
    metrics, segments = summary.tallies["metrics"], summary.tallies["segments"]
    if metrics or segments:
        summary.notes.append(
            f"CLUENER: {metrics} metrics and {segments} segments not written "
            "(the format holds entities only; entity ids are not kept either)"
        )


# -- reading ----------------------------------------------------------------------------------
def looks_like_cluener(path: Path) -> bool:
    """True when the first record (one line, or one pretty-printed object) is a JSON object
    with a `text` string and a `label` object (CLUENER's), which neither doccano (a list) nor
    our records have."""
    first = first_record(path, _SNIFF_LIMIT)
    return (
        isinstance(first, dict)
        and isinstance(first.get("text"), str)
        and isinstance(first.get("label"), dict)
        and "text_sha256" not in first
    )


def _entities(labels: Any, text: str, source: str, number: int) -> list[Entity]:
    if labels is None:
        return []  # CLUENER's test set has no labels
    if not isinstance(labels, dict):
        raise InputError(
            "'label' must be an object {type: {surface: [[start, end], …]}}", source, number
        )
    spans: list[tuple[int, int, str]] = []
    for label, surfaces in labels.items():
        if not isinstance(surfaces, dict):
            raise InputError(
                f"label {label!r}: must map each surface to its [[start, end], …]", source, number
            )
        for surface, offsets in surfaces.items():
            if not isinstance(offsets, list) or not offsets:
                raise InputError(
                    f"{label} {surface!r}: needs a list of [start, end] pairs", source, number
                )
            for pair in offsets:
                if not (
                    isinstance(pair, list)
                    and len(pair) == 2
                    and all(isinstance(n, int) and not isinstance(n, bool) for n in pair)
                ):
                    raise InputError(
                        f"{label} {surface!r}: {pair!r} is not [start, end]", source, number
                    )
                start, last = pair
                if not 0 <= start <= last < len(text):
                    raise InputError(
                        f"{label} {surface!r}: [{start}, {last}] is outside the "
                        f"text (length {len(text)}; CLUENER's end is inclusive)",
                        source,
                        number,
                    )
                if text[start : last + 1] != surface:
                    raise InputError(
                        f"{label} {surface!r}: the text at [{start}, {last}] is "
                        f"{text[start : last + 1]!r} (CLUENER's end is inclusive)",
                        source,
                        number,
                    )
                spans.append((start, last + 1, label))
    spans.sort()
    return [
        Entity(f"e{n}", label, start, end, text[start:end])
        for n, (start, end, label) in enumerate(spans, start=1)
    ]


def _line_record(obj: Any, number: int, path: Path) -> LayerRecord:
    source = str(path)
    if not isinstance(obj, dict):
        raise InputError("a line must hold a JSON object", source, number)
    raw_text = obj.get("text")
    if not isinstance(raw_text, str) or not raw_text.strip():
        raise InputError("has no 'text' (or it is empty)", source, number)
    # Offsets count the text as written; a CR LF is stored as LF, and they are moved with it.
    text, to_new = normalised_with_offsets(raw_text)
    entities = [
        Entity(e.id, e.label, to_new(e.start), to_new(e.end), text[to_new(e.start) : to_new(e.end)])
        for e in _entities(obj.get("label"), raw_text, source, number)
    ]
    raw_id = obj.get("id")
    doc_id = (
        raw_id
        if isinstance(raw_id, str) and raw_id.strip()
        else (f"{path.stem}-{raw_id if isinstance(raw_id, int) else number}")
    )
    return LayerRecord(Document(doc_id, text, {"source": path.name}), None, tuple(entities))


def read(path: Path, options: ImportOptions) -> Iterator[tuple[int | str | None, LayerRecord]]:
    """One record per line; every surface is checked against the text at its offsets."""
    source = str(path)
    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror}", source) from error
    records: list[tuple[int, LayerRecord]] = []
    with handle:
        for number, obj in json_lines(handle, source):
            records.append((number, _line_record(obj, number, path)))
    if not records:
        raise InputError("the file is empty", source)
    # The whole file is checked before its first record is handed on.
    for number, record in records:
        yield number, options.labels.apply(record, source)


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return max(1, sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")))


READER = ReadFormat("cluener", (".json", ".jsonl"), read, _count_lines)
WRITER = WriteFormat.in_parts("cluener", Parts(_body, _notes), output="file", suffix=".json")
write = WRITER.write  # the whole export in this process

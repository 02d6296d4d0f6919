"""doccano JSONL: spans and relations in UTF-16 offsets, as doccano imports and exports them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from annotator.domain.entities import Entity
from annotator.domain.errors import InputError
from annotator.domain.records import LayerRecord
from annotator.domain.segments import Segment, SegmentLabel
from annotator.domain.text import Document, utf16_offsets
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
from annotator.formats.json_strings import json_lines

# A metric is written as a METRIC span (its value) with relations to its other spans and to the
# entities it links; metric field spans get these labels.
METRIC_LABEL = "METRIC"
FIELD_LABELS: dict[str, str] = {
    "indicator": "INDICATOR",
    "value_high": "VALUE_HIGH",
    "unit": "UNIT",
    "period": "PERIOD",
    "evidence": "EVIDENCE",
}
METRIC_LABELS = {METRIC_LABEL, *FIELD_LABELS.values()}
_SEGMENT_LABELS = {label.value for label in SegmentLabel}


# -- writing ----------------------------------------------------------------------------------
def record_json(record: LayerRecord, number: int) -> dict[str, Any]:
    """doccano's relation-extraction JSONL shape: entities and relations, UTF-16 offsets."""
    text = record.document.text
    units = utf16_offsets(text)
    entities: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    by_entity_id: dict[str, int] = {}

    def span(label: str, start: int, end: int) -> int:
        entities.append(
            {
                "id": len(entities) + 1,
                "label": label,
                "start_offset": units.to_utf16(start),
                "end_offset": units.to_utf16(end),
            }
        )
        return len(entities)

    def relate(source: int, target: int, kind: str) -> None:
        relations.append(
            {"id": len(relations) + 1, "from_id": source, "to_id": target, "type": kind}
        )

    for entity in record.entities:
        by_entity_id[entity.id] = span(entity.label, entity.start, entity.end)
    for segment in record.segments:
        span(str(segment.label), segment.start, segment.end)
    for metric in record.metrics:
        value_span = metric.value.span if metric.value is not None else None
        if value_span is None:
            continue
        value = span(METRIC_LABEL, value_span.start, value_span.end)
        for name, label in FIELD_LABELS.items():
            field = getattr(metric, name)
            if field is not None and field.span is not None:
                relate(value, span(label, field.start, field.end), name)
        for name in ("place", "org", "subject"):
            target = getattr(metric, name)
            if target in by_entity_id:
                relate(value, by_entity_id[target], name)
    return {
        "id": number,
        "doc_id": record.document.doc_id,
        "text": text,
        "entities": entities,
        "relations": relations,
    }


def _body(
    records: Iterable[LayerRecord], handle: BinaryIO, _context: ExportContext, part: Part
) -> WriteSummary:
    """One JSON object a line (doccano "relation" JSONL), numbered from 1 over the export."""
    summary = WriteSummary()
    for record in records:
        summary.documents += 1
        line = json.dumps(record_json(record, part.first + summary.documents), ensure_ascii=False)
        handle.write(line.encode("utf-8"))
        handle.write(b"\n")
        summary.entities += len(record.entities)
        summary.segments += len(record.segments)
        written = sum(1 for m in record.metrics if m.value is not None and m.value.span)
        summary.metrics += written
        summary.tallies["metrics without a value span"] += len(record.metrics) - written
    return summary


def _notes(_out: Path, _context: ExportContext, summary: WriteSummary) -> None:
    summary.notes.append(
        "doccano: metrics are METRIC spans with relations to their field spans "
        "and entities; normalised values and qualifiers are not written"
    )
    if skipped := summary.tallies["metrics without a value span"]:
        summary.notes.append(f"doccano: {skipped} metrics without a value span left out")


# -- reading ----------------------------------------------------------------------------------
def _spans(obj: dict[str, Any], where: str) -> list[tuple[int, int, str]]:
    """(start, end, label) in UTF-16 units, from either doccano shape."""
    raw_spans: list[tuple[Any, Any, Any]] = []
    if "entities" in obj:
        raw_entities = obj["entities"]
        if not isinstance(raw_entities, list):
            raise InputError(f"{where}'entities' must be a list")
        for raw in raw_entities:
            if not isinstance(raw, dict):
                raise InputError(f"{where}each entity must be an object")
            raw_spans.append((raw.get("start_offset"), raw.get("end_offset"), raw.get("label")))
    else:
        raw_labels = obj.get("label", obj.get("labels", []))
        if not isinstance(raw_labels, list):
            raise InputError(f"{where}'label' must be a list of [start, end, label]")
        for raw in raw_labels:
            if not isinstance(raw, list) or len(raw) != 3:
                raise InputError(f"{where}each label must be [start, end, label], got {raw!r}")
            raw_spans.append((raw[0], raw[1], raw[2]))
    spans: list[tuple[int, int, str]] = []
    for start, end, label in raw_spans:
        if (
            isinstance(start, bool)
            or isinstance(end, bool)
            or not isinstance(start, int)
            or not isinstance(end, int)
            or not isinstance(label, str)
        ):
            raise InputError(
                f"{where}a span needs integer offsets and a label, got {start!r}..{end!r} {label!r}"
            )
        spans.append((start, end, label))
    return spans


def _line_record(
    obj: Any, number: int, path: Path
) -> tuple[Document, list[tuple[int, int, str]], int]:
    if not isinstance(obj, dict):
        raise InputError("a line must hold a JSON object", str(path), number)
    raw_text = obj.get("text")
    if not isinstance(raw_text, str) or not raw_text.strip():
        raise InputError("has no 'text' (or it is empty)", str(path), number)
    try:
        raw_spans = _spans(obj, "")
    except InputError as error:
        raise InputError(error.message, str(path), number) from error
    text, to_new = normalised_with_offsets(raw_text)
    units = utf16_offsets(raw_text)
    spans: list[tuple[int, int, str]] = []
    for start, end, label in raw_spans:
        try:
            cp_start, cp_end = units.to_code_point(start), units.to_code_point(end)
        except ValueError as error:
            raise InputError(
                f"span {start}..{end} {label}: {error} (doccano counts UTF-16 units)",
                str(path),
                number,
            ) from error
        if cp_end <= cp_start:
            raise InputError(
                f"span {start}..{end} {label}: end must be greater than start", str(path), number
            )
        spans.append((to_new(cp_start), to_new(cp_end), label))
    doc_id = obj.get("doc_id")
    if not isinstance(doc_id, str) or not doc_id.strip():
        doc_id = f"{path.stem}-{obj.get('id', number)}"
    return Document(doc_id, text, {"source": path.name}), spans, len(obj.get("relations") or [])


def read(path: Path, options: ImportOptions) -> Iterator[tuple[int | str | None, LayerRecord]]:
    """Records of a doccano JSONL export (`label` or `entities` shape); see resources/formats.md."""
    source = str(path)
    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror}", source) from error
    parsed: list[tuple[int, Document, list[tuple[int, int, str]]]] = []
    metric_spans = relations = 0
    with handle:
        for number, obj in json_lines(handle, source):
            document, spans, line_relations = _line_record(obj, number, path)
            metric_spans += sum(1 for *_, label in spans if label in METRIC_LABELS)
            relations += line_relations
            parsed.append((number, document, [s for s in spans if s[2] not in METRIC_LABELS]))
    if not parsed:
        raise InputError("the file is empty", source)
    # Without normalised values, metric spans and relations cannot make metrics.
    options.lost["doccano metric spans (METRIC, INDICATOR, …)"] += metric_spans
    options.lost["doccano relations"] += relations
    for number, document, spans in parsed:
        entities: list[Entity] = []
        segments: list[Segment] = []
        for start, end, label in spans:
            # Entity labels are mapped onto ours by options.labels, with the whole record.
            ours = label.upper() if label.upper() in _SEGMENT_LABELS else label
            if ours in _SEGMENT_LABELS:
                segments.append(
                    Segment(
                        f"s{len(segments) + 1}",
                        SegmentLabel(ours),
                        start,
                        end,
                        document.text[start:end],
                    )
                )
            else:
                entities.append(
                    Entity(f"e{len(entities) + 1}", ours, start, end, document.text[start:end])
                )
        yield (
            number,
            options.labels.apply(
                LayerRecord(document, None, tuple(entities), tuple(segments)), source
            ),
        )


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return max(1, sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")))


READER = ReadFormat("doccano", (".jsonl",), read, _count_lines)
WRITER = WriteFormat.in_parts("doccano", Parts(_body, _notes), output="file", suffix=".jsonl")
write = WRITER.write  # the whole export in this process

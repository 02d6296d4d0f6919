"""Label Studio JSON task lists: span labels out (annotations or predictions) and back in."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import quoteattr

import orjson

from annotator.domain import json_nesting
from annotator.domain.entities import Entity
from annotator.domain.errors import InputError
from annotator.domain.json_nesting import JsonTooDeep
from annotator.domain.layers import Layer, LayerKind
from annotator.domain.records import LayerRecord
from annotator.domain.segments import Segment, SegmentLabel
from annotator.domain.text import Document, Utf16Offsets, has_astral
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
from annotator.formats.json_strings import lone_surrogate, may_hold_lone_surrogates
from annotator.schema.labels import LabelSchema, default_label_schema

ENTITY_CONTROL = "label"
SEGMENT_CONTROL = "segment"
TEXT_OBJECT = "text"
_SEGMENT_LABELS = {label.value for label in SegmentLabel}


# -- writing ----------------------------------------------------------------------------------
def labeling_config(entity_labels: Iterable[str], schema: LabelSchema | None = None) -> str:
    """The labeling-config XML for the exported tasks: the project's entity and segment labels
    (with their colours) on `$text`."""
    schema = schema or default_label_schema()
    lines = ["<View>", f'  <Labels name="{ENTITY_CONTROL}" toName="{TEXT_OBJECT}">']
    lines += [
        f"    <Label value={quoteattr(label)} background={quoteattr(schema.colour(label))}/>"
        for label in entity_labels
    ]
    lines += ["  </Labels>", f'  <Labels name="{SEGMENT_CONTROL}" toName="{TEXT_OBJECT}">']
    segments = [label.value for label in SegmentLabel]
    segments += [name for name in schema.segment_labels if name not in segments]
    lines += [
        f"    <Label value={quoteattr(label)} background={quoteattr(schema.colour(label))}/>"
        for label in segments
    ]
    lines += [
        "  </Labels>",
        f'  <Text name="{TEXT_OBJECT}" value="${TEXT_OBJECT}"/>',
        "</View>",
        "",
    ]
    return "\n".join(lines)


def _result(rid: str, control: str, label: str, start: int, end: int, text: str) -> dict[str, Any]:
    return {
        "id": rid,
        "from_name": control,
        "to_name": TEXT_OBJECT,
        "type": "labels",
        "value": {"start": start, "end": end, "text": text, "labels": [label]},
    }


def task_json(record: LayerRecord, layer: str) -> dict[str, Any]:
    """One task: the text, and the layer's spans as an annotation (or, for pred:, a prediction).

    Offsets are code points, as current Label Studio counts them.
    """
    result = [
        _result(e.id, ENTITY_CONTROL, e.label, e.start, e.end, e.text) for e in record.entities
    ]
    result += [
        _result(s.id, SEGMENT_CONTROL, str(s.label), s.start, s.end, s.text)
        for s in record.segments
    ]
    task: dict[str, Any] = {
        "data": {TEXT_OBJECT: record.document.text, "doc_id": record.document.doc_id}
    }
    parsed = Layer.parse(layer)
    if parsed.kind is LayerKind.PRED:
        task["predictions"] = [{"model_version": parsed.owner, "result": result}]
    else:
        task["annotations"] = [{"result": result, "ground_truth": parsed.kind is LayerKind.GOLD}]
    return task


TASKS_FILE = "tasks.json"
CONFIG_FILE = "label_config.xml"


def _tasks_head(_context: ExportContext) -> bytes:
    return b"["


def _tasks_body(
    records: Iterable[LayerRecord], handle: BinaryIO, context: ExportContext, part: Part
) -> WriteSummary:
    """The tasks of `records`, one a line; a comma ends each line but the array's last."""
    summary = WriteSummary()
    for record in records:
        handle.write(b",\n" if part.first + summary.documents else b"\n")
        handle.write(orjson.dumps(task_json(record, record.layer or context.layer)))
        summary.documents += 1
        summary.entities += len(record.entities)
        summary.segments += len(record.segments)
        summary.metrics += len(record.metrics)
    return summary


def _write_config(out: Path, context: ExportContext, summary: WriteSummary) -> None:
    config = out / CONFIG_FILE
    config.write_text(
        labeling_config(context.entity_labels, context.schema), encoding="utf-8", newline="\n"
    )
    summary.files.append(config)
    if summary.metrics:
        summary.notes.append(
            f"Label Studio: {summary.metrics} metrics not written (only "
            "entity and segment spans are)"
        )
        summary.metrics = 0


# -- reading ----------------------------------------------------------------------------------
def _pick_result(task: dict[str, Any], where: str, lost: Counter[str]) -> list[Any]:
    """The ground-truth annotation, else the first not cancelled, else the first prediction;
    the others are counted in `lost`."""
    # Label Studio before 1.0 called annotations "completions".
    annotations = [
        a
        for a in task.get("annotations") or task.get("completions") or []
        if isinstance(a, dict) and not a.get("was_cancelled")
    ]
    chosen = next((a for a in annotations if a.get("ground_truth")), None)
    if chosen is None and annotations:
        chosen = annotations[0]
    predictions = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
    if chosen is None:
        chosen = predictions[0] if predictions else {"result": []}
    # Only one version of a task is read; the others are counted, not kept.
    lost["Label Studio annotations and predictions not read (one per task is)"] += max(
        0, len(annotations) + len(predictions) - 1
    )
    result = chosen.get("result") or []
    if not isinstance(result, list):
        raise InputError(f"{where}: 'result' must be a list")
    return result


def _task_text(task: dict[str, Any], where: str) -> str:
    data = task.get("data")
    if not isinstance(data, dict):
        raise InputError(f"{where}: has no 'data' object")
    text = data.get(TEXT_OBJECT)
    if not isinstance(text, str):
        strings = [v for v in data.values() if isinstance(v, str) and v.strip()]
        if len(strings) != 1:
            raise InputError(f"{where}: 'data' has no 'text' field")
        text = strings[0]
    if not text.strip():
        raise InputError(f"{where}: the text is empty")
    return text


def resolve_offsets(
    text: str, value: dict[str, Any], units: Utf16Offsets | None, where: str
) -> tuple[int, int]:
    """Code-point offsets of a Label Studio span: as written, else read as UTF-16 units (Label
    Studio before 2021), else with `end` on the span's last character (Label Studio before 0.5),
    whichever first makes `value.text` match; none is an error."""
    start, end = value.get("start"), value.get("end")
    if (
        isinstance(start, bool)
        or isinstance(end, bool)
        or not isinstance(start, int)
        or not isinstance(end, int)
    ):
        raise InputError(f"{where}: 'start' and 'end' must be integers, got {start!r}..{end!r}")
    expected = value.get("text")
    if 0 <= start < end <= len(text) and (expected is None or text[start:end] == expected):
        return start, end
    if expected is not None:
        for span_end in (end, end + 1):
            found = _matching_reading(text, start, span_end, units, expected)
            if found is not None:
                return found
    if expected is None or not 0 <= start < end <= len(text):
        raise InputError(
            f"{where}: offsets {start}..{end} are outside the text (length {len(text)})"
        )
    raise InputError(
        f"{where}: text {expected!r} matches the document neither in code points "
        f"({text[start:end]!r}) nor in UTF-16 units (Label Studio before 2021), "
        "nor with the end on its last character (Label Studio before 0.5)"
    )


def _matching_reading(
    text: str, start: int, end: int, units: Utf16Offsets | None, expected: str
) -> tuple[int, int] | None:
    """`start`..`end` in code points, else in UTF-16 units, if the text there is `expected`."""
    if 0 <= start < end <= len(text) and text[start:end] == expected:
        return start, end
    if units is None:
        return None
    try:
        cp_start, cp_end = units.to_code_point(start), units.to_code_point(end)
    except ValueError:
        return None
    if cp_start < cp_end and text[cp_start:cp_end] == expected:
        return cp_start, cp_end
    return None


def _task_record(task: Any, number: int, path: Path, lost: Counter[str]) -> LayerRecord:
    tid = task.get("id") if isinstance(task, dict) else None
    where = f"task {number}" + (f" (id {tid})" if tid is not None else "")
    if not isinstance(task, dict):
        raise InputError(f"{where}: must be an object")
    raw_text = _task_text(task, where)
    text, to_new = normalised_with_offsets(raw_text)
    # Without characters outside the BMP both readings are the same: no second one to try.
    units = Utf16Offsets(raw_text) if has_astral(raw_text) else None
    spans: list[tuple[str, str, int, int]] = []
    for index, item in enumerate(_pick_result(task, where, lost), start=1):
        if not isinstance(item, dict) or item.get("type") != "labels":
            # Choices, text areas, relations: not spans; counted by their type.
            kind = item.get("type") if isinstance(item, dict) else None
            lost[
                "Label Studio relations"
                if kind == "relation"
                else f"Label Studio {kind if isinstance(kind, str) else 'untyped'} results"
            ] += 1
            continue
        rid = item.get("id", index)
        rwhere = f"{where}, result {rid}"
        value = item.get("value")
        if not isinstance(value, dict) or not isinstance(value.get("labels"), list):
            raise InputError(f"{rwhere}: 'value' needs start, end, text and labels")
        start, end = resolve_offsets(raw_text, value, units, rwhere)
        for label in value["labels"]:
            if not isinstance(label, str):
                raise InputError(f"{rwhere}: labels must be strings")
            spans.append((label, str(rid), to_new(start), to_new(end)))
    data = task.get("data", {})
    doc_id = data.get("doc_id") if isinstance(data.get("doc_id"), str) else None
    if not doc_id:
        doc_id = f"{path.stem}-{tid if tid is not None else number}"
    return LayerRecord(
        Document(doc_id, text, {"source": path.name}),
        None,
        tuple(Entity("", label, s, e, text[s:e]) for label, _r, s, e in spans),
    )


def _finish(record: LayerRecord) -> LayerRecord:
    """Spans as entities and segments; entity labels are mapped later, by options.labels."""
    entities: list[Entity] = []
    segments: list[Segment] = []
    for span in record.entities:
        label = span.label.upper() if span.label.upper() in _SEGMENT_LABELS else span.label
        if label in _SEGMENT_LABELS:
            segments.append(
                Segment(
                    f"s{len(segments) + 1}", SegmentLabel(label), span.start, span.end, span.text
                )
            )
        else:
            entities.append(Entity(f"e{len(entities) + 1}", label, span.start, span.end, span.text))
    return LayerRecord(record.document, None, tuple(entities), tuple(segments))


def read(path: Path, options: ImportOptions) -> Iterator[tuple[int | str | None, LayerRecord]]:
    """Tasks of a Label Studio JSON export; one record per task (see resources/formats.md)."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror}", source) from error
    try:
        decoded = raw.decode("utf-8-sig")
        tasks = json_nesting.loads(decoded)
    except UnicodeDecodeError as error:
        raise InputError(f"is not UTF-8 ({error.reason} at byte {error.start})", source) from error
    except json.JSONDecodeError as error:
        raise InputError(
            f"is not valid JSON: {error.msg} at column {error.colno}", source, error.lineno
        ) from error
    except JsonTooDeep as error:
        raise InputError(str(error), source, error.lineno) from None
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list) or not tasks:
        raise InputError("is not a Label Studio export (a JSON list of tasks)", source)
    records: list[tuple[str, LayerRecord]] = []
    suspicious = may_hold_lone_surrogates(decoded)
    for number, task in enumerate(tasks, start=1):
        if suspicious and isinstance(task, dict):
            # The fields of `data` are named as a record's are (text, doc_id).
            rest = {key: value for key, value in task.items() if key != "data"}
            problem = lone_surrogate(task.get("data")) or lone_surrogate(rest)
            if problem:
                raise InputError(problem, f"{source}:task {number}")
        try:
            record = _task_record(task, number, path, options.lost)
        except InputError as error:
            raise InputError(error.message, source) from error
        records.append((f"task {number}", record))
    for location, record in records:
        yield location, options.labels.apply(_finish(record), source)


def estimate(path: Path) -> int:
    """Tasks in a file, guessed from its size (a task of a news page is a few kilobytes)."""
    return max(1, path.stat().st_size // 4000)


READER = ReadFormat("labelstudio", (".json",), read, estimate)
# A folder, so that the export service puts both files in place in one atomic rename:
# `tasks.json` (a JSON array, one task a line, streamed) and `label_config.xml`.
WRITER = WriteFormat.in_parts(
    "labelstudio",
    Parts(_tasks_body, _write_config, _tasks_head, b"\n]\n", stream=TASKS_FILE),
    output="folder",
)
write = WRITER.write  # the whole export in this process

"""brat standoff folders: `.txt` + `.ann` per document, entities as T lines, metrics as events."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from annotator.domain import json_nesting
from annotator.domain.entities import Entity
from annotator.domain.errors import InputError, ValidationError
from annotator.domain.json_nesting import JsonTooDeep
from annotator.domain.metrics import (
    SURFACE_FIELDS,
    Approx,
    Aspect,
    Field,
    Metric,
    Provenance,
    ProvenanceKind,
    Status,
)
from annotator.domain.records import LayerRecord
from annotator.domain.segments import Segment, SegmentLabel
from annotator.domain.text import Document, shortened_doc_id
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

TRIGGER = "Metric"
# Metric surface field → the role (and text-bound type) it has in the event.
ROLES: dict[str, str] = {
    "indicator": "Indicator",
    "value_high": "ValueHigh",
    "unit": "Unit",
    "period": "Period",
    "evidence": "Evidence",
}
LINK_ROLES: dict[str, str] = {"place": "Place", "org": "Org", "subject": "Subject"}
ATTRIBUTES: dict[str, type[Enum]] = {"Approx": Approx, "Status": Status, "Aspect": Aspect}
NOTE_TYPE = "AnnotatorNotes"
_SEGMENT_LABELS = {label.value for label in SegmentLabel}
_UNSAFE = re.compile(r"[^\w.\-]")


# -- writing ----------------------------------------------------------------------------------
def _segment_labels(schema: LabelSchema) -> list[str]:
    """The built-in segment labels and those the project added."""
    return sorted(_SEGMENT_LABELS | set(schema.segment_labels))


def annotation_conf(entity_labels: Iterable[str], schema: LabelSchema | None = None) -> str:
    """brat's annotation.conf: our labels, the Metric event with its roles, the attributes."""
    segments = _segment_labels(schema or default_label_schema())
    lines = [
        "# Entities, article segments, and the text-bound arguments of Metric events.",
        "[entities]",
        *entity_labels,
        *segments,
        *ROLES.values(),
        "",
        "[relations]",
        "# Nested and overlapping spans are allowed.",
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
        "",
        "[events]",
        f"{TRIGGER}\tIndicator?:Indicator, ValueHigh?:ValueHigh, Unit?:Unit, "
        "Period?:Period, Evidence?:Evidence, Place?:PLACE, Org?:ORG, "
        "Subject?:PROGRAM|PROJECT",
        "",
        "[attributes]",
    ]
    lines += [
        f"{name}\tArg:{TRIGGER}, Value:{'|'.join(m.value for m in enum)}"
        for name, enum in ATTRIBUTES.items()
    ]
    return "\n".join(lines) + "\n"


def visual_conf(entity_labels: Iterable[str], schema: LabelSchema | None = None) -> str:
    """brat's visual.conf: Chinese names and the colours of the project's label schema."""
    schema = schema or default_label_schema()
    names = {spec.name: spec.zh for spec in schema.entity + schema.segment}
    labels = [*entity_labels, *_segment_labels(schema)]
    lines = ["[labels]"]
    lines += [f"{label} | {names[label]}" if names.get(label) else label for label in labels]
    lines += [f"{TRIGGER} | 指标值", "", "[drawing]"]
    lines += [f"{label}\tbgColor:{schema.colour(label)}" for label in labels]
    lines += [f"{role}\tbgColor:#e0e0e0" for role in ROLES.values()]
    lines += [
        f"{TRIGGER}\tbgColor:#ff8c69",
        "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken",
        "ARC_DEFAULT\tcolor:black, arrowHead:triangle-5",
    ]
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    # The .ann text column is one line; brat shows a newline of a span as a space.
    return text.replace("\n", " ")


def metric_note(metric: Metric) -> dict[str, Any]:
    """What a Metric event cannot hold in spans and attributes, as the JSON of its note."""
    note: dict[str, Any] = {"id": metric.id}
    if metric.value is not None and metric.value.number is not None:
        note["number"] = metric.value.number
    if metric.value_high is not None and metric.value_high.number is not None:
        note["number_high"] = metric.value_high.number
    for name in ("indicator", "unit", "period"):
        value = getattr(metric, name)
        if value is not None and value.normalized is not None:
            note[name] = value.normalized
    implicit = [
        name
        for name in SURFACE_FIELDS
        if getattr(metric, name) is not None and getattr(metric, name).implicit
    ]
    if implicit:
        note["implicit"] = implicit
    if metric.duplicate_of:
        note["duplicate_of"] = metric.duplicate_of
    if metric.note:
        note["note"] = metric.note
    if metric.provenance.kind is not ProvenanceKind.MANUAL or metric.provenance.system:
        note["provenance"] = {
            "kind": metric.provenance.kind.value,
            "system": metric.provenance.system,
        }
    return note


def ann_lines(record: LayerRecord) -> tuple[list[str], int]:
    """The .ann lines of one document, and the number of metrics left out (no value span)."""
    lines: list[str] = []
    t_ids: dict[str, str] = {}  # entity id → T id
    count = 0

    def textbound(kind: str, start: int, end: int, text: str) -> str:
        nonlocal count
        count += 1
        tid = f"T{count}"
        lines.append(f"{tid}\t{kind} {start} {end}\t{_one_line(text)}")
        return tid

    for entity in record.entities:
        t_ids[entity.id] = textbound(entity.label, entity.start, entity.end, entity.text)
    for segment in record.segments:
        textbound(str(segment.label), segment.start, segment.end, segment.text)
    skipped = 0
    events = attributes = notes = 0
    for metric in record.metrics:
        value_span = metric.value.span if metric.value is not None else None
        if value_span is None:
            skipped += 1
            continue
        trigger = textbound(TRIGGER, value_span.start, value_span.end, value_span.text)
        arguments = [f"{TRIGGER}:{trigger}"]
        for name, role in ROLES.items():
            span = getattr(metric, name).span if getattr(metric, name) is not None else None
            if span is not None:
                arguments.append(f"{role}:{textbound(role, span.start, span.end, span.text)}")
        for name, role in LINK_ROLES.items():
            target = getattr(metric, name)
            if target in t_ids:
                arguments.append(f"{role}:{t_ids[target]}")
        events += 1
        eid = f"E{events}"
        lines.append(f"{eid}\t{' '.join(arguments)}")
        for name in ATTRIBUTES:
            raw = getattr(metric, name.lower())
            if raw is not None:
                attributes += 1
                lines.append(f"A{attributes}\t{name} {eid} {raw.value}")
        notes += 1
        note = json.dumps(metric_note(metric), ensure_ascii=False, sort_keys=True)
        lines.append(f"#{notes}\t{NOTE_TYPE} {eid}\t{note}")
    return lines, skipped


# File systems allow 255 bytes a name: the stem keeps room for ".ann" and a clash number.
MAX_STEM_BYTES = 240
_HASH_LENGTH = 16


def _safe_stem(doc_id: str) -> str:
    return _UNSAFE.sub("_", doc_id) or "document"


def is_shortened(doc_id: str) -> bool:
    """Whether the document's file name had to be cut (and given a hash) to fit."""
    return len(_safe_stem(doc_id).encode("utf-8")) > MAX_STEM_BYTES


def _fitting_stem(doc_id: str) -> str:
    """The safe stem, or, when too long for a file name, its start and a hash of the doc_id
    (so that two long ids with the same start stay apart)."""
    stem = _safe_stem(doc_id)
    if not is_shortened(doc_id):
        return stem
    digest = hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:_HASH_LENGTH]
    head = stem.encode("utf-8")[: MAX_STEM_BYTES - _HASH_LENGTH - 1].decode("utf-8", "ignore")
    return f"{head}-{digest}"


def _file_stem(doc_id: str, used: dict[str, int]) -> str:
    """A file name for the document: unsafe characters become _, clashes get -2, -3, …"""
    stem = _fitting_stem(doc_id)
    candidate = stem
    while candidate in used:
        used[stem] = used.get(stem, 1) + 1
        candidate = f"{stem}-{used[stem]}"
    used[candidate] = used.get(candidate, 1)
    return candidate


def file_stems(doc_ids: Sequence[str]) -> list[str]:
    """The file stems of documents written in this order (clashes numbered in order)."""
    used: dict[str, int] = {}
    return [_file_stem(doc_id, used) for doc_id in doc_ids]


def _write_new_file(path: Path, data: bytes) -> None:
    """Write a whole file in three system calls: a brat export creates two per document, and
    the layers of Python's `open` (buffer, text codec, size and terminal checks) cost a tenth
    of the time of creating them. Texts hold \\n newlines only, so nothing is translated."""
    handle = os.open(
        path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666
    )
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)


def _body(
    records: Iterable[LayerRecord], out: Path, _context: ExportContext, part: Part
) -> WriteSummary:
    """`<doc_id>.txt` (UTF-8, \\n) and `<doc_id>.ann` for each document."""
    summary = WriteSummary()
    used: dict[str, int] = {}
    for number, record in enumerate(records):
        stem = (
            part.names[number]
            if part.names is not None
            else _file_stem(record.document.doc_id, used)
        )
        lines, lost = ann_lines(record)
        summary.tallies["metrics without a value span"] += lost
        if is_shortened(record.document.doc_id):
            summary.notes.append(
                f"brat: doc_id {record.document.doc_id!r} is too long for a "
                f"file name; written as {stem}.txt and {stem}.ann"
            )
        txt, ann = out / f"{stem}.txt", out / f"{stem}.ann"
        _write_new_file(txt, record.document.text.encode("utf-8"))
        _write_new_file(ann, "".join(line + "\n" for line in lines).encode("utf-8"))
        summary.files += [txt, ann]
        summary.documents += 1
        summary.entities += len(record.entities)
        summary.segments += len(record.segments)
        summary.metrics += len(record.metrics) - lost
    return summary


def _finish(out: Path, context: ExportContext, summary: WriteSummary) -> None:
    """The configuration files, and a note of the metrics that could not be written."""
    for name, content in (
        ("annotation.conf", annotation_conf(context.entity_labels, context.schema)),
        ("visual.conf", visual_conf(context.entity_labels, context.schema)),
    ):
        (out / name).write_text(content, encoding="utf-8", newline="\n")
        summary.files.append(out / name)
    if skipped := summary.tallies["metrics without a value span"]:
        summary.notes.append(
            f"brat: {skipped} metrics without a value span left out (an event needs a trigger)"
        )


# -- reading ----------------------------------------------------------------------------------
@dataclass
class _TextBound:
    line: int
    kind: str
    start: int
    end: int
    text: str


@dataclass
class _Ann:
    textbounds: dict[str, _TextBound] = field(default_factory=dict)
    events: list[tuple[int, str, list[tuple[str, str]]]] = field(default_factory=list)
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: dict[str, tuple[int, str]] = field(default_factory=dict)
    # Lines this app has no place for, by kind (R, N, *), and every A/M and # line: those not
    # attached to a Metric event are counted as not kept.
    unkept: Counter[str] = field(default_factory=Counter)
    attribute_lines: list[tuple[str, str]] = field(default_factory=list)
    note_lines: list[tuple[str, str]] = field(default_factory=list)


def _parse_ann(lines: list[str], source: str, raw_text: str) -> _Ann:
    ann = _Ann()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        aid, _tab, rest = line.partition("\t")
        try:
            if aid.startswith("T"):
                kind_offsets, _tab, text = rest.partition("\t")
                kind, _space, offsets = kind_offsets.partition(" ")
                if ";" in offsets:
                    raise InputError(
                        f"{aid} has a discontinuous span ({offsets}); this app keeps "
                        "one continuous span per annotation: join or split it in "
                        "brat first",
                        source,
                        number,
                    )
                start_raw, end_raw = offsets.split()
                start, end = int(start_raw), int(end_raw)
                if not 0 <= start < end <= len(raw_text):
                    raise InputError(
                        f"{aid}: offsets {start}..{end} are outside the text "
                        f"(length {len(raw_text)})",
                        source,
                        number,
                    )
                # brat writes a newline inside a span as a space; compare that way.
                actual = raw_text[start:end].replace("\r", " ").replace("\n", " ")
                if text != actual and text != raw_text[start:end]:
                    raise InputError(
                        f"{aid}: text {text!r} does not match the document at "
                        f"{start}..{end} ({actual!r})",
                        source,
                        number,
                    )
                ann.textbounds[aid] = _TextBound(number, kind, start, end, raw_text[start:end])
            elif aid.startswith("E"):
                parts = [arg.split(":", 1) for arg in rest.split()]
                if not parts or any(len(p) != 2 for p in parts):
                    raise ValueError(rest)
                ann.events.append((number, aid, [(role, target) for role, target in parts]))
            elif aid.startswith(("A", "M")):
                name, target, *value = rest.split()
                ann.attributes.setdefault(target, {})[name] = value[0] if value else "true"
                ann.attribute_lines.append((target, name))
            elif aid.startswith("#"):
                kind_target, _tab, note = rest.partition("\t")
                kind, _space, target = kind_target.partition(" ")
                ann.note_lines.append((target, kind))
                if kind == NOTE_TYPE:
                    ann.notes[target] = (number, note)
            elif aid.startswith(("R", "N", "*")):
                ann.unkept[aid[0]] += 1
            else:
                raise ValueError(aid)
        except (ValueError, IndexError):
            raise InputError(
                f"is not a brat annotation line: {line[:60]!r}", source, number
            ) from None
    return ann


def _metric(
    ann: _Ann,
    number: int,
    eid: str,
    args: list[tuple[str, str]],
    entity_ids: dict[str, str],
    source: str,
    index: int,
) -> Metric:
    roles = {role: target for role, target in args}
    known = {TRIGGER, *ROLES.values(), *LINK_ROLES.values()}
    unknown = sorted(set(roles) - known)
    if unknown:
        raise InputError(
            f"{eid}: unknown Metric roles {', '.join(unknown)} (known: {', '.join(sorted(known))})",
            source,
            number,
        )
    fields: dict[str, Any] = {}
    note_line, note_raw = ann.notes.get(eid, (number, ""))
    try:
        note = json_nesting.loads(note_raw) if note_raw.strip().startswith("{") else {}
    except json.JSONDecodeError as error:
        raise InputError(
            f"the note of {eid} is not valid JSON: {error.msg}", source, note_line
        ) from error
    except JsonTooDeep as error:
        raise InputError(f"the note of {eid} {error}", source, note_line) from None
    if may_hold_lone_surrogates(note_raw) and (problem := lone_surrogate(note)):
        raise InputError(f"the note of {eid}: {problem}", source, note_line)
    implicit = set(note.get("implicit") or [])
    extras: dict[str, dict[str, Any]] = {
        "value": {"number": note.get("number")},
        "value_high": {"number": note.get("number_high")},
        "indicator": {"normalized": note.get("indicator")},
        "unit": {"normalized": note.get("unit")},
        "period": {"normalized": note.get("period")},
        "evidence": {},
    }
    for name in SURFACE_FIELDS:
        role = TRIGGER if name == "value" else ROLES[name]
        target = roles.get(role)
        if target is not None:
            bound = ann.textbounds.get(target)
            if bound is None:
                raise InputError(
                    f"{eid}: {role} refers to {target}, which is not a text-bound annotation",
                    source,
                    number,
                )
            fields[name] = Field(bound.start, bound.end, bound.text, **extras[name])
        elif name in implicit:
            fields[name] = Field(implicit=True, **extras[name])
    for name, role in LINK_ROLES.items():
        target = roles.get(role)
        if target is not None:
            if target not in entity_ids:
                raise InputError(
                    f"{eid}: {role} refers to {target}, which is not an entity", source, number
                )
            fields[name] = entity_ids[target]
    attributes = ann.attributes.get(eid, {})
    for name, enum in ATTRIBUTES.items():
        if name in attributes:
            try:
                fields[name.lower()] = enum(attributes[name])
            except ValueError:
                raise InputError(
                    f"{eid}: {name} {attributes[name]!r} is not one of "
                    f"{', '.join(m.value for m in enum)}",
                    source,
                    number,
                ) from None
    provenance = note.get("provenance") or {}
    try:
        fields["provenance"] = Provenance(
            ProvenanceKind(provenance.get("kind", "manual")), provenance.get("system")
        )
    except ValueError:
        raise InputError(f"{eid}: unknown provenance {provenance!r}", source, note_line) from None
    return Metric(
        id=str(note.get("id") or f"m{index}"),
        duplicate_of=note.get("duplicate_of"),
        note=note.get("note"),
        **fields,
    )


def _shift_field(value: Any, to_new: Callable[[int], int], text: str) -> Any:
    if isinstance(value, Field) and value.start is not None and value.end is not None:
        start, end = to_new(value.start), to_new(value.end)
        return Field(start, end, text[start:end], value.number, value.normalized)
    return value


def read(path: Path, options: ImportOptions) -> Iterator[tuple[int | str | None, LayerRecord]]:
    """One record from `<name>.ann` and `<name>.txt` (offsets count the .txt as stored)."""
    ann_path, txt_path = path.with_suffix(".ann"), path.with_suffix(".txt")
    try:
        raw_text = txt_path.read_bytes().decode("utf-8")
        ann_raw = ann_path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as error:
        raise InputError(
            f"a brat document needs both {ann_path.name} and {txt_path.name}", str(error.filename)
        ) from error
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror}", str(error.filename)) from error
    except UnicodeDecodeError as error:
        raise InputError(
            f"is not UTF-8 ({error.reason} at byte {error.start}); brat needs UTF-8",
            f"{txt_path} or {ann_path.name}",
        ) from error
    source = str(ann_path)
    text, to_new = normalised_with_offsets(raw_text)
    if not text.strip():
        raise InputError("the text is empty", str(txt_path))
    ann = _parse_ann(ann_raw.replace("\r\n", "\n").split("\n"), source, raw_text)
    metric_types = {TRIGGER, *ROLES.values()}
    # The trigger of another scheme's event belongs to that event, which is not kept.
    other_triggers = {args[0][1] for _n, _e, args in ann.events if args[0][0] != TRIGGER}
    entities: list[Entity] = []
    segments: list[Segment] = []
    entity_ids: dict[str, str] = {}
    for tid, bound in ann.textbounds.items():
        if bound.kind in metric_types or tid in other_triggers:
            continue
        start, end = to_new(bound.start), to_new(bound.end)
        if bound.kind in _SEGMENT_LABELS:
            segments.append(
                Segment(
                    f"s{len(segments) + 1}", SegmentLabel(bound.kind), start, end, text[start:end]
                )
            )
        else:
            # Labels are mapped onto ours by options.labels below, with the whole record.
            entity_ids[tid] = f"e{len(entities) + 1}"
            entities.append(Entity(entity_ids[tid], bound.kind, start, end, text[start:end]))
    metrics: list[Metric] = []
    metric_events: set[str] = set()
    for number, eid, args in ann.events:
        if args[0][0] != TRIGGER:
            continue  # events of other annotation schemes are not metrics (counted below)
        metric_events.add(eid)
        try:
            metric = _metric(ann, number, eid, args, entity_ids, source, len(metrics) + 1)
        except ValidationError as error:
            raise InputError(str(error), source, number) from error
        metrics.append(
            metric.with_changes(
                **{
                    name: _shift_field(getattr(metric, name), to_new, text)
                    for name in SURFACE_FIELDS
                }
            )
        )
    _count_unkept(ann, metric_events, options)
    # A file name may be longer than a doc_id may be: cut, with the text's hash.
    record = LayerRecord(
        Document(shortened_doc_id(path.stem, text), text, {"source": txt_path.name}),
        None,
        tuple(entities),
        tuple(segments),
        tuple(metrics),
    )
    yield None, options.labels.apply(record, source)


def _count_unkept(ann: _Ann, metric_events: set[str], options: ImportOptions) -> None:
    """Count, by kind, the lines of an .ann that no part of the record keeps: relations, other
    schemes' events, attributes and notes not on a Metric event (entities have no note field),
    normalizations and equivalences."""
    lost = options.lost
    lost["brat relations (R)"] += ann.unkept["R"]
    lost["brat events other than Metric (E)"] += len(ann.events) - len(metric_events)
    lost["brat attributes not on a Metric event (A/M)"] += sum(
        1
        for target, name in ann.attribute_lines
        if target not in metric_events or name not in ATTRIBUTES
    )
    lost["brat normalizations (N)"] += ann.unkept["N"]
    lost["brat equivalences (*)"] += ann.unkept["*"]
    lost["brat notes not on a Metric event (#)"] += sum(
        1 for target, kind in ann.note_lines if target not in metric_events or kind != NOTE_TYPE
    )


READER = ReadFormat("brat", (".ann",), read, lambda _path: 1)
# A brat folder: a .txt and an .ann per document, and the two configuration files.
WRITER = WriteFormat.in_parts("brat", Parts(_body, _finish, names=file_stems), output="folder")
write = WRITER.write  # the whole export in this process

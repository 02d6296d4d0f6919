"""The gold JSONL record of the spec: one document and one layer per line, in a fixed key order."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from annotator.domain import json_nesting
from annotator.domain.entities import Entity
from annotator.domain.errors import InputError, ValidationError
from annotator.domain.json_nesting import JsonTooDeep
from annotator.domain.metrics import (
    MANUAL,
    Approx,
    Aspect,
    Field,
    Metric,
    Provenance,
    ProvenanceKind,
    Status,
    normalise_number,
)
from annotator.domain.records import LayerRecord
from annotator.domain.segments import Segment, segment_label
from annotator.domain.text import Document, text_sha256
from annotator.formats.base import (
    RECORD_SCHEMA_VERSION,
    ExportContext,
    Part,
    Parts,
    WriteFormat,
    WriteSummary,
)
from annotator.formats.json_strings import lone_surrogate, may_hold_lone_surrogates


# -- writing ----------------------------------------------------------------------------------
def _field_json(name: str, value: Field) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not value.implicit:
        out.update(start=value.start, end=value.end, text=value.text)
    if name in ("value", "value_high"):
        out["number"] = value.number
    if value.normalized is not None:
        out["normalized"] = value.normalized
    if value.implicit:
        out["implicit"] = True
    return out


def _provenance_json(provenance: Provenance) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": provenance.kind.value}
    if provenance.system:
        out["system"] = provenance.system
    return out


# Hand-tagged entities all share one provenance object: its JSON is built once.
_MANUAL_JSON = {"kind": ProvenanceKind.MANUAL.value}


def entity_json(entity: Entity) -> dict[str, Any]:
    """An entity as the record's object: its span, its provenance, and its score when set."""
    out: dict[str, Any] = {
        "id": entity.id,
        "label": entity.label,
        "start": entity.start,
        "end": entity.end,
        "text": entity.text,
    }
    provenance = entity.provenance
    out["provenance"] = (
        _MANUAL_JSON
        if provenance.kind is ProvenanceKind.MANUAL and not provenance.system
        else _provenance_json(provenance)
    )
    if entity.score is not None:
        out["score"] = entity.score
    return out


def metric_json(metric: Metric) -> dict[str, Any]:
    """A metric as the spec's record; optional fields that are absent are left out."""
    out: dict[str, Any] = {"id": metric.id}
    for name in ("indicator", "value", "value_high", "unit"):
        value = getattr(metric, name)
        if value is not None:
            out[name] = _field_json(name, value)
        elif name in ("indicator", "value"):
            out[name] = None
    for name in ("approx", "status", "aspect"):
        raw = getattr(metric, name)
        out[name] = raw.value if raw is not None else None
    if metric.period is not None:
        out["period"] = _field_json("period", metric.period)
    for name in ("place", "org", "subject"):
        if getattr(metric, name) is not None:
            out[name] = getattr(metric, name)
    out["evidence"] = _field_json("evidence", metric.evidence) if metric.evidence else None
    if metric.duplicate_of is not None:
        out["duplicate_of"] = metric.duplicate_of
    if metric.note:
        out["note"] = metric.note
    out["provenance"] = _provenance_json(metric.provenance)
    return out


def record_json(record: LayerRecord) -> dict[str, Any]:
    """The export record as a dict in the key order of the spec."""
    doc = record.document
    return {
        "doc_id": doc.doc_id,
        "text": doc.text,
        "text_sha256": text_sha256(doc.text),
        "meta": dict(doc.meta),
        "layer": record.layer,
        "schema_version": RECORD_SCHEMA_VERSION,
        # Segments are dataclasses whose fields are their records' keys, in order: orjson
        # writes them as they are (see `_dataclass_json` for the json module).
        "segments": record.segments,
        "entities": [entity_json(e) for e in record.entities],
        "metrics": [metric_json(m) for m in record.metrics],
    }


def record_line(record: LayerRecord) -> str:
    """One JSONL line (without newline), as text."""
    return record_bytes(record).decode("utf-8")


def record_bytes(record: LayerRecord) -> bytes:
    """One JSONL line as UTF-8 (without newline): Chinese stays readable, nothing is escaped
    beyond what JSON requires. orjson writes it several times faster than the json module."""
    obj = record_json(record)
    try:
        return orjson.dumps(obj)
    except (orjson.JSONEncodeError, TypeError):  # e.g. an integer beyond 64 bits
        return json.dumps(
            obj, ensure_ascii=False, separators=(",", ":"), default=_dataclass_json
        ).encode("utf-8")


def _dataclass_json(value: Any) -> Any:
    """What orjson writes for a dataclass, for the json module."""
    return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}


def _body(
    records: Iterable[LayerRecord], handle: BinaryIO, _context: ExportContext, _part: Part
) -> WriteSummary:
    """One record line per document, UTF-8 with \\n line ends."""
    summary = WriteSummary()
    for record in records:
        handle.write(record_bytes(record))
        handle.write(b"\n")
        summary.documents += 1
        summary.entities += len(record.entities)
        summary.metrics += len(record.metrics)
        summary.segments += len(record.segments)
    return summary


WRITER = WriteFormat.in_parts("jsonl", Parts(_body), output="file", suffix=".jsonl")
write_records = WRITER.write  # the whole export in this process


# -- reading ----------------------------------------------------------------------------------
def _require(obj: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in obj:
        raise ValidationError(where, f"missing {key!r}")
    value = obj[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise ValidationError(where, f"{key!r} has the wrong type ({type(value).__name__})")
    return value


def _int(obj: dict[str, Any], key: str, where: str) -> int:
    return _require(obj, key, int, where)


def _number(raw: Any, where: str) -> int | float:
    if (
        isinstance(raw, bool)
        or not isinstance(raw, int | float)
        or (isinstance(raw, float) and not math.isfinite(raw))
    ):
        raise ValidationError(where, f"'number' must be a finite number, got {raw!r}")
    return normalise_number(raw)


def _field(name: str, raw: Any, where: str) -> Field:
    fast = _field_fast(name, raw)
    if fast is not None:
        return fast
    if not isinstance(raw, dict):
        raise ValidationError(f"{where}.{name}", "must be an object")
    implicit = raw.get("implicit", False)
    if not isinstance(implicit, bool):
        raise ValidationError(f"{where}.{name}", "'implicit' must be true or false")
    number = None
    if name in ("value", "value_high"):
        number = _number(raw.get("number"), f"{where}.{name}")
    normalized = raw.get("normalized")
    if normalized is not None and not isinstance(normalized, str):
        raise ValidationError(f"{where}.{name}", "'normalized' must be a string")
    if implicit:
        return Field(number=number, normalized=normalized, implicit=True)
    return Field(
        _int(raw, "start", f"{where}.{name}"),
        _int(raw, "end", f"{where}.{name}"),
        _require(raw, "text", str, f"{where}.{name}"),
        number,
        normalized,
    )


def _provenance(raw: Any, where: str) -> Provenance:
    """A provenance object; absent (schema 1) or {"kind": "manual"} is MANUAL."""
    if raw is None or raw == _MANUAL_JSON:
        return MANUAL
    if not isinstance(raw, dict):
        raise ValidationError(f"{where}.provenance", "must be an object")
    system = raw.get("system")
    if system is not None and not isinstance(system, str):
        raise ValidationError(f"{where}.provenance", "'system' must be a string")
    return Provenance(
        _enum(ProvenanceKind, raw.get("kind", "manual"), f"{where}.provenance"), system
    )


def _entity(raw: Any) -> Entity:
    # The common case is checked with a few exact type tests: imports parse millions of these.
    try:
        entity = Entity(raw["id"], raw["label"], raw["start"], raw["end"], raw["text"])
    except (KeyError, TypeError):
        entity = None
    if entity is None or not (
        type(entity.id) is str
        and type(entity.label) is str
        and type(entity.start) is int
        and type(entity.end) is int
        and type(entity.text) is str
    ):
        if not isinstance(raw, dict):
            raise ValidationError("entities", "each entity must be an object")
        eid = _require(raw, "id", str, "entity")
        entity = Entity(
            eid,
            _require(raw, "label", str, f"entity {eid}"),
            _int(raw, "start", f"entity {eid}"),
            _int(raw, "end", f"entity {eid}"),
            _require(raw, "text", str, f"entity {eid}"),
        )
    provenance = raw.get("provenance")
    score = raw.get("score")
    if (provenance is None or provenance == _MANUAL_JSON) and score is None:
        return entity
    if score is not None and (type(score) not in (int, float) or not math.isfinite(score)):
        raise ValidationError(f"entity {entity.id}.score", "must be a finite number")
    return dataclasses.replace(
        entity,
        provenance=_provenance(provenance, f"entity {entity.id}"),
        score=float(score) if score is not None else None,
    )


def _field_fast(name: str, raw: Any) -> Field | None:
    """The common, well-formed span field with exact type tests; None sends it to the full check."""
    if type(raw) is not dict or raw.get("implicit"):
        return None
    start, end, text = raw.get("start"), raw.get("end"), raw.get("text")
    normalized = raw.get("normalized")
    if (
        type(start) is not int
        or type(end) is not int
        or type(text) is not str
        or (normalized is not None and type(normalized) is not str)
    ):
        return None
    number = None
    if name in ("value", "value_high"):
        number = raw.get("number")
        if type(number) is float:
            if not math.isfinite(number):
                return None
            number = normalise_number(number)
        elif type(number) is not int:
            return None
    return Field(start, end, text, number, normalized)


def _enum(enum: type[Enum], raw: Any, where: str) -> Any:
    if raw is None:
        return None
    try:
        return enum(raw)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise ValidationError(where, f"unknown value {raw!r} (expected {allowed})") from None


def _link(raw: Any, where: str) -> str | None:
    if raw is None or isinstance(raw, str):
        return raw
    raise ValidationError(where, "must be an entity id (a string)")


def parse_metric(raw: Any) -> Metric:
    """A metric object of the record → Metric (types and enum values checked, not offsets)."""
    if not isinstance(raw, dict):
        raise ValidationError("metrics", "each metric must be an object")
    mid = _require(raw, "id", str, "metric")
    where = f"metric {mid}"
    surface = {
        name: _field(name, raw[name], where) if raw.get(name) is not None else None
        for name in ("indicator", "value", "value_high", "unit", "period", "evidence")
    }
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        raise ValidationError(f"{where}.note", "must be a string")
    return Metric(
        id=mid,
        approx=_enum(Approx, raw.get("approx"), f"{where}.approx"),
        status=_enum(Status, raw.get("status"), f"{where}.status"),
        aspect=_enum(Aspect, raw.get("aspect"), f"{where}.aspect"),
        place=_link(raw.get("place"), f"{where}.place"),
        org=_link(raw.get("org"), f"{where}.org"),
        subject=_link(raw.get("subject"), f"{where}.subject"),
        duplicate_of=_link(raw.get("duplicate_of"), f"{where}.duplicate_of"),
        note=note,
        provenance=_provenance(raw.get("provenance"), where),
        **surface,
    )


def parse_record(obj: Any, newer_than: int = RECORD_SCHEMA_VERSION) -> LayerRecord:
    """A decoded JSON object → LayerRecord; checks structure, hash and schema version.

    Offsets against the text are checked by the domain validation of the importer.
    """
    if not isinstance(obj, dict):
        raise ValidationError("record", "a line must hold a JSON object")
    version = obj.get("schema_version", RECORD_SCHEMA_VERSION)
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationError("schema_version", f"must be an integer, got {version!r}")
    if version > newer_than:
        raise ValidationError(
            "schema_version",
            f"{version} is newer than this app supports ({newer_than}); update annotator",
        )
    doc_id = _require(obj, "doc_id", str, "record")
    if not doc_id.strip():
        raise ValidationError("doc_id", "is empty")
    text = _require(obj, "text", str, "record")
    if not text.strip():
        raise ValidationError("text", "is empty")
    if "\r" in text:
        raise ValidationError(
            "text", "holds carriage returns; offsets must point into text with \\n newlines only"
        )
    declared = obj.get("text_sha256")
    if declared is not None and declared != text_sha256(text):
        raise ValidationError("text_sha256", "does not match the text (the text was changed)")
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise ValidationError("meta", "must be an object")
    layer = obj.get("layer")
    if layer is not None and not isinstance(layer, str):
        raise ValidationError("layer", "must be a string")
    entities = [_entity(raw) for raw in obj.get("entities") or []]
    segments = []
    for raw in obj.get("segments") or []:
        if not isinstance(raw, dict):
            raise ValidationError("segments", "each segment must be an object")
        sid = _require(raw, "id", str, "segment")
        # A label the project added is not a SegmentLabel: the import checks it against them.
        label = _require(raw, "label", str, f"segment {sid}")
        segments.append(
            Segment(
                sid,
                segment_label(label),
                _int(raw, "start", f"segment {sid}"),
                _int(raw, "end", f"segment {sid}"),
                _require(raw, "text", str, f"segment {sid}"),
            )
        )
    metrics = [parse_metric(raw) for raw in obj.get("metrics") or []]
    return LayerRecord(
        Document(doc_id, text, meta), layer, tuple(entities), tuple(segments), tuple(metrics)
    )


# orjson reads an integer beyond 64 bits as a float without a word, losing its last digits. Such
# a float is at least 2**63 in size.
_HUGE = 2.0**63


def _may_have_lost_digits(record: dict[str, Any]) -> bool:
    """Whether the record's metadata or metric numbers hold such a float: the json module then
    reads the line again, keeping integers exact. (Offsets that large are refused anyway.)"""
    values: list[Any] = [record.get("meta")]
    metrics = record.get("metrics")
    for metric in metrics if isinstance(metrics, list) else ():
        if isinstance(metric, dict):
            values += [
                field.get("number")
                for field in (metric.get("value"), metric.get("value_high"))
                if isinstance(field, dict)
            ]
    while values:
        value = values.pop()
        if isinstance(value, float):
            if abs(value) >= _HUGE:
                return True
        elif isinstance(value, dict):
            values.extend(value.values())
        elif isinstance(value, list):
            values.extend(value)
    return False


def _parse_strictly(raw_line: bytes, path: Path, number: int) -> Any:
    """A line read by the json module, when orjson refused it or might lose digits: its messages
    say what is wrong (and it accepts the few things JSON readers disagree on, such as NaN)."""
    try:
        # Without its line end, so that a line cut short is reported at its last column.
        line = raw_line.rstrip(b"\r\n").decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"is not UTF-8 ({error.reason} at byte {error.start})", str(path), number
        ) from error
    try:
        obj = json_nesting.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(
            f"is not valid JSON: {error.msg} at column {error.colno}", str(path), number
        ) from error
    except JsonTooDeep as error:
        raise InputError(str(error), str(path), number) from None
    if may_hold_lone_surrogates(line) and (problem := lone_surrogate(obj)):
        raise InputError(problem, str(path), number)
    return obj


def read_records(path: Path) -> Iterator[tuple[int, LayerRecord]]:
    """(line number, record) for each non-blank line; any fault raises InputError naming the line."""
    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror}", str(path)) from error
    with handle:
        any_line = False
        for number, raw_line in enumerate(handle, start=1):
            if number == 1 and raw_line.startswith(b"\xef\xbb\xbf"):
                raw_line = raw_line[3:]
            if not raw_line.strip():
                continue
            any_line = True
            try:
                obj = orjson.loads(raw_line)
            except orjson.JSONDecodeError:
                obj = _parse_strictly(raw_line, path, number)
            else:
                if isinstance(obj, dict) and _may_have_lost_digits(obj):
                    obj = _parse_strictly(raw_line, path, number)
                try:
                    json_nesting.check_depth(raw_line, obj)
                except JsonTooDeep as error:
                    raise InputError(str(error), str(path), number) from None
            try:
                yield number, parse_record(obj)
            except ValidationError as error:
                raise InputError(str(error), str(path), number) from error
        if not any_line:
            raise InputError("the file is empty", str(path))

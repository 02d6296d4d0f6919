"""Which formats can be read, how a file's format is recognised, and how its records are read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.records import LayerRecord
from annotator.domain.text import Document, shortened_doc_id
from annotator.formats import (
    brat,
    cluener,
    conll,
    csv_metrics,
    doccano,
    jsonl,
    labelstudio,
    parquet,
    spacy_docbin,
    text,
)
from annotator.formats.base import ImportOptions, ReadFormat, WriteFormat
from annotator.formats.json_strings import first_record

# A first record larger than this is not sniffed (the reader chosen by the suffix reads it).
_SNIFF_LIMIT = 1 << 20


def _read_text(
    path: Path, _options: ImportOptions
) -> Iterator[tuple[int | str | None, LayerRecord]]:
    decoded, _encoding = text.read_text_file(path)
    # A file name may be longer than a doc_id can be: it is the one doc_id we may shorten.
    yield (
        None,
        LayerRecord(Document(shortened_doc_id(path.stem, decoded), decoded, {"source": path.name})),
    )


def _read_jsonl(
    path: Path, options: ImportOptions
) -> Iterator[tuple[int | str | None, LayerRecord]]:
    source = str(path)
    for location, record in jsonl.read_records(path):
        yield location, options.labels.apply(record, source)


def count_lines(path: Path) -> int:
    """Newlines in a file, read in blocks (fast enough for progress estimates)."""
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n")
    return max(count, 1)


READERS: dict[str, ReadFormat] = {
    "txt": ReadFormat("txt", (".txt", ".text"), _read_text, lambda _p: 1),
    "jsonl": ReadFormat("jsonl", (".jsonl", ".ndjson"), _read_jsonl, count_lines),
    # Interchange formats; a .jsonl file is doccano's when its first record looks so (sniffed).
    "brat": brat.READER,
    "conll": conll.READER,
    "labelstudio": labelstudio.READER,
    "doccano": doccano.READER,
    # CLUENER2020's .json files are JSON lines: recognised by their first record (sniffed).
    "cluener": cluener.READER,
}
# Format modules offering a writer; each module defines WRITER (and READER where it reads).
WRITERS: dict[str, WriteFormat] = {
    "jsonl": jsonl.WRITER,
    "csv": csv_metrics.WRITER,
    "parquet": parquet.WRITER,
    "spacy": spacy_docbin.WRITER,
    "brat": brat.WRITER,
    "conll": conll.WRITER,
    "labelstudio": labelstudio.WRITER,
    "doccano": doccano.WRITER,
    "cluener": cluener.WRITER,
}


def writer(name: str) -> WriteFormat:
    if name not in WRITERS:
        raise InputError(f"unknown export format {name!r}; known: {', '.join(sorted(WRITERS))}")
    return WRITERS[name]


def _first_record(path: Path) -> Any:
    """The first record of a JSONL file (one line, or one pretty-printed object), parsed; None
    when it does not parse (the reader chosen by the suffix then names what is wrong)."""
    return first_record(path, _SNIFF_LIMIT)


def looks_like_doccano(path: Path) -> bool:
    """True when the first record has doccano's spans (`label` lists, entities with
    `start_offset`, `relations`), which the spec's records never have."""
    record = _first_record(path)
    if not isinstance(record, dict) or "text_sha256" in record or "schema_version" in record:
        return False
    if isinstance(record.get("label", record.get("labels")), list) or "relations" in record:
        return True
    entities = record.get("entities")
    return isinstance(entities, list) and any(
        isinstance(e, dict) and "start_offset" in e for e in entities
    )


def _by_suffix(path: Path) -> ReadFormat | None:
    suffix = path.suffix.lower()
    for fmt in READERS.values():
        if suffix in fmt.suffixes:
            if fmt.name in ("jsonl", "labelstudio") and cluener.looks_like_cluener(path):
                return READERS["cluener"]
            if fmt.name == "jsonl" and looks_like_doccano(path):
                return READERS["doccano"]
            return fmt
    return None


def detect_format(path: Path) -> ReadFormat:
    """The reader for a file, by its suffix (a .jsonl or .json also by its first record: doccano,
    CLUENER); plain text when nothing else fits."""
    return _by_suffix(path) or READERS["txt"]


def reader(name: str) -> ReadFormat:
    if name not in READERS:
        raise InputError(f"unknown import format {name!r}; known: {', '.join(sorted(READERS))}")
    return READERS[name]


def expand_paths(paths: list[Path], fmt: str = "auto") -> list[tuple[Path, ReadFormat]]:
    """Files to read, folders walked in sorted order; folders contribute only known suffixes."""
    result: list[tuple[Path, ReadFormat]] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.name.startswith("."):
                    continue
                if fmt == "auto":
                    match = _by_suffix(child)
                    if match is not None:
                        result.append((child, match))
                elif child.suffix.lower() in reader(fmt).suffixes:
                    result.append((child, reader(fmt)))
        elif path.is_file():
            result.append((path, detect_format(path) if fmt == "auto" else reader(fmt)))
        else:
            raise InputError("no such file or folder", str(path))
    return result

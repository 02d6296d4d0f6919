"""Which formats can be read, how a file's format is recognised, and how its records are read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.records import LayerRecord
from annotator.domain.text import Document
from annotator.formats import (
    brat,
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


def _read_text(path: Path, _options: ImportOptions) -> Iterator[tuple[int | str | None,
                                                                    LayerRecord]]:
    decoded, _encoding = text.read_text_file(path)
    yield None, LayerRecord(Document(path.stem, decoded, {"source": path.name}))


def count_lines(path: Path) -> int:
    """Newlines in a file, read in blocks (fast enough for progress estimates)."""
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n")
    return max(count, 1)


READERS: dict[str, ReadFormat] = {
    "txt": ReadFormat("txt", (".txt", ".text"), _read_text, lambda _p: 1),
    "jsonl": ReadFormat("jsonl", (".jsonl", ".ndjson"),
                        lambda path, _options: jsonl.read_records(path), count_lines),
    # Interchange formats; doccano's .jsonl is read only with --format doccano (jsonl comes first).
    "brat": brat.READER,
    "conll": conll.READER,
    "labelstudio": labelstudio.READER,
    "doccano": doccano.READER,
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
}


def writer(name: str) -> WriteFormat:
    if name not in WRITERS:
        raise InputError(f"unknown export format {name!r}; known: {', '.join(sorted(WRITERS))}")
    return WRITERS[name]


def detect_format(path: Path) -> ReadFormat:
    """The reader for a file, by its suffix; plain text when nothing else fits."""
    suffix = path.suffix.lower()
    for fmt in READERS.values():
        if suffix in fmt.suffixes:
            return fmt
    return READERS["txt"]


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
                    suffix = child.suffix.lower()
                    match = [f for f in READERS.values() if suffix in f.suffixes]
                    if match:
                        result.append((child, match[0]))
                elif child.suffix.lower() in reader(fmt).suffixes:
                    result.append((child, reader(fmt)))
        elif path.is_file():
            result.append((path, detect_format(path) if fmt == "auto" else reader(fmt)))
        else:
            raise InputError("no such file or folder", str(path))
    return result

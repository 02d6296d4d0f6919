"""CoNLL tag files: character-level BIO out; BIO/IOB2, BIOES/IOBES and BMES (char or token) in."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from annotator.domain.entities import Entity
from annotator.domain.errors import InputError
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
    decode_text,
)

SCHEMES = ("auto", "bio", "iob2", "bioes", "iobes", "bmes")
SPLITS = ("document", "sentences")
# Prefixes each scheme allows; "begin" tags open an entity, the others continue or close it.
_PREFIXES = {"bio": "BI", "bioes": "BIES", "bmes": "BMES"}
_SCHEME_ALIASES = {"iob2": "bio", "iobes": "bioes"}
DOCSTART = "-DOCSTART-"
# A character that cannot stand alone in a column (whitespace, controls, format characters such
# as U+200D) is written as its code point, e.g. U+3000, so that read-back offsets stay exact.
_ESCAPED = re.compile(r"^U\+([0-9A-F]{4,6})$")
_NEWLINES = re.compile(r"\n+")
_TAG = re.compile(r"^([BIMESbimes])[-_](.+)$")
# Weibo NER publishes each character with its position in its segmented word (科0 技1; an emoji
# lost in its publication is two U+FFFD, 0): a file whose every token ends in such digits is read
# without them. A digit itself is the character when nothing else precedes the position (20).
_CHAR_AND_POSITION = re.compile(r"^(.*\D|.)\d+$")


# -- writing ----------------------------------------------------------------------------------
def _token(ch: str) -> str:
    if ch.isspace() or not ch.isprintable():
        return f"U+{ord(ch):04X}"
    return ch


def outermost(entities: Iterable[Entity]) -> tuple[list[Entity], int]:
    """Entities a flat tagging can hold: nested spans keep the outermost; of two overlapping
    spans the earlier-starting (then the longer) wins. Returns (kept, number dropped)."""
    kept: list[Entity] = []
    dropped = 0
    end = 0
    for entity in sorted(entities, key=lambda e: (e.start, -(e.end - e.start), e.label, e.id)):
        if entity.start >= end:
            kept.append(entity)
            end = entity.end
        else:
            dropped += 1
    return kept, dropped


def _run_lines(run: str, tag: str) -> str:
    """Lines `char<TAB>tag` for each character of `run` (escaped where a column cannot hold it)."""
    if not run:
        return ""
    suffix = f"\t{tag}\n"
    if run.isprintable():
        # The usual cases: nothing to escape, or only spaces (news text has a few): a join per
        # stretch between spaces, not a step per character.
        if " " not in run:
            return suffix.join(run) + suffix
        return f"{_token(' ')}{suffix}".join(
            [suffix.join(piece) + suffix if piece else "" for piece in run.split(" ")]
        )
    return "".join(f"{_token(ch)}\t{tag}\n" for ch in run)


def _outside_lines(text: str, start: int, end: int) -> str:
    """Lines of text[start:end], outside any entity: its newlines end sentences.

    Of a run of newlines between two sentences the first becomes the blank line and the others
    U+000A tokens, and newlines before the first or after the last sentence are tokens, so that
    joining the sentences with \n gives the text back exactly.
    """
    parts: list[str] = []
    position = start
    for match in _NEWLINES.finditer(text, start, end):
        parts.append(_run_lines(text[position : match.start()], "O"))
        run_start, run_end = match.span()
        newlines = run_end - run_start
        if run_start > 0 and run_end < len(text):
            parts.append("\n")
            newlines -= 1
        parts.append("U+000A\tO\n" * newlines)
        position = run_end
    parts.append(_run_lines(text[position:end], "O"))
    return "".join(parts)


def document_lines(record: LayerRecord) -> tuple[str, int]:
    """The CoNLL lines of one document (starting with -DOCSTART-) and the entities dropped."""
    text = record.document.text
    kept, dropped = outermost(record.entities)
    parts = [f"{DOCSTART}\tO\n\n"]
    position = 0
    for entity in kept:
        parts.append(_outside_lines(text, position, entity.start))
        parts.append(_run_lines(text[entity.start], f"B-{entity.label}"))
        # A newline inside an entity is a token: the sentence goes on (相\n关负责人).
        parts.append(_run_lines(text[entity.start + 1 : entity.end], f"I-{entity.label}"))
        position = entity.end
    parts.append(_outside_lines(text, position, len(text)))
    parts.append("\n")
    return "".join(parts), dropped


def _body(
    records: Iterable[LayerRecord], handle: BinaryIO, _context: ExportContext, _part: Part
) -> WriteSummary:
    """Character-level IOB2, one character a line, a blank line between sentences (text lines)."""
    summary = WriteSummary()
    for record in records:
        lines, lost = document_lines(record)
        handle.write(lines.encode("utf-8"))
        summary.tallies["nested"] += lost
        summary.tallies["metrics"] += len(record.metrics)
        summary.tallies["segments"] += len(record.segments)
        summary.documents += 1
        summary.entities += len(record.entities) - lost
    return summary


def _notes(_out: Path, _context: ExportContext, summary: WriteSummary) -> None:
    if dropped := summary.tallies["nested"]:
        summary.notes.append(
            f"CoNLL: {dropped} nested or overlapping entities left out (the outermost span is kept)"
        )
    metrics, segments = summary.tallies["metrics"], summary.tallies["segments"]
    if metrics or segments:
        summary.notes.append(
            f"CoNLL: {metrics} metrics and {segments} segments not written "
            "(the format holds entity tags only)"
        )


# -- reading ----------------------------------------------------------------------------------
@dataclass
class _Row:
    line: int
    token: str
    prefix: str  # "O" or the scheme prefix letter, upper case
    label: str


@dataclass
class _Sentence:
    rows: list[_Row] = field(default_factory=list)


@dataclass
class _Doc:
    line: int
    sentences: list[_Sentence] = field(default_factory=list)


def _parse_line(line: str, number: int, source: str) -> tuple[str, str]:
    if "\t" in line:
        columns = line.split("\t")
        token, tag = columns[0], columns[-1].strip()
    else:
        columns = line.split()
        token, tag = columns[0], columns[-1]
    if len(columns) < 2 or not tag:
        raise InputError("expected a token and a tag separated by a tab or spaces", source, number)
    return token, tag


def _split_tag(tag: str, number: int, source: str) -> tuple[str, str]:
    if tag == "O":
        return "O", ""
    match = _TAG.match(tag)
    if match is None:
        raise InputError(f"{tag!r} is not a tag (O, or B-/I-/M-/E-/S- and a label)", source, number)
    return match.group(1).upper(), match.group(2)


def _parse(text: str, source: str) -> list[_Doc]:
    docs: list[_Doc] = []
    current: _Doc | None = None
    sentence: _Sentence | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            sentence = None
            continue
        if line.split()[0] == DOCSTART:
            current, sentence = None, None
            continue
        token, tag = _parse_line(line, number, source)
        prefix, label = _split_tag(tag, number, source)
        if current is None:
            current = _Doc(number)
            docs.append(current)
        if sentence is None:
            sentence = _Sentence()
            current.sentences.append(sentence)
        sentence.rows.append(_Row(number, token, prefix, label))
    if not docs:
        raise InputError("holds no tagged tokens", source)
    return docs


def _detect_scheme(docs: list[_Doc], requested: str, source: str) -> str:
    prefixes = {row.prefix for doc in docs for s in doc.sentences for row in s.rows} - {"O"}
    if requested != "auto":
        scheme = _SCHEME_ALIASES.get(requested, requested)
        if scheme not in _PREFIXES:
            raise InputError(
                f"unknown tag scheme {requested!r}; use one of {', '.join(SCHEMES)}", source
            )
        allowed = set(_PREFIXES[scheme])
        for doc in docs:
            for sentence in doc.sentences:
                for row in sentence.rows:
                    if row.prefix != "O" and row.prefix not in allowed:
                        raise InputError(
                            f"tag prefix {row.prefix}- is not part of the "
                            f"{requested.upper()} scheme",
                            source,
                            row.line,
                        )
        return scheme
    if "M" in prefixes and "I" in prefixes:
        raise InputError(
            "mixes I- and M- tags (BIOES and BMES); name the scheme with --scheme", source
        )
    if "M" in prefixes:
        return "bmes"
    if prefixes & {"E", "S"}:
        return "bioes"
    return "bio"


def _decode(token: str) -> str:
    match = _ESCAPED.match(token)
    return chr(int(match.group(1), 16)) if match else token


def _spans(
    sentence: _Sentence,
    offset: int,
    scheme: str,
    options: ImportOptions,
    source: str,
    repaired: list[int],
) -> tuple[str, list[tuple[str, int, int]]]:
    """The sentence's text and its (label, start, end) spans, offsets counted from `offset`."""
    inside = "M" if scheme == "bmes" else "I"
    pieces: list[str] = []
    spans: list[tuple[str, int, int]] = []
    open_label: str | None = None
    open_start = 0
    position = offset

    def close(end: int) -> None:
        nonlocal open_label
        if open_label is not None:
            spans.append((open_label, open_start, end))
            open_label = None

    for row in sentence.rows:
        token = _decode(row.token)
        start, end = position, position + len(token)
        if row.prefix in (inside, "E") and open_label != row.label:
            if not options.repair:
                raise InputError(
                    f"{row.prefix}-{row.label} does not continue an entity "
                    "(no B- before it); use --repair to start one here",
                    source,
                    row.line,
                )
            repaired[0] += 1
            close(start)
            open_label, open_start = row.label, start
        if row.prefix in ("O", "B", "S"):
            close(start)
        if row.prefix in ("B", "S"):
            open_label, open_start = row.label, start
        if row.prefix in ("S", "E"):
            close(end)
        pieces.append(token)
        position = end
    close(position)
    return "".join(pieces), spans


def _characters_with_positions(docs: list[_Doc]) -> bool:
    """When every token is a character and its word position (Weibo NER), keep the characters
    alone and say True; otherwise change nothing."""
    rows = [row for doc in docs for sentence in doc.sentences for row in sentence.rows]
    matches = []
    for row in rows:
        match = _CHAR_AND_POSITION.match(row.token)
        if match is None:
            return False
        matches.append(match)
    for row, match in zip(rows, matches, strict=True):
        row.token = match.group(1)
    return True


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def read(path: Path, options: ImportOptions) -> Iterator[tuple[int | str | None, LayerRecord]]:
    """One record per file (or per -DOCSTART- document, or per sentence with split=sentences).

    Sentences are joined with \\n (tokens without spaces); each becomes a SENTENCE segment.
    """
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror}", source) from error
    decoded, _encoding = decode_text(data, source)
    if options.split not in SPLITS:
        raise InputError(f"unknown split {options.split!r}; use one of {', '.join(SPLITS)}", source)
    docs = _parse(decoded, source)
    if _characters_with_positions(docs):
        options.notes.append(
            f"{path.name}: tokens read as characters with their positions in "
            "a segmented word (Weibo NER); the position digits are left out"
        )
    scheme = _detect_scheme(docs, options.scheme, source)
    repaired = [0]
    records: list[tuple[int, LayerRecord]] = []
    if options.split == "sentences":
        units = [(s.rows[0].line, [s]) for doc in docs for s in doc.sentences]
    else:
        units = [(doc.line, doc.sentences) for doc in docs]
    for n, (line, sentences) in enumerate(units, start=1):
        texts: list[str] = []
        spans: list[tuple[str, int, int]] = []
        segments: list[Segment] = []
        offset = 0
        for sentence in sentences:
            sentence_text, sentence_spans = _spans(
                sentence, offset, scheme, options, source, repaired
            )
            texts.append(sentence_text)
            spans.extend(sentence_spans)
            start, end = _strip_span(sentence_text, 0, len(sentence_text))
            if options.split == "document" and end > start:
                segments.append(
                    Segment(
                        f"s{len(segments) + 1}",
                        SegmentLabel.SENTENCE,
                        offset + start,
                        offset + end,
                        sentence_text[start:end],
                    )
                )
            offset += len(sentence_text) + 1
        text = "\n".join(texts)
        if not text.strip():
            raise InputError("a document holds no text, only whitespace", source, line)
        entities = tuple(
            Entity(f"e{i}", label, start, end, text[start:end])
            for i, (label, start, end) in enumerate(spans, start=1)
        )
        # A file name may be longer than a doc_id may be: cut, with the text's hash.
        doc_id = shortened_doc_id(path.stem if len(units) == 1 else f"{path.stem}-{n}", text)
        record = LayerRecord(
            Document(doc_id, text, {"source": path.name}), None, entities, tuple(segments)
        )
        records.append((line, options.labels.apply(record, source)))
    if repaired[0]:
        options.notes.append(f"{path.name}: repaired {repaired[0]} invalid tag sequences")
    # Everything is checked before the first record leaves, so a bad tag late in the file
    # fails before any document is handed to the importer.
    yield from records


READER = ReadFormat(
    "conll", (".conll", ".bio", ".bmes", ".bioes", ".iob", ".iob2", ".iobes"), read, lambda _path: 1
)
WRITER = WriteFormat.in_parts("conll", Parts(_body, _notes), output="file", suffix=".conll")
write = WRITER.write  # the whole export in this process

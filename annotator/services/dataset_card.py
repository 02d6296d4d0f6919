"""The dataset card (README.md) written beside every export: what is in it and how it was made."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.domain.entities import ENTITY_LABELS
from annotator.schema.labels import LabelSchema, default_label_schema

if TYPE_CHECKING:
    from annotator.services.export_records import ExportStats

# The first line of every card; an export folder starting with it may be replaced by a new export.
CARD_TITLE = "# Dataset card"
# A card lists this many skipped-metric problems and counts the rest.
LISTED_SKIPPED = 200

# What each format holds, in one line for readers of the card (formats not named here get none).
FORMAT_NOTES = {
    "jsonl": "one JSON record per line, one document each, as in the annotation spec; it "
    "validates against the JSON Schema `export.schema.json` shipped with annotator "
    "(`annotator validate FILE`).",
    "csv": "one row per metric with every normalised field and the document id; UTF-8 with a "
    "byte order mark, RFC 4180 quoting; a text cell starting with = + - @ (or a tab or "
    "carriage return) is prefixed with a single quote so that spreadsheets never run it "
    "as a formula.",
    "parquet": "one row per document (doc_id, text, text_sha256, meta as a JSON string, layer, "
    "schema_version, segments, entities, metrics as nested lists of structs); "
    'readable with pyarrow and `datasets.load_dataset("parquet", data_files=…)`.',
    "spacy": "spaCy DocBin files (`*.spacy`, one token per character), read with "
    "`DocBin().from_disk(path).get_docs(nlp.vocab)` or given as a folder to "
    '`spacy train`; all entities in `doc.spans["entities"]`, the outermost '
    "non-overlapping ones in `doc.ents`, metric values in "
    '`doc.spans["metric_values"]`, the document id in `doc.user_data["doc_id"]`.',
    "cluener": 'CLUENER2020 JSON lines: `{"id", "text", "label": {LABEL: {surface: '
    "[[start, end], …]}}}` with the end inclusive, entities only (nested ones too: "
    "each label and surface lists all its offsets); metrics, segments and entity "
    "ids are not carried.",
}


@dataclass
class CardFacts:
    """Everything a card says; nothing in it depends on the time or the machine."""

    layer: str
    format: str
    status: str | None
    release: str | None
    files: list[str]
    stats: ExportStats
    schema_version: int
    guideline_version: str
    annotators: list[str]
    agreement: str
    command: str
    notes: list[str] = field(default_factory=list)
    # The project's label schema the export used; None: the bundled one.
    labels: LabelSchema | None = None


def _ordered(counts: Counter[str], first: tuple[str, ...] = ()) -> list[tuple[str, int]]:
    """Known labels in their usual order, then the others alphabetically (deterministic)."""
    known = [(name, counts[name]) for name in first if counts.get(name)]
    rest = sorted((name, n) for name, n in counts.items() if name not in first and n)
    return known + rest


def _table(title: str, rows: list[tuple[str, int]], heading: str) -> list[str]:
    lines = [f"## {title}", ""]
    if not rows:
        return [*lines, "none", ""]
    lines += [f"| {heading} | count |", "|---|---:|"]
    lines += [f"| {_cell(name)} | {count} |" for name, count in rows]
    return [*lines, ""]


def _cell(value: str) -> str:
    # Values come from the data (unit names, labels): keep them from breaking the table.
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _label_set(labels: LabelSchema) -> list[str]:
    """Which label set the data uses: the spec's (bundled) labels, or the project's own, listed
    with their names, keys and colours so that the data can be read without the database."""
    bundled = default_label_schema()
    own = [(s.name, s.colour) for s in labels.entity + labels.segment]
    spec = [(s.name, s.colour) for s in bundled.entity + bundled.segment]
    if own == spec:
        name = f"the annotation spec's labels (guideline {bundled.guideline_version})"
    else:
        added = sorted(
            set(labels.entity_labels + labels.segment_labels)
            - set(bundled.entity_labels + bundled.segment_labels)
        )
        missing = sorted(
            set(bundled.entity_labels + bundled.segment_labels)
            - set(labels.entity_labels + labels.segment_labels)
        )
        changes = [f"adds {', '.join(added)}"] if added else []
        changes += [f"has no {', '.join(missing)}"] if missing else []
        name = (
            "the project's own labels (compared with the annotation spec's: "
            f"{'; '.join(changes) or 'other colours or names'})"
        )
    lines = [
        "## Label set",
        "",
        f"Label set: {name}.",
        "",
        "| label | kind | key | colour | 中文 | English | description |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, specs in (("entity", labels.entity), ("segment", labels.segment)):
        lines += [
            f"| {_cell(s.name)} | {kind} | {_cell(s.key) or '-'} | {s.colour} | "
            f"{_cell(s.zh) or '-'} | {_cell(s.en) or '-'} | {_cell(s.description)} |"
            for s in specs
        ]
    return [*lines, ""]


def render_card(facts: CardFacts) -> str:
    """The card as Markdown text, identical for identical data (no dates, sorted tables)."""
    stats = facts.stats
    selection = f"layer `{facts.layer}`"
    if facts.status:
        selection += f", documents with status `{facts.status}`"
    if facts.release:
        selection += f", release `{facts.release}`"
    lines = [
        f"{CARD_TITLE}: {facts.layer} ({facts.format})",
        "",
        f"Exported by annotator from the {selection}.",
        "",
        "## Files",
        "",
        *[f"- `{name}`" for name in facts.files],
        "",
    ]
    if FORMAT_NOTES.get(facts.format):
        lines += [f"Format `{facts.format}`: {FORMAT_NOTES[facts.format]}", ""]
    lines += [
        "## Counts",
        "",
        "| what | count |",
        "|---|---:|",
        f"| documents | {stats.documents} |",
        f"| entities | {stats.entities} |",
        f"| metrics | {stats.metrics} |",
        f"| segments | {stats.segments} |",
        f"| incomplete metrics left out | {stats.skipped_metrics} |",
        "",
    ]
    labels = facts.labels or default_label_schema()
    lines += _label_set(labels)
    lines += _table(
        "Entity labels",
        _ordered(stats.entity_labels, labels.entity_labels or ENTITY_LABELS),
        "label",
    )
    lines += _table("Metrics by aspect", _ordered(stats.metric_aspects), "aspect")
    lines += _table("Metrics by status", _ordered(stats.metric_statuses), "status")
    lines += _table("Metrics by unit", _ordered(stats.metric_units), "unit")
    lines += _table("Metric provenance", _ordered(stats.provenance), "provenance")
    lines += _table("Segment labels", _ordered(stats.segment_labels), "label")
    lines += [
        "## Annotators",
        "",
        ", ".join(f"`{name}`" for name in facts.annotators) or "not recorded",
        "",
        "## Versions",
        "",
        f"- record schema version: {facts.schema_version}",
        f"- guideline version: {facts.guideline_version or 'not recorded'}",
        "",
        "## Agreement",
        "",
        facts.agreement,
        "",
        "## Command",
        "",
        "```",
        facts.command or "(not recorded)",
        "```",
        "",
    ]
    if stats.skipped:
        lines += [
            "## Metrics left out as incomplete",
            "",
            "| document | metric | problem |",
            "|---|---|---|",
        ]
        ordered = sorted(stats.skipped, key=lambda p: (p.doc_id, p.metric_id, p.problem))
        lines += [
            f"| {_cell(p.doc_id)} | {_cell(p.metric_id)} | {_cell(p.problem)} |"
            for p in ordered[:LISTED_SKIPPED]
        ]
        if len(ordered) > LISTED_SKIPPED:
            lines.append(f"\n… and {len(ordered) - LISTED_SKIPPED} more problems")
        lines.append("")
    if facts.notes:
        lines += ["## Notes", "", *[f"- {note}" for note in facts.notes], ""]
    return "\n".join(lines)

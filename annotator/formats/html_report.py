"""The evaluation report as one self-contained HTML file: tables, inline SVG charts, every error.

Every text that comes from data (document text, labels, ids, file names) goes through
`html.escape`, so article text is shown exactly as written and never interpreted as markup. The
file needs no script and loads nothing from elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any, Protocol

from annotator.domain.errors import InputError

SCHEMES = ("strict", "exact", "partial", "type")
SCHEME_NOTES = {
    "strict": "same span and same label",
    "exact": "same span, any label",
    "partial": "overlapping span, any label; a partial match counts half",
    "type": "overlapping span and same label",
}
KIND_NAMES = {
    ("entity", "missed"): "false negative (missed)",
    ("entity", "spurious"): "false positive (spurious)",
    ("entity", "wrong_label"): "wrong label",
    ("entity", "wrong_boundary"): "wrong boundary",
    ("metric", "missed"): "false negative (missed)",
    ("metric", "spurious"): "false positive (spurious)",
    ("metric", "wrong_field"): "wrong field",
}
BAR_COLOURS = {"precision": "#4c78a8", "recall": "#f58518", "f1": "#54a24b"}

_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; margin: 2em;
       color: #222; max-width: 80em; }
h1, h2, h3 { font-weight: 600; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; vertical-align: top; }
th { background: #f2f2f2; }
td.text, th.text { text-align: left; }
td.context { text-align: left; white-space: pre-wrap; max-width: 40em; }
td.diagonal { background: #e3f2e1; font-weight: 600; }
td.off { background: #fbe9e7; }
mark { background: #ffe066; padding: 0 0.1em; }
.note { color: #555; font-size: 0.9em; }
.kind { white-space: nowrap; }
"""


class ErrorRow(Protocol):
    """What the report needs of one error (services.evaluation.error_cases.ErrorCase has these).

    Read-only, so that a row may narrow them (ErrorCase's target is a Literal).
    """

    @property
    def doc_id(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def gold(self) -> str: ...
    @property
    def pred(self) -> str: ...
    @property
    def field(self) -> str: ...
    @property
    def context(self) -> tuple[str, str, str] | None: ...


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def _figure(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}" if not value.is_integer() or value < 1 else f"{value:g}"
    return _text(value)


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]], text_columns: int = 1) -> str:
    out = ["<table><thead><tr>"]
    out.extend(
        f'<th class="{"text" if i < text_columns else ""}">{_text(h)}</th>'
        for i, h in enumerate(headers)
    )
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>")
        for i, cell in enumerate(row):
            css = ' class="text"' if i < text_columns else ""
            out.append(f"<td{css}>{_text(cell) if i < text_columns else _figure(cell)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _bar_chart(
    title: str,
    groups: Sequence[tuple[str, Mapping[str, float | None]]],
    colours: Mapping[str, str] = BAR_COLOURS,
) -> str:
    """Horizontal bars (0..1) per group and measure, as inline SVG (no namespace needed in HTML)."""
    measures = list(colours)
    label_width, bar_width, bar_height, gap = 150, 360, 12, 10
    group_height = bar_height * len(measures) + gap
    height = 30 + group_height * max(len(groups), 1) + 20
    width = label_width + bar_width + 70
    parts = [
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{_text(title)}</title>",
    ]
    for i, measure in enumerate(measures):
        x = label_width + i * 110
        parts.append(
            f'<rect x="{x}" y="4" width="10" height="10" '
            f'fill="{colours[measure]}"/>'
            f'<text x="{x + 14}" y="13" font-size="11">{_text(measure)}</text>'
        )
    for g, (name, values) in enumerate(groups):
        top = 30 + g * group_height
        parts.append(
            f'<text x="{label_width - 6}" y="{top + bar_height * 1.8:.0f}" '
            f'font-size="12" text-anchor="end">{_text(name)}</text>'
        )
        for m, measure in enumerate(measures):
            value = values.get(measure)
            length = bar_width * max(0.0, min(1.0, value or 0.0))
            y = top + m * bar_height
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{length:.1f}" '
                f'height="{bar_height - 2}" fill="{colours[measure]}">'
                f"<title>{_text(name)} {_text(measure)} {_figure(value)}</title></rect>"
            )
            parts.append(
                f'<text x="{label_width + length + 4:.1f}" y="{y + bar_height - 3}" '
                f'font-size="10">{_figure(value)}</text>'
            )
    parts.append(
        f'<line x1="{label_width}" y1="26" x2="{label_width}" y2="{height - 14}" stroke="#888"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _scheme_row(name: str, scores: Mapping[str, Any]) -> list[object]:
    return [
        name,
        scores["precision"],
        scores["recall"],
        scores["f1"],
        scores["tp"],
        scores["fp"],
        scores["fn"],
        scores["correct"],
        scores["incorrect"],
        scores["partial"],
        scores["missed"],
        scores["spurious"],
    ]


_SCHEME_HEADERS = [
    "scheme",
    "precision",
    "recall",
    "F1",
    "tp",
    "fp",
    "fn",
    "correct",
    "incorrect",
    "partial",
    "missed",
    "spurious",
]


def _entity_section(entities: Mapping[str, Any]) -> str:
    out = [
        "<h2>Entities</h2>",
        '<p class="note">Micro-averaged over all entities; the schemes of SemEval-2013 task 9 '
        "as nervaluate counts them: "
        + "; ".join(f"<b>{_text(s)}</b>: {_text(SCHEME_NOTES[s])}" for s in SCHEMES)
        + ".</p>",
        _table(_SCHEME_HEADERS, [_scheme_row(s, entities[s]) for s in SCHEMES]),
        "<h3>Macro average</h3>",
        _table(
            ["scheme", "precision", "recall", "F1"],
            [
                [
                    s,
                    entities["macro"][s]["precision"],
                    entities["macro"][s]["recall"],
                    entities["macro"][s]["f1"],
                ]
                for s in SCHEMES
            ],
        ),
    ]
    per_label = entities["per_label"]
    out.append("<h3>Per label (strict)</h3>")
    out.append(
        _table(
            [
                "label",
                "precision",
                "recall",
                "F1",
                "tp",
                "fp",
                "fn",
                "exact F1",
                "partial F1",
                "type F1",
            ],
            [
                [
                    label,
                    s["strict"]["precision"],
                    s["strict"]["recall"],
                    s["strict"]["f1"],
                    s["strict"]["tp"],
                    s["strict"]["fp"],
                    s["strict"]["fn"],
                    s["exact"]["f1"],
                    s["partial"]["f1"],
                    s["type"]["f1"],
                ]
                for label, s in per_label.items()
            ],
        )
    )
    out.append(
        _bar_chart(
            "Per label, strict scheme", [(label, s["strict"]) for label, s in per_label.items()]
        )
    )
    return "".join(out)


def _confusion_section(confusion: Mapping[str, Any]) -> str:
    labels: list[str] = list(confusion["labels"])
    counts: Mapping[str, Mapping[str, int]] = confusion["counts"]
    out = [
        "<h2>Label confusion</h2>",
        '<p class="note">Rows: gold label; columns: predicted label, for spans paired by '
        "overlap (same span first). <i>none</i>: no partner (missed or spurious).</p>",
        '<table><thead><tr><th class="text">gold \\ predicted</th>',
    ]
    out.extend(f"<th>{_text(label)}</th>" for label in labels)
    out.append("</tr></thead><tbody>")
    for gold in labels:
        out.append(f'<tr><th class="text">{_text(gold)}</th>')
        for pred in labels:
            value = counts.get(gold, {}).get(pred, 0)
            css = ""
            if value and gold == pred:
                css = ' class="diagonal"'
            elif value:
                css = ' class="off"'
            out.append(f"<td{css}>{value or ''}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _metric_section(metrics: Mapping[str, Any], settings: Mapping[str, Any]) -> str:
    tolerance = settings.get("tolerance", 0)
    rule = (
        "numbers must be equal"
        if not tolerance
        else f"numbers agree within {tolerance:g} of the gold number (relative)"
    )
    out = [
        "<h2>Metrics</h2>",
        '<p class="note">A prediction matches the gold metric whose value span it overlaps, '
        "or, without offsets, the one with the same number, unit, period and place. Field "
        f"accuracy is over matched pairs; {_text(rule)}.</p>",
        _table(
            ["", "precision", "recall", "F1", "tp", "fp", "fn"],
            [
                [
                    "metrics",
                    metrics["precision"],
                    metrics["recall"],
                    metrics["f1"],
                    metrics["tp"],
                    metrics["fp"],
                    metrics["fn"],
                ]
            ],
        ),
        "<h3>Field accuracy on matched pairs</h3>",
        _table(
            ["field", "accuracy", "agreeing", "matched"],
            [
                [name, value, metrics.get("fields_agreeing", {}).get(name), metrics["tp"]]
                for name, value in metrics["fields"].items()
            ],
        ),
    ]
    return "".join(out)


def _documents_section(documents: Mapping[str, Any], excluded: Mapping[str, int]) -> str:
    out = ["<h2>Documents</h2>", f"<p>Scored: {_figure(documents['scored'])}.</p>"]
    for key, what in (
        ("gold_only", "In the gold data only (not predicted)"),
        ("pred_only", "In the predictions only (no gold)"),
    ):
        names = documents.get(key, [])
        out.append(
            f"<p>{_text(what)}: {len(names)}"
            + (": " + ", ".join(f"<code>{_text(n)}</code>" for n in names) if names else "")
            + ".</p>"
        )
    renamed = documents.get("matched_by_text", [])
    if renamed:
        out.append(
            "<p>Paired by identical text although the ids differ: "
            + ", ".join(
                f"<code>{_text(r['pred'])}</code> → <code>{_text(r['gold'])}</code>"
                for r in renamed
            )
            + ".</p>"
        )
    if any(excluded.values()):
        out.append(
            '<p class="note">Inside repeated (DUPLICATE) paragraphs, set aside on both '
            "sides: "
            + ", ".join(f"{_text(k.replace('_', ' '))} {v}" for k, v in excluded.items())
            + ".</p>"
        )
    return "".join(out)


def _context_html(context: tuple[str, str, str] | None) -> str:
    if context is None:
        return '<span class="note">(no offsets)</span>'
    before, marked, after = context
    return f"{_text(before)}<mark>{_text(marked)}</mark>{_text(after)}"


def _errors_section(errors: Sequence[ErrorRow]) -> str:
    out = [f"<h2>Errors ({len(errors)})</h2>"]
    for target, title in (("entity", "Entity errors"), ("metric", "Metric errors")):
        rows = [e for e in errors if e.target == target]
        out.append(f"<h3>{title} ({len(rows)})</h3>")
        if not rows:
            out.append("<p>None.</p>")
            continue
        counts: dict[str, int] = {}
        for row in rows:
            name = KIND_NAMES.get((row.target, row.kind), row.kind)
            counts[name] = counts.get(name, 0) + 1
        out.append("<p>" + ", ".join(f"{_text(k)}: {v}" for k, v in counts.items()) + "</p>")
        headers = ["document", "error", "gold", "prediction", "in context"]
        if target == "metric":
            headers.insert(2, "field")
        out.append(
            "<table><thead><tr>"
            + "".join(f'<th class="text">{h}</th>' for h in headers)
            + "</tr></thead><tbody>"
        )
        for row in rows:
            cells = [
                f'<td class="text">{_text(row.doc_id)}</td>',
                f'<td class="text kind">'
                f"{_text(KIND_NAMES.get((row.target, row.kind), row.kind))}</td>",
            ]
            if target == "metric":
                cells.append(f'<td class="text">{_text(row.field)}</td>')
            cells += [
                f'<td class="text">{_text(row.gold)}</td>',
                f'<td class="text">{_text(row.pred)}</td>',
                f'<td class="context">{_context_html(row.context)}</td>',
            ]
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table>")
    return "".join(out)


def render_report(
    summary: Mapping[str, Any], errors: Sequence[ErrorRow], title: str = "Evaluation report"
) -> str:
    """The whole report as an HTML string, from the evaluation's JSON figures and its errors."""
    settings = summary.get("settings", {})
    sources = "".join(f"<li>{_text(k)}: <code>{_text(v)}</code></li>" for k, v in settings.items())
    body = [
        f"<h1>{_text(title)}</h1>",
        f"<ul>{sources}</ul>",
        _documents_section(summary["documents"], summary.get("duplicates_excluded", {})),
        _entity_section(summary["entities"]),
        _confusion_section(summary["confusion"]),
        _metric_section(summary["metrics"], settings),
        _bar_chart(
            "Metric field accuracy",
            [(name, {"accuracy": value}) for name, value in summary["metrics"]["fields"].items()],
            {"accuracy": BAR_COLOURS["f1"]},
        ),
        _errors_section(errors),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        f"<title>{_text(title)}</title><style>{_CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )


def write_report(
    path: Path,
    summary: Mapping[str, Any],
    errors: Sequence[ErrorRow],
    title: str = "Evaluation report",
) -> None:
    """Write `render_report` to `path` (UTF-8); a path that cannot be written is an InputError."""
    html = render_report(summary, errors, title)
    try:
        path.write_text(html, encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot be written: {error.strerror}", str(path)) from error

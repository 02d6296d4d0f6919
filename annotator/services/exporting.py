"""Export: stream a layer's records out of the database into a format writer, atomically."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.errors import AnnotatorError, InputError, PermissionDenied
from annotator.domain.layers import Layer, LayerKind
from annotator.domain.records import LayerRecord
from annotator.domain.status import DocumentStatus
from annotator.formats.base import RECORD_SCHEMA_VERSION, ExportContext, WriteFormat, WriteSummary
from annotator.formats.registry import writer as find_writer
from annotator.services.dataset_card import CARD_TITLE, CardFacts, render_card
from annotator.services.export_leftovers import hidden_temporary, remove_stale
from annotator.services.export_parts import MIN_DOCUMENTS, default_jobs, write_in_parts
from annotator.services.export_records import (
    ExportStats,
    MetricProblem,
    checked_records,
    iter_layer_records,
)
from annotator.services.label_schema import project_labels
from annotator.services.progress import NoProgress, ProgressSink
from annotator.services.streaming import cyclic_gc_paused
from annotator.store.database import Database

INCOMPLETE_MODES = ("error", "skip")
# How many problems an error message lists before it only counts the rest.
LISTED_PROBLEMS = 50


class IncompleteMetrics(AnnotatorError):
    """The layer holds incomplete metrics and the export was asked to refuse them."""

    def __init__(self, problems: list[MetricProblem]) -> None:
        shown = "\n".join(f"  {p}" for p in problems[:LISTED_PROBLEMS])
        more = len(problems) - LISTED_PROBLEMS
        tail = f"\n  … and {more} more" if more > 0 else ""
        super().__init__(
            f"{len(problems)} incomplete metric problem(s); complete them, or export with "
            f"--incomplete skip to leave those metrics out (doc id, metric id, problem):\n"
            f"{shown}{tail}"
        )
        self.problems = problems


@dataclass
class ExportReport:
    """What an export wrote: the writer's figures, the files, and `summary()` for users."""

    format: str
    layer: str
    out: Path
    written: WriteSummary
    card: Path
    stats: ExportStats
    # How many processes wrote the data (see export_parts); the files are the same.
    processes: int = 1

    @property
    def documents(self) -> int:
        return self.written.documents

    @property
    def entities(self) -> int:
        return self.written.entities

    @property
    def metrics(self) -> int:
        return self.written.metrics

    @property
    def segments(self) -> int:
        return self.written.segments

    @property
    def files(self) -> list[Path]:
        return self.written.files

    @property
    def skipped_metrics(self) -> int:
        return self.stats.skipped_metrics

    def summary(self) -> str:
        text = (
            f"exported {self.documents} documents of {self.layer} as {self.format} to "
            f"{self.out}: {self.entities} entities, {self.metrics} metrics, "
            f"{self.segments} segments"
        )
        if self.skipped_metrics:
            text += f"; {self.skipped_metrics} incomplete metrics left out"
        if self.processes > 1:
            text += f" (written by {self.processes} processes at once)"
        text += f"\ndataset card: {self.card}"
        for note in self.written.notes:
            text += f"\n{note}"
        return text


# -- writing ----------------------------------------------------------------------------------
def card_path(out: Path, fmt: WriteFormat) -> Path:
    """Where the dataset card of an export goes: inside a folder, or `<file name>.README.md`."""
    if fmt.output == "folder":
        return out / "README.md"
    return out.with_name(out.name + ".README.md")


def _is_previous_export(folder: Path) -> bool:
    card = folder / "README.md"
    try:
        with card.open(encoding="utf-8") as handle:
            return handle.readline().startswith(CARD_TITLE)
    except OSError:
        return False


def _check_target(out: Path, fmt: WriteFormat) -> None:
    if fmt.output == "file" and out.is_dir():
        raise InputError(f"is a folder; the {fmt.name} format writes a file", str(out))
    if fmt.output == "folder" and out.exists():
        if not out.is_dir():
            raise InputError(f"is a file; the {fmt.name} format writes a folder", str(out))
        if any(out.iterdir()) and not _is_previous_export(out):
            raise InputError(
                "is a folder that holds other files; choose an empty or new folder "
                "(an earlier export of annotator is replaced)",
                str(out),
            )


def _release_records(
    database: Database, release: str, layer: str, status: str | None
) -> Iterator[LayerRecord]:
    from annotator.services.releases import iter_release_records  # only exports of a release

    return iter_release_records(database, release, layer, status)


def _release_card_facts(database: Database, release: str) -> tuple[str, list[str], str]:
    """(guideline version, annotators, agreement text) frozen with a release when it was made."""
    from annotator.services.releases import release_card  # only exports of a release

    card = release_card(database, release)
    return card.guideline_version, card.annotator_lines(), card.agreement_text()


def _card_facts(database: Database, layer: str) -> tuple[str, list[str], str]:
    """(guideline version, annotators, agreement text) of a layer."""
    with database.uow() as uow:
        layer_id = uow.layers.find(layer)
        guideline = (uow.layers.guideline_version(layer) or "") if layer_id else ""
        people = set(uow.annotations.contributors(layer_id)) if layer_id else set()
    parsed = Layer.parse(layer)
    if parsed.kind is LayerKind.ANNOTATOR:
        people.add(parsed.owner)
    return guideline, sorted(people), _agreement(database)


def _agreement(database: Database) -> str:
    """Agreement between the annotator layers, when there are two or more."""
    with database.uow() as uow:
        annotators = [
            name for name in uow.layers.names() if Layer.parse(name).kind is LayerKind.ANNOTATOR
        ]
    if len(annotators) < 2:
        return "not computed (it needs two or more annotator layers)"
    # Imported here: a single-annotator export never needs the agreement package.
    from annotator.services.agreement import compute_agreement

    try:
        report = compute_agreement(database)
    except PermissionDenied:  # a team database lets only curators read every layer
        return "not computed (reading every annotator's layer needs the curator role)"
    lines = [
        f"Between the annotator layers {', '.join(f'`{n}`' for n in report.layers)}, on "
        "the documents each has in progress or done:",
        "",
        f"- Krippendorff's alpha on characters: {_figure(report.alpha_char)} "
        f"({report.alpha_documents} documents)",
    ]
    for pair in report.pairs:
        lines.append(
            f"- `{pair['a']}` and `{pair['b']}`: entity F1 (exact) "
            f"{_figure(pair.get('entity_f1_exact'))}, Cohen's kappa on characters "
            f"{_figure(pair.get('kappa_char'))}, metric F1 "
            f"{_figure(pair.get('metric_f1'))}"
        )
    return "\n".join(lines)


def _figure(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, int | float) else "n/a"


def _temporary_beside(out: Path, fmt: WriteFormat) -> Path:
    """A new name beside `out` (same folder, so the final rename is atomic), hidden."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = hidden_temporary(out)
    if fmt.output == "folder":
        temporary.mkdir()
    return temporary


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _move_into_place(temporary: Path, out: Path, fmt: WriteFormat) -> None:
    if fmt.output == "file":
        os.replace(temporary, out)
        return
    if not out.exists():
        os.rename(temporary, out)
        return
    # A folder cannot be replaced in one step: move the old one aside first, and back on failure.
    old = out.with_name(f".{out.name}.{secrets.token_hex(4)}.old")
    os.rename(out, old)
    try:
        os.rename(temporary, out)
    except OSError:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _record_schema(database: Database, release: str | None) -> int:
    """The export record's schema version: this app's, or the one a release was frozen in."""
    if release is None:
        return RECORD_SCHEMA_VERSION
    from annotator.services.releases import release_info

    return release_info(database, release).schema_version


def export_layer(
    database: Database,
    fmt: str,
    out: Path,
    layer: str,
    status: str | None = None,
    progress: ProgressSink | None = None,
    command: str = "",
    release: str | None = None,
    incomplete: str = "error",
    jobs: int | None = None,
    min_parallel: int = MIN_DOCUMENTS,
) -> ExportReport:
    """Write a layer (optionally only documents with `status`) as `fmt` to `out`, with a card.

    Records stream from the database to the writer; the data goes to a temporary file or
    folder beside `out` that replaces `out` only when everything succeeded, so a failed or
    cancelled export leaves nothing half-written. Incomplete metrics fail the export
    (IncompleteMetrics) unless `incomplete="skip"`, which leaves them out and counts them.
    From `min_parallel` documents on, `jobs` processes (default: one per core) write shares
    of the documents at once, for formats that can be split; the files are the same.
    """
    if incomplete not in INCOMPLETE_MODES:
        raise InputError(
            f"--incomplete must be one of {', '.join(INCOMPLETE_MODES)}, not {incomplete!r}"
        )
    if status is not None and status not in DocumentStatus.__members__.values():
        raise InputError(
            f"unknown status {status!r}; use one of {', '.join(s.value for s in DocumentStatus)}"
        )
    if jobs is not None and jobs < 1:
        raise InputError(f"--jobs must be 1 or more, not {jobs}")
    Layer.parse(layer)
    fmt_writer = find_writer(fmt)
    out = Path(out)
    _check_target(out, fmt_writer)
    progress = progress or NoProgress()
    jobs = jobs or default_jobs()
    selection: list[tuple[int, str]] = []
    if release is not None:
        records = _release_records(database, release, layer, status)
        total = 0
    else:
        with database.uow() as uow:
            layer_id = uow.layers.find(layer)
            if layer_id is None:
                raise InputError(
                    f"the database has no layer {layer!r}; layers: "
                    f"{', '.join(uow.layers.names()) or 'none'}"
                )
            selection = uow.documents.selection(layer_id, status)
        total = len(selection)
        records = iter_layer_records(database, layer, status)
    in_parts = fmt_writer.parts is not None and jobs > 1 and total >= max(min_parallel, 2)
    processes = 1
    guideline, annotators, agreement = (
        _release_card_facts(database, release)
        if release is not None
        else _card_facts(database, layer)
    )
    schema = project_labels(database)
    context = ExportContext(
        layer=layer,
        entity_labels=schema.entity_labels,
        command=command,
        extra={"documents": total, "status": status, "release": release},
        labels=schema,
    )
    stats = ExportStats()
    problems: list[MetricProblem] = []
    # A killed export's hidden files would otherwise stay beside the output for good.
    remove_stale([out, card_path(out, fmt_writer)])
    try:
        temporary = _temporary_beside(out, fmt_writer)
    except OSError as error:
        raise InputError(f"cannot be written: {error.strerror or error}", str(out)) from error
    card = card_path(out, fmt_writer)
    card_temporary = hidden_temporary(card)
    progress.start(total, f"Exporting {layer} as {fmt}")
    try:
        if in_parts:
            written, processes = write_in_parts(
                database,
                fmt_writer,
                layer,
                selection,
                temporary,
                context,
                incomplete,
                jobs,
                progress,
                stats,
                problems,
            )
        else:
            with cyclic_gc_paused():
                written = fmt_writer.write(
                    checked_records(records, incomplete, stats, problems, progress),
                    temporary,
                    context,
                )
        if problems:
            raise IncompleteMetrics(problems)
        files = (
            [out]
            if fmt_writer.output == "file"
            else [out / Path(f).relative_to(temporary) for f in written.files]
        )
        relative = sorted(
            f.name if fmt_writer.output == "file" else f.relative_to(out).as_posix() for f in files
        )
        text = render_card(
            CardFacts(
                layer=layer,
                format=fmt,
                status=status,
                release=release,
                files=relative,
                stats=stats,
                schema_version=_record_schema(database, release),
                guideline_version=guideline,
                annotators=annotators,
                agreement=agreement,
                command=command,
                notes=list(written.notes),
                labels=schema,
            )
        )
        target = temporary / "README.md" if fmt_writer.output == "folder" else card_temporary
        target.write_text(text, encoding="utf-8", newline="\n")
        _move_into_place(temporary, out, fmt_writer)
        if fmt_writer.output == "file":
            os.replace(card_temporary, card)
    except OSError as error:
        _remove(temporary)
        _remove(card_temporary)
        raise InputError(f"cannot be written: {error.strerror or error}", str(out)) from error
    except BaseException:
        _remove(temporary)
        _remove(card_temporary)
        raise
    finally:
        progress.finish()
    written.files = [*files, card]
    return ExportReport(fmt, layer, out, written, card, stats, processes)

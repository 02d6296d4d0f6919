"""The metric assistant: suggested metrics from the quantity detector, and their review."""

from __future__ import annotations

import datetime
import re
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from annotator.domain.entities import LINK_LABELS, Entity
from annotator.domain.entity_proposals import recommenders_of
from annotator.domain.errors import ConflictError, InputError, NotFound, PermissionDenied
from annotator.domain.implicit_fields import (
    completed_aspect,
    completed_status,
    governing_period,
    implicit_period,
    paragraph_start,
)
from annotator.domain.layers import Layer, LayerKind
from annotator.domain.metric_links import proposed_links, with_proposed_links
from annotator.domain.metrics import LINK_FIELDS, Field, Metric, Provenance, ProvenanceKind
from annotator.domain.paragraph_context import carried, neighbour_before
from annotator.domain.periods import Period, find_periods
from annotator.domain.segments import article_spans
from annotator.domain.spans import Span
from annotator.domain.text import Document
from annotator.schema.labels import default_label_schema
from annotator.services.editing import (
    AddEntity,
    Applied,
    Batch,
    RejectSuggestion,
    SaveMetric,
    UnrejectSuggestion,
    apply,
)
from annotator.services.permissions import Actor
from annotator.services.prefill import document_date
from annotator.services.progress import NoProgress, ProgressSink
from annotator.services.project_settings import (
    DEFAULT_SUGGESTION_LAYER,
    SUGGESTION_LAYER,
    ProjectSettings,
    blind_position,
    is_blind,
    parse_suggestion_layer,
    project_settings,
)
from annotator.services.suggestion_workers import computing
from annotator.store.database import Database
from annotator.store.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from annotator.domain.quantities import Quantity

__all__ = [
    "SuggestReport",
    "accept",
    "accept_command",
    "assistant_stats",
    "is_blind",
    "reject",
    "suggest_all",
    "suggest_text",
    "suggestions_for",
    "unreject",
    "unreviewed",
]

_ACCEPTED_KINDS = (ProvenanceKind.SUGGESTED.value, ProvenanceKind.SUGGESTED_EDITED.value)
_BATCH = 200
# Seconds of work between the writes of suggest_all: a stopped run keeps what was written, and
# the lock, held for each write alone, is free while the work is done.
_WRITE_SLICE = 0.4
# Every time expression find_periods knows holds 年, 月, 前 (目前, 当前) or four digits
# ("2022—2023"); testing for them first spares its long pattern most sentences.
_MAY_HOLD_PERIOD = re.compile(r"[年月前]|[0-9０-９]{4}|[〇零一二三四五六七八九]{4}")


# --- building suggestions (pure) -------------------------------------------------------------


def _unit(quantity: Quantity) -> Field | None:
    if quantity.unit is not None:
        return Field.from_span(quantity.unit, normalized=quantity.unit_normalized)
    if quantity.unit_normalized:
        # "3万农户", "百分之八十": the unit is implied by the noun or the numeral, not written.
        return Field(normalized=quantity.unit_normalized, implicit=True)
    return None


def metric_from_quantity(
    quantity: Quantity,
    key: str,
    period: Field | None,
    system: str,
    doc_date: datetime.date | None = None,
) -> Metric:
    """A suggested metric for one detected quantity, with the sentence as evidence; without a
    cue, its status follows its period and the document date and its aspect is total
    (`implicit_fields`)."""
    return Metric(
        key,
        indicator=Field.from_span(quantity.indicator) if quantity.indicator else None,
        value=Field.from_span(quantity.value, number=quantity.number),
        value_high=(
            Field.from_span(quantity.value_high, number=quantity.number_high)
            if quantity.value_high is not None
            else None
        ),
        unit=_unit(quantity),
        approx=quantity.approx,
        status=completed_status(quantity.status, period, doc_date),
        aspect=completed_aspect(quantity.aspect),
        period=period,
        evidence=Field.from_span(quantity.sentence),
        provenance=Provenance(ProvenanceKind.SUGGESTED, system),
    )


def suggestions_for(document: Document, system: str = "assistant") -> list[Metric]:
    """Suggested metrics m1, m2 … for a document, in text order.

    The period is the time expression of the metric's sentence that governs it
    (`governing_period`), normalised with the document date when the document's meta names one
    ("date"; relative ones such as 今年 are left out when it does not); else an implicit period:
    the one an earlier metric of the paragraph stated, else the document's year.
    """
    # The detector is imported on first use: the window reads stored suggestions at start-up
    # and only needs it when it suggests again.
    from annotator.domain.quantities import find_quantities

    text = document.text
    doc_date = document_date(document.meta)
    periods_of: dict[int, list[Period]] = {}
    result: list[Metric] = []
    carried: tuple[int, str] | None = None  # (paragraph start, the period it stated)
    for i, quantity in enumerate(find_quantities(text, doc_date), start=1):
        sentence = quantity.sentence
        if sentence.start not in periods_of:
            periods_of[sentence.start] = _periods_in(sentence, doc_date)
        paragraph = paragraph_start(text, quantity.value.start)
        period = governing_period(
            periods_of[sentence.start], text, quantity.value.start, quantity.value.end
        )
        if period is not None and period.normalized:
            carried = (paragraph, period.normalized)
        elif period is None:
            period = implicit_period(
                carried[1] if carried and carried[0] == paragraph else None, doc_date
            )
        result.append(metric_from_quantity(quantity, f"m{i}", period, system, doc_date))
    return result


def _periods_in(sentence: Span, doc_date: datetime.date | None) -> list[Period]:
    """The periods of one sentence, with document offsets."""
    if not _MAY_HOLD_PERIOD.search(sentence.text):
        return []
    return [
        replace(p, start=p.start + sentence.start, end=p.end + sentence.start)
        for p in find_periods(sentence.text, doc_date)
    ]


def _span_json(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def suggest_text(text: str, doc_date: datetime.date | None = None) -> list[dict[str, Any]]:
    """The suggestions for a piece of text as JSON-ready objects (`annotator suggest --text`).

    Each has start, end, text (the whole mention), number, unit (normalised, or null), approx,
    and indicator (start, end, text) when one was found, plus number_high for a range, status,
    aspect and the sentence.
    """
    from annotator.domain.quantities import find_quantities

    out: list[dict[str, Any]] = []
    for q in find_quantities(text, doc_date):
        item: dict[str, Any] = {
            "start": q.start,
            "end": q.end,
            "text": q.text,
            "number": q.number,
            "unit": q.unit_normalized,
            "approx": q.approx.value,
        }
        if q.indicator is not None:
            item["indicator"] = _span_json(q.indicator)
        if q.number_high is not None:
            item["number_high"] = q.number_high
        item["status"] = q.status.value if q.status else None
        item["aspect"] = q.aspect.value if q.aspect else None
        item["sentence"] = _span_json(q.sentence)
        out.append(item)
    return out


# --- filling the prediction layer ------------------------------------------------------------

WHAT: tuple[str, ...] = ("entities", "metrics")


@dataclass
class SuggestReport:
    """What `suggest_all` did; `summary()` is the line users read."""

    layer: str
    documents: int = 0
    suggestions: int = 0
    with_indicator: int = 0
    replaced: int = 0
    entity_suggestions: int = 0
    # recommender → entity suggestions naming it
    by_recommender: dict[str, int] = dataclass_field(default_factory=dict)
    notes: list[str] = dataclass_field(default_factory=list)
    what: tuple[str, ...] = WHAT

    def count(self, metrics: Sequence[Metric], entities: Sequence[Entity]) -> None:
        """Count one document's suggestions of the kinds suggested."""
        self.documents += 1
        if "metrics" in self.what:
            self.suggestions += len(metrics)
            self.with_indicator += sum(m.indicator is not None for m in metrics)
        if "entities" in self.what:
            self.entity_suggestions += len(entities)
            for entity in entities:
                for recommender in recommenders_of(entity.provenance.system):
                    self.by_recommender[recommender] = self.by_recommender.get(recommender, 0) + 1

    def summary(self) -> str:
        lines = []
        if "metrics" in self.what:
            lines.append(
                f"{self.suggestions} suggestions in {self.documents} documents written "
                f"to {self.layer} ({self.with_indicator} with an indicator; "
                f"{self.replaced} earlier suggestions replaced)"
            )
        if "entities" in self.what:
            per = ", ".join(f"{name} {n}" for name, n in sorted(self.by_recommender.items()))
            lines.append(
                f"{self.entity_suggestions} entity suggestions in {self.documents} "
                f"documents written to {self.layer} ({per or 'none'})"
            )
        return "\n".join([*lines, *self.notes])


@dataclass(frozen=True)
class _DocumentSuggestions:
    """One document's suggested metrics and entities (of the kinds asked for), as a worker
    process works them out (it pickles: recommenders hold their models' paths, not handles)."""

    system: str
    metrics: bool
    entities: bool
    recommenders: tuple[Any, ...]

    def __call__(self, document: Document) -> tuple[list[Metric], list[Entity]]:
        from annotator.services.entity_suggesting import suggest_entities

        return (
            suggestions_for(document, self.system) if self.metrics else [],
            suggest_entities(document.text, self.recommenders) if self.entities else [],
        )


def suggest_all(
    database: Database,
    layer: str = DEFAULT_SUGGESTION_LAYER,
    progress: ProgressSink | None = None,
    what: Sequence[str] = WHAT,
    recommenders: Sequence[str] | None = None,
    jobs: int = 1,
) -> SuggestReport:
    """Fill a prediction layer with suggestions for every document, worked out a slice at a
    time (_WRITE_SLICE) and then written in one short transaction: an edit made meanwhile waits
    for a write at most, and a stopped run leaves the documents done so far with new
    suggestions and the others with their earlier ones.

    `what` names the kinds suggested, "metrics" and "entities" (the entity recommenders, all
    by default); each document's earlier suggestions of those kinds are replaced, so running it
    again gives the same layer, and the other kind is kept. The layer becomes the project's
    suggestion layer (what annotators review). With `jobs` above one, a corpus of some size is
    worked out in that many worker processes (`suggestion_workers`), the same layer sooner.
    """
    from annotator.services import entity_suggesting

    unknown = set(what) - set(WHAT)
    if unknown or not what:
        raise InputError(f"--what takes entities and/or metrics, not {','.join(sorted(unknown))}")
    name = parse_suggestion_layer(layer)
    system = Layer.parse(name).owner
    sink = progress or NoProgress()
    report = SuggestReport(name, what=tuple(w for w in WHAT if w in what))
    entity_recommenders: list = []
    if "entities" in what:
        built = entity_suggesting.build_recommenders(
            database, recommenders or entity_suggesting.RECOMMENDER_NAMES, sink
        )
        entity_recommenders, report.notes = built.recommenders, built.notes
    with database.uow() as uow:
        layer_id = uow.layers.get_or_create(
            Layer.parse(name), default_label_schema().guideline_version
        )
        before = uow.statistics.layer_counts().get(name, {})
        report.replaced = before.get("metrics", 0)
        holds_anything = any(before.get(kind) for kind in ("entities", "metrics", "segments"))
        count = uow.documents.count()
        sink.start(count, f"Suggesting metrics into {name}")
        try:
            batch: list[tuple[int, Sequence, tuple, Sequence[Metric]]] = []
            uow.commit_and_continue()  # the layer exists; the lock is taken for writes only
            compute = _DocumentSuggestions(
                system, "metrics" in what, "entities" in what, tuple(entity_recommenders)
            )
            pks: deque[int] = deque()

            def documents() -> Iterator[Document]:
                for pk, document in uow.documents.iter_documents():
                    pks.append(pk)
                    yield document

            with computing(compute, jobs, count) as suggest:
                for metrics, entities in suggest(documents()):
                    pk = pks.popleft()
                    if holds_anything and "entities" not in what:  # kept as they are
                        entities = uow.annotations.entities(pk, layer_id)
                    if holds_anything and "metrics" not in what:
                        metrics = uow.annotations.metrics(pk, layer_id)
                    # Place, organisation and subject from the entities written beside them.
                    metrics = with_proposed_links(metrics, entities)
                    batch.append((pk, entities, (), metrics))
                    report.count(metrics, entities)
                    if len(batch) >= _BATCH or uow.transaction_age() >= _WRITE_SLICE:
                        _replace_suggestions(uow, layer_id, system, batch, holds_anything)
                        batch = []
                        uow.commit_and_continue()
                    sink.advance()
            _replace_suggestions(uow, layer_id, system, batch, holds_anything)
            uow.settings.set(SUGGESTION_LAYER, name, system)
            uow.commit()
        finally:
            sink.finish()
    return report


def _replace_suggestions(
    uow: UnitOfWork,
    layer_id: int,
    system: str,
    batch: list[tuple[int, Sequence, tuple, Sequence[Metric]]],
    clear: bool,
) -> None:
    """Write a batch of documents' suggestions over their earlier ones. SQLite's write lock is
    taken here, after the batch was worked out, and held only for these writes: an edit in
    the window gets the lock while the next batch is being worked out."""
    if clear:
        for pk, *_ in batch:
            uow.annotations.clear_layer(pk, layer_id)
    uow.annotations.bulk_add(layer_id, system, batch)


# --- review ----------------------------------------------------------------------------------


def _layer_entities(uow: UnitOfWork, pk: int, layer: str) -> list:
    layer_id = uow.layers.find(layer)
    return uow.annotations.entities(pk, layer_id) if layer_id is not None else []


def _layer_metrics(uow: UnitOfWork, pk: int, layer: str) -> list[Metric]:
    layer_id = uow.layers.find(layer)
    return uow.annotations.metrics(pk, layer_id) if layer_id is not None else []


@dataclass
class _ReviewState:
    suggestions: list[Metric]
    own: list[Metric]
    rejected: set[tuple[int, int]]

    def suggestion(self, key: str) -> Metric:
        found = next((m for m in self.suggestions if m.id == key), None)
        if found is None:
            raise NotFound(
                f"suggestion {key} no longer exists; the assistant was run again, "
                "reload the document"
            )
        return found

    @cached_property
    def own_value_positions(self) -> frozenset[int]:
        """Every character inside the value of one of the annotator's own metrics."""
        return frozenset(
            position
            for metric in self.own
            if (span := metric.value_span) is not None
            for position in range(*span)
        )

    def covered(self, suggestion: Metric) -> bool:
        # Values are a few characters long: testing their positions beats comparing every
        # suggestion with every metric on a page with hundreds of both.
        start, end = _value_span(suggestion)
        return not self.own_value_positions.isdisjoint(range(start, end))

    def is_rejected(self, suggestion: Metric) -> bool:
        return _value_span(suggestion) in self.rejected


def _value_span(suggestion: Metric) -> tuple[int, int]:
    span = suggestion.value_span
    assert span is not None  # a suggestion without one is never read (_review_state)
    return span


def _review_state(
    uow: UnitOfWork, doc_id: str, annotator: str, layer: str, own: Sequence[Metric] | None = None
) -> _ReviewState:
    pk = uow.documents.pk(doc_id)
    suggestions = [m for m in _layer_metrics(uow, pk, layer) if m.value_span is not None]
    suggestions.sort(key=lambda m: (_value_span(m), m.id))
    return _ReviewState(
        suggestions,
        list(own) if own is not None else _layer_metrics(uow, pk, Layer.annotator(annotator).name),
        {(r.start, r.end) for r in uow.suggestion_reviews.rejections(pk, annotator)},
    )


def _settings_and_layer(database: Database, layer: str | None) -> tuple[ProjectSettings, str]:
    settings = project_settings(database)
    return settings, parse_suggestion_layer(layer or settings.suggestion_layer)


def _check_not_blind(
    database: Database, doc_id: str, annotator: str, settings: ProjectSettings
) -> None:
    if is_blind(database, doc_id, annotator, settings):
        raise PermissionDenied(
            f"{doc_id} is blind for {annotator}: the assistant's suggestions are not shown there"
        )


def unreviewed(
    database: Database,
    doc_id: str,
    annotator: str,
    layer: str | None = None,
    own: Sequence[Metric] | None = None,
) -> list[Metric]:
    """The suggestions `annotator` has neither accepted nor rejected, in text order.

    A suggestion whose value overlaps the value of a metric in the annotator's layer counts as
    reviewed (accepted, or typed by hand). A blind document has none. `layer` defaults to the
    project's suggestion layer; `own` is the annotator's metrics of the document when the
    caller holds them (the window), so that they are not read again.
    """
    settings, name = _settings_and_layer(database, layer)
    Layer.annotator(annotator)
    if is_blind(database, doc_id, annotator, settings):
        return []
    with database.uow() as uow:
        state = _review_state(uow, doc_id, annotator, name, own)
    return [m for m in state.suggestions if not state.is_rejected(m) and not state.covered(m)]


def _accepted_with(doc_id: str, own: str, entity: Entity, key: str) -> AddEntity:
    """A suggested entity a metric links to, accepted into the own layer with it as `key`."""
    from annotator.services.entity_suggesting import accept_provenance

    return AddEntity(
        doc_id,
        own,
        entity.label,
        entity.start,
        entity.end,
        key,
        accept_provenance(entity),
        entity.score,
    )


def _free_key(
    uow: UnitOfWork, pk: int, own_id: int | None, adding: Sequence[AddEntity] = ()
) -> int:
    """The number of the own layer's next entity key (e7 → 7), after those `adding` adds."""
    number = int(uow.annotations.next_key(pk, own_id, "e")[1:]) if own_id is not None else 1
    return max([number, *(int(a.key[1:]) + 1 for a in adding if a.key)])


def _own_links(
    uow: UnitOfWork, doc_id: str, annotator: str, layer: str, metric: Metric
) -> tuple[dict[str, str | None], list[AddEntity]]:
    """The metric's links (ids of the suggestion layer's entities) as ids of the annotator's
    layer: an entity already tagged there at the same span and label, else the suggested entity
    added with it (provenance suggested); a link to a span the annotator rejected is dropped."""
    pk = uow.documents.pk(doc_id)
    own_name = Layer.annotator(annotator).name
    suggested = {e.id: e for e in _layer_entities(uow, pk, layer)}
    own = {(e.start, e.end, e.label): e.id for e in _layer_entities(uow, pk, own_name)}
    rejected = {
        (r.start, r.end) for r in uow.suggestion_reviews.rejections(pk, annotator, entities=True)
    }
    number = _free_key(uow, pk, uow.layers.find(own_name))
    links: dict[str, str | None] = {}
    adds: list[AddEntity] = []
    for name in LINK_FIELDS:
        entity = suggested.get(getattr(metric, name) or "")
        if entity is None or (entity.start, entity.end) in rejected:
            links[name] = None
            continue
        span = (entity.start, entity.end, entity.label)
        if span not in own:
            own[span] = f"e{number}"
            number += 1
            adds.append(_accepted_with(doc_id, own_name, entity, own[span]))
        links[name] = own[span]
    return links, adds


def accept_command(
    database: Database,
    doc_id: str,
    annotator: str,
    suggestion_key: str,
    edited_metric: Metric | None = None,
    layer: str | None = None,
    suggested_entities: Sequence[Entity] = (),
) -> SaveMetric | Batch:
    """The command that saves a suggestion as a new metric of the annotator's layer.

    Provenance is `suggested` when `edited_metric` is None or equal to the suggestion on every
    field the assistant proposes, else `suggested-edited` (`Metric.edited`); the system is the
    suggestion's. The GUI
    pushes this command on its undo stack; `accept` applies it at once. Links the assistant
    proposed point at the annotator's own entities: a suggested entity they link to is accepted
    with the metric, in the same step. Accepted as proposed, a suggestion without a place,
    organisation or subject takes them from the annotator's entities tagged since
    (`metric_links.proposed_links`), or from `suggested_entities` (the entity suggestions a
    window shows beside the layer's, see `model_suggestions`): one it links to is accepted with
    it, as a layer's. Accepted as proposed after another of the annotator's
    metrics in the same paragraph, it takes that metric's links and, when its own sentence
    states no period, its period (`paragraph_context`): the annotator confirmed them there.
    """
    settings, name = _settings_and_layer(database, layer)
    own = Layer.annotator(annotator).name
    _check_not_blind(database, doc_id, annotator, settings)
    with database.uow() as uow:
        state = _review_state(uow, doc_id, annotator, name)
    suggestion = state.suggestion(suggestion_key)
    if state.is_rejected(suggestion):
        raise ConflictError(
            f"suggestion {suggestion_key} was rejected; undo the rejection before accepting it"
        )
    if state.covered(suggestion):
        raise ConflictError(f"suggestion {suggestion_key} is already covered by a metric in {own}")
    metric = replace(
        suggestion.edited(edited_metric if edited_metric is not None else suggestion), id=""
    )
    adds: list[AddEntity] = []
    with database.uow() as uow:
        carried_names: tuple[str, ...] = ()
        if edited_metric is None:
            metric, carried_names = _carried_from_paragraph(uow, doc_id, state.own, metric)
        proposed = {
            n: getattr(suggestion, n)
            for n in LINK_FIELDS
            if n not in carried_names
            and getattr(metric, n)
            and getattr(metric, n) == getattr(suggestion, n)
        }
        if proposed:
            links, adds = _own_links(
                uow,
                doc_id,
                annotator,
                name,
                metric.with_changes(**{n: proposed.get(n) for n in LINK_FIELDS}),
            )
            metric = metric.with_changes(**{n: links[n] for n in proposed})
        if edited_metric is None:
            metric, linked = _linked_to_own(
                uow, doc_id, own, metric, carried_names, suggested_entities, adds
            )
            adds += linked
    return (
        Batch(doc_id, own, (*adds, SaveMetric(doc_id, own, metric)))
        if adds
        else SaveMetric(doc_id, own, metric)
    )


def _carried_from_paragraph(
    uow: UnitOfWork, doc_id: str, own: Sequence[Metric], metric: Metric
) -> tuple[Metric, tuple[str, ...]]:
    """`metric` with the links and implicit period of the annotator's metric before it in its
    paragraph (`paragraph_context`), and the names of the fields so set; unchanged when the
    paragraph holds none."""
    span = metric.value_span
    if span is None or not own:
        return metric, ()
    neighbour = neighbour_before(own, uow.documents.get(doc_id).text, span[0])
    return carried(metric, neighbour) if neighbour is not None else (metric, ())


def _linked_to_own(
    uow: UnitOfWork,
    doc_id: str,
    own: str,
    metric: Metric,
    settled: Sequence[str] = (),
    suggested: Sequence[Entity] = (),
    adding: Sequence[AddEntity] = (),
) -> tuple[Metric, list[AddEntity]]:
    """`metric` with the links it lacks proposed from the annotator's own entities, else, for a
    kind of link none of whose labels they tagged in the document yet, from the `suggested`
    ones shown to them (the suggestion was made before either was there); the suggested
    entities so linked are added with it (provenance suggested) after those `adding` adds
    already. Links in `settled` were decided otherwise (taken from the paragraph) and stay as
    they are."""
    missing = [n for n in LINK_FIELDS if getattr(metric, n) is None and n not in settled]
    if not missing:
        return metric, []
    pk = uow.documents.pk(doc_id)
    entities = _layer_entities(uow, pk, own)
    own_id = uow.layers.find(own)
    articles = article_spans(uow.annotations.segments(pk, own_id)) if own_id is not None else []
    fresh = proposed_links(metric, entities, articles)
    found = {n: fresh[n] for n in missing if fresh[n] is not None}
    # Suggested entities stand in for a kind the annotator has not tagged on the page yet
    # (metrics first); once they tag it, what is left unreviewed beside it is likelier wrong.
    untagged = [
        n
        for n in missing
        if n not in found and not any(e.label in LINK_LABELS[n] for e in entities)
    ]
    adds: list[AddEntity] = []
    if suggested and untagged:
        # Keyed apart from the own layer's ids while the links are chosen.
        shown = {f"suggested:{n}": e for n, e in enumerate(suggested)}
        candidates = [*entities, *(replace(e, id=key) for key, e in shown.items())]
        wider = proposed_links(metric, candidates, articles)
        picked = {n: shown[key] for n in untagged if (key := wider[n]) in shown}
        # One entity per link: each kind of link has labels of its own.
        for number, (name, entity) in enumerate(picked.items(), _free_key(uow, pk, own_id, adding)):
            found[name] = f"e{number}"
            adds.append(_accepted_with(doc_id, own, entity, f"e{number}"))
    return (metric.with_changes(**found) if found else metric), adds


def accept(
    database: Database,
    doc_id: str,
    annotator: str,
    suggestion_key: str,
    edited_metric: Metric | None = None,
    layer: str | None = None,
) -> Applied:
    """Accept a suggestion (as proposed, or as edited): one undoable edit of the own layer."""
    command = accept_command(database, doc_id, annotator, suggestion_key, edited_metric, layer)
    return apply(command, database.uow, Actor(annotator))


def reject_command(
    database: Database, doc_id: str, annotator: str, suggestion_key: str, layer: str | None = None
) -> RejectSuggestion:
    """The command that records that `annotator` turned a suggestion down (the window pushes
    it on its undo stack; `reject` applies it at once)."""
    settings, name = _settings_and_layer(database, layer)
    own = Layer.annotator(annotator).name
    _check_not_blind(database, doc_id, annotator, settings)
    with database.uow() as uow:
        state = _review_state(uow, doc_id, annotator, name)
    suggestion = state.suggestion(suggestion_key)
    if state.covered(suggestion):
        raise ConflictError(
            f"suggestion {suggestion_key} is already covered by a metric; "
            "delete that metric instead"
        )
    return RejectSuggestion(doc_id, own, suggestion.id, *_value_span(suggestion))


def reject(
    database: Database, doc_id: str, annotator: str, suggestion_key: str, layer: str | None = None
) -> Applied | None:
    """Record that `annotator` turned a suggestion down; None if it already was."""
    cmd = reject_command(database, doc_id, annotator, suggestion_key, layer)
    try:
        return apply(cmd, database.uow, Actor(annotator))
    except ConflictError:  # already rejected: nothing changes
        return None


def unreject(
    database: Database, doc_id: str, annotator: str, suggestion_key: str, layer: str | None = None
) -> Applied | None:
    """Undo a rejection: the suggestion is unreviewed again. None if it was not rejected."""
    _settings, name = _settings_and_layer(database, layer)
    own = Layer.annotator(annotator).name
    with database.uow() as uow:
        state = _review_state(uow, doc_id, annotator, name)
    suggestion = state.suggestion(suggestion_key)
    if not state.is_rejected(suggestion):
        return None
    cmd = UnrejectSuggestion(doc_id, own, *_value_span(suggestion))
    return apply(cmd, database.uow, Actor(annotator))


# --- figures for `annotator stats` -----------------------------------------------------------


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _density(documents: int, chars: int, metrics: int) -> dict[str, Any]:
    return {
        "documents": documents,
        "characters": chars,
        "metrics": metrics,
        "metrics_per_1000_chars": round(metrics * 1000 / chars, 3) if chars else None,
    }


def assistant_stats(database: Database) -> dict[str, Any]:
    """How the assistant's suggestions fared, per annotator layer (`annotator stats`, JSON key
    `assistant`).

    Per layer: metrics by provenance; accepted (metrics with the suggestion system's
    provenance, suggested or suggested-edited), rejected, reviewed = accepted + rejected,
    acceptance_rate = accepted / reviewed, edit_rate = suggested-edited / accepted; and for
    the documents the layer worked on (in progress, done, or holding metrics; not skipped),
    metrics per 1,000 characters in blind and in shown documents.
    """
    settings = project_settings(database)
    system = Layer.parse(settings.suggestion_layer).owner
    with database.uow() as uow:
        names = [n for n in uow.layers.names() if Layer.parse(n).kind is LayerKind.ANNOTATOR]
        suggestions = sum(
            sum(f.metrics.values())
            for f in uow.suggestion_reviews.layer_figures(settings.suggestion_layer)
        )
        rejections = uow.suggestion_reviews.rejection_counts()
        figures = {name: uow.suggestion_reviews.layer_figures(name) for name in names}
    layers: dict[str, Any] = {}
    for name in names:
        annotator = Layer.parse(name).owner
        by_kind = {kind.value: 0 for kind in ProvenanceKind}
        accepted = edited = 0
        groups = {"blind": [0, 0, 0], "shown": [0, 0, 0]}  # documents, characters, metrics
        for doc in figures[name]:
            total = 0
            for (kind, kind_system), count in doc.metrics.items():
                by_kind[kind] = by_kind.get(kind, 0) + count
                total += count
                if kind in _ACCEPTED_KINDS and kind_system == system:
                    accepted += count
                    edited += count if kind == ProvenanceKind.SUGGESTED_EDITED.value else 0
            if doc.status == "skipped" or (doc.status == "new" and not total):
                continue
            blind = blind_position(doc.doc_id, annotator) < settings.blind_share
            group = groups["blind" if blind else "shown"]
            group[0] += 1
            group[1] += doc.chars
            group[2] += total
        rejected = sum(rejections.get(annotator, {}).values())
        layers[name] = {
            "metrics_by_provenance": by_kind,
            "accepted": accepted,
            "accepted_edited": edited,
            "rejected": rejected,
            "reviewed": accepted + rejected,
            "acceptance_rate": _rate(accepted, accepted + rejected),
            "edit_rate": _rate(edited, accepted),
            "blind": _density(*groups["blind"]),
            "shown": _density(*groups["shown"]),
        }
    return {
        "suggestion_layer": settings.suggestion_layer,
        "system": system,
        "blind_share": settings.blind_share,
        "suggestions": suggestions,
        "layers": layers,
    }

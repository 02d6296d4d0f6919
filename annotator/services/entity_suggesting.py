"""The entity assistant: suggested entities from the recommenders, and their review.

Suggestions live in the project's suggestion layer (pred:assistant), written by `suggest`; the
annotator's own layer adds a live lexicon on top, so that an entity tagged now is proposed at
its other occurrences at once. Accepting is an AddEntity of the annotator's layer (provenance
`suggested`, or `suggested-edited` under another label); a rejection is kept per annotator by
span, in the table metric rejections use, with the key "entity:<LABEL>:<recommenders>".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from annotator.domain.entities import Entity
from annotator.domain.entity_proposals import (
    EntitySuggestion,
    Proposal,
    merge_proposals,
    merge_weights,
    occurrences,
    recommenders_of,
    review_order,
)
from annotator.domain.errors import ConflictError, NotFound, PermissionDenied
from annotator.domain.layers import Layer, LayerKind
from annotator.domain.metrics import Provenance, ProvenanceKind
from annotator.services import editing
from annotator.services.permissions import Actor
from annotator.services.progress import ProgressSink
from annotator.services.project_settings import is_blind, parse_suggestion_layer, project_settings
from annotator.services.recommenders import Recommender
from annotator.services.recommenders.learning import TrainingDocument, learning_documents
from annotator.services.recommenders.lexicon import NAME as LEXICON
from annotator.services.recommenders.lexicon import LexiconRecommender
from annotator.store.database import Database
from annotator.store.settings_repository import ENTITY_KEY_PREFIX, Rejection
from annotator.store.unit_of_work import UnitOfWork

RECOMMENDER_NAMES: tuple[str, ...] = ("lexicon", "crf", "lac")
_KEY_LENGTH = 40

__all__ = [
    "RECOMMENDER_NAMES",
    "EntitySuggestion",
    "OpenDocumentSuggestions",
    "accept",
    "accept_all",
    "accept_all_command",
    "accept_command",
    "build_recommenders",
    "lexicon_of",
    "own_lexicon",
    "reject",
    "suggest_entities",
    "unreject",
    "unreviewed",
]


# --- proposing ------------------------------------------------------------------------------


@dataclass
class BuiltRecommenders:
    """The recommenders `suggest` runs, and a line per recommender that could not run;
    `stale`: the CRF was left out as its stored model is out of date (built with `train`
    off)."""

    recommenders: list[Recommender] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stale: bool = False


def build_recommenders(
    database: Database,
    names: Sequence[str] = RECOMMENDER_NAMES,
    progress: ProgressSink | None = None,
    documents: Sequence[TrainingDocument] | None = None,
    train: bool = True,
) -> BuiltRecommenders:
    """The named recommenders, learnt from `learning_documents` (read once for all).

    The CRF model is used only when it was trained on exactly these documents, else retrained
    first (with `train` off: left out, and `stale` set); LAC is left out, with a note saying
    what to install, when the extra is missing.
    """
    built = BuiltRecommenders()
    docs = list(documents) if documents is not None else learning_documents(database)
    for name in names:
        if name == LEXICON:
            built.recommenders.append(LexiconRecommender(docs))
        elif name == "crf":
            from annotator.services.recommenders.crf import current_model, stored_model

            model = current_model(database, docs, progress) if train else stored_model(docs)
            if model is None and not train and any(d.entities for d in docs):
                built.stale = True
                built.notes.append("crf: the stored model is out of date; train it again")
            elif model is None:
                built.notes.append("crf: nothing to learn from yet (no gold, no done documents)")
            else:
                built.recommenders.append(model)
        elif name == "lac":
            from annotator.services.recommenders.lac import LacUnavailable, lac_recommender

            try:
                built.recommenders.append(lac_recommender(docs))
            except LacUnavailable as missing:
                built.notes.append(str(missing))
    return built


def suggest_entities(text: str, recommenders: Sequence[Recommender]) -> list[Entity]:
    """Every recommender's proposals for a text, merged into suggested entities e1, e2 …"""
    proposals: list[Proposal] = []
    for recommender in recommenders:
        proposals += recommender.propose(text)
    return merge_proposals(text, proposals, weights=merge_weights(r.name for r in recommenders))


# --- review ---------------------------------------------------------------------------------


def _layer_entities(uow: UnitOfWork, pk: int, layer: str) -> list[Entity]:
    layer_id = uow.layers.find(layer)
    return uow.annotations.entities(pk, layer_id) if layer_id is not None else []


def own_lexicon(database: Database, annotator: str) -> LexiconRecommender:
    """The annotator's own tags across their layer as a lexicon, for a window to keep: reading
    a whole layer costs more than a key press may take, so the window builds it once and
    passes it to `unreviewed` with the open documents' entities on top."""
    with database.uow() as uow:
        return _own_lexicon(uow, Layer.annotator(annotator).name)


def lexicon_of(entities: Sequence[Entity]) -> LexiconRecommender:
    """A lexicon of a few entities (the ones tagged since the window built its own)."""
    lexicon = LexiconRecommender(min_score=0.5)
    lexicon.add("", entities)
    return lexicon


def _own_lexicon(uow: UnitOfWork, own_layer: str) -> LexiconRecommender:
    """The annotator's own tags across their layer, as a lexicon (whatever the status: the
    annotator's own work is theirs to reuse, blind or not)."""
    lexicon = LexiconRecommender(min_score=0.5)
    layer_id = uow.layers.find(own_layer)
    if layer_id is None:
        return lexicon
    pks = [pk for pk, _doc_id, _chars in uow.layer_contents.documents()]
    for at in range(0, len(pks), 2000):
        for entities in uow.layer_contents.entities(layer_id, pks[at : at + 2000]).values():
            lexicon.add("", entities)
    return lexicon


def _rejections(uow: UnitOfWork, pk: int, annotator: str) -> dict[tuple[int, int], str]:
    return {
        (r.start, r.end): r.suggestion_key
        for r in uow.suggestion_reviews.rejections(pk, annotator, entities=True)
    }


@dataclass(frozen=True)
class _State:
    text: str
    stored: list[Entity]
    own: list[Entity]
    rejected: dict[tuple[int, int], str]

    def suggestions(self, live: Sequence[LexiconRecommender]) -> list[EntitySuggestion]:
        proposed = list(self.stored)
        if live:
            # The layer's suggestions stay as `suggest` (or an import) made them: the live
            # lexicons only add what it lacks; combined again with the same recommenders, a
            # score would count each twice.
            proposed = merge_proposals(
                self.text,
                (p for lexicon in live for p in lexicon.propose(self.text)),
                kept=self.stored,
            )
        return review_order(proposed, self.own, self.rejected)


def _state(
    database: Database, doc_id: str, annotator: str, layer: str | None, live: bool
) -> tuple[_State, LexiconRecommender | None]:
    name = parse_suggestion_layer(layer or project_settings(database).suggestion_layer)
    own_layer = Layer.annotator(annotator).name
    with database.uow() as uow:
        pk = uow.documents.pk(doc_id)
        state = _State(
            uow.documents.get(doc_id).text,
            _layer_entities(uow, pk, name),
            _layer_entities(uow, pk, own_layer),
            _rejections(uow, pk, annotator),
        )
        lexicon = _own_lexicon(uow, own_layer) if live else None
    return state, lexicon


def unreviewed(
    database: Database,
    doc_id: str,
    annotator: str,
    layer: str | None = None,
    live: bool = True,
    lexicons: Sequence[LexiconRecommender] | None = None,
) -> list[EntitySuggestion]:
    """The entity suggestions `annotator` has neither accepted nor rejected, in text order.

    Those of the suggestion layer, and (with `live`) the other occurrences of what the
    annotator tagged in their own layer: read from the layer, or from `lexicons` a window
    keeps (see `own_lexicon`; a window keeps `OpenDocumentSuggestions`). A blind document has
    none.
    """
    Layer.annotator(annotator)
    if is_blind(database, doc_id, annotator):
        return []
    state, lexicon = _state(database, doc_id, annotator, layer, live and lexicons is None)
    if not live:
        return state.suggestions(())
    if lexicons is None:
        assert lexicon is not None  # read by _state, as live is set and no lexicons came
        lexicons = [lexicon]
    return state.suggestions(lexicons)


@dataclass
class _Opened:
    """What a window keeps of its open document between key presses."""

    doc_id: str
    text: str
    blind: bool
    # The suggestion layer's entities, and the proposals of the window's own lexicon for the
    # text (merged with them, they only add what the layer lacks): neither changes while the
    # document is tagged.
    stored: list[Entity]
    own: list[Proposal]
    rejected: dict[tuple[int, int], str] | None  # None: read again at the next look


class OpenDocumentSuggestions:
    """The entity suggestions of the document open in a window, kept up to date per key press
    for a few milliseconds rather than read and computed afresh.

    Read once per opening: whether the document is blind, the suggestion layer's entities and
    (again after a review, see `reviews_changed`) the annotator's rejections. Built once per
    window: the annotator's own tags across their layer as a lexicon, whose proposals for each
    opened text are kept. Brought up to date at each look: a second lexicon of the entities of
    the documents opened since, in which the open document's entities as they are now replace
    what was learnt of them before. What it returns is what `unreviewed` with the window's
    lexicons returns, and the models' suggestions the window computed for the document
    (`set_model_suggestions`, see `model_suggestions`).
    """

    def __init__(self, database: Database, annotator: str) -> None:
        Layer.annotator(annotator)
        self.database = database
        self.annotator = annotator
        self._own: LexiconRecommender | None = None
        self._recent = LexiconRecommender(min_score=0.5)
        self._learnt: dict[str, tuple[Entity, ...]] = {}  # doc_id → learnt into _recent
        self._opened: _Opened | None = None
        self._modelled: tuple[str, list[Entity]] = ("", [])  # doc_id, the models' suggestions

    def set_model_suggestions(self, doc_id: str, suggested: Sequence[Entity]) -> None:
        """The models' suggestions for `doc_id` as they are now, shown beside the layer's
        (a span and label both have is shown once, as the models have it)."""
        self._modelled = (doc_id, list(suggested))

    def open(self, doc_id: str) -> None:
        """Read the document's suggestions again at the next look (it was opened, or the
        assistant ran)."""
        self._opened = None

    def reviews_changed(self) -> None:
        """Read the rejections again at the next look."""
        if self._opened is not None:
            self._opened.rejected = None

    def suggestions(self, doc_id: str, own: Sequence[Entity]) -> list[EntitySuggestion]:
        """The unreviewed entity suggestions of `doc_id`, whose entities in the annotator's
        layer are `own` (the window's copy of them), in text order."""
        # Learnt even when blind: what is tagged here is proposed in the other documents.
        entities = tuple(own)
        learnt = self._learnt.get(doc_id)
        if learnt != entities:
            if learnt is not None:
                self._recent.forget(learnt)
            self._recent.add("", entities)
            self._learnt[doc_id] = entities
        opened = self._opened
        if opened is None or opened.doc_id != doc_id:
            opened = self._opened = self._read(doc_id)
        if opened.blind:
            return []
        if opened.rejected is None:
            with self.database.uow() as uow:
                opened.rejected = _rejections(uow, uow.documents.pk(doc_id), self.annotator)
        # Most proposals of a page tagged much fall on the annotator's own entities, which
        # review_order drops: they are not built at all.
        closed = {(e.start, e.end) for e in entities}.union(opened.rejected)
        modelled = self._modelled[1] if self._modelled[0] == doc_id else []
        proposed = merge_proposals(
            opened.text,
            opened.own + self._recent.propose(opened.text),
            leave_out=closed,
            kept=[*opened.stored, *modelled],
        )
        return review_order(proposed, entities, opened.rejected)

    def _read(self, doc_id: str) -> _Opened:
        settings = project_settings(self.database)
        if is_blind(self.database, doc_id, self.annotator, settings):
            return _Opened(doc_id, "", True, [], [], {})
        name = parse_suggestion_layer(settings.suggestion_layer)
        with self.database.uow() as uow:
            if self._own is None:
                self._own = _own_lexicon(uow, Layer.annotator(self.annotator).name)
            pk = uow.documents.pk(doc_id)
            text = uow.documents.get(doc_id).text
            stored = _layer_entities(uow, pk, name)
            rejected = _rejections(uow, pk, self.annotator)
        return _Opened(doc_id, text, False, stored, self._own.propose(text), rejected)


def _find(
    suggestions: Sequence[EntitySuggestion], start: int, end: int, label: str | None
) -> Entity:
    for suggestion in suggestions:
        if suggestion.span == (start, end):
            for entity in (suggestion.entity, *suggestion.alternatives):
                if label is None or entity.label == label:
                    return entity
            return suggestion.entity
    raise NotFound(
        f"no entity suggestion to review at {start}..{end}; it was accepted, "
        "rejected or the assistant was run again"
    )


def _check_not_blind(database: Database, doc_id: str, annotator: str) -> None:
    if is_blind(database, doc_id, annotator):
        raise PermissionDenied(
            f"{doc_id} is blind for {annotator}: the assistant's suggestions are not shown there"
        )


def accept_provenance(entity: Entity, label: str | None = None) -> Provenance:
    """An accepted suggestion's provenance: suggested, or suggested-edited under another label."""
    kind = (
        ProvenanceKind.SUGGESTED
        if label in (None, entity.label)
        else ProvenanceKind.SUGGESTED_EDITED
    )
    return Provenance(kind, entity.provenance.system)


def _add(doc_id: str, own: str, entity: Entity, label: str | None) -> editing.AddEntity:
    return editing.AddEntity(
        doc_id,
        own,
        label or entity.label,
        entity.start,
        entity.end,
        provenance=accept_provenance(entity, label),
        score=entity.score,
    )


def accept_command(
    database: Database,
    doc_id: str,
    annotator: str,
    start: int,
    end: int,
    label: str | None = None,
    layer: str | None = None,
    shown: Sequence[EntitySuggestion] | None = None,
) -> editing.AddEntity:
    """The command that adds the suggestion at start..end to the annotator's layer.

    With `label` another than the suggested one (a label key pressed on the suggestion), it is
    accepted as `suggested-edited`. The GUI pushes the command on its undo stack, passing the
    suggestions it `shown` rather than have them computed again.
    """
    _check_not_blind(database, doc_id, annotator)
    if shown is None:
        shown = unreviewed(database, doc_id, annotator, layer)
    found = _find(shown, start, end, None)
    return _add(doc_id, Layer.annotator(annotator).name, found, label)


def _reviewing(
    database: Database,
    doc_id: str,
    annotator: str,
    layer: str | None,
    shown: Sequence[EntitySuggestion] | None,
) -> tuple[str, Sequence[EntitySuggestion]]:
    """The annotator's own layer and the suggestions they review (`shown`, or the unreviewed
    ones read now); refused on a blind document."""
    _check_not_blind(database, doc_id, annotator)
    if shown is None:
        shown = unreviewed(database, doc_id, annotator, layer)
    return Layer.annotator(annotator).name, shown


def accept_all_command(
    database: Database,
    doc_id: str,
    annotator: str,
    text: str,
    label: str,
    layer: str | None = None,
    shown: Sequence[EntitySuggestion] | None = None,
) -> editing.Batch:
    """One command accepting every unreviewed suggestion of `text` as `label` in the document
    (Shift+Enter): one transaction, one undo step."""
    own, shown = _reviewing(database, doc_id, annotator, layer, shown)
    commands = tuple(
        _add(doc_id, own, entity, None)
        for s in shown
        for entity in (s.entity, *s.alternatives)
        if entity.text == text and entity.label == label
    )
    if not commands:
        raise NotFound(f"no unreviewed {label} suggestion of {text!r} in {doc_id}")
    return editing.Batch(doc_id, own, commands)


def accept_all_of_text(
    database: Database, doc_id: str, annotator: str, start: int, end: int, layer: str | None = None
) -> editing.Batch:
    """accept_all_command for the text and label of the suggestion at start..end."""
    entity = _find(unreviewed(database, doc_id, annotator, layer), start, end, None)
    return accept_all_command(database, doc_id, annotator, entity.text, entity.label, layer)


def accept(
    database: Database, doc_id: str, annotator: str, start: int, end: int, label: str | None = None
) -> editing.Applied:
    """Accept the suggestion at start..end at once (one undoable edit of the own layer)."""
    command = accept_command(database, doc_id, annotator, start, end, label)
    return editing.apply(command, database.uow, Actor(annotator))


def accept_all(
    database: Database, doc_id: str, annotator: str, text: str, label: str
) -> editing.Applied:
    """Accept every suggestion of `text` as `label` in the document at once (one undo step)."""
    command = accept_all_command(database, doc_id, annotator, text, label)
    return editing.apply(command, database.uow, Actor(annotator))


def rejection_key(entity: Entity) -> str:
    """What a rejection records of the suggestion: its label and recommenders."""
    return f"{ENTITY_KEY_PREFIX}{entity.label}:{entity.provenance.system or ''}"[:_KEY_LENGTH]


def reject_command(
    database: Database,
    doc_id: str,
    annotator: str,
    start: int,
    end: int,
    layer: str | None = None,
    shown: Sequence[EntitySuggestion] | None = None,
) -> editing.RejectSuggestion:
    """The command that records that `annotator` turned down the suggestion at start..end
    (every label proposed there: the span was judged); kept across runs of `suggest`. The GUI
    passes the suggestions it `shown`, as for accepting."""
    own_layer, shown = _reviewing(database, doc_id, annotator, layer, shown)
    entity = _find(shown, start, end, None)
    with database.uow() as uow:
        own = _layer_entities(uow, uow.documents.pk(doc_id), own_layer)
    if any((e.start, e.end) == (start, end) for e in own):
        raise ConflictError("an entity of your layer is already there; delete it instead")
    return editing.RejectSuggestion(doc_id, own_layer, rejection_key(entity), start, end)


def reject_all_command(
    database: Database,
    doc_id: str,
    annotator: str,
    text: str,
    label: str,
    layer: str | None = None,
    shown: Sequence[EntitySuggestion] | None = None,
) -> editing.RejectSuggestions:
    """One command turning down every unreviewed suggestion of `text` as `label` in the
    document (Shift+X; the counterpart of Shift+Enter): one transaction, one undo step."""
    own, shown = _reviewing(database, doc_id, annotator, layer, shown)
    rejections = tuple(
        Rejection(rejection_key(s.entity), *s.span)
        for s in shown
        if s.entity.text == text and s.entity.label == label
    )
    if not rejections:
        raise NotFound(f"no unreviewed {label} suggestion of {text!r} in {doc_id}")
    return editing.RejectSuggestions(doc_id, own, rejections)


def reject_all(
    database: Database, doc_id: str, annotator: str, text: str, label: str
) -> editing.Applied:
    """Turn down every suggestion of `text` as `label` in the document at once (one undo
    step)."""
    command = reject_all_command(database, doc_id, annotator, text, label)
    return editing.apply(command, database.uow, Actor(annotator))


def reject(
    database: Database, doc_id: str, annotator: str, start: int, end: int, layer: str | None = None
) -> editing.Applied | None:
    """Record that `annotator` turned down the suggestion at start..end (one undoable step);
    None if that span already was."""
    command = reject_command(database, doc_id, annotator, start, end, layer)
    try:
        return editing.apply(command, database.uow, Actor(annotator))
    except ConflictError:  # already rejected: nothing changes
        return None


def unreject(
    database: Database, doc_id: str, annotator: str, start: int, end: int
) -> editing.Applied | None:
    """Take back a rejection: the suggestion is unreviewed again. None if there was none."""
    own_layer = Layer.annotator(annotator).name
    with database.uow() as uow:
        keys = {
            (r.start, r.end)
            for r in uow.suggestion_reviews.rejections(
                uow.documents.pk(doc_id), annotator, entities=True
            )
        }
    if (start, end) not in keys:
        return None
    command = editing.UnrejectSuggestion(doc_id, own_layer, start, end)
    return editing.apply(command, database.uow, Actor(annotator))


# --- live proposals in the window -----------------------------------------------------------


def other_occurrences(text: str, entity: Entity) -> list[tuple[int, int]]:
    """Where else the entity's text occurs in the document (what the window proposes at once)."""
    return [span for span in occurrences(text, entity.text) if span != (entity.start, entity.end)]


# --- figures for `annotator stats` ----------------------------------------------------------


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def recommender_stats(database: Database) -> dict[str, object]:
    """Per recommender, per annotator layer: proposed (suggestions in the suggestion layer that
    name it), accepted (entities of the layer accepted from a suggestion naming it, edited or
    not), rejected, and acceptance rate = accepted / (accepted + rejected)."""
    settings = project_settings(database)
    with database.uow() as uow:
        proposed: Counter[str] = Counter()
        layer_id = uow.layers.find(settings.suggestion_layer)
        names = [n for n in uow.layers.names() if Layer.parse(n).kind is LayerKind.ANNOTATOR]
        pks = [pk for pk, _doc_id, _chars in uow.layer_contents.documents()]
        accepted: dict[str, Counter[str]] = {n: Counter() for n in names}
        for at in range(0, len(pks), 2000):
            batch = pks[at : at + 2000]
            if layer_id is not None:
                for entities in uow.layer_contents.entities(layer_id, batch).values():
                    for e in entities:
                        proposed.update(recommenders_of(e.provenance.system))
            for name in names:
                own_id = uow.layers.find(name)
                assert own_id is not None
                for entities in uow.layer_contents.entities(own_id, batch).values():
                    for e in entities:
                        if e.provenance.kind is not ProvenanceKind.MANUAL:
                            accepted[name].update(recommenders_of(e.provenance.system))
        rejected_keys = uow.suggestion_reviews.rejection_keys(entities=True)
    rejected: dict[str, Counter[str]] = {}
    for annotator, keys in rejected_keys.items():
        counter = rejected.setdefault(Layer.annotator(annotator).name, Counter())
        for key, count in keys.items():
            system = key[len(ENTITY_KEY_PREFIX) :].partition(":")[2]
            for name in recommenders_of(system) or ("(unknown)",):
                counter[name] += count
    layers: dict[str, object] = {}
    for name in sorted(set(names) | set(rejected)):
        per: dict[str, object] = {}
        done = accepted.get(name, Counter())
        turned_down = rejected.get(name, Counter())
        for recommender in sorted(set(done) | set(turned_down) | set(proposed)):
            a, r = done[recommender], turned_down[recommender]
            per[recommender] = {
                "proposed": proposed[recommender],
                "accepted": a,
                "rejected": r,
                "acceptance_rate": _rate(a, a + r),
            }
        layers[name] = per
    return {
        "suggestion_layer": settings.suggestion_layer,
        "proposed": dict(proposed),
        "layers": layers,
    }

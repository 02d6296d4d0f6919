"""Annotation commands: each is applied in one transaction and returns its inverse for undo.

Rejecting a suggestion (`services.review_commands`) and a curator's decision (`Decided`, the
gold change with its curation log entry) are commands too: undo has one path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from annotator.domain.entities import Entity
from annotator.domain.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from annotator.domain.layers import Layer, LayerKind
from annotator.domain.metrics import (
    LINK_FIELDS,
    MANUAL,
    Field,
    Metric,
    Provenance,
)
from annotator.domain.segments import Segment, SegmentLabel, segment_label
from annotator.domain.spans import Span, trimmed
from annotator.domain.status import DocumentStatus
from annotator.domain.validation import metric_problems, validate_entity
from annotator.schema.labels import LabelSchema, default_label_schema
from annotator.services import review_commands
from annotator.services.label_schema import labels_in, rename_in
from annotator.services.permissions import Actor, check_can_curate, check_can_write
from annotator.services.review_commands import (
    RejectSuggestion,
    RejectSuggestions,
    UnrejectSuggestion,
    UnrejectSuggestions,
)
from annotator.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class AddEntity:
    """Tag a span. `provenance` is MANUAL when typed, `suggested` when a suggestion is accepted
    (with the recommenders as system); `score` is kept on suggestion layers."""

    doc_id: str
    layer: str
    label: str
    start: int
    end: int
    key: str | None = None  # given when undo restores a removed entity
    provenance: Provenance = MANUAL
    score: float | None = None


@dataclass(frozen=True)
class UpdateEntity:
    """Relabel an entity or move its boundaries.

    `expected_version`, when given, is the version the entity was loaded with: an update over a
    newer version is refused (ConflictError), as for SaveMetric. `provenance` None keeps the
    entity's, except that changing an accepted suggestion makes it `suggested-edited`.
    """

    doc_id: str
    layer: str
    key: str
    label: str
    start: int
    end: int
    expected_version: int | None = None
    provenance: Provenance | None = None


@dataclass(frozen=True)
class DeleteEntity:
    doc_id: str
    layer: str
    key: str


@dataclass(frozen=True)
class AddSegment:
    doc_id: str
    layer: str
    label: str  # a SegmentLabel or a segment label the project added
    start: int
    end: int
    key: str | None = None


@dataclass(frozen=True)
class DeleteSegment:
    doc_id: str
    layer: str
    key: str


@dataclass(frozen=True)
class SaveMetric:
    """Create (metric.id empty or unknown) or overwrite a metric with every field as given.

    `expected_version` is the version the form was loaded with: a save over a newer version is
    refused, so that two windows never silently overwrite each other.
    """

    doc_id: str
    layer: str
    metric: Metric
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteMetric:
    doc_id: str
    layer: str
    key: str


@dataclass(frozen=True)
class SetStatus:
    doc_id: str
    layer: str
    status: DocumentStatus
    reason: str = ""


@dataclass(frozen=True)
class Batch:
    """Several commands applied in one transaction (e.g. undoing a delete that cleared links)."""

    doc_id: str
    layer: str
    commands: tuple[Command, ...]


@dataclass(frozen=True)
class RenameLabel:
    """Rename a label of the project's schema (a curator's change): every entity and segment
    of every layer follows, in one transaction; the inverse renames it back."""

    old: str
    new: str
    doc_id: str = ""  # the change concerns no one document or layer
    layer: str = ""


@dataclass(frozen=True)
class Decision:
    """A curation log entry: what kind of item, the decision, which item (None: the key of what
    the command made or changed), from which layers, why."""

    item_kind: str
    decision: str
    item_key: str | None = None
    sources: tuple[str, ...] = ()
    reason: str = ""


UNDO, REDO = "undo", "redo"  # how the log names a decision taken back, and made again


@dataclass(frozen=True)
class Decided:
    """A curator's decision: the gold command it makes and its log entry, in one transaction.

    Undone, it applies the command's inverse, logged as an undo (and redone, as a redo). A
    decision that changes nothing in gold (a rejection where gold holds nothing) has no command
    and names in `reverse` the entry that takes it back (a reopen).
    """

    doc_id: str
    decision: Decision
    command: Command | None = None
    reverse: Decision | None = None
    layer: str = "gold"


Command = (
    AddEntity
    | UpdateEntity
    | DeleteEntity
    | AddSegment
    | DeleteSegment
    | SaveMetric
    | DeleteMetric
    | SetStatus
    | Batch
    | RenameLabel
    | RejectSuggestion
    | UnrejectSuggestion
    | RejectSuggestions
    | UnrejectSuggestions
    | Decided
)


@dataclass(frozen=True)
class Change:
    """What a command changed, so that views refresh only that."""

    doc_id: str
    layer: str
    kinds: frozenset[str]
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Applied:
    change: Change
    inverse: Command
    key: str | None = None  # the id of what was created, if anything
    problems: tuple[ValidationError, ...] = field(default_factory=tuple)
    status: DocumentStatus | None = None  # the layer's status when the command changed it


class _Context:
    def __init__(self, uow: UnitOfWork, cmd: Command, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor
        self.layer = Layer.parse(cmd.layer)
        check_can_write(actor, self.layer)
        self.doc = uow.documents.get(cmd.doc_id)
        self.pk = uow.documents.pk(cmd.doc_id)
        self.layer_id = uow.layers.get_or_create(
            self.layer, default_label_schema().guideline_version
        )
        self._labels: LabelSchema | None = None

    @property
    def labels(self) -> LabelSchema:
        """The project's labels, read once per command."""
        if self._labels is None:
            self._labels = labels_in(self.uow)
        return self._labels

    def entities(self) -> dict[str, Entity]:
        return {e.id: e for e in self.uow.annotations.entities(self.pk, self.layer_id)}

    def metrics(self) -> dict[str, Metric]:
        return {m.id: m for m in self.uow.annotations.metrics(self.pk, self.layer_id)}


def _entity_span(text: str, start: int, end: int) -> Span:
    """The entity's span as meant: without the spaces, quotes and punctuation around it."""
    Span.of(text, start, end)  # offsets checked before they are moved
    lo, hi = trimmed(text, start, end)
    if lo == hi:
        raise ValidationError(
            "entity", f"the selection {text[start:end]!r} holds only spaces or punctuation"
        )
    return Span.of(text, lo, hi)


def _add_entity(ctx: _Context, cmd: AddEntity) -> Applied:
    span = _entity_span(ctx.doc.text, cmd.start, cmd.end)
    key = cmd.key or ctx.uow.annotations.next_key(ctx.pk, ctx.layer_id, "e")
    entity = Entity(key, cmd.label, span.start, span.end, span.text, cmd.provenance, cmd.score)
    validate_entity(ctx.doc.text, entity, ctx.labels.entity_labels)
    if ctx.uow.annotations.has_entity(ctx.pk, ctx.layer_id, entity.label, entity.start, entity.end):
        raise ValidationError("entity", f"{entity.label} {entity.text!r} is already tagged here")
    ctx.uow.annotations.add_entity(ctx.pk, ctx.layer_id, entity, ctx.actor.name)
    return Applied(
        Change(cmd.doc_id, cmd.layer, frozenset({"entities"}), (key,)),
        DeleteEntity(cmd.doc_id, cmd.layer, key),
        key,
    )


def _update_entity(ctx: _Context, cmd: UpdateEntity) -> Applied:
    old = ctx.entities().get(cmd.key)
    if old is None:
        raise NotFound(f"entity {cmd.key} no longer exists; reload")
    span = _entity_span(ctx.doc.text, cmd.start, cmd.end)
    provenance = cmd.provenance or old.edited_provenance(cmd.label, span.start, span.end)
    entity = Entity(cmd.key, cmd.label, span.start, span.end, span.text, provenance, old.score)
    validate_entity(ctx.doc.text, entity, ctx.labels.entity_labels)
    ctx.uow.annotations.update_entity(
        ctx.pk, ctx.layer_id, entity, ctx.actor.name, cmd.expected_version
    )
    return Applied(
        Change(cmd.doc_id, cmd.layer, frozenset({"entities", "metrics"}), (cmd.key,)),
        UpdateEntity(
            cmd.doc_id, cmd.layer, cmd.key, old.label, old.start, old.end, provenance=old.provenance
        ),
        cmd.key,
    )


def _delete_entity(ctx: _Context, cmd: DeleteEntity) -> Applied:
    old = ctx.entities().get(cmd.key)
    if old is None:
        raise NotFound(f"entity {cmd.key} no longer exists; reload")
    # Metrics that link to the entity lose the link; undo puts entity and links back together.
    restores: list[Command] = []
    for metric in ctx.metrics().values():
        cleared = {name: None for name in LINK_FIELDS if getattr(metric, name) == cmd.key}
        if cleared:
            ctx.uow.annotations.replace_metric(
                ctx.pk, ctx.layer_id, metric.with_changes(**cleared), ctx.actor.name
            )
            restores.append(SaveMetric(cmd.doc_id, cmd.layer, metric))
    ctx.uow.annotations.delete_entity(ctx.pk, ctx.layer_id, cmd.key)
    restore_entity = AddEntity(
        cmd.doc_id, cmd.layer, old.label, old.start, old.end, old.id, old.provenance, old.score
    )
    inverse: Command = restore_entity
    if restores:
        inverse = Batch(cmd.doc_id, cmd.layer, (restore_entity, *restores))
    kinds = {"entities", "metrics"} if restores else {"entities"}
    return Applied(Change(cmd.doc_id, cmd.layer, frozenset(kinds), (cmd.key,)), inverse)


def _add_segment(ctx: _Context, cmd: AddSegment) -> Applied:
    span = Span.of(ctx.doc.text, cmd.start, cmd.end)
    if cmd.label not in ctx.labels.segment_labels and cmd.label not in SegmentLabel.__members__:
        raise ValidationError("segment", f"{cmd.label} is not a segment label of this project")
    key = cmd.key or ctx.uow.annotations.next_key(ctx.pk, ctx.layer_id, "s")
    segment = Segment(key, segment_label(cmd.label), span.start, span.end, span.text)
    ctx.uow.annotations.add_segment(ctx.pk, ctx.layer_id, segment, ctx.actor.name)
    return Applied(
        Change(cmd.doc_id, cmd.layer, frozenset({"segments"}), (key,)),
        DeleteSegment(cmd.doc_id, cmd.layer, key),
        key,
    )


def _delete_segment(ctx: _Context, cmd: DeleteSegment) -> Applied:
    old = {s.id: s for s in ctx.uow.annotations.segments(ctx.pk, ctx.layer_id)}.get(cmd.key)
    if old is None:
        raise NotFound(f"segment {cmd.key} no longer exists; reload")
    ctx.uow.annotations.delete_segment(ctx.pk, ctx.layer_id, cmd.key)
    return Applied(
        Change(cmd.doc_id, cmd.layer, frozenset({"segments"}), (cmd.key,)),
        AddSegment(cmd.doc_id, cmd.layer, old.label, old.start, old.end, old.id),
    )


# The evidence is a whole sentence, its final punctuation included.
_TRIMMED_FIELDS = ("indicator", "value", "value_high", "unit", "period")


def _trimmed_fields(text: str, metric: Metric) -> Metric:
    """The metric with its short span fields trimmed as entities are (a value never ends
    in 。, a unit never starts with a space)."""
    changes: dict[str, Field] = {}
    for name in _TRIMMED_FIELDS:
        value: Field | None = getattr(metric, name)
        if (
            value is None
            or value.implicit
            or value.start is None
            or value.end is None
            or not 0 <= value.start < value.end <= len(text)
            or text[value.start : value.end] != value.text
        ):
            continue  # missing, implicit or wrong: left for the checks to report
        lo, hi = trimmed(text, value.start, value.end)
        if (lo, hi) != (value.start, value.end) and lo < hi:
            changes[name] = replace(value, start=lo, end=hi, text=text[lo:hi])
    return metric.with_changes(**changes) if changes else metric


def _save_metric(ctx: _Context, cmd: SaveMetric) -> Applied:
    stored = ctx.metrics()
    metric = _trimmed_fields(ctx.doc.text, cmd.metric)
    if not metric.id:
        metric = replace(metric, id=ctx.uow.annotations.next_key(ctx.pk, ctx.layer_id, "m"))
    problems = metric_problems(ctx.doc.text, metric, ctx.entities(), set(stored) | {metric.id})
    blocking = [p for p in problems if p.blocking]
    if blocking:
        raise ValidationError(
            f"metric {metric.id}.{blocking[0].field}", blocking[0].reason, blocking=True
        )
    old = stored.get(metric.id)
    inverse: Command
    if old is None:
        if cmd.expected_version is not None:
            raise ConflictError(f"metric {metric.id} was removed elsewhere; reload")
        ctx.uow.annotations.add_metric(ctx.pk, ctx.layer_id, metric, ctx.actor.name)
        inverse = DeleteMetric(cmd.doc_id, cmd.layer, metric.id)
    else:
        ctx.uow.annotations.replace_metric(
            ctx.pk, ctx.layer_id, metric, ctx.actor.name, cmd.expected_version
        )
        inverse = SaveMetric(cmd.doc_id, cmd.layer, old)
    return Applied(
        Change(cmd.doc_id, cmd.layer, frozenset({"metrics"}), (metric.id,)),
        inverse,
        metric.id,
        tuple(problems),
    )


def _delete_metric(ctx: _Context, cmd: DeleteMetric) -> Applied:
    old = ctx.metrics().get(cmd.key)
    if old is None:
        raise NotFound(f"metric {cmd.key} no longer exists; reload")
    ctx.uow.annotations.delete_metric(ctx.pk, ctx.layer_id, cmd.key)
    return Applied(
        Change(cmd.doc_id, cmd.layer, frozenset({"metrics"}), (cmd.key,)),
        SaveMetric(cmd.doc_id, cmd.layer, old),
    )


def _set_status(ctx: _Context, cmd: SetStatus) -> Applied:
    status, reason, _version = ctx.uow.annotations.status(ctx.pk, ctx.layer_id)
    ctx.uow.annotations.set_status(
        ctx.pk, ctx.layer_id, DocumentStatus(cmd.status).value, cmd.reason, ctx.actor.name
    )
    return Applied(
        Change(cmd.doc_id, cmd.layer, frozenset({"status"})),
        SetStatus(cmd.doc_id, cmd.layer, DocumentStatus(status), reason),
        status=DocumentStatus(cmd.status),
    )


def _batch(ctx: _Context, cmd: Batch) -> Applied:
    # Every command of a batch runs on the batch's document and layer, whose write permission
    # was checked once: a command naming others would write to the wrong place unchecked.
    for sub in cmd.commands:
        if (sub.doc_id, sub.layer) != (cmd.doc_id, cmd.layer):
            raise ValidationError(
                "batch",
                f"a command for document {sub.doc_id!r}, layer {sub.layer!r} cannot be "
                f"part of a batch for document {cmd.doc_id!r}, layer {cmd.layer!r}",
                blocking=True,
            )
    inverses: list[Command] = []
    kinds: set[str] = set()
    keys: list[str] = []
    created: str | None = None
    status: DocumentStatus | None = None
    for sub in cmd.commands:
        applied = _handle(ctx, sub)
        inverses.insert(0, applied.inverse)
        kinds |= applied.change.kinds
        keys.extend(applied.change.keys)
        created = applied.key or created
        status = applied.status or status
    # The batch's key is what its last creating command made (an accepted metric after the
    # entities it links to), so the window opens that.
    return Applied(
        Change(cmd.doc_id, cmd.layer, frozenset(kinds), tuple(keys)),
        Batch(cmd.doc_id, cmd.layer, tuple(inverses)),
        created,
        status=status,
    )


def _handle(ctx: _Context, cmd: Command) -> Applied:
    """Apply a command that changes one layer of one document."""
    match cmd:
        case AddEntity():
            return _add_entity(ctx, cmd)
        case UpdateEntity():
            return _update_entity(ctx, cmd)
        case DeleteEntity():
            return _delete_entity(ctx, cmd)
        case AddSegment():
            return _add_segment(ctx, cmd)
        case DeleteSegment():
            return _delete_segment(ctx, cmd)
        case SaveMetric():
            return _save_metric(ctx, cmd)
        case DeleteMetric():
            return _delete_metric(ctx, cmd)
        case SetStatus():
            return _set_status(ctx, cmd)
        case Batch():
            return _batch(ctx, cmd)
    # A rename, a rejection or a decision changes more than one layer: `apply` takes them.
    raise TypeError(f"{type(cmd).__name__} cannot be applied to one layer")


def apply(
    cmd: Command,
    uow_factory: Callable[[], UnitOfWork],
    actor: Actor,
    before_commit: Callable[[UnitOfWork, Applied], None] | None = None,
) -> Applied:
    """Apply one command in one transaction and commit it; return what changed and the inverse.

    The first edit of a new document moves its status to in progress. `before_commit` runs in
    the same transaction after the command.
    """
    if isinstance(cmd, RenameLabel):
        return _rename_label(cmd, uow_factory, actor)
    with uow_factory() as uow:
        applied = _applied(uow, cmd, actor)
        if before_commit is not None:
            before_commit(uow, applied)
        uow.commit()
    return applied


def _applied(uow: UnitOfWork, cmd: Command, actor: Actor) -> Applied:
    if isinstance(cmd, Decided):
        return _decided(uow, cmd, actor)
    if isinstance(
        cmd, RejectSuggestion | UnrejectSuggestion | RejectSuggestions | UnrejectSuggestions
    ):
        return Applied(
            Change(cmd.doc_id, cmd.layer, frozenset({"reviews"})), _reviewed(uow, cmd, actor)
        )
    ctx = _Context(uow, cmd, actor)
    applied = _handle(ctx, cmd)
    if not isinstance(cmd, SetStatus):
        status, _reason, _version = uow.annotations.status(ctx.pk, ctx.layer_id)
        if status == DocumentStatus.NEW:
            uow.annotations.set_status(
                ctx.pk, ctx.layer_id, DocumentStatus.IN_PROGRESS.value, "", actor.name
            )
            applied = replace(
                applied,
                status=DocumentStatus.IN_PROGRESS,
                change=replace(applied.change, kinds=applied.change.kinds | {"status"}),
            )
    return applied


def _reviewed(
    uow: UnitOfWork,
    cmd: RejectSuggestion | UnrejectSuggestion | RejectSuggestions | UnrejectSuggestions,
    actor: Actor,
) -> Command:
    """Apply a suggestion review; its inverse."""
    match cmd:
        case RejectSuggestion():
            return review_commands.reject(uow, cmd, actor)
        case UnrejectSuggestion():
            return review_commands.unreject(uow, cmd, actor)
        case RejectSuggestions():
            return review_commands.reject_many(uow, cmd, actor)
        case UnrejectSuggestions():
            return review_commands.unreject_many(uow, cmd, actor)


def _decided(uow: UnitOfWork, cmd: Decided, actor: Actor) -> Applied:
    check_can_curate(actor)
    entry = cmd.decision
    if cmd.command is None:
        if cmd.reverse is None:
            # A command built wrong in code, not a refusal a curator could act on.
            raise ValueError("a decision that changes nothing in gold needs `reverse`")
        key = entry.item_key or ""
        applied = Applied(
            Change(cmd.doc_id, cmd.layer, frozenset({"decisions"}), (key,)),
            Decided(cmd.doc_id, cmd.reverse, None, entry),
        )
    else:
        if (
            isinstance(
                cmd.command,
                RenameLabel
                | RejectSuggestion
                | UnrejectSuggestion
                | RejectSuggestions
                | UnrejectSuggestions
                | Decided,
            )
            or Layer.parse(cmd.command.layer).kind is not LayerKind.GOLD
        ):
            raise PermissionDenied("curation writes gold only")
        applied = _applied(uow, cmd.command, actor)
        key = (
            entry.item_key
            if entry.item_key is not None
            else (applied.key or ",".join(applied.change.keys))
        )
        step = REDO if entry.decision == UNDO else UNDO
        undo = Decision(step, step, ",".join(keys_of(applied.inverse)))
        applied = replace(applied, inverse=Decided(cmd.doc_id, undo, applied.inverse))
    uow.curation.record(
        uow.documents.pk(cmd.doc_id),
        entry.item_kind,
        key,
        entry.decision,
        tuple(dict.fromkeys(entry.sources)),
        actor.name,
        entry.reason,
    )
    return applied


def keys_of(cmd: Command) -> list[str]:
    """The keys of what a command changes (the curation log names undone steps by them)."""
    if isinstance(cmd, Batch):
        return [k for sub in cmd.commands for k in keys_of(sub)]
    if isinstance(cmd, SaveMetric):
        return [cmd.metric.id]
    return [getattr(cmd, "key", None) or ""]


def _rename_label(cmd: RenameLabel, uow_factory: Callable[[], UnitOfWork], actor: Actor) -> Applied:
    with uow_factory() as uow:
        change = rename_in(uow, actor, cmd.old, cmd.new)
        uow.commit()
    return Applied(
        Change("", "", frozenset({"labels", "entities", "segments"})),
        RenameLabel(change.label, cmd.old),
    )

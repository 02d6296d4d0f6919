"""The project's label schema: read once per operation, and changed by curators (add, rename,
recolour, retire), each change one transaction.

The schema lives in the database's `labels` table, seeded from resources/schema/labels.toml. A
database whose table is still empty answers with the bundled labels; the first change seeds it.
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from annotator.domain.errors import InputError, NotFound, PermissionDenied
from annotator.domain.segments import SegmentLabel
from annotator.schema.labels import (
    LABEL_NAME_PATTERN,
    LabelSchema,
    LabelSpec,
    default_label_schema,
    key_problem,
    normalised_key,
)
from annotator.services.permissions import Actor
from annotator.store.database import Database
from annotator.store.label_repository import ENTITY, SEGMENT, StoredLabel, schema_labels
from annotator.store.team_repositories import CURATOR
from annotator.store.unit_of_work import UnitOfWork

__all__ = [
    "ENTITY",
    "SEGMENT",
    "LabelChange",
    "StoredLabel",
    "add_imported_labels",
    "add_label",
    "check_can_change_labels",
    "label_rows",
    "labels_in",
    "project_labels",
    "recolor_label",
    "rename_in",
    "rename_label",
    "retire_label",
]

_NAME = re.compile(LABEL_NAME_PATTERN)
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# The app gives these segment labels a meaning (structure, repeats, CoNLL sentences): they are
# neither renamed nor retired.
_BUILT_IN_SEGMENTS = frozenset(label.value for label in SegmentLabel)


@dataclass(frozen=True)
class LabelChange:
    """What a schema change did, for the command's report."""

    label: str
    annotations: int = 0  # entities and segments that changed label


# -- reading ----------------------------------------------------------------------------------
def _stored_or_bundled(uow: UnitOfWork) -> list[StoredLabel]:
    rows = uow.labels.all()
    if rows:
        return rows
    return schema_labels(default_label_schema())


def labels_in(uow: UnitOfWork) -> LabelSchema:
    """The project's labels in use (retired ones left out), within an open unit of work."""
    bundled = default_label_schema()
    entity: list[LabelSpec] = []
    segment: list[LabelSpec] = []
    for row in _stored_or_bundled(uow):
        if row.retired:
            continue
        spec = LabelSpec(
            name=row.name,
            key=row.key,
            colour=row.colour,
            zh=row.zh,
            en=row.en,
            description=row.description,
        )
        (entity if row.kind == ENTITY else segment).append(spec)
    names = {spec.name for spec in entity}
    # The bundled LAC mapping, onto those of its targets the project still has.
    lac = {tag: label for tag, label in bundled.lac_labels.items() if label in names}
    return LabelSchema(
        schema_version=bundled.schema_version,
        guideline_version=bundled.guideline_version,
        entity=entity,
        segment=segment,
        lac_labels=lac,
    )


def project_labels(database: Database) -> LabelSchema:
    """The project's labels: what editing, importing, exporting and the window offer."""
    with database.uow() as uow:
        return labels_in(uow)


def label_rows(database: Database) -> list[StoredLabel]:
    """Every label with its kind, key, names and whether it is retired (for `labels list`)."""
    with database.uow() as uow:
        return _stored_or_bundled(uow)


# -- checks -----------------------------------------------------------------------------------
def check_can_change_labels(uow: UnitOfWork, actor: Actor) -> None:
    """Only curators change the schema of a team database: always on PostgreSQL, and on SQLite
    once it has a curator list (a lone annotator's file has none)."""
    if uow.roles.has(actor.name, CURATOR):
        return
    if uow.dialect == "postgresql" or uow.roles.count(CURATOR):
        raise PermissionDenied(
            f"{actor.name} is not a curator; only curators change the label schema"
        )


def _begin_change(uow: UnitOfWork, actor: Actor) -> dict[str, StoredLabel]:
    check_can_change_labels(uow, actor)
    if uow.labels.is_empty():
        uow.labels.seed(default_label_schema(), actor.name)
    return {row.name: row for row in uow.labels.all()}


def _existing(labels: dict[str, StoredLabel], name: str) -> StoredLabel:
    row = labels.get(name)
    if row is None:
        raise NotFound(
            f"{name} is not a label of this project; known: {', '.join(labels) or 'none'}"
        )
    return row


def _check_name(name: str, labels: dict[str, StoredLabel]) -> None:
    if not _NAME.match(name):
        raise InputError(
            f"label name {name!r}: use capital letters, digits and _ (starting "
            "with a letter, at most 40)"
        )
    if name in labels:
        state = " (retired)" if labels[name].retired else ""
        raise InputError(f"{name} is already a label of this project{state}")


def _check_key(key: str, labels: Iterable[StoredLabel], owner: str = "") -> str:
    key = normalised_key(key)
    problem = key_problem(key)
    if problem:
        raise InputError(problem)
    for row in labels:
        if key and row.key.upper() == key.upper() and row.name != owner and not row.retired:
            raise InputError(f"key {key} is already {row.name}'s")
    return key


def _check_colour(colour: str) -> str:
    if not _COLOUR.match(colour):
        raise InputError(f"colour {colour!r}: expected #rrggbb")
    return colour.lower()


def _check_kind(kind: str) -> str:
    if kind not in (ENTITY, SEGMENT):
        raise InputError(f"kind {kind!r}: expected {ENTITY} or {SEGMENT}")
    return kind


def generated_colour(taken: Iterable[str]) -> str:
    """A light colour unlike those in use: hues stepped by the golden angle."""
    used = {c.lower() for c in taken}
    for step in range(1, 200):
        hue = (step * 0.381966) % 1.0
        r, g, b = colorsys.hls_to_rgb(hue, 0.78, 0.6)
        colour = f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"
        if colour not in used:
            return colour
    return "#cccccc"


def _free_key(name: str, labels: Iterable[StoredLabel]) -> str:
    """The first letter of `name` that no label and no window key uses, else "" (no key)."""
    taken = {row.key.upper() for row in labels if row.key and not row.retired}
    for letter in dict.fromkeys(ch for ch in name if "A" <= ch <= "Z"):
        if letter not in taken and key_problem(letter) is None:
            return letter
    return ""


# -- changes ----------------------------------------------------------------------------------
def _add(
    uow: UnitOfWork,
    labels: dict[str, StoredLabel],
    actor: Actor,
    name: str,
    kind: str,
    key: str,
    colour: str,
    zh: str,
    en: str,
    description: str,
) -> StoredLabel:
    _check_name(name, labels)
    kind = _check_kind(kind)
    key = _check_key(key, labels.values())
    colour = (
        _check_colour(colour) if colour else generated_colour(row.colour for row in labels.values())
    )
    position = 1 + max((row.position for row in labels.values() if row.kind == kind), default=-1)
    row = StoredLabel(
        name,
        kind,
        key,
        colour,
        zh.strip(),
        en.strip() or name.title(),
        description.strip(),
        position,
        False,
    )
    uow.labels.add(row, actor.name)
    labels[name] = row
    return row


def add_label(
    database: Database,
    actor: Actor,
    name: str,
    kind: str = ENTITY,
    key: str = "",
    colour: str = "",
    zh: str = "",
    en: str = "",
    description: str = "",
) -> StoredLabel:
    """Add a label (no key when `key` is empty; a generated colour when `colour` is empty)."""
    with database.uow() as uow:
        labels = _begin_change(uow, actor)
        row = _add(uow, labels, actor, name.strip(), kind, key, colour, zh, en, description)
        uow.commit()
    return row


def add_imported_labels(uow: UnitOfWork, actor: Actor, names: Iterable[str]) -> list[str]:
    """Add an import's unknown labels as entity labels (generated colour, a free letter as key
    when there is one), in the import's own transaction; returns those added."""
    names = [n for n in names]
    if not names:
        return []
    labels = _begin_change(uow, actor)
    added = []
    for name in names:
        if name in labels:
            continue
        _add(
            uow,
            labels,
            actor,
            name,
            ENTITY,
            _free_key(name, labels.values()),
            "",
            "",
            "",
            "added by import",
        )
        added.append(name)
    return added


def rename_in(uow: UnitOfWork, actor: Actor, old: str, new: str) -> LabelChange:
    """Rename a label within an open unit of work: its row, and every annotation of every layer
    that carries it (the services.editing command RenameLabel calls this)."""
    labels = _begin_change(uow, actor)
    row = _existing(labels, old)
    new = new.strip()
    if row.kind == SEGMENT and old in _BUILT_IN_SEGMENTS:
        raise InputError(f"{old} is a segment label the app relies on; it cannot be renamed")
    _check_name(new, labels)
    uow.labels.remove(old)
    uow.labels.add(replace(row, name=new), actor.name)
    return LabelChange(new, uow.labels.relabel(old, new, actor.name))


def rename_label(database: Database, actor: Actor, old: str, new: str) -> LabelChange:
    """Rename a label; every entity or segment of every layer follows, in one transaction."""
    with database.uow() as uow:
        change = rename_in(uow, actor, old, new)
        uow.commit()
    return change


def recolor_label(database: Database, actor: Actor, name: str, colour: str) -> StoredLabel:
    with database.uow() as uow:
        labels = _begin_change(uow, actor)
        row = _existing(labels, name)
        colour = _check_colour(colour)
        uow.labels.update(name, actor.name, colour=colour)
        uow.commit()
    return replace(row, colour=colour)


def update_label(
    database: Database,
    actor: Actor,
    name: str,
    key: str | None = None,
    zh: str | None = None,
    en: str | None = None,
    description: str | None = None,
) -> StoredLabel:
    """Change a label's key or display names (None leaves a field as it is)."""
    with database.uow() as uow:
        labels = _begin_change(uow, actor)
        row = _existing(labels, name)
        values: dict[str, str] = {}
        if key is not None:
            values["key"] = _check_key(key, labels.values(), owner=name)
        for field_name, value in (("zh", zh), ("en", en), ("description", description)):
            if value is not None:
                values[field_name] = value.strip()
        if values:
            uow.labels.update(name, actor.name, **values)
        uow.commit()
    return replace(
        row,
        key=values.get("key", row.key),
        zh=values.get("zh", row.zh),
        en=values.get("en", row.en),
        description=values.get("description", row.description),
    )


def retire_label(
    database: Database, actor: Actor, name: str, map_to: str | None = None
) -> LabelChange:
    """Retire a label: refused while annotations use it, unless `map_to` (a label of the same
    kind in use) takes them over in the same transaction. A retired label keeps its name."""
    with database.uow() as uow:
        labels = _begin_change(uow, actor)
        row = _existing(labels, name)
        if row.retired:
            raise InputError(f"{name} is already retired")
        if row.kind == SEGMENT and name in _BUILT_IN_SEGMENTS:
            raise InputError(f"{name} is a segment label the app relies on; it cannot be retired")
        moved = 0
        if map_to is not None:
            target = _existing(labels, map_to)
            if target.retired or target.kind != row.kind or target.name == name:
                raise InputError(f"--map-to {map_to}: expected another {row.kind} label in use")
            moved = uow.labels.relabel(name, map_to, actor.name)
        else:
            uses = uow.labels.uses(name)
            if uses:
                raise InputError(
                    f"{name} is used by {uses} annotation(s); relabel them first, "
                    f"or retire it with --map-to OTHER to relabel them as OTHER"
                )
        uow.labels.update(name, actor.name, retired=True, key="")
        uow.commit()
    return LabelChange(name, moved)

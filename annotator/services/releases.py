"""Releases: the current gold frozen into an immutable, numbered, content-hashed snapshot.

A release holds every document whose gold status is `done`, as the JSONL export records of
the gold layer at that moment (compressed in the database). Later gold edits do not touch it,
so exports and evaluations that name a release are reproducible byte for byte.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from annotator.domain.errors import InputError, PermissionDenied
from annotator.domain.records import LayerRecord
from annotator.domain.status import DocumentStatus
from annotator.formats.base import RECORD_SCHEMA_VERSION
from annotator.formats.jsonl import parse_record, record_bytes
from annotator.schema.labels import default_label_schema
from annotator.services.export_records import iter_layer_records
from annotator.services.permissions import Actor
from annotator.services.release_card import ReleaseCard, compute_card
from annotator.store.database import Database
from annotator.store.team_repositories import ReleaseInfo

GOLD = "gold"
_NAME = re.compile(r"^(?!\d+$)[\w.\-]{1,80}$")

__all__ = [
    "ReleaseInfo",
    "ReleasedDocument",
    "create_release",
    "iter_release_records",
    "list_releases",
    "release_bytes",
    "release_card",
    "release_info",
    "released_documents",
]


@dataclass(frozen=True)
class ReleasedDocument:
    """One document of a release and what its gold holds."""

    doc_id: str
    characters: int
    entities: int
    metrics: int
    segments: int


@dataclass(frozen=True)
class _Frozen:
    content: bytes
    doc_ids: tuple[str, ...]
    documents: int
    entities: int
    metrics: int


def _freeze(database: Database) -> tuple[_Frozen, str]:
    """The JSONL bytes of every gold-done document, in import order, and the gold guideline."""
    lines: list[bytes] = []
    doc_ids: list[str] = []
    entities = metrics = 0
    with database.uow() as uow:
        if uow.layers.find(GOLD) is None:
            raise InputError("there is no gold yet; curate some documents first")
        guideline = uow.layers.guideline_version(GOLD) or ""
    # The exports' batched reader: a few queries per batch of documents, not four per document.
    for record in iter_layer_records(database, GOLD, status=DocumentStatus.DONE.value):
        lines.append(record_bytes(record))
        doc_ids.append(record.document.doc_id)
        entities += len(record.entities)
        metrics += len(record.metrics)
    if not lines:
        raise InputError("no document's gold is marked done; a release holds done documents only")
    content = b"\n".join(lines) + b"\n"
    return _Frozen(content, tuple(doc_ids), len(lines), entities, metrics), guideline


def create_release(database: Database, name: str, actor: Actor, note: str = "") -> ReleaseInfo:
    """Freeze the gold of every done document as release `name`, numbered after the last one.

    Only curators release. The name is letters, digits, `.`, `-` or `_`, not only digits
    (a number names a release by its number).
    """
    if not actor.curator:
        raise PermissionDenied(f"{actor.name} is not a curator; only curators make releases")
    if not _NAME.match(name):
        raise InputError(
            f"{name!r} is not a release name: use 1-80 letters, digits, . - _, not only digits"
        )
    frozen, guideline = _freeze(database)
    guideline = guideline or default_label_schema().guideline_version
    # The card is computed now, from the layers as they are: later edits never change it.
    card = compute_card(database, frozen.doc_ids, guideline)
    with database.uow() as uow:
        if uow.releases.name_taken(name):
            raise InputError(f"there is already a release {name!r}; releases are never replaced")
        info = ReleaseInfo(
            number=uow.releases.next_number(),
            name=name,
            created_by=actor.name,
            created_at=datetime.now(UTC),
            guideline_version=guideline,
            schema_version=RECORD_SCHEMA_VERSION,
            content_sha256=hashlib.sha256(frozen.content).hexdigest(),
            documents=frozen.documents,
            entities=frozen.entities,
            metrics=frozen.metrics,
            note=note,
        )
        # mtime=0 keeps the stored bytes themselves deterministic, not only their content.
        uow.releases.add(info, gzip.compress(frozen.content, mtime=0), card.to_json())
        uow.commit()
    return info


def list_releases(database: Database) -> list[ReleaseInfo]:
    """Every release, oldest first."""
    with database.uow() as uow:
        return uow.releases.all()


def release_info(database: Database, name: str) -> ReleaseInfo:
    """A release by name or number."""
    with database.uow() as uow:
        return uow.releases.get(name)


def release_card(database: Database, name: str) -> ReleaseCard:
    """The card stored with a release; for a release made before cards were kept, a card that
    says so (nothing is recomputed from today's layers)."""
    with database.uow() as uow:
        info = uow.releases.get(name)
        stored = uow.releases.card(name)
    if stored is None:
        return ReleaseCard.not_recorded(info.guideline_version, info.documents)
    return ReleaseCard.from_json(stored)


def release_bytes(database: Database, name: str) -> bytes:
    """The frozen JSONL of a release, checked against its content hash."""
    with database.uow() as uow:
        info = uow.releases.get(name)
        packed = uow.releases.content(name)
    content = gzip.decompress(packed)
    if hashlib.sha256(content).hexdigest() != info.content_sha256:
        raise InputError(
            f"release {info.name} does not match its content hash; the database "
            "was altered outside annotator"
        )
    return content


def iter_release_records(
    database: Database, name: str, layer: str = GOLD, status: str | None = None
) -> Iterator[LayerRecord]:
    """The records of a release (named by name or number), as they were frozen.

    A release holds gold only, and only done documents: `status` other than done yields none.
    """
    if layer != GOLD:
        raise InputError(f"a release holds the gold layer, not {layer}")
    content = release_bytes(database, name)
    if status is not None and status != DocumentStatus.DONE:
        return
    for line in content.decode("utf-8").splitlines():
        yield parse_record(json.loads(line))  # written by this app and checked by the hash


def released_documents(database: Database, name: str) -> list[ReleasedDocument]:
    """The documents of a release with their counts, in the release's order."""
    return [
        ReleasedDocument(
            r.document.doc_id,
            len(r.document.text),
            len(r.entities),
            len(r.metrics),
            len(r.segments),
        )
        for r in iter_release_records(database, name)
    ]

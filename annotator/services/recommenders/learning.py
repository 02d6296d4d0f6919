"""What the recommenders learn from: gold, and the documents annotators marked done.

In blind mode (a blind share above 0) an annotator's suggestions must not carry another
annotator's work: they learn from the released gold only, plus, when the annotator is named,
that annotator's own done documents. On a team database an annotator's login reads neither
gold, releases nor other layers (the server's row-level security): its suggestions learn from
its own done documents, the curator's `suggest` run serving it the rest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.domain.entities import Entity
from annotator.domain.layers import Layer, LayerKind
from annotator.domain.status import DocumentStatus
from annotator.services.project_settings import project_settings
from annotator.store.database import Database

GOLD = "gold"
_BATCH = 2000


@dataclass(frozen=True)
class TrainingDocument:
    """A text with the entities a layer gave it (all of them: a done document is complete)."""

    doc_id: str
    layer: str
    text: str
    entities: tuple[Entity, ...]


def _layer_documents(database: Database, layer: str, done_only: bool) -> list[TrainingDocument]:
    with database.uow() as uow:
        layer_id = uow.layers.find(layer)
        if layer_id is None:
            return []
        pks = [pk for pk, _doc_id, _chars in uow.layer_contents.documents()]
        statuses: dict[int, str] = {}
        entities: dict[int, list[Entity]] = {}
        for at in range(0, len(pks), _BATCH):  # within every database's parameter limit
            statuses.update(uow.layer_contents.statuses(layer_id, pks[at : at + _BATCH]))
            entities.update(uow.layer_contents.entities(layer_id, pks[at : at + _BATCH]))
        wanted = [
            pk
            for pk in pks
            if statuses.get(pk) == DocumentStatus.DONE.value
            or (
                not done_only
                and pk in entities
                and statuses.get(pk) != DocumentStatus.SKIPPED.value
            )
        ]
        texts = dict(uow.documents.documents_by_pk(wanted)) if wanted else {}
    return [
        TrainingDocument(texts[pk].doc_id, layer, texts[pk].text, tuple(entities.get(pk, ())))
        for pk in wanted
        if pk in texts
    ]


def _released_gold(database: Database) -> list[TrainingDocument]:
    from annotator.services.releases import iter_release_records, list_releases

    releases = list_releases(database)
    if not releases:
        return []
    latest = releases[-1].name
    return [
        TrainingDocument(r.document.doc_id, GOLD, r.document.text, tuple(r.entities))
        for r in iter_release_records(database, latest)
    ]


def learning_documents(database: Database, annotator: str | None = None) -> list[TrainingDocument]:
    """The documents the recommenders learn from, gold first.

    Gold documents count when done or holding entities (gold is curated); annotator layers
    only for the documents marked done. A document in gold is not taken again from an
    annotator layer. In blind mode: the latest release's gold, and `annotator`'s own layer.
    For a team annotator's login: `annotator`'s own layer (all it may read).
    """
    if annotator is not None and _reads_own_layer_only(database):
        return _layer_documents(database, Layer.annotator(annotator).name, True)
    blind = project_settings(database).blind_share > 0
    gold = _released_gold(database) if blind else _layer_documents(database, GOLD, False)
    taken = {d.doc_id for d in gold}
    if blind:
        layers = [Layer.annotator(annotator).name] if annotator else []
    else:
        with database.uow() as uow:
            layers = [n for n in uow.layers.names() if Layer.parse(n).kind is LayerKind.ANNOTATOR]
    result = list(gold)
    for layer in layers:
        result += [d for d in _layer_documents(database, layer, True) if d.doc_id not in taken]
    return result


def _reads_own_layer_only(database: Database) -> bool:
    """A team database's annotator login (neither curator nor the database's owner)."""
    from annotator.services.team import login_of
    from annotator.store.team_repositories import CURATOR

    login = login_of(database)
    if login is None or login.owner:
        return False
    with database.uow() as uow:
        return not uow.roles.has(login.name, CURATOR)


def fingerprint(documents: Sequence[TrainingDocument]) -> str:
    """A hash of exactly what a model learns from: texts and their entities, in a fixed order."""
    digest = hashlib.sha256()
    for doc in sorted(documents, key=lambda d: (d.doc_id, d.layer)):
        digest.update(f"{doc.doc_id}\0{doc.layer}\0{doc.text}\0".encode())
        for e in sorted(doc.entities, key=lambda e: (e.start, e.end, e.label)):
            digest.update(f"{e.start},{e.end},{e.label};".encode())
        digest.update(b"\n")
    return digest.hexdigest()

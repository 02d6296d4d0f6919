"""Export: stream a layer's records out of the database into a format writer."""

from __future__ import annotations

from collections.abc import Iterator

from annotator.domain.errors import InputError
from annotator.domain.layers import Layer
from annotator.domain.records import LayerRecord
from annotator.services.database import Database


def iter_layer_records(database: Database, layer: str, status: str | None = None,
                       doc_ids: list[str] | None = None,
                       include_empty: bool = True) -> Iterator[LayerRecord]:
    """Each document with the layer's annotations, in import order, a batch at a time.

    `status` keeps only documents the layer has marked so (e.g. done).
    """
    Layer.parse(layer)
    with database.uow() as uow:
        layer_id = uow.layers.find(layer)
        if layer_id is None:
            raise InputError(f"the database has no layer {layer!r}; layers: "
                             f"{', '.join(uow.layers.names()) or 'none'}")
        for pk, document in uow.documents.iter_documents(doc_ids):
            if status is not None and uow.annotations.status(pk, layer_id)[0] != status:
                continue
            record = LayerRecord(
                document, layer,
                tuple(uow.annotations.entities(pk, layer_id)),
                tuple(uow.annotations.segments(pk, layer_id)),
                tuple(uow.annotations.metrics(pk, layer_id)),
            )
            if include_empty or record.has_annotations:
                yield record

"""Documents: bulk insertion for imports, lookups by id or hash, lists without their texts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, func, insert, or_, select

from annotator.domain.errors import NotFound
from annotator.domain.text import Document, first_line, text_sha256
from annotator.store.rows import documents_t, entities_t, metrics_t, states_t, utcnow


@dataclass(frozen=True)
class DocumentSummary:
    """What a document list shows, without the text."""

    pk: int
    doc_id: str
    title: str
    chars: int
    status: str
    entities: int
    metrics: int


class DocumentRepository:
    """Documents: bulk insertion for imports, lookups by id or hash, lists without texts."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection
        self._pk_cache: dict[str, int] = {}

    def add_many(
        self,
        documents: Sequence[Document],
        source: Sequence[str],
        hashes: Sequence[str] | None = None,
    ) -> dict[str, int]:
        """Insert documents (with their text hashes, if already computed); keys by doc_id."""
        if not documents:
            return {}
        now = utcnow()
        rows = [
            {
                "doc_id": doc.doc_id,
                "text": doc.text,
                "text_sha256": sha,
                "title": first_line(doc.text),
                "chars": len(doc.text),
                "source": src,
                "meta": dict(doc.meta),
                "created_at": now,
            }
            for doc, src, sha in zip(
                documents, source, hashes or [text_sha256(d.text) for d in documents], strict=True
            )
        ]
        result = self._c.execute(
            insert(documents_t).returning(
                documents_t.c.id, documents_t.c.doc_id, sort_by_parameter_order=True
            ),
            rows,
        )
        pks = {doc_id: pk for pk, doc_id in result}
        self._pk_cache.update(pks)
        return pks

    def existing_by_sha(self, hashes: Iterable[str]) -> dict[str, str]:
        """doc_id of each given text hash already stored."""
        found: dict[str, str] = {}
        wanted = list(dict.fromkeys(hashes))
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            stmt = select(documents_t.c.text_sha256, documents_t.c.doc_id).where(
                documents_t.c.text_sha256.in_(chunk)
            )
            found.update(dict(self._c.execute(stmt).all()))
        return found

    def existing_doc_ids(self, doc_ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(doc_ids))
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            stmt = select(documents_t.c.doc_id).where(documents_t.c.doc_id.in_(wanted[i : i + 500]))
            found.update(self._c.execute(stmt).scalars())
        return found

    def pk(self, doc_id: str) -> int:
        """Primary key of a document, or NotFound."""
        cached = self._pk_cache.get(doc_id)
        if cached is not None:
            return cached
        pk = self._c.execute(
            select(documents_t.c.id).where(documents_t.c.doc_id == doc_id)
        ).scalar_one_or_none()
        if pk is None:
            raise NotFound(f"no document {doc_id!r}")
        self._pk_cache[doc_id] = pk
        return pk

    def get(self, doc_id: str) -> Document:
        row = self._c.execute(
            select(documents_t.c.doc_id, documents_t.c.text, documents_t.c.meta).where(
                documents_t.c.doc_id == doc_id
            )
        ).one_or_none()
        if row is None:
            raise NotFound(f"no document {doc_id!r}")
        return Document(row.doc_id, row.text, row.meta or {})

    def count(self) -> int:
        return self._c.execute(select(func.count()).select_from(documents_t)).scalar_one()

    def total_chars(self) -> int:
        return int(
            self._c.execute(select(func.coalesce(func.sum(documents_t.c.chars), 0))).scalar_one()
        )

    def doc_ids(self) -> list[str]:
        """Every doc_id in import order."""
        return list(
            self._c.execute(select(documents_t.c.doc_id).order_by(documents_t.c.id)).scalars()
        )

    def iter_documents(self, batch: int = 200) -> Iterator[tuple[int, Document]]:
        """Documents with their primary keys, in import order, loaded a batch at a time."""
        last = 0
        while True:
            stmt = (
                select(
                    documents_t.c.id, documents_t.c.doc_id, documents_t.c.text, documents_t.c.meta
                )
                .where(documents_t.c.id > last)
                .order_by(documents_t.c.id)
                .limit(batch)
            )
            rows = self._c.execute(stmt).all()
            if not rows:
                return
            for row in rows:
                yield row.id, Document(row.doc_id, row.text, row.meta or {})
            last = rows[-1].id

    def documents_by_pk(
        self, pks: Sequence[int], batch: int = 200
    ) -> Iterator[tuple[int, Document]]:
        """The documents with these primary keys, in the order given, a batch at a time."""
        for start in range(0, len(pks), batch):
            wanted = pks[start : start + batch]
            rows = {
                row.id: row
                for row in self._c.execute(
                    select(
                        documents_t.c.id,
                        documents_t.c.doc_id,
                        documents_t.c.text,
                        documents_t.c.meta,
                    ).where(documents_t.c.id.in_(wanted))
                )
            }
            for pk in wanted:
                row = rows.get(pk)
                if row is not None:  # else deleted since the keys were read
                    yield pk, Document(row.doc_id, row.text, row.meta or {})

    def selection(self, layer_id: int, status: str | None = None) -> list[tuple[int, str]]:
        """(primary key, doc id) of every document, or of those the layer marks `status`, in
        import order: what an export of the layer writes."""
        sub = self._summary_query(layer_id, status, None).subquery()
        return [
            (pk, doc_id)
            for pk, doc_id in self._c.execute(select(sub.c.id, sub.c.doc_id).order_by(sub.c.id))
        ]

    def summaries(
        self,
        layer_id: int | None,
        *,
        offset: int = 0,
        limit: int = 200,
        status: str | None = None,
        search: str | None = None,
    ) -> list[DocumentSummary]:
        """One page of the document list for a layer; never loads texts (only `title`)."""
        stmt = self._summary_query(layer_id, status, search).order_by(documents_t.c.id)
        rows = self._c.execute(stmt.offset(offset).limit(limit)).all()
        return self._with_counts(rows, layer_id)

    def count_summaries(
        self, layer_id: int | None, status: str | None = None, search: str | None = None
    ) -> int:
        sub = self._summary_query(layer_id, status, search).subquery()
        return self._c.execute(select(func.count()).select_from(sub)).scalar_one()

    def _summary_query(self, layer_id: int | None, status: str | None, search: str | None) -> Any:
        status_col = func.coalesce(states_t.c.status, "new").label("status")
        stmt = select(
            documents_t.c.id,
            documents_t.c.doc_id,
            documents_t.c.title,
            documents_t.c.chars,
            status_col,
        ).select_from(
            documents_t.outerjoin(
                states_t,
                and_(states_t.c.document_id == documents_t.c.id, states_t.c.layer_id == layer_id),
            )
        )
        if status:
            stmt = stmt.where(status_col == status)
        if search:
            # Texts are searched in the database, so the list never has to load them.
            pattern = (
                "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
            stmt = stmt.where(
                or_(
                    documents_t.c.text.like(pattern, escape="\\"),
                    documents_t.c.doc_id.like(pattern, escape="\\"),
                )
            )
        return stmt

    def _with_counts(self, rows: Sequence[Any], layer_id: int | None) -> list[DocumentSummary]:
        pks = [row.id for row in rows]
        entity_counts: dict[int, int] = {}
        metric_counts: dict[int, int] = {}
        if pks and layer_id is not None:
            for table, counts in ((entities_t, entity_counts), (metrics_t, metric_counts)):
                stmt = (
                    select(table.c.document_id, func.count())
                    .where(table.c.layer_id == layer_id, table.c.document_id.in_(pks))
                    .group_by(table.c.document_id)
                )
                counts.update(dict(self._c.execute(stmt).all()))
        return [
            DocumentSummary(
                row.id,
                row.doc_id,
                row.title,
                row.chars,
                row.status,
                entity_counts.get(row.id, 0),
                metric_counts.get(row.id, 0),
            )
            for row in rows
        ]

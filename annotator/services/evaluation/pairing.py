"""Pairing gold and predicted documents by doc_id or text hash, refusing what cannot be compared."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotator.domain.errors import InputError, ValidationError
from annotator.domain.metrics import LINK_FIELDS, SURFACE_FIELDS
from annotator.domain.records import LayerRecord
from annotator.domain.spans import Span
from annotator.domain.text import text_sha256
from annotator.services.evaluation.results import Evaluation


@dataclass(frozen=True)
class Sourced:
    """A record and where it came from (file and line or record name), for error messages."""

    location: str
    record: LayerRecord


def evaluate(
    gold: Iterable[Sourced],
    pred: Iterable[Sourced],
    tolerance: float = 0.0,
    missing_as_empty: bool = False,
) -> Evaluation:
    """Score predictions against gold records, paired by doc_id (or by text when ids differ).

    A prediction whose doc_id names a gold document with another text is refused (InputError
    naming the document). A prediction whose doc_id is unknown but whose text equals an
    otherwise unpaired gold document's text is scored against it and listed in
    `matched_by_text`. Documents on one side only are listed, not scored, unless
    `missing_as_empty` scores gold-only documents as if the system found nothing. When no
    prediction pairs with any gold document, nothing can be scored: InputError.
    """
    if tolerance < 0:
        raise InputError(f"the tolerance must be 0 or more, got {tolerance}")
    evaluation = Evaluation(tolerance=tolerance)
    gold_by_id: dict[str, Sourced] = {}
    gold_sha: dict[str, str] = {}
    gold_by_sha: dict[str, str] = {}
    for item in gold:
        _check(item)
        doc = item.record.document
        if doc.doc_id in gold_by_id:
            raise InputError(
                f"document {doc.doc_id!r} appears twice in the gold data "
                f"(also at {gold_by_id[doc.doc_id].location})",
                item.location,
            )
        gold_by_id[doc.doc_id] = item
        gold_sha[doc.doc_id] = text_sha256(doc.text)
        gold_by_sha.setdefault(gold_sha[doc.doc_id], doc.doc_id)
    done: dict[str, str] = {}
    unpaired: list[tuple[Sourced, str]] = []
    for item in pred:
        doc = item.record.document
        sha = text_sha256(doc.text)
        target = gold_by_id.get(doc.doc_id)
        if target is None:
            unpaired.append((item, sha))
            continue
        if sha != gold_sha[doc.doc_id]:
            raise InputError(
                f"the prediction for document {doc.doc_id!r} has a different text than the gold "
                f"(text_sha256 {sha[:12]}… against {gold_sha[doc.doc_id][:12]}… at {target.location}); its "
                "offsets cannot be compared. Predict on the exported gold texts.",
                item.location,
            )
        _pair(evaluation, done, target, item)
    for item, sha in unpaired:
        gold_id = gold_by_sha.get(sha)
        if gold_id is None or gold_id in done:
            evaluation.pred_only.append(item.record.document.doc_id)
            continue
        evaluation.matched_by_text.append((item.record.document.doc_id, gold_id))
        _pair(evaluation, done, gold_by_id[gold_id], item)
    if not done and (gold_by_id or evaluation.pred_only):
        raise InputError(_nothing_paired(list(gold_by_id), evaluation.pred_only))
    for doc_id, item in gold_by_id.items():
        if doc_id in done:
            continue
        evaluation.gold_only.append(doc_id)
        if missing_as_empty:
            evaluation.add_document(item.record, LayerRecord(item.record.document))
    evaluation.errors.sort(key=lambda e: (e.doc_id, e.position, e.target, e.kind))
    return evaluation


def _nothing_paired(gold_ids: list[str], pred_ids: list[str]) -> str:
    def some(ids: list[str]) -> str:
        return ", ".join(repr(i) for i in ids[:3]) + (" …" if len(ids) > 3 else "")

    return (
        f"no predicted document pairs with a gold document, by doc_id or by text: "
        f"{len(pred_ids)} predicted ({some(pred_ids) or 'none'}), {len(gold_ids)} gold "
        f"({some(gold_ids) or 'none'}); predict on the exported gold texts, or compare "
        "with the gold they were made for"
    )


def _pair(evaluation: Evaluation, done: dict[str, str], gold: Sourced, pred: Sourced) -> None:
    gold_id = gold.record.document.doc_id
    if gold_id in done:
        raise InputError(
            f"the predictions hold document {gold_id!r} twice (also at {done[gold_id]})",
            pred.location,
        )
    _check(pred)
    done[gold_id] = pred.location
    evaluation.add_document(gold.record, pred.record)


def _check_span(text: str, start: int, end: int, surface: str, where: str) -> None:
    # The cheap test first; Span.check then says what is wrong.
    if not (0 <= start < end <= len(text) and text[start:end] == surface):
        Span(start, end, surface).check(text, where)


def _check(item: Sourced) -> None:
    # Offsets must point into the text and links at entities of the record, or the figures
    # would be wrong; a wrong label or a link to the wrong kind of entity is merely scored.
    record = item.record
    text = record.document.text
    ids = {e.id for e in record.entities}
    try:
        for entity in record.entities:
            _check_span(text, entity.start, entity.end, entity.text, f"entity {entity.id}")
        for segment in record.segments:
            segment.span.check(text, f"segment {segment.id}")
        for metric in record.metrics:
            for name in SURFACE_FIELDS:
                value = getattr(metric, name)
                if value is None or value.start is None or value.end is None or value.text is None:
                    continue
                _check_span(text, value.start, value.end, value.text, f"metric {metric.id}.{name}")
            for name in LINK_FIELDS:
                target = getattr(metric, name)
                if target is not None and target not in ids:
                    raise ValidationError(
                        f"metric {metric.id}.{name}",
                        f"links to {target!r}, which is not an entity of this document",
                    )
    except ValidationError as error:
        raise InputError(f"document {record.document.doc_id!r}: {error}", item.location) from error

"""The card of a release: who annotated and curated it, how well the annotators agreed on its
documents, and under which guideline, computed once when the release is made and stored with it.

An export of the release years later writes these facts, never figures recomputed from layers
that have changed since. Releases made before cards were stored say so instead.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from annotator.domain.layers import Layer, LayerKind
from annotator.store.database import Database

GOLD = "gold"
CARD_VERSION = 1


@dataclass(frozen=True)
class Annotator:
    """A person and the annotator layers of theirs that count on the released documents."""

    name: str
    layers: tuple[str, ...]


@dataclass(frozen=True)
class PairAgreement:
    a: str
    b: str
    documents: int
    entity_f1_exact: float | None
    entity_f1_overlap: float | None
    kappa_char: float | None
    metric_f1: float | None


@dataclass(frozen=True)
class ReleaseCard:
    """The facts frozen with a release (`recorded` is False for releases made before 0004)."""

    guideline_version: str
    documents: int
    annotators: tuple[Annotator, ...] = ()
    curators: tuple[str, ...] = ()
    alpha_char: float | None = None
    alpha_documents: int = 0
    pairs: tuple[PairAgreement, ...] = ()
    recorded: bool = True
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> str:
        data = asdict(self)
        del data["recorded"]
        return json.dumps(
            {"card_version": CARD_VERSION, **data}, ensure_ascii=False, sort_keys=True
        )

    @classmethod
    def from_json(cls, text: str) -> ReleaseCard:
        data = json.loads(text)
        data.pop("card_version", None)
        return cls(
            guideline_version=data["guideline_version"],
            documents=data["documents"],
            annotators=tuple(Annotator(a["name"], tuple(a["layers"])) for a in data["annotators"]),
            curators=tuple(data["curators"]),
            alpha_char=data["alpha_char"],
            alpha_documents=data["alpha_documents"],
            pairs=tuple(PairAgreement(**p) for p in data["pairs"]),
            notes=tuple(data.get("notes", ())),
        )

    @classmethod
    def not_recorded(cls, guideline_version: str, documents: int) -> ReleaseCard:
        return cls(guideline_version, documents, recorded=False)

    def annotator_lines(self) -> list[str]:
        """One name each: annotators with their layers, then curators."""
        if not self.recorded:
            return []
        people = [f"{a.name} ({', '.join(a.layers)})" for a in self.annotators]
        return people + [f"{name} (curator)" for name in self.curators]

    def agreement_text(self) -> str:
        """The card's agreement section as Markdown."""
        if not self.recorded:
            return (
                "not recorded: this release was made before releases kept their card, and "
                "agreement is not recomputed from the annotator layers as they are now."
            )
        if not self.pairs:
            return (
                f"not computed (the {self.documents} released documents have fewer than two "
                "annotator layers)"
            )
        layers = [layer for a in self.annotators for layer in a.layers]
        lines = [
            f"Between the annotator layers {', '.join(f'`{n}`' for n in layers)}, on the "
            f"{self.documents} released documents, as they were when the release was made:",
            "",
            f"- Krippendorff's alpha on characters: {_figure(self.alpha_char)} "
            f"({self.alpha_documents} documents)",
        ]
        lines += [
            f"- `{p.a}` and `{p.b}` ({p.documents} documents): entity F1 (exact) "
            f"{_figure(p.entity_f1_exact)}, Cohen's kappa on characters "
            f"{_figure(p.kappa_char)}, metric F1 {_figure(p.metric_f1)}"
            for p in self.pairs
        ]
        return "\n".join(lines)

    def summary(self) -> list[str]:
        """A few lines for `release --show`."""
        if not self.recorded:
            return ["card: not recorded (release made before releases kept their card)"]
        people = ", ".join(self.annotator_lines()[: len(self.annotators)]) or "none"
        lines = [
            f"annotators: {people}",
            f"curators: {', '.join(self.curators) or 'none'}",
            f"guideline: {self.guideline_version or '-'}",
            f"agreement: alpha (characters) {_figure(self.alpha_char)} over "
            f"{self.alpha_documents} of {self.documents} documents",
        ]
        lines += [
            f"  {p.a} ~ {p.b}: {p.documents} documents, entity F1 exact "
            f"{_figure(p.entity_f1_exact)}, kappa {_figure(p.kappa_char)}, metric F1 "
            f"{_figure(p.metric_f1)}"
            for p in self.pairs
        ]
        return lines


def _figure(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, int | float) else "n/a"


def compute_card(database: Database, doc_ids: Sequence[str], guideline_version: str) -> ReleaseCard:
    """The facts of a release of `doc_ids`, from the layers as they are now."""
    with database.uow() as uow:
        names = uow.layers.names()
        gold_id = uow.layers.find(GOLD)
        curators = tuple(uow.annotations.contributors(gold_id)) if gold_id else ()
    if not any(Layer.parse(n).kind is LayerKind.ANNOTATOR for n in names):
        return ReleaseCard(guideline_version, len(doc_ids), curators=curators)
    # Imported here: a release without annotator layers never needs the agreement package.
    from annotator.services.agreement import agreement_report, load_annotations

    chosen, documents = load_annotations(database, doc_ids=list(doc_ids))
    present = {layer for doc in documents for layer in doc.layers}
    report = agreement_report([layer for layer in chosen if layer in present], documents)
    counted: dict[str, list[str]] = {}
    for layer in report.layers:
        counted.setdefault(Layer.parse(layer).owner or layer, []).append(layer)
    annotators = tuple(Annotator(name, tuple(layers)) for name, layers in sorted(counted.items()))
    pairs = tuple(_pair(p) for p in report.pairs if p["documents"])
    return ReleaseCard(
        guideline_version,
        len(doc_ids),
        annotators,
        curators,
        report.alpha_char,
        report.alpha_documents,
        pairs,
    )


def _pair(pair: dict[str, Any]) -> PairAgreement:
    return PairAgreement(
        pair["a"],
        pair["b"],
        pair["documents"],
        pair["entity_f1_exact"],
        pair["entity_f1_overlap"],
        pair["kappa_char"],
        pair["metric_f1"],
    )

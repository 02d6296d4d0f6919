"""Curation bench: adjudicate two annotators' layers into gold through the real curation view,
by key, and count the curator's actions.

    python bench/curation_bench.py [--seed 21] [--rate 0.15] [--gold resources/gold/seeds-v1/gold.jsonl]

The two annotator layers are made from the reference gold of the seeds: for each entity and
metric, with probability --rate, one of the two annotators (chosen at random) gets it wrong in a
realistic way: a boundary one character off, a confusable label, the entity or metric missing,
one metric field different (status, aspect, approximation, or the unit read as 万亩 with the
number without its 万), plus a few spurious entities. The curator is replayed by a script that
knows the reference gold and presses, in the curation view (CurationWidget, offscreen), the keys
a curator would: A once per document, 1/2 to take a version (field by field for a metric), X
to reject, a label key when both labels are wrong, and marks the gold done. Every key press and
text selection is one action. The figures: actions per entity disagreement and per metric
disagreement (targets 1.3 and 3), actions per document, and how much of the reference gold the
adjudicated gold reproduces.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.domain.entities import Entity  # noqa: E402
from annotator.domain.metrics import Approx, Aspect, Field, Metric, Status  # noqa: E402
from annotator.domain.records import LayerRecord  # noqa: E402
from annotator.domain.status import DocumentStatus  # noqa: E402
from annotator.formats.jsonl import parse_record, record_line  # noqa: E402
from annotator.services.curation import CURATED_FIELDS, comparable  # noqa: E402
from annotator.services.curation_items import EntityItem, ItemKind, MetricItem  # noqa: E402
from annotator.services.importing import import_paths  # noqa: E402
from annotator.services.permissions import Actor  # noqa: E402
from annotator.services.roles import actor_for, add_curator  # noqa: E402
from annotator.store.database import open_database  # noqa: E402

LAYERS = ("annotator:a", "annotator:b")
CONFUSED = {
    "PROGRAM": "PROJECT",
    "PROJECT": "PROGRAM",
    "ORG": "PLACE",
    "PLACE": "ORG",
    "PERSON": "ORG",
    "DOCUMENT": "PROGRAM",
    "DATE": "DOCUMENT",
}


def _word_char(ch: str) -> bool:
    return ch.isalnum()


def _perturb_entity(rng: random.Random, text: str, entity: Entity) -> Entity | None:
    kind = rng.choice(("boundary", "label", "missing"))
    if kind == "missing":
        return None
    if kind == "label":
        return dataclasses.replace(entity, label=CONFUSED.get(entity.label, "ORG"))
    start, end = entity.start, entity.end
    options = []
    if end - start > 2:
        options += [(start + 1, end), (start, end - 1)]
    if start > 0 and _word_char(text[start - 1]):
        options.append((start - 1, end))
    if end < len(text) and _word_char(text[end]):
        options.append((start, end + 1))
    if not options:
        return dataclasses.replace(entity, label=CONFUSED.get(entity.label, "ORG"))
    start, end = rng.choice(options)
    return dataclasses.replace(entity, start=start, end=end, text=text[start:end])


def _perturb_metric(rng: random.Random, metric: Metric) -> Metric | None:
    kind = rng.choice(("status", "aspect", "approx", "missing", "scale"))
    if kind == "missing":
        return None
    if kind == "status":
        return metric.with_changes(status=rng.choice([s for s in Status if s != metric.status]))
    if kind == "aspect":
        return metric.with_changes(aspect=rng.choice([a for a in Aspect if a != metric.aspect]))
    if kind == "approx":
        return metric.with_changes(approx=rng.choice([a for a in Approx if a != metric.approx]))
    value, unit = metric.value, metric.unit
    # 20.26万 read as 20.26 with the unit 万亩: the value span and the unit both differ.
    if (
        value is not None
        and value.has_span
        and value.text.endswith("万")
        and unit is not None
        and unit.has_span
        and unit.start == value.end
        and isinstance(value.number, int | float)
    ):
        return metric.with_changes(
            value=Field(
                value.start, value.end - 1, value.text[:-1], number=round(value.number / 10000, 4)
            ),
            unit=Field(
                value.end - 1,
                unit.end,
                "万" + unit.text,
                normalized="万" + (unit.normalized or unit.text),
            ),
        )
    return metric.with_changes(status=rng.choice([s for s in Status if s != metric.status]))


def make_layers(
    gold: list[LayerRecord], rng: random.Random, rate: float
) -> tuple[list[LayerRecord], list[LayerRecord]]:
    """Two annotators' versions of the gold, each item wrong in at most one of them."""
    out: tuple[list[LayerRecord], list[LayerRecord]] = ([], [])
    for record in gold:
        text = record.document.text
        versions: list[tuple[list[Entity], list[Metric]]] = [([], []), ([], [])]
        for entity in record.entities:
            wrong = rng.randrange(2) if rng.random() < rate else None
            for side in (0, 1):
                changed = _perturb_entity(rng, text, entity) if side == wrong else entity
                if changed is not None:
                    versions[side][0].append(changed)
        original = {e.id: e.label for e in record.entities}
        # Links are kept only to entities this annotator has, with the label a link needs.
        kept = [
            {e.id for e in versions[side][0] if original.get(e.id) == e.label} for side in (0, 1)
        ]
        for metric in record.metrics:
            wrong = rng.randrange(2) if rng.random() < rate else None
            for side in (0, 1):
                changed = _perturb_metric(rng, metric) if side == wrong else metric
                if changed is None:
                    continue
                links = {
                    name: None
                    for name in ("place", "org", "subject")
                    if getattr(changed, name) and getattr(changed, name) not in kept[side]
                }
                versions[side][1].append(changed.with_changes(**links))
        for side in (0, 1):
            spurious = _spurious(rng, text, record.entities, rate)
            out[side].append(
                LayerRecord(
                    record.document,
                    LAYERS[side],
                    tuple(versions[side][0]) + spurious,
                    (),
                    tuple(versions[side][1]),
                )
            )
    return out


def _spurious(
    rng: random.Random, text: str, entities: tuple[Entity, ...], rate: float
) -> tuple[Entity, ...]:
    """A few entities the gold does not have, on untagged words."""
    taken = [False] * len(text)
    for e in entities:
        for i in range(e.start, e.end):
            taken[i] = True
    extra: list[Entity] = []
    for _ in range(int(len(entities) * rate / 4) + 1):
        start = rng.randrange(max(1, len(text) - 4))
        if all(not taken[i] and _word_char(text[i]) for i in range(start, start + 3)):
            extra.append(
                Entity(f"x{len(extra) + 1}", "ORG", start, start + 3, text[start : start + 3])
            )
            for i in range(start, start + 3):
                taken[i] = True
    return tuple(extra)


class Curator:
    """Presses the keys a curator who knows the reference gold would press."""

    def __init__(self, widget, reference: dict[str, LayerRecord]) -> None:
        self.widget = widget
        self.reference = reference
        self.actions: Counter[str] = Counter()

    def press(self, what: str, key: Qt.Key, text_selection: tuple[int, int] | None = None) -> None:
        if text_selection is not None:
            cursor = QTextCursor(self.widget.text_view.document())
            cursor.setPosition(self.widget.text_view.offsets.to_utf16(text_selection[0]))
            cursor.setPosition(
                self.widget.text_view.offsets.to_utf16(text_selection[1]),
                QTextCursor.MoveMode.KeepAnchor,
            )
            self.widget.text_view.setTextCursor(cursor)  # a mouse drag over the text
            self.actions[what] += 1
        QTest.keyClick(self.widget.text_view, key)
        self.actions[what] += 1

    def curate(self, doc_id: str) -> tuple[int, int]:
        """Adjudicate one document; returns its entity and metric disagreements."""
        widget = self.widget
        widget.open_document(doc_id)
        record = self.reference[doc_id]
        entity_disagreements = sum(i.kind is not ItemKind.AGREED for i in widget.items.entities)
        metric_disagreements = sum(i.kind is not ItemKind.AGREED for i in widget.items.metrics)
        if any(i.kind is ItemKind.AGREED for i in widget.items.open):
            self.press("unanimous", Qt.Key.Key_A)
        for _step in range(10 * len(widget.ordered) + 10):
            item = widget.current_item
            if item is None or (item.decided and not widget.items.open):
                break
            if isinstance(item, EntityItem):
                self._entity(item, record)
            else:
                self._metric(item, record)
        widget.set_gold_status(DocumentStatus.DONE)  # the status button: one click
        self.actions["status"] += 1
        return entity_disagreements, metric_disagreements

    def _entity(self, item: EntityItem, record: LayerRecord) -> None:
        reference = {(e.label, e.start, e.end) for e in record.entities}
        annotators = self.widget.view.annotators
        for k, layer in enumerate(annotators, 1):
            version = item.versions.get(layer)
            if version is not None and (version.label, version.start, version.end) in reference:
                self.press("entity", getattr(Qt.Key, f"Key_{k}"))
                return
        others = {
            (e.label, e.start, e.end)
            for other in self.widget.items.entities
            if other is not item
            for e in other.versions.values()
        }
        candidates = [
            e
            for e in record.entities
            if e.start < item.end and item.start < e.end and (e.label, e.start, e.end) not in others
        ]
        if not candidates:
            self.press("entity", Qt.Key.Key_X)
            return
        target = max(candidates, key=lambda e: min(e.end, item.end) - max(e.start, item.start))
        key = (
            getattr(Qt.Key, f"Key_{self.widget.schema.key_of(target.label)}")
            if hasattr(self.widget.schema, "key_of")
            else _label_key(self.widget, target.label)
        )
        first = next(iter(item.versions.values()))
        same_span = (first.start, first.end) == (target.start, target.end)
        self.press("entity", key, None if same_span else (target.start, target.end))

    def _metric(self, item: MetricItem, record: LayerRecord) -> None:
        view = self.widget.view
        ref_entities = {e.id: e for e in record.entities}
        ref_metrics = {m.id: m for m in record.metrics}
        target = next(
            (
                m
                for m in record.metrics
                if m.value is not None
                and m.value.has_span
                and m.value.start < item.end
                and item.start < m.value.end
            ),
            None,
        )
        if target is None:
            self.press("metric", Qt.Key.Key_X)
            return
        field = self.widget.versions.current_field()
        wanted = {
            name: repr(comparable(target, name, ref_entities, ref_metrics))
            for name in CURATED_FIELDS
        }

        def matches(layer: str, name: str) -> bool:
            lookups = (
                {e.id: e for e in view.entities[layer]},
                {m.id: m for m in view.metrics[layer]},
            )
            return repr(comparable(item.versions[layer], name, *lookups)) == wanted[name]

        present = [
            (k, layer) for k, layer in enumerate(view.annotators, 1) if layer in item.versions
        ]
        names = [field] if field and item.gold is not None else list(CURATED_FIELDS)
        best = max(present, key=lambda kl: sum(matches(kl[1], n) for n in names))
        self.press("metric", getattr(Qt.Key, f"Key_{best[0]}"))


def _label_key(widget, label: str) -> Qt.Key:
    spec = next(s for s in widget.schema.entity if s.name == label)
    return getattr(Qt.Key, f"Key_{spec.key.upper()}")


def _agreement_with_reference(database, reference: dict[str, LayerRecord]) -> tuple[float, float]:
    """Share of reference entities and metrics the adjudicated gold holds (exactly)."""
    from annotator.services.export_records import iter_layer_records

    found_e = total_e = found_m = total_m = 0
    for record in iter_layer_records(database, "gold"):
        ref = reference[record.document.doc_id]
        gold = {(e.label, e.start, e.end) for e in record.entities}
        total_e += len(ref.entities)
        found_e += sum((e.label, e.start, e.end) in gold for e in ref.entities)
        lookup_g = ({e.id: e for e in record.entities}, {m.id: m for m in record.metrics})
        lookup_r = ({e.id: e for e in ref.entities}, {m.id: m for m in ref.metrics})
        gold_metrics = {
            tuple(repr(comparable(m, n, *lookup_g)) for n in CURATED_FIELDS) for m in record.metrics
        }
        total_m += len(ref.metrics)
        found_m += sum(
            tuple(repr(comparable(m, n, *lookup_r)) for n in CURATED_FIELDS) in gold_metrics
            for m in ref.metrics
        )
    return found_e / max(total_e, 1), found_m / max(total_m, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument(
        "--rate",
        type=float,
        default=0.15,
        help="share of entities and metrics one annotator gets wrong",
    )
    parser.add_argument(
        "--gold",
        type=Path,
        default=Path(__file__).resolve().parents[1]
        / "resources"
        / "gold"
        / "seeds-v1"
        / "gold.jsonl",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="FILE",
        help="also save the database with the two layers (before curation)",
    )
    args = parser.parse_args()
    reference = [
        parse_record(json.loads(line))
        for line in args.gold.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    layers = make_layers(reference, random.Random(args.seed), args.rate)
    app = QApplication.instance() or QApplication([])
    from annotator.gui.curation.session import CurationSession
    from annotator.gui.curation.widget import CurationWidget

    with tempfile.TemporaryDirectory() as folder:
        database = open_database(str(Path(folder) / "curation.sqlite3"))
        add_curator(database, "chief", acting="chief")
        for layer, records in zip(LAYERS, layers, strict=True):
            path = Path(folder) / f"{layer.split(':')[1]}.jsonl"
            path.write_text("".join(record_line(r) + "\n" for r in records), encoding="utf-8")
            import_paths(
                database,
                [path],
                layer=layer,
                status=DocumentStatus.DONE,
                actor=Actor(layer.split(":")[1]),
            )
        if args.keep:  # SQLite's backup: the file alone may lack what is still in its log
            import sqlite3

            with (
                sqlite3.connect(Path(folder) / "curation.sqlite3") as source,
                sqlite3.connect(args.keep) as copy,
            ):
                source.backup(copy)
        widget = CurationWidget(CurationSession(database, actor_for(database, "chief")))
        widget.resize(1280, 720)
        widget.show()
        curator = Curator(widget, {r.document.doc_id: r for r in reference})
        entity_total = metric_total = 0
        print(f"{'document':<22} {'entity dis.':>11} {'metric dis.':>11} {'actions':>8}")
        for record in reference:
            before = sum(curator.actions.values())
            entities, metrics = curator.curate(record.document.doc_id)
            entity_total += entities
            metric_total += metrics
            print(
                f"{record.document.doc_id:<22} {entities:>11} {metrics:>11} "
                f"{sum(curator.actions.values()) - before:>8}"
            )
        entity_share, metric_share = _agreement_with_reference(database, curator.reference)
        widget.close()
        database.close()
    actions = curator.actions
    documents = len(reference)
    print(
        f"\nseed {args.seed}, rate {args.rate}: {documents} documents, {entity_total} entity "
        f"and {metric_total} metric disagreements"
    )
    print(f"actions: {dict(sorted(actions.items()))}")
    print(
        f"actions per entity disagreement: {actions['entity'] / max(entity_total, 1):.2f} "
        "(target <= 1.3)"
    )
    print(
        f"actions per metric disagreement: {actions['metric'] / max(metric_total, 1):.2f} "
        "(target <= 3)"
    )
    print(
        f"actions per document: {sum(actions.values()) / documents:.1f} (of which A and "
        f"marking done: {(actions['unanimous'] + actions['status']) / documents:.1f})"
    )
    print(
        f"adjudicated gold holds {entity_share:.1%} of the reference entities and "
        f"{metric_share:.1%} of its metrics exactly"
    )
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())

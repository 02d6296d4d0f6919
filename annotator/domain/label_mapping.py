"""Which label of another tool's file becomes which of ours: built-in aliases, the user's rules
(`--map SRC=DST`, `SRC=` drops), and what an import dropped or could not place, counted."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final

from annotator.domain.entities import Entity
from annotator.domain.errors import InputError
from annotator.domain.records import LayerRecord
from annotator.domain.segments import Segment, SegmentLabel, segment_label

# Tags of common Chinese corpora → our labels, applied without being asked: MSRA and People's
# Daily (NR, NS, NT), CoNLL style (PER, LOC), Weibo NER's named mentions (`.NAM`; its nominal
# mentions `.NOM`, such as 男友, are not names and need a rule).
BUILT_IN_ALIASES: Final[dict[str, str]] = {
    "NR": "PERSON",
    "NS": "PLACE",
    "NT": "ORG",
    "PER": "PERSON",
    "LOC": "PLACE",
    "GPE": "PLACE",
    "PER.NAM": "PERSON",
    "LOC.NAM": "PLACE",
    "GPE.NAM": "PLACE",
    "ORG.NAM": "ORG",
}
# What the unknown-label message proposes (never applied unasked): upper-cased foreign labels of
# CLUENER2020, Resume NER and the like → our label; any other label is proposed dropped.
SUGGESTED_TARGETS: Final[dict[str, str]] = {
    "NAME": "PERSON",
    "PERSON": "PERSON",
    "ADDRESS": "PLACE",
    "LOCATION": "PLACE",
    "CONT": "PLACE",
    "COMPANY": "ORG",
    "GOVERNMENT": "ORG",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "EDU": "ORG",
    "BOOK": "DOCUMENT",
    "TIME": "DATE",
}
SEGMENT_LABELS: Final[frozenset[str]] = frozenset(label.value for label in SegmentLabel)
_DROP: Final = ""
_UNKNOWN: Final = None


class LabelMapping:
    """Maps the entity labels of records read from files onto the project's labels.

    `is_known` is the one question asked of the project's label set ("is this an entity label
    of ours?"); `known_names` only lists them in messages. A label is kept when known, else
    upper-cased when that is known, else a segment label makes the span a segment, else a
    built-in alias applies. A rule overrides all of these. Entities whose label has no place
    are left out of the record and counted per file in `unknown`: whoever reads the files
    raises `check()` after the last one, so that one message lists them all.
    """

    def __init__(
        self,
        is_known: Callable[[str], bool],
        known_names: Sequence[str] = (),
        rules: Mapping[str, str] | None = None,
        segment_labels: Iterable[str] = (),
        add_unknown: bool = False,
    ) -> None:
        self.is_known = is_known
        self.known_names = tuple(known_names)
        # The built-in segment labels and those the project added.
        self.segment_labels = SEGMENT_LABELS | frozenset(segment_labels)
        self.rules = dict(rules or {})
        for source, target in self.rules.items():
            if target != _DROP and not self._ours(target):
                raise InputError(
                    f"--map {source}={target}: {target} is not a label of this "
                    f"project; known: {self._known_list()}"
                )
        # --add-labels: a label with no place becomes a new label of the project (by this name),
        # which the import adds in its own transaction.
        self.add_unknown = add_unknown
        self.added: dict[str, str] = {}
        self.dropped: Counter[str] = Counter()
        self.unknown: dict[str, Counter[str]] = {}
        # Labels an entity may carry after mapping: validation accepts exactly these.
        self.accepted: set[str] = set()
        self._targets: dict[str, str | None] = {}
        # Labels that stay as they are on an entity: a record holding only these is unchanged.
        self._plain: set[str] = set()

    def _ours(self, label: str) -> bool:
        return self.is_known(label) or label in self.segment_labels

    def _known_list(self) -> str:
        return (
            ", ".join(self.known_names)
            + " and the segment labels "
            + ", ".join(sorted(self.segment_labels))
        )

    def target(self, label: str) -> str | None:
        """Our label for `label` ("" when a rule drops it, None when it has no place)."""
        if label in self._targets:
            return self._targets[label]
        found: str | None
        if label in self.rules:
            found = self.rules[label]
        elif self._ours(label):
            found = label
        elif self._ours(label.upper()):
            found = label.upper()
        else:
            found = BUILT_IN_ALIASES.get(label.upper(), _UNKNOWN)
            if found is _UNKNOWN and self.add_unknown:
                found = new_label_name(label)
                self.added[label] = found
        self._targets[label] = found
        if found == label and found not in self.segment_labels:
            self._plain.add(label)
        if found and found not in self.segment_labels:
            self.accepted.add(found)
        return found

    def apply(self, record: LayerRecord, source: str) -> LayerRecord:
        """The record with its entities' labels mapped: dropped and unknown ones left out (and
        counted), those mapped onto a segment label turned into segments."""
        entities = record.entities
        if not entities:
            return record
        labels = {entity.label for entity in entities}
        if labels <= self._plain:  # the usual case: nothing to change
            return record
        for label in labels:
            self.target(label)
        if labels <= self._plain:
            return record
        kept: list[Entity] = []
        segments = list(record.segments)
        segment_ids = {segment.id for segment in segments}
        for entity in entities:
            target = self._targets[entity.label]
            if target is _UNKNOWN:
                self.unknown.setdefault(source, Counter())[entity.label] += 1
            elif target == _DROP:
                self.dropped[entity.label] += 1
            elif target in self.segment_labels:
                number = len(segments) + 1
                while f"s{number}" in segment_ids:
                    number += 1
                segment_ids.add(f"s{number}")
                segments.append(
                    Segment(
                        f"s{number}", segment_label(target), entity.start, entity.end, entity.text
                    )
                )
            elif target == entity.label:
                kept.append(entity)
            else:
                kept.append(dataclasses.replace(entity, label=target))
        return dataclasses.replace(record, entities=tuple(kept), segments=tuple(segments))

    def check(self) -> None:
        """Raise one InputError naming every unknown label of every file with its count, and
        the `--map` options that would import them."""
        if not self.unknown:
            return
        totals: Counter[str] = Counter()
        lines = []
        for source, counts in self.unknown.items():
            totals.update(counts)
            lines.append(
                f"  {source}: "
                + ", ".join(f"{label} {count}" for label, count in sorted(counts.items()))
            )
        proposal = " ".join(f"--map {label}={self.suggestion(label)}" for label in sorted(totals))
        raise InputError(
            f"unknown labels ({len(totals)}, in {len(self.unknown)} of the files); this "
            f"project's labels are {self._known_list()}.\n" + "\n".join(lines) + "\n"
            f"Map or drop each label, for example: {proposal}\n"
            "or add them to this project's labels: --add-labels\n"
            "(--map SRC=DST imports SRC as DST, --map SRC= leaves SRC out with a count; "
            "--map-file FILE takes the same rules as a TOML [map] table; --add-labels adds "
            "every unknown label as an entity label of the project)"
        )

    def suggestion(self, label: str) -> str:
        """A proposed target for an unknown label: a likely label of ours, else "" (drop)."""
        guess = SUGGESTED_TARGETS.get(label.upper().removesuffix(".NAM"), _DROP)
        return guess if guess and self.is_known(guess) else _DROP

    def dropped_summary(self) -> str:
        """ "dropped by --map: MISC 120, TITLE 40", or "" when nothing was dropped."""
        if not self.dropped:
            return ""
        return "dropped by --map: " + ", ".join(
            f"{label} {count}" for label, count in sorted(self.dropped.items())
        )


def new_label_name(label: str) -> str:
    """The name an unknown label gets when added to the project: upper-cased, any character
    other than a letter, digit or _ made _, starting with a letter, at most 40 characters."""
    name = re.sub(r"[^A-Z0-9_]", "_", label.upper())
    if not name[:1].isalpha() or not name[:1].isascii():
        name = "L_" + name
    return name[:40]


def parse_rules(items: Iterable[str]) -> dict[str, str]:
    """`SRC=DST` strings (as given to --map) → rules; `SRC=` drops SRC."""
    rules: dict[str, str] = {}
    for item in items:
        source, equals, target = item.partition("=")
        source, target = source.strip(), target.strip()
        if not equals or not source:
            raise InputError(f"--map {item!r}: expected SRC=DST (or SRC= to drop SRC)")
        if rules.get(source, target) != target:
            raise InputError(f"--map {source}: mapped twice, to {rules[source]!r} and {target!r}")
        rules[source] = target
    return rules

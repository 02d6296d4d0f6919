"""Messages from services and validation, shown in the window's language.

Services and the domain speak English (the command line and logs read it); the window turns a
message into the user's language here, at its boundary. Each catalogue entry is the English
message with %1, %2 … where values go: the entry is matched against the message, and its
translation (from the .ts file, like every other string of the window) gets the same values.
A message no entry matches is shown as it came, in English.
"""

from __future__ import annotations

import re
from functools import cache

from annotator.domain.metrics import METRIC_FIELD_NAMES
from annotator.gui.i18n import tr

# A message may name what it is about first: "metric m3.value: is required".
HEADS: tuple[str, ...] = ("metric %1.%2", "metric %1", "entity %1", "segment %1")

# The names a message may give a field by (a metric's, then the other things validated).
FIELDS: tuple[str, ...] = (
    *(name for name in METRIC_FIELD_NAMES if name not in ("id", "provenance")),
    "label",
    "entity",
    "segment",
    "layer",
    "batch",
    "metrics",
    "span",
)

MESSAGES: tuple[str, ...] = (
    # domain/validation.py
    "is required",
    "must point at text, it cannot be implicit",
    "an implicit field has no span",
    "needs a span (start, end, text) or implicit",
    "needs a finite number, got %1",
    "%1 is too large to be kept exactly (at most %2)",
    "needs a normalised unit",
    "normalised value %1 is not an ISO date or interval (2023, 2023-01/2023-11, 2021-06-15)",
    "an implicit indicator needs a normalised text",
    "unknown value %1",
    "a range needs its upper bound",
    "a metric with an upper bound is a range",
    "links to %1, which is not an entity of this document and layer",
    "links to %1 %2; expected %3",
    "a metric cannot repeat itself",
    "%1 is not a metric of this document and layer",
    "unknown entity label %1",
    "unknown segment label %1",
    "id is used twice",
    "a metric id is used twice",
    # domain/spans.py
    "text %1 does not match the document at %2..%3 (%4)",
    "offsets must be integers, got %1..%2",
    "offsets %1..%2 are outside the text (length %3)",
    "end %1 must be greater than start %2",
    # services/editing.py and the store under it
    "the selection %1 holds only spaces or punctuation",
    "%1 %2 is already tagged here",
    "%1 is not a segment label of this project",
    "metric %1 was removed elsewhere; reload",
    "entity %1 no longer exists; reload",
    "segment %1 no longer exists; reload",
    "metric %1 no longer exists; reload",
    "entity %1 was changed or removed elsewhere; reload",
    "metric %1 was changed or removed elsewhere; reload",
    "%1 %2 was already removed elsewhere; reload",
    "a command for document %1, layer %2 cannot be part of a batch for document %3, layer %4",
    "someone else saved the same thing at the same moment; reload and try again "
    "(the database said: %1)",
    "the database refused the change: %1",
    "no document %1",
    # services/suggesting.py, services/entity_suggesting.py
    "suggestion %1 no longer exists; the assistant was run again, reload the document",
    "%1 is blind for %2: the assistant's suggestions are not shown there",
    "suggestion %1 was rejected; undo the rejection before accepting it",
    "suggestion %1 is already covered by a metric in %2",
    "suggestion %1 is already covered by a metric; delete that metric instead",
    "no entity suggestion to review at %1..%2; it was accepted, rejected or the assistant "
    "was run again",
    "no unreviewed %1 suggestion of %2 in %3",
    "an entity of your layer is already there; delete it instead",
    # services/review_commands.py
    "the suggestion at %1..%2 is already rejected",
    "the suggestion at %1..%2 is not rejected; reload",
    "%1 is not an annotator's layer; only annotators review suggestions",
    # services/label_schema.py and schema/labels.py (the Labels dialog)
    "%1 is not a curator; only curators change the label schema",
    "key %1 is already %2's",
    "key %1 is taken by the window (metric fields, assistant, curation)",
    "key %1 must be one letter, or Shift+ and one letter",
    "%1 is already a label of this project (retired)",
    "%1 is already a label of this project",
    "%1 is not a label of this project; known: %2",
    "label name %1: use capital letters, digits and _ (starting with a letter, at most 40)",
    "%1 is used by %2 annotation(s); relabel them first, or retire it with --map-to OTHER to "
    "relabel them as OTHER",
    "%1 is a segment label the app relies on; it cannot be renamed",
    "%1 is a segment label the app relies on; it cannot be retired",
    "colour %1: expected #rrggbb",
    "%1 is already retired",
    # domain/layers.py, services/curation.py, services/evaluation, the store's team tables
    "%1 is not a layer; use annotator:<name>, pred:<system> or gold",
    "%1 is not a valid name (letters, digits, . - _ @; 1-64 chars)",
    "%1 has no entity %2 in %3",
    "%1 has no segment %2 in %3",
    "%1 has no metric %2 in %3",
    "gold has no metric %1 in %2; reload",
    "no layer %1",
    "links to %1, which is not an entity of this document",
    "no release %1",
    "%1 has no %2 role",
)

_PLACE = re.compile(r"%(\d)")


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = _PLACE.split(template)
    # Literal text escaped, each %N a lazy group: "end %1 must be …" matches "end 3 must be …".
    return re.compile(
        "".join(re.escape(p) if i % 2 == 0 else "(.+?)" for i, p in enumerate(parts)), re.DOTALL
    )


def _fill(template: str, values: tuple[str, ...]) -> str:
    return _PLACE.sub(lambda m: values[int(m.group(1)) - 1], tr(template))


def _field(name: str) -> str:
    return tr(name) if name in FIELDS else name


def _whole(text: str) -> str | None:
    for template in MESSAGES:
        match = _pattern(template).fullmatch(text)
        if match:
            return _fill(template, match.groups())
    return None


def _head(text: str) -> str:
    if text in FIELDS:
        return _field(text)
    for template in HEADS:
        match = _pattern(template).fullmatch(text)
        if match:
            values = match.groups()
            if template == "metric %1.%2":
                values = (values[0], _field(values[1]))
            return _fill(template, values)
    return text


def translated(message: str) -> str:
    """`message` in the window's language (unchanged in English, or when not catalogued)."""
    whole = _whole(message)
    if whole is not None:
        return whole
    head, colon, reason = message.partition(": ")
    if colon:
        reason_text = _whole(reason)
        if reason_text is not None:
            return _head(head) + tr(": ") + reason_text
    return message

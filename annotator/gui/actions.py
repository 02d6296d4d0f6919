"""The window's actions, keyed by name; label keys come from the label schema."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from annotator.gui.i18n import tr
from annotator.schema.labels import LabelSchema

# Keys that fill a field of the open metric from the selection. They must not clash with the
# schema's label keys (checked in tests); H alone is free because HEADLINE is Shift+H.
FIELD_KEYS: dict[str, str] = {
    "indicator": "I",
    "value": "V",
    "value_high": "H",
    "unit": "U",
    "period": "Y",
    "evidence": "E",
}
NEW_METRIC_KEY = "M"
# The metric assistant's keys (text focused); Enter accepts the suggestion at the selection.
ASSISTANT_KEYS: dict[str, str] = {"next_suggestion": "N", "reject_suggestion": "X"}


def field_title(name: str) -> str:
    titles = {
        "indicator": tr("Indicator"),
        "value": tr("Value"),
        "value_high": tr("Upper value"),
        "unit": tr("Unit"),
        "period": tr("Period"),
        "evidence": tr("Evidence"),
    }
    return titles[name]


def field_name(name: str) -> str:
    """A metric field's name in the window's language."""
    names = {
        "approx": tr("Approximation"),
        "status": tr("Status"),
        "aspect": tr("Aspect"),
        "place": tr("Place"),
        "org": tr("Organisation"),
        "subject": tr("Subject"),
        "duplicate_of": tr("Duplicate of"),
        "note": tr("Note"),
    }
    return names[name] if name in names else field_title(name)


@dataclass
class Actions:
    """Every QAction of the window; the text view answers the tagging ones while it has focus."""

    entity: dict[str, QAction] = field(default_factory=dict)
    segment: dict[str, QAction] = field(default_factory=dict)
    metric_field: dict[str, QAction] = field(default_factory=dict)
    named: dict[str, QAction] = field(default_factory=dict)

    def __getitem__(self, name: str) -> QAction:
        return self.named[name]

    @property
    def tagging(self) -> list[QAction]:
        """Actions that act on the text selection (bound to the text view)."""
        keys = (
            "new_metric",
            "delete",
            "start_left",
            "start_right",
            "end_left",
            "end_right",
            "next_suggestion",
            "accept_suggestion",
            "reject_suggestion",
            "snap",
        )
        return [
            *self.entity.values(),
            *self.segment.values(),
            *self.metric_field.values(),
            *(self.named[k] for k in keys),
        ]


def _action(parent: QWidget, text: str, *keys: str) -> QAction:
    action = QAction(text, parent)
    if keys:
        action.setShortcuts([QKeySequence(k) for k in keys])
    return action


def build_actions(parent: QWidget, schema: LabelSchema, language: str) -> Actions:
    actions = Actions()
    chinese = language.startswith("zh")
    for spec in schema.entity:
        name = spec.zh if chinese and spec.zh else spec.name
        actions.entity[spec.name] = _action(parent, tr("Tag %1").replace("%1", name), spec.key)
    for spec in schema.segment:
        name = spec.zh if chinese and spec.zh else spec.name
        actions.segment[spec.name] = _action(parent, tr("Mark %1").replace("%1", name), spec.key)
    for name, key in FIELD_KEYS.items():
        text = tr("Fill %1 from selection").replace("%1", field_title(name))
        actions.metric_field[name] = _action(parent, text, key)
    table = {
        "new_metric": (tr("New metric from selection"), NEW_METRIC_KEY),
        "delete": (tr("Delete selected span"), "Delete"),
        "start_left": (tr("Move start left"), "Alt+Left"),
        "start_right": (tr("Move start right"), "Alt+Right"),
        "end_left": (tr("Move end left"), "Alt+Shift+Left"),
        "end_right": (tr("Move end right"), "Alt+Shift+Right"),
        "done_next": (tr("Done, next document"), "Ctrl+Return", "Ctrl+Enter"),
        "skip": (tr("Skip document…"), "Ctrl+K"),
        "ask_done": (tr("Ask before marking done with suggestions unreviewed"),),
        "find": (tr("Find…"), "Ctrl+F"),
        "link_place": (tr("Link the nearest place (again: the next)"), "Alt+P"),
        "link_org": (tr("Link the nearest organisation (again: the next)"), "Alt+O"),
        "link_subject": (tr("Link the nearest subject (again: the next)"), "Alt+S"),
        "find_next": (tr("Find next"), "F3"),
        "find_previous": (tr("Find previous"), "Shift+F3"),
        "import": (tr("Import files…"), "Ctrl+I"),
        "import_folder": (tr("Import folder…"),),
        "export": (tr("Export…"), "Ctrl+E"),
        "quit": (tr("Quit"), "Ctrl+Q"),
        "zoom_in": (tr("Larger text"), "Ctrl++", "Ctrl+="),
        "zoom_out": (tr("Smaller text"), "Ctrl+-"),
        "delete_metric": (tr("Delete metric"), "Delete"),
        "mark_repeats": (tr("Mark repeated paragraphs DUPLICATE"),),
        "next_suggestion": (tr("Next suggestion"), ASSISTANT_KEYS["next_suggestion"]),
        "accept_suggestion": (tr("Accept suggestion as a metric"), "Return", "Enter"),
        "reject_suggestion": (tr("Reject suggestion"), ASSISTANT_KEYS["reject_suggestion"]),
        "snap": (tr("Snap selection to number and unit"), "Ctrl+B"),
        "suggest_all": (tr("Suggest metrics for all documents…"),),
        "load_predictions": (tr("Load predictions…"),),
        "compare_off": (tr("No comparison"),),
        "compare_gold": (tr("Compare against gold (curators)"),),
        "agreement": (tr("Agreement…"),),
        "curation": (tr("Curation…"),),
    }
    for key, (text, *keys) in table.items():
        actions.named[key] = _action(parent, text, *keys)
    return actions

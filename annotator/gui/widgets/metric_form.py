"""MetricFormWidget: every field of one metric; each change is saved at once by its owner."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.entities import LINK_LABELS, Entity
from annotator.domain.errors import ValidationError
from annotator.domain.link_order import link_anchor, nearest_first
from annotator.domain.metrics import (
    SURFACE_FIELDS,
    Approx,
    Aspect,
    Field,
    Metric,
    Provenance,
    ProvenanceKind,
    Status,
    normalise_number,
)
from annotator.gui.actions import FIELD_KEYS, field_title
from annotator.gui.i18n import tr
from annotator.gui.messages import translated
from annotator.gui.plain import plain_tooltip

# Typing is saved this long after the last keystroke (and at once when the field loses focus).
AUTOSAVE_MS = 600

_ENUMS: dict[str, type[Approx] | type[Status] | type[Aspect]] = {
    "approx": Approx,
    "status": Status,
    "aspect": Aspect,
}


def enum_text(value: str) -> str:
    names = {
        "exact": tr("exact"),
        "about": tr("about"),
        "over": tr("over"),
        "under": tr("under"),
        "range": tr("range"),
        "achieved": tr("achieved"),
        "planned": tr("planned"),
        "ongoing": tr("ongoing"),
        "total": tr("total"),
        "increase": tr("increase"),
        "decrease": tr("decrease"),
        "ratio": tr("ratio"),
        "other": tr("other"),
    }
    return names.get(value, value)


def parse_number(text: str) -> int | float | None:
    # Imported on first use: the quantity parser (cn2an) would slow the window's start.
    from annotator.domain.quantities import parse_number as parse

    return parse(text)


def parse_user_number(text: str) -> int | float | None:
    """A number typed in the form: 14000, 20.26, 2.8e7, or Chinese (两, 20.26万)."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        return normalise_number(float(text))
    except ValueError:
        return parse_number(text)


class _Row(QWidget):
    """The editors of one field and, below them, the reason it is invalid (hidden when valid)."""

    def __init__(self, *editors: QWidget) -> None:
        super().__init__()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(1)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        for editor in editors:
            line.addWidget(editor, 1 if isinstance(editor, QLineEdit | QComboBox) else 0)
        outer.addLayout(line)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #c1121f;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        outer.addWidget(self.problem)

    def set_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))


class MetricFormWidget(QWidget):
    """Shows the metric the owner gives it; user edits come out as `metric_edited(new_metric)`."""

    metric_edited = Signal(object)  # Metric with the change applied
    fill_requested = Signal(str)  # a surface field to fill from the text selection
    span_clicked = Signal(int, int)  # show this span in the text
    # A choice is made (combo box, checkbox): the text takes the keys back, so N, X, Enter and
    # the label keys work at once instead of being swallowed by the combo box.
    choice_made = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("metric_form")
        self._metric: Metric | None = None
        self._metrics: tuple[Metric, ...] = ()
        self.span_edits: dict[str, QLineEdit] = {}
        self.number_edits: dict[str, QLineEdit] = {}
        self.normalized_edits: dict[str, QLineEdit] = {}
        self.combos: dict[str, QComboBox] = {}
        self.rows: dict[str, _Row] = {}
        # Typed fields waiting for the autosave timer: editor name -> its save slot.
        self._dirty: dict[str, Callable[[], None]] = {}
        # A field edit runs from its first keystroke to the field losing focus (or Enter); its
        # saves merge into one undo step, keyed by this counter.
        self._edits: dict[str, int] = {}
        self.merge_key: tuple[str, str, int] | None = None
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.flush)
        layout = QFormLayout(self)
        self._layout = layout
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title = QLabel()
        layout.addRow(self.title)
        for name in SURFACE_FIELDS:
            layout.addRow(f"{field_title(name)} ({FIELD_KEYS[name]})", self._span_row(name))
            if name == "unit":
                for enum_name, title in (
                    ("approx", tr("Approx")),
                    ("status", tr("Status")),
                    ("aspect", tr("Aspect")),
                ):
                    layout.addRow(title, self._enum_row(enum_name))
        for name, title in (
            ("place", tr("Place")),
            ("org", tr("Organisation")),
            ("subject", tr("Subject")),
            ("duplicate_of", tr("Repeats metric")),
        ):
            layout.addRow(title, self._link_row(name))
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self._autosaved(self.note, self._note_changed)
        self.rows["note"] = _Row(self.note)
        layout.addRow(tr("Note"), self.rows["note"])
        self.provenance = QLabel()
        layout.addRow(tr("Provenance"), self.provenance)
        self.show_metric(None, (), (), ())

    def set_compact(self) -> None:
        """Rows closer together, so that every field shows on a 720-pixel-high screen."""
        self._layout.setContentsMargins(4, 2, 4, 2)
        self._layout.setVerticalSpacing(1)

    # -- building ----------------------------------------------------------------------------

    def _span_row(self, name: str) -> _Row:
        span = QLineEdit()
        span.setReadOnly(True)
        span.setObjectName(f"{name}_span")
        span.setPlaceholderText(tr("select text, press %1").replace("%1", FIELD_KEYS[name]))
        self.span_edits[name] = span
        # Small tool buttons keep the form narrow enough for a dock beside the text.
        take = QToolButton()
        take.setArrowType(Qt.ArrowType.LeftArrow)
        take.setObjectName(f"{name}_take")
        take.setToolTip(tr("From selection") + f" ({FIELD_KEYS[name]})")
        take.clicked.connect(lambda: self.fill_requested.emit(name))
        clear = QToolButton()
        clear.setText("✕")
        clear.setObjectName(f"{name}_clear")
        clear.setToolTip(tr("Clear this field"))
        clear.clicked.connect(lambda: self._emit(**{name: None}))
        editors: list[QWidget] = [span]
        if name in ("value", "value_high"):
            number = self._line(f"{name}_number", tr("number"), lambda: self._number_changed(name))
            self.number_edits[name] = number
            editors.append(number)
        if name in ("unit", "period"):
            hint = tr("normalised unit") if name == "unit" else tr("ISO period, e.g. 2023")
            normalized = self._line(
                f"{name}_normalized", hint, lambda: self._normalized_changed(name)
            )
            self.normalized_edits[name] = normalized
            editors.append(normalized)
        if name == "period":
            self.period_implicit = QCheckBox(tr("implicit"))
            self.period_implicit.setObjectName("period_implicit")
            self.period_implicit.clicked.connect(self._implicit_changed)
            self.period_implicit.clicked.connect(self.choice_made)
            editors.append(self.period_implicit)
        editors += [take, clear]
        self.rows[name] = _Row(*editors)
        return self.rows[name]

    def _line(self, object_name: str, hint: str, changed: Callable[[], None]) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(object_name)
        edit.setPlaceholderText(hint)
        edit.setToolTip(hint)
        edit.setMaximumWidth(110)
        self._autosaved(edit, changed)
        return edit

    def _autosaved(self, edit: QLineEdit, save: Callable[[], None]) -> None:
        """Save `edit` shortly after typing stops and whenever it loses focus."""
        name = edit.objectName()
        edit.textEdited.connect(lambda _text: self._typed(name, save))
        edit.editingFinished.connect(lambda: self._finished(name, save))

    def _typed(self, name: str, save: Callable[[], None]) -> None:
        self._dirty[name] = save
        self._autosave.start()

    def _save_typed(self, name: str, save: Callable[[], None]) -> None:
        metric_id = self._metric.id if self._metric is not None else ""
        self.merge_key = (metric_id, name, self._edits.get(name, 0))
        try:
            save()
        finally:
            self.merge_key = None

    def flush(self) -> None:
        """Save whatever was typed and not saved yet (before the form shows something else)."""
        self._autosave.stop()
        while self._dirty:
            name, save = self._dirty.popitem()
            self._save_typed(name, save)

    def _finished(self, name: str, save: Callable[[], None]) -> None:
        self._dirty.pop(name, None)
        self._save_typed(name, save)
        self._edits[name] = self._edits.get(name, 0) + 1

    def _enum_row(self, name: str) -> _Row:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem("—", None)
        for member in _ENUMS[name]:
            combo.addItem(enum_text(member.value), member.value)
        combo.activated.connect(
            lambda _i: self._emit(
                **{name: _ENUMS[name](combo.currentData()) if combo.currentData() else None}
            )
        )
        combo.activated.connect(self.choice_made)
        self.combos[name] = combo
        self.rows[name] = _Row(combo)
        return self.rows[name]

    def _link_row(self, name: str) -> _Row:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.activated.connect(lambda _i: self._emit(**{name: combo.currentData()}))
        combo.activated.connect(self.choice_made)
        self.combos[name] = combo
        self.rows[name] = _Row(combo)
        return self.rows[name]

    # -- showing -----------------------------------------------------------------------------

    @property
    def metric(self) -> Metric | None:  # type: ignore[override]  # the form's metric, not QPaintDevice.metric()
        return self._metric

    def show_metric(
        self,
        metric: Metric | None,
        entities: tuple[Entity, ...],
        metrics: tuple[Metric, ...],
        problems: tuple[ValidationError, ...],
    ) -> None:
        same = metric is not None and self._metric is not None and metric.id == self._metric.id
        if not same:
            self._dirty.clear()
            self._autosave.stop()
        self._metric = metric
        self._metrics = metrics
        self.setEnabled(metric is not None)
        self.title.setText(
            tr("Metric %1").replace("%1", metric.id)
            if metric
            else tr("No metric: select a number and press M")
        )
        if metric is None:  # nothing to pick for: keep the pickers short
            entities, metrics = (), ()
        # Nearest to the value first: the entity meant is usually the first or second item.
        anchor = link_anchor(metric) if metric is not None else (0, 0)
        for name in LINK_LABELS:
            fitting = [e for e in entities if e.label in LINK_LABELS[name]]
            self._fill_links(
                name, [(f"{e.text} ({e.id})", e.id) for e in nearest_first(fitting, *anchor)]
            )
        self._fill_links(
            "duplicate_of",
            [
                (f"{m.id}: {m.value.text if m.value else ''}", m.id)
                for m in metrics
                if metric is None or m.id != metric.id
            ],
        )
        for name in SURFACE_FIELDS:
            value: Field | None = getattr(metric, name) if metric else None
            span = self.span_edits[name]
            span.setText(_span_text(value))
            span.setCursorPosition(0)  # show where the span begins, not its tail
            span.setToolTip(plain_tooltip(span.text()))
            if name in self.number_edits:
                number = value.number if value is not None else None
                _set_text(self.number_edits[name], "" if number is None else str(number), same)
            if name in self.normalized_edits:
                _set_text(
                    self.normalized_edits[name], value.normalized or "" if value else "", same
                )
        self.period_implicit.setChecked(bool(metric and metric.period and metric.period.implicit))
        for name in _ENUMS:
            raw = getattr(metric, name) if metric else None
            combo = self.combos[name]
            combo.setCurrentIndex(max(0, combo.findData(raw.value if raw else None)))
        for name in (*LINK_LABELS, "duplicate_of"):
            combo = self.combos[name]
            combo.setCurrentIndex(max(0, combo.findData(getattr(metric, name) if metric else None)))
        _set_text(self.note, metric.note or "" if metric else "", same)
        self.provenance.setText(_provenance_text(metric.provenance) if metric else "")
        self.set_problems(problems)

    def first_empty_editor(self) -> QWidget | None:
        """The editor of the first field the open metric leaves empty, in the form's order.

        Span fields are filled from the text (their box shows how); a link counts only when
        this document has something to link to.
        """
        metric = self._metric
        if metric is None:
            return None
        candidates: list[tuple[str, QWidget]] = [
            ("indicator", self.span_edits["indicator"]),
            ("value", self.number_edits["value"]),
            ("unit", self.normalized_edits["unit"]),
            ("approx", self.combos["approx"]),
            ("status", self.combos["status"]),
            ("aspect", self.combos["aspect"]),
            ("period", self.normalized_edits["period"]),
        ]
        candidates += [
            (name, self.combos[name]) for name in LINK_LABELS if self.combos[name].count() > 1
        ]
        for name, editor in candidates:
            value = getattr(metric, name)
            if value is None or (name == "value" and value.number is None):
                return editor
        return None

    def _fill_links(self, name: str, items: list[tuple[str, str]]) -> None:
        combo = self.combos[name]
        if not items and combo.count() == 1:
            return
        combo.clear()
        combo.addItem("—", None)
        for text, key in items:
            combo.addItem(text, key)

    def set_problems(self, problems: tuple[ValidationError, ...]) -> None:
        reasons: dict[str, list[str]] = {}
        for problem in problems:
            reasons.setdefault(problem.field.split(".")[-1], []).append(translated(problem.reason))
        for name, row in self.rows.items():
            row.set_problem("; ".join(reasons.get(name, [])))

    # -- editing -----------------------------------------------------------------------------

    def _emit(self, **changes: object) -> None:
        if self._metric is None:
            return
        if all(getattr(self._metric, k) == v for k, v in changes.items()):
            return
        self.metric_edited.emit(self._metric.edited(self._metric.with_changes(**changes)))

    def _number_changed(self, name: str) -> None:
        field: Field | None = getattr(self._metric, name, None)
        text = self.number_edits[name].text()
        number = parse_user_number(text)
        if text.strip() and number is None:
            self.rows[name].set_problem(tr("%1 is not a number").replace("%1", text))
            return
        base = field or Field()
        if base.number != number:
            self._emit(
                **{
                    name: Field(
                        base.start, base.end, base.text, number, base.normalized, base.implicit
                    )
                }
            )

    def _normalized_changed(self, name: str) -> None:
        field: Field | None = getattr(self._metric, name, None)
        text = self.normalized_edits[name].text().strip() or None
        base = field or Field(implicit=True)
        if base.normalized != text:
            self._emit(
                **{name: Field(base.start, base.end, base.text, base.number, text, base.implicit)}
            )

    def _implicit_changed(self, checked: bool) -> None:
        period: Field | None = getattr(self._metric, "period", None)
        normalized = self.normalized_edits["period"].text().strip() or (
            period.normalized if period else None
        )
        if checked and not normalized and self._metric is not None:
            # Stated elsewhere: most likely the period of the metric before it in the text.
            from annotator.domain.period_context import context_period

            value = self._metric.value
            position = value.start if value is not None and value.start is not None else 0
            normalized = context_period(self._metrics, position, self._metric.id)
        if checked:
            # An implicit period has only its normalised value (spec: implicit fields).
            self._emit(period=Field(normalized=normalized, implicit=True))
        else:
            self._emit(period=Field(normalized=normalized) if normalized else None)

    def _note_changed(self) -> None:
        self._emit(note=self.note.text() or None)


def _set_text(edit: QLineEdit, text: str, same_metric: bool) -> None:
    # The field being typed in keeps its text and cursor when its own autosave refreshes the
    # form ("14000." must not become "14000" under the cursor).
    if same_metric and (edit.hasFocus() or edit.text() == text):
        return
    edit.setText(text)


def _span_text(value: Field | None) -> str:
    if value is None:
        return ""
    if value.implicit or value.start is None:
        return tr("(implicit)")
    return f"{value.text}  [{value.start}–{value.end}]"


def _provenance_text(provenance: Provenance) -> str:
    names = {
        ProvenanceKind.MANUAL: tr("manual"),
        ProvenanceKind.SUGGESTED: tr("suggested"),
        ProvenanceKind.SUGGESTED_EDITED: tr("suggested, edited"),
    }
    text = names[provenance.kind]
    return f"{text} ({provenance.system})" if provenance.system else text

"""How much work the window asks for: replay the reference gold of the seeds through the real
window, offscreen, with key and mouse events only, and count the actions.

    python bench/effort_bench.py [--docs N] [--gold resources/gold/seeds-v1/gold.jsonl] [--undated]
    python bench/effort_bench.py --learned

For each gold item the replay takes the cheapest path the window offers and counts one action
per key press or mouse gesture (a click, a double-click, a drag; typing one value in a field
counts one action for the typing, plus the click into the field and the Enter):

- entity: already there (0, e.g. accepted with others by Shift+Enter); a suggestion of the
  right label: Enter when the window has it selected already (as after accepting the one
  before), else a Ctrl+click on it, Shift+Enter or Ctrl+Shift+click when every suggestion of
  that text and label is gold; else its label key when the window has it selected, else a
  Shift+click on its label in the legend unless that label is armed already, and the
  selection (double-click when the span is one word, else a drag), which the armed label
  tags; Esc before the metrics disarms it;
- metric: Ctrl+click on a suggested value (Enter when it is selected already), else select the
  value and press M; then mend each field
  the pre-fill or the assistant got wrong: select + field key for a span, a click and an item
  for a combo box, Alt+P/O/S or a Ctrl+click for a link, click, type and Enter for a
  typed value, a click for "implicit"; Esc when the form kept the focus. A link takes
  Alt+P/O/S when the wanted entity is the nearest candidate, else a Ctrl+click on it (on the
  linked one to unlink), else the combo box.

Each seed page is imported with its publication date in its meta (as dated news is), so
that relative and implicit periods resolve; --undated leaves them out. Opening each document
(a click in the list) and marking it done (Ctrl+Enter) are counted apart. Items still
differing from the gold after their path are counted as not reached. Run twice: with the
assistants and without (no suggestion of either shown, the models not run). With them, the
pages are labelled in turn in one window as a new team would: metric suggestions from
`suggest_all` at the start (no entity model yet: nothing learnt), entity suggestions as the
window shows them, so each page marked done is learnt (the window retrains the CRF in the
background; the replay waits for it and for the models' run on the next page, as an annotator
reading the page would) and the pages after it get the models' suggestions. The last line
reads `effort: N.NN actions per gold entity, N.NN per gold metric (assistants on)`.

With --learned, each page is replayed alone with the assistants, its database holding the
other four pages' reference gold: the entity model learns from them before `suggest_all`, as
it does from a team's gold (leave one page out).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SURFACE = ("indicator", "value", "value_high", "unit", "period", "evidence")
ENUMS = ("approx", "status", "aspect")
LINKS = {"place": "P", "org": "O", "subject": "S"}


@dataclass
class Tally:
    entity_actions: int = 0
    metric_actions: int = 0
    document_actions: int = 0
    entity_seconds: float = 0.0
    metric_seconds: float = 0.0
    entities: int = 0
    metrics: int = 0
    unreached: Counter[str] = field(default_factory=Counter)
    paths: Counter[str] = field(default_factory=Counter)
    fields: Counter[str] = field(default_factory=Counter)  # actions spent mending each field
    # Per document: entity actions, gold entities, metric actions, gold metrics.
    by_document: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)


class Replay:
    """Drives one window; every gesture goes through QTest on the real widgets."""

    def __init__(self, window, tally: Tally) -> None:
        self.window = window
        self.view = window.text_view
        self.tally = tally
        self.actions = 0

    # -- gestures ----------------------------------------------------------------------------

    def _point(self, cp: int, inside: bool):
        """Viewport point of the boundary before code point `cp` (or the middle of it)."""
        from PySide6.QtCore import QPoint

        view = self.view
        view.reveal(cp)
        cursor = view.textCursor()
        cursor.setPosition(view.offsets.to_utf16(cp))
        left = view.cursorRect(cursor)
        if not inside:
            return QPoint(left.x(), left.center().y())
        cursor.setPosition(view.offsets.to_utf16(cp + 1))
        right = view.cursorRect(cursor)
        x = (left.x() + right.x()) // 2 if right.y() == left.y() else left.x() + 3
        return QPoint(x, left.center().y())

    def select(self, start: int, end: int) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        from annotator.services.words import word_at

        if self.view.selection() == (start, end):
            return  # already selected (the window moved on to it)
        viewport = self.view.viewport()
        text = self.window.workbench.view.document.text
        self.view.set_selected_entity(None)
        if word_at(text, start) == (start, end):
            QTest.mouseDClick(
                viewport,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
                self._point(start, True),
            )
        else:  # a drag: press at one end, release at the other
            QTest.mouseClick(
                viewport,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
                self._point(start, False),
            )
            QTest.mouseClick(
                viewport,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.ShiftModifier,
                self._point(end, False),
            )
        self.actions += 1
        armed = self.window.tagging.armed
        if armed is not None and self._has_entity(armed, start, end):
            return  # the armed label tagged the selection as it was made
        if self.view.selection() != (start, end):  # the gesture missed: a keyboard fix-up
            self.view.select_span(start, end)
            self.actions += 1

    def key(self, key, modifier=None, widget=None) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        target = widget or self._text_focus()
        _keep_active(self.window)
        QTest.keyClick(target, key, modifier or Qt.KeyboardModifier.NoModifier)
        self.actions += 1

    def _text_focus(self):
        """The text, given the focus back with Esc when the form kept it (one action)."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        focus = self.window.focusWidget()
        if focus is not None and focus is not self.view:
            QTest.keyClick(focus, Qt.Key.Key_Escape)
            self.actions += 1
            self.view.setFocus()
        return self.view

    def arm(self, label: str | None) -> None:
        """Shift+click the label's chip in the legend (None: Esc in the text, disarming)."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QLabel

        if label is None:
            QTest.keyClick(self._text_focus(), Qt.Key.Key_Escape)
        else:
            chip = self.window.legend.findChild(QLabel, f"chip_{label}")
            QTest.mouseClick(chip, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier)
        self.actions += 1

    def ctrl_click_suggestion(self, span: tuple[int, int], every: bool) -> bool:
        """Ctrl+click (with `every`, Ctrl+Shift+click) on a character of the suggestion at
        `span` where it is the innermost thing under the pointer, as the window decides; False
        when there is no such character (nothing is clicked then)."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        assistant = self.window.assistant
        spans = [s.span for s in assistant.entities.suggestions] + [
            m.value_span for m in assistant.suggestions if m.value_span is not None
        ]
        own = [(e.start, e.end) for e in self.window.workbench.view.entities]
        size = span[1] - span[0]
        for cp in range(*span):
            smaller = [s for s in spans + own if s[0] <= cp < s[1] and s[1] - s[0] < size]
            if smaller or any(s[0] <= cp < s[1] and s[1] - s[0] == size for s in own):
                continue
            modifiers = Qt.KeyboardModifier.ControlModifier
            if every:
                modifiers |= Qt.KeyboardModifier.ShiftModifier
            _keep_active(self.window)
            QTest.mouseClick(
                self.view.viewport(), Qt.MouseButton.LeftButton, modifiers, self._point(cp, True)
            )
            self.actions += 1
            return True
        return False

    def ctrl_click(self, entity_id: str) -> None:
        """Ctrl+click on a character of the entity that no shorter linkable entity covers
        (the window links the innermost one)."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        from annotator.domain.entities import LINK_LABELS

        linkable = {label for labels in LINK_LABELS.values() for label in labels}
        entities = [e for e in self.window.workbench.view.entities if e.label in linkable]
        entity = next((e for e in entities if e.id == entity_id), None)
        if entity is None:
            return
        # A suggestion smaller than the entity under the pointer would be what the click means.
        assistant = self.window.assistant
        suggested = [s.span for s in assistant.entities.suggestions] + [
            m.value_span for m in assistant.suggestions if m.value_span is not None
        ]
        size = entity.end - entity.start
        for cp in range(entity.start, entity.end):
            inner = min(
                (e for e in entities if e.start <= cp < e.end),
                key=lambda e: (e.end - e.start, e.id),
            )
            if any(s[0] <= cp < s[1] and s[1] - s[0] < size for s in suggested):
                continue
            if inner.id == entity.id:
                _keep_active(self.window)
                QTest.mouseClick(
                    self.view.viewport(),
                    Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.ControlModifier,
                    self._point(cp, True),
                )
                self.actions += 1
                return

    def choose(self, combo, data) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        QTest.mouseClick(combo, Qt.MouseButton.LeftButton)
        combo.view().setCurrentIndex(combo.model().index(max(0, combo.findData(data)), 0))
        QTest.keyClick(combo.view(), Qt.Key.Key_Return)
        if combo.view().isVisible():
            combo.hidePopup()
        self.actions += 2

    def type_into(self, edit, text: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QInputMethodEvent
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        QTest.mouseClick(edit, Qt.MouseButton.LeftButton)
        edit.setFocus()
        QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(edit, Qt.Key.Key_Delete)
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(edit, event)
        QTest.keyClick(edit, Qt.Key.Key_Return)
        self.actions += 3

    # -- items -------------------------------------------------------------------------------

    def entity(self, gold: dict, gold_entities: list[dict]) -> None:
        from PySide6.QtCore import Qt

        window = self.window
        span, label = (gold["start"], gold["end"]), gold["label"]
        if self._has_entity(label, *span):
            self.tally.paths["entity already there"] += 1
            return
        suggestion = window.assistant.entities.at(*span)
        exact = suggestion is not None and suggestion.span == span
        if exact and suggestion.entity.label == label:
            same = [
                s
                for s in window.assistant.entities.suggestions
                if s.entity.text == gold["text"] and s.entity.label == label
            ]
            gold_spans = {(g["start"], g["end"]) for g in gold_entities if g["label"] == label}
            every = len(same) > 1 and all(s.span in gold_spans for s in same)
            how = "all of its text" if every else "suggestion"
            if self.view.selection() != span and self.ctrl_click_suggestion(span, every):
                self.tally.paths[
                    f"entity: accept {how} (Ctrl{'+Shift' if every else ''}+click)"
                ] += 1
            elif window.tagging.armed is not None and not every:
                # A selection made with a label armed is tagged with it: the suggestion is
                # accepted so, once its own label is the armed one.
                if window.tagging.armed != label:
                    self.arm(label)
                self.select(*span)
                self.tally.paths["entity: accept suggestion (select with its label armed)"] += 1
            else:
                if window.tagging.armed is not None:
                    self.arm(None)
                self.select(*span)
                if every:
                    self.key(Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
                else:
                    self.key(Qt.Key.Key_Return)
                self.tally.paths[f"entity: accept {how} ({'Shift+' if every else ''}Enter)"] += 1
        elif self.view.selection() == span:  # the window has it selected: its label key
            spec = next(s for s in window.actions.entity if s == label)
            self._press_sequence(window.actions.entity[spec].shortcut())
            self.tally.paths["entity: label key on the selection"] += 1
        else:
            # A label armed in the legend tags the selection as it is made: arming costs what
            # the key would, and the next entities of the label cost the selection alone.
            if window.tagging.armed != label:
                self.arm(label)
            self.select(*span)
            if not self._has_entity(label, *span):  # the gesture missed: the label key
                spec = next(s for s in window.actions.entity if s == label)
                self._press_sequence(window.actions.entity[spec].shortcut())
            self.tally.paths[
                "entity: select with the label armed" + (" (relabel suggestion)" if exact else "")
            ] += 1
        if not self._has_entity(label, *span):
            self.tally.unreached["entity"] += 1

    def _press_sequence(self, sequence) -> None:
        from PySide6.QtCore import Qt

        combination = sequence[0]
        self.key(combination.key(), Qt.KeyboardModifier(combination.keyboardModifiers()))

    def _has_entity(self, label: str, start: int, end: int) -> bool:
        view = self.window.workbench.view
        return any((e.label, e.start, e.end) == (label, start, end) for e in view.entities)

    def metric(self, gold: dict, ids: dict[str, str]) -> None:
        from PySide6.QtCore import Qt

        window, form = self.window, self.window.form
        value = gold["value"]
        span = (value["start"], value["end"])
        suggestion = next(
            (m for m in window.assistant.suggestions if (m.value.start, m.value.end) == span), None
        )
        if (
            suggestion is not None
            and self.view.selection() != span
            and self.ctrl_click_suggestion(span, False)
        ):
            self.tally.paths["metric: accept suggestion (Ctrl+click)"] += 1
        elif suggestion is not None:
            self.select(*span)
            self.key(Qt.Key.Key_Return)
            self.tally.paths["metric: accept suggestion (Enter)"] += 1
        else:
            self.select(*span)
            self.key(Qt.Key.Key_M)
            self.tally.paths["metric: select + M"] += 1
        if form.metric is None:
            self.tally.unreached["metric"] += 1
            return
        self._mend(gold, ids)
        if _differences(form.metric, gold, ids):
            self.tally.unreached["metric"] += 1
            self.tally.paths[
                "metric fields left different: " + ", ".join(_differences(form.metric, gold, ids))
            ] += 1

    def _mend(self, gold: dict, ids: dict[str, str]) -> None:
        from PySide6.QtCore import Qt

        form = self.window.form
        keys = {
            "indicator": Qt.Key.Key_I,
            "value_high": Qt.Key.Key_H,
            "unit": Qt.Key.Key_U,
            "period": Qt.Key.Key_Y,
            "evidence": Qt.Key.Key_E,
            "value": Qt.Key.Key_V,
        }
        for name in SURFACE:
            before = self.actions
            self._mend_surface(name, gold, keys)
            self.tally.fields[name] += self.actions - before
        for name in ENUMS:
            before = self.actions
            have = getattr(form.metric, name)
            if (have.value if have else None) != gold.get(name):
                self.choose(form.combos[name], gold.get(name))
            self.tally.fields[name] += self.actions - before
        for name, letter in LINKS.items():
            before = self.actions
            want = ids.get(gold.get(name) or "")
            presses = self._link_presses(name, want)
            if presses == 1:  # Alt+key links the nearest candidate
                self.key(
                    getattr(Qt.Key, f"Key_{letter}"),
                    Qt.KeyboardModifier.AltModifier,
                    widget=self.window.focusWidget() or self.view,
                )
            elif getattr(form.metric, name) != want:
                # Ctrl+click on the wanted entity links it; on the linked one, unlinks it.
                self.ctrl_click(want or getattr(form.metric, name))
            if getattr(form.metric, name) != want:
                self.choose(form.combos[name], want)
            self.tally.fields[name] += self.actions - before

    def _link_presses(self, name: str, want: str | None) -> int | None:
        """How many Alt+key presses link `want` (0 when it is linked already; None when the
        keys cannot reach it), following the window's order: the nearest candidate first,
        then the next; a proposed link that is the nearest moves on at once."""
        from annotator.domain.entities import LINK_LABELS
        from annotator.domain.link_order import link_anchor, nearest_first

        metric = self.window.form.metric
        current = getattr(metric, name)
        if current == want:
            return 0
        if want is None:
            return None
        entities = [e for e in self.window.workbench.view.entities if e.label in LINK_LABELS[name]]
        ids = [e.id for e in nearest_first(entities, *link_anchor(metric))]
        if want not in ids:
            return None
        first = (ids.index(current) + 1) % len(ids) if current == ids[0] else 0
        return (ids.index(want) - first) % len(ids) + 1

    def _mend_surface(self, name: str, gold: dict, keys: dict) -> None:
        from PySide6.QtCore import Qt

        form = self.window.form
        if True:
            want, have = gold.get(name), getattr(form.metric, name)
            if want is None:
                if have is not None:
                    from PySide6.QtTest import QTest
                    from PySide6.QtWidgets import QToolButton

                    QTest.mouseClick(
                        form.findChild(QToolButton, f"{name}_clear"), Qt.MouseButton.LeftButton
                    )
                    self.actions += 1
                return
            if want.get("implicit"):
                if not (have is not None and have.implicit):
                    from PySide6.QtTest import QTest

                    QTest.mouseClick(form.period_implicit, Qt.MouseButton.LeftButton)
                    self.actions += 1
            elif have is None or (have.start, have.end) != (want["start"], want["end"]):
                self.select(want["start"], want["end"])
                self.key(keys[name])
            have = getattr(form.metric, name)
            if (
                name in ("value", "value_high")
                and have is not None
                and have.number != want.get("number")
            ):
                self.type_into(form.number_edits[name], str(want.get("number")))
            if (
                name in ("unit", "period")
                and have is not None
                and have.normalized != want.get("normalized")
            ):
                self.type_into(form.normalized_edits[name], want.get("normalized") or "")


def _keep_active(window) -> None:
    """Offscreen, a closed combo-box popup can leave no window active; a person's window stays
    active, and its shortcuts only work so."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + 2
    while not window.isActiveWindow() and time.monotonic() < deadline:
        window.activateWindow()
        QApplication.processEvents()


def _settle(app, window) -> None:
    """Wait for what the window does in the background for the page just opened: the
    retraining the page before started when it was marked done, then the models' run on this
    one (an annotator reads the page first; training on a few pages takes seconds)."""
    assistant = window.assistant
    deadline = time.monotonic() + 600
    while assistant.training is not None or assistant.modelling is not None:
        if time.monotonic() > deadline:
            raise SystemExit("the window's background work did not finish in 10 minutes")
        app.processEvents()
        time.sleep(0.005)
    app.processEvents()


def _differences(metric, gold: dict, ids: dict[str, str]) -> list[str]:
    wrong = []
    for name in SURFACE:
        want, have = gold.get(name), getattr(metric, name)
        if want is None or have is None:
            if (want is None) != (have is None):
                wrong.append(name)
            continue
        if want.get("implicit"):
            if not have.implicit or have.normalized != want.get("normalized"):
                wrong.append(name)
            continue
        if (
            (have.start, have.end) != (want["start"], want["end"])
            or ("number" in want and have.number != want["number"])
            or ("normalized" in want and have.normalized != want["normalized"])
        ):
            wrong.append(name)
    for name in ENUMS:
        have = getattr(metric, name)
        if (have.value if have else None) != gold.get(name):
            wrong.append(name)
    for name in LINKS:
        if getattr(metric, name) != ids.get(gold.get(name) or ""):
            wrong.append(name)
    return wrong


def replay(
    records: list[dict], assistants: bool, folder: Path, learning: Sequence[dict] = ()
) -> Tally:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    import annotator.services.entity_suggesting as entity_suggesting
    import annotator.services.suggesting as suggesting
    from annotator.gui.app import build_window
    from annotator.services.importing import import_paths
    from annotator.store.database import open_database

    db = folder / f"effort-{'on' if assistants else 'off'}.sqlite3"
    source = folder / "texts.jsonl"
    source.write_text(
        "".join(
            json.dumps(
                {"doc_id": r["doc_id"], "text": r["text"], "meta": r.get("meta") or {}},
                ensure_ascii=False,
            )
            + "\n"
            for r in records
        ),
        encoding="utf-8",
    )
    database = open_database(str(db))
    import_paths(database, [source])
    if learning:  # gold of other pages: what the entity model learns from
        learnt = folder / "learning.jsonl"
        learnt.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in learning), encoding="utf-8"
        )
        import_paths(database, [learnt], layer="gold")
    if assistants:
        suggesting.suggest_all(database)
    else:  # the window shows no suggestion of either assistant, nor runs the models
        import annotator.services.model_suggestions as model_suggestions

        suggesting.unreviewed = lambda *a, **k: []  # type: ignore[assignment]
        entity_suggesting.unreviewed = lambda *a, **k: []  # type: ignore[assignment]
        entity_suggesting.OpenDocumentSuggestions.suggestions = (  # type: ignore[method-assign]
            lambda *a, **k: []
        )
        model_suggestions.model_suggester = (  # type: ignore[assignment]
            lambda *a, **k: model_suggestions.ModelSuggester()
        )
    database.close()
    os.environ["XDG_CONFIG_HOME"] = str(folder / f"config-{assistants}")
    app = QApplication.instance() or QApplication([])
    window = build_window(argparse.Namespace(db=str(db), user="bench"), app)
    window.settings.setValue("review/ask_done_with_suggestions", False)
    window.resize(1500, 900)
    window.show()
    window.activateWindow()
    deadline = time.monotonic() + 5
    while not window.isActiveWindow() and time.monotonic() < deadline:
        app.processEvents()  # shortcuts (Alt+P, Ctrl+Enter) reach an active window only
    tally = Tally()
    for record in records:
        run = Replay(window, tally)
        row = window.documents.model.row_of(record["doc_id"])
        table = window.documents.table
        table.scrollTo(window.documents.model.index(row, 0))
        QTest.mouseClick(
            table.viewport(),
            Qt.MouseButton.LeftButton,
            pos=table.visualRect(window.documents.model.index(row, 0)).center(),
        )
        tally.document_actions += 1
        _settle(app, window)
        window.text_view.setFocus()
        started = time.perf_counter()
        gold_entities = sorted(record["entities"], key=lambda e: (e["start"], e["end"]))
        for gold in gold_entities:
            run.entity(gold, gold_entities)
            app.processEvents()
        if window.tagging.armed is not None:  # a metric's value is selected to be accepted
            run.arm(None)
        tally.entity_actions += run.actions
        entity_actions = run.actions
        tally.entities += len(gold_entities)
        middle = time.perf_counter()
        tally.entity_seconds += middle - started
        run.actions = 0
        view = window.workbench.view
        ids = {
            g["id"]: next(
                (
                    e.id
                    for e in view.entities
                    if (e.label, e.start, e.end) == (g["label"], g["start"], g["end"])
                ),
                None,
            )
            for g in record["entities"]
        }
        for gold in sorted(record["metrics"], key=lambda m: m["value"]["start"]):
            run.metric(gold, ids)  # type: ignore[arg-type]
            app.processEvents()
        tally.metric_actions += run.actions
        tally.metrics += len(record["metrics"])
        tally.by_document[record["doc_id"]] = (
            entity_actions,
            len(gold_entities),
            run.actions,
            len(record["metrics"]),
        )
        tally.metric_seconds += time.perf_counter() - middle
        window.form.flush()
        QTest.keyClick(window.text_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        tally.document_actions += 1
    workbench = window.workbench
    window.close()
    workbench.database.close()
    return tally


def report(name: str, tally: Tally) -> None:
    print(f"{name}: {tally.entities} gold entities, {tally.metrics} gold metrics")
    print(
        f"  entities: {tally.entity_actions} actions, "
        f"{tally.entity_actions / max(tally.entities, 1):.2f} per entity, "
        f"{1000 * tally.entity_seconds / max(tally.entities, 1):.0f} ms wall per entity"
    )
    print(
        f"  metrics: {tally.metric_actions} actions, "
        f"{tally.metric_actions / max(tally.metrics, 1):.2f} per metric, "
        f"{1000 * tally.metric_seconds / max(tally.metrics, 1):.0f} ms wall per metric"
    )
    print(f"  documents: {tally.document_actions} actions (open and done)")
    print(
        f"  not reached: {tally.unreached['entity']} entities, {tally.unreached['metric']} metrics"
    )
    for doc_id, (ea, entities, ma, metrics) in tally.by_document.items():
        print(
            f"  {doc_id}: {ea / max(entities, 1):.2f} per entity ({entities}), "
            f"{ma / max(metrics, 1):.2f} per metric ({metrics})"
        )
    for path, count in tally.paths.most_common():
        print(f"    {count:5d}  {path}")
    print(
        "  actions mending metric fields (per gold metric): "
        + ", ".join(
            f"{name} {count} ({count / max(tally.metrics, 1):.2f})"
            for name, count in tally.fields.most_common()
            if count
        )
    )


def _add(total: Tally, part: Tally) -> None:
    """Counts of one replay added to a running total."""
    for name in ("entity_actions", "metric_actions", "document_actions", "entities", "metrics"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.entity_seconds += part.entity_seconds
    total.metric_seconds += part.metric_seconds
    for counter in ("unreached", "paths", "fields"):
        getattr(total, counter).update(getattr(part, counter))
    total.by_document.update(part.by_document)


def _dated(record: dict) -> dict:
    """The record with its page's publication date in its meta, as an import of dated news
    has it (the seeds are plain texts: their dates are read from the pages)."""
    from quantities_bench import SEED_DATES

    date = SEED_DATES.get(record["doc_id"][:3])
    meta = dict(record.get("meta") or {})
    if date is not None and "date" not in meta:
        meta["date"] = date.isoformat()
    return {**record, "meta": meta}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--gold", type=Path, default=ROOT / "resources" / "gold" / "seeds-v1" / "gold.jsonl"
    )
    parser.add_argument("--docs", type=int, default=0, help="only the first N documents")
    parser.add_argument(
        "--undated", action="store_true", help="import the pages without their publication dates"
    )
    parser.add_argument(
        "--learned",
        action="store_true",
        help="replay each page with the assistants learnt from the other pages' gold "
        "(leave one page out) instead of the runs with and without the assistants",
    )
    args = parser.parse_args()
    records = [
        json.loads(line)
        for line in args.gold.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if not args.undated:
        records = [_dated(record) for record in records]
    if args.docs:
        records = records[: args.docs]
    if args.learned:
        learned = Tally()
        with tempfile.TemporaryDirectory() as folder:
            for k, record in enumerate(records):
                fold = Path(folder) / str(k)
                fold.mkdir()
                others = [r for r in records if r is not record]
                _add(learned, replay([record], True, fold, learning=others))
        report("assistants on, the entity model trained on the other pages' gold", learned)
        print(
            f"effort: {learned.entity_actions / max(learned.entities, 1):.2f} actions per gold "
            f"entity, {learned.metric_actions / max(learned.metrics, 1):.2f} per gold metric "
            "(assistants on, learnt from the other pages)"
        )
        return
    with tempfile.TemporaryDirectory() as folder:
        # Off last: it replaces the suggestion readers for the rest of the process.
        on = replay(records, True, Path(folder))
        report("assistants on", on)
        off = replay(records, False, Path(folder))
        report("assistants off", off)
    print(
        f"effort: {on.entity_actions / max(on.entities, 1):.2f} actions per gold entity, "
        f"{on.metric_actions / max(on.metrics, 1):.2f} per gold metric (assistants on)"
    )


if __name__ == "__main__":
    main()

"""Mouse-first tagging: double-click selects a word, right-click offers what fits the spot,
a click on a label in the legend tags the selection (or relabels the clicked entity)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QMenu

from annotator.gui.controllers.assistant import GROUP as SUGGESTIONS
from annotator.gui.controllers.entity_review import GROUP as ENTITY_SUGGESTIONS
from annotator.gui.i18n import tr

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

_MOUSE_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
    }
)


class MouseController(QObject):
    def __init__(self, window: MainWindow, tag_all: Callable[[QMenu], None]) -> None:
        super().__init__(window)
        self.window = window
        self._tag_all = tag_all  # adds "Tag all matches as ▸" for the selection (find)
        view = window.text_view
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)  # Esc disarms the armed label
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self.show_menu)

    @staticmethod
    def gestures() -> list[tuple[str, str]]:
        """(what it does, the gesture) for every mouse gesture of the text, for the help."""
        return [
            (tr("Select a word"), tr("Double-click")),
            (
                tr("Labels, new metric, fill field, tag all matches"),
                tr("Right-click on a selection"),
            ),
            (tr("Relabel, delete, accept, reject"), tr("Right-click on an entity or suggestion")),
            (tr("Tag the selection (or relabel the entity)"), tr("Click a label in the legend")),
            (
                tr("Tag every word double-clicked or text dragged with a label (Esc: stop)"),
                tr("Shift+click a label in the legend"),
            ),
            (tr("Accept the suggestion"), tr("Ctrl+click on a suggestion")),
            (
                tr("Accept every suggestion of its text and label"),
                tr("Ctrl+Shift+click on an entity suggestion"),
            ),
            (
                tr("Link the entity to the open metric (again: unlink)"),
                tr("Ctrl+click on an entity"),
            ),
        ]

    # -- mouse buttons and Esc ---------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            return self._escape_disarms(event)
        if (
            kind not in _MOUSE_EVENTS
            or not isinstance(event, QMouseEvent)
            or event.button() != Qt.MouseButton.LeftButton
        ):
            return False
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if kind == QEvent.Type.MouseButtonDblClick:
            selected = self.select_word_at(event.position().toPoint())
            if selected:
                self.window.assistant.tag_armed()  # with a label armed, the word is tagged
            return selected
        if kind == QEvent.Type.MouseButtonRelease and not ctrl:
            # The end of a drag: with a label armed, the selection is tagged with it (a
            # suggestion of exactly that span is accepted with it), as the label's key would.
            self.window.assistant.tag_armed()
            return False
        if kind == QEvent.Type.MouseButtonPress and ctrl:
            every = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            return self.ctrl_click_at(event.position().toPoint(), every)
        return False

    def _escape_disarms(self, event: QEvent) -> bool:
        tagging = self.window.tagging
        if (
            isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and tagging.armed is not None
        ):
            tagging.arm(None)
            return True
        return False

    # -- Ctrl+click --------------------------------------------------------------------------

    def ctrl_click_at(self, point: QPoint, every: bool = False) -> bool:
        """Ctrl+click: on a suggestion it accepts it (Ctrl+Shift+click: all of its text), on
        an entity it links it to the open metric (again: unlinks it)."""
        cp = self._character_at(point)
        return cp is not None and (
            self.window.assistant.accept_at(cp, every) or self.window.tagging.link_at(cp)
        )

    def _code_point_at(self, point: QPoint) -> int | None:
        view = self.window.text_view
        try:
            return view.offsets.to_code_point(view.cursorForPosition(point).position())
        except ValueError:
            return None

    def _character_at(self, point: QPoint) -> int | None:
        """The code point of the character under `point`."""
        cp = self._code_point_at(point)
        view = self.window.text_view
        # A click lands between two characters: the one under the pointer is to its left
        # when the pointer is past the middle of it.
        if cp and view.cursorRect(view.cursorForPosition(point)).center().x() > point.x():
            cp -= 1
        return cp

    def select_word_at(self, point: QPoint) -> bool:
        """Select the word under `point` (a Chinese word, not the clause Qt would select)."""
        from annotator.services.words import word_at

        workbench = self.window.workbench
        cp = self._character_at(point)
        if workbench.view is None or cp is None:
            return False
        text = workbench.view.document.text
        view = self.window.text_view
        word = word_at(text, cp)
        if word is None:
            return False
        view.set_selected_entity(None)
        view.select_span(*word)
        return True

    # -- right-click -------------------------------------------------------------------------

    def build_menu(self, point: QPoint) -> QMenu:
        """The menu for a right-click at `point` (viewport coordinates) of the text."""
        window, view = self.window, self.window.text_view
        acts = window.actions
        menu = QMenu(view)
        menu.setObjectName("text_menu")
        cp = self._code_point_at(point)
        selection = view.selection()
        inside = selection is not None and cp is not None and selection[0] <= cp <= selection[1]
        entity = view.entity_at(cp) if cp is not None and not inside else None
        if entity is not None:
            view.clear_selection()
            view.set_selected_entity(entity)
            relabel = menu.addMenu(tr("Relabel as"))
            relabel.addActions(list(acts.entity.values()))
            menu.addAction(acts["delete"])
        elif selection is not None and inside:
            menu.addActions(list(acts.entity.values()))
            menu.addSeparator()
            menu.addAction(acts["new_metric"])
            fill = menu.addMenu(tr("Fill field"))
            fill.setEnabled(window.form.metric is not None)
            fill.addActions(list(acts.metric_field.values()))
            self._tag_all(menu)
            segments = menu.addMenu(tr("Mark segment"))
            segments.addActions(list(acts.segment.values()))
        suggested = (*view.marks(SUGGESTIONS), *view.marks(ENTITY_SUGGESTIONS))
        if cp is not None and not inside and any(m.start <= cp < m.end for m in suggested):
            if entity is None:
                view.clear_selection()
                cursor = view.textCursor()
                cursor.setPosition(view.offsets.to_utf16(cp))
                view.setTextCursor(cursor)
            menu.addSeparator()
            menu.addActions([acts["accept_suggestion"], acts["reject_suggestion"]])
        if selection is not None:
            menu.addSeparator()
            copy = menu.addAction(tr("Copy"))
            copy.triggered.connect(view.copy)
        return menu

    def show_menu(self, point: QPoint) -> None:
        menu = self.build_menu(point)
        if not menu.isEmpty():
            menu.exec(self.window.text_view.viewport().mapToGlobal(point))
        menu.deleteLater()

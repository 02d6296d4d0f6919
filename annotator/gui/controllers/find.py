"""Find in the open document (Ctrl+F, F3, Shift+F3) and tag every match at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QMenu, QToolButton, QWidget

from annotator.gui.i18n import label_name, plural, tr

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow


class FindBar(QWidget):
    """A line under the text: what to find, how many matches, previous/next, tag all."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find_bar")
        line = QHBoxLayout(self)
        line.setContentsMargins(4, 2, 4, 2)
        line.addWidget(QLabel(tr("Find")))
        self.edit = QLineEdit()
        self.edit.setObjectName("find_text")
        self.edit.setPlaceholderText(tr("text to find (Enter: next, Shift+Enter: previous)"))
        line.addWidget(self.edit, 1)
        self.count = QLabel()
        self.count.setObjectName("find_count")
        line.addWidget(self.count)
        self.previous = QToolButton()
        self.previous.setArrowType(Qt.ArrowType.UpArrow)
        self.previous.setToolTip(tr("Previous match") + " (Shift+F3)")
        self.next = QToolButton()
        self.next.setArrowType(Qt.ArrowType.DownArrow)
        self.next.setToolTip(tr("Next match") + " (F3)")
        self.tag_all = QToolButton()
        self.tag_all.setObjectName("tag_all")
        self.tag_all.setText(tr("Tag all matches as"))
        self.tag_all.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.tag_all.setStyleSheet("QToolButton { padding-right: 14px; }")  # room for the arrow
        close = QToolButton()
        close.setText("✕")
        close.setToolTip(tr("Close (Esc)"))
        close.clicked.connect(self.hide)
        for widget in (self.previous, self.next, self.tag_all, close):
            line.addWidget(widget)
        self.hide()


class FindController(QObject):
    def __init__(self, window: MainWindow, bar: FindBar) -> None:
        super().__init__(window)
        self.window = window
        self.bar = bar
        self.needle = ""
        acts = window.actions
        acts["find"].triggered.connect(self.open)
        acts["find_next"].triggered.connect(lambda: self.step(1))
        acts["find_previous"].triggered.connect(lambda: self.step(-1))
        bar.edit.textEdited.connect(self._typed)
        bar.edit.installEventFilter(self)
        bar.next.clicked.connect(lambda: self.step(1))
        bar.previous.clicked.connect(lambda: self.step(-1))
        menu = QMenu(bar.tag_all)
        self.fill_tag_menu(menu, lambda: self.needle)
        bar.tag_all.setMenu(menu)

    def fill_tag_menu(self, menu: QMenu, needle: Callable[[], str]) -> None:
        """One item per entity label: tag every occurrence of `needle()` with it."""
        for spec in self.window.actions.entity:
            action = menu.addAction(label_name(spec))
            action.setObjectName(f"tag_all_{spec}")
            action.triggered.connect(lambda _c=False, x=spec: self.tag_all(needle(), x))

    def add_to_menu(self, menu: QMenu) -> None:
        """The text menu's "Tag all matches as ▸" for the selected text."""
        selection = self.window.text_view.selection()
        view = self.window.workbench.view
        if selection is None or view is None:
            return
        text = view.document.text[selection[0] : selection[1]]
        self.fill_tag_menu(menu.addMenu(tr("Tag all matches as")), lambda: text)

    # -- finding -----------------------------------------------------------------------------

    def open(self) -> None:
        view = self.window.workbench.view
        selection = self.window.text_view.selection()
        if (
            view is not None
            and selection is not None
            and "\n" not in view.document.text[selection[0] : selection[1]]
        ):
            self.bar.edit.setText(view.document.text[selection[0] : selection[1]])
            self.needle = self.bar.edit.text()
        self.bar.show()
        self.bar.edit.setFocus()
        self.bar.edit.selectAll()
        self._show_count(None)

    def _typed(self, text: str) -> None:
        self.needle = text
        view = self.window.workbench.view
        if view is None:
            return
        # Incremental: from where the current match starts, so typing more stays on it.
        selection = self.window.text_view.selection()
        start = selection[0] if selection else 0
        self._go([m for m in self._matches() if m[0] >= start] or self._matches())

    def _matches(self) -> list[tuple[int, int]]:
        from annotator.services.finding import occurrences

        view = self.window.workbench.view
        return occurrences(view.document.text, self.needle) if view is not None else []

    def step(self, direction: int) -> None:
        """Select the next (1) or previous (-1) match, wrapping round."""
        if not self.needle:
            self.open()
            return
        matches = self._matches()
        selection = self.window.text_view.selection()
        here = selection[0] if selection else -1
        if direction > 0:
            following = [m for m in matches if m[0] > here]
        else:
            following = [m for m in reversed(matches) if m[0] < here] if here >= 0 else []
            matches = list(reversed(matches))
        self._go(following or matches)

    def _go(self, candidates: list[tuple[int, int]]) -> None:
        if not candidates:
            self._show_count(None)
            return
        view = self.window.text_view
        view.set_selected_entity(None)
        view.select_span(*candidates[0])
        self._show_count(candidates[0])

    def _show_count(self, current: tuple[int, int] | None) -> None:
        matches = self._matches() if self.needle else []
        if not self.needle:
            self.bar.count.setText("")
        elif not matches:
            self.bar.count.setText(tr("not found"))
        else:
            index = matches.index(current) + 1 if current in matches else 0
            self.bar.count.setText(
                tr("%1 of %2").replace("%1", str(index)).replace("%2", str(len(matches)))
            )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.bar.edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                back = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self.step(-1 if back else 1)
                return True
            if event.key() == Qt.Key.Key_Escape:
                # Back to the text with the match selected: a label key tags it.
                self.bar.hide()
                self.window.text_view.setFocus()
                return True
        return False

    # -- tagging -----------------------------------------------------------------------------

    def tag_all(self, needle: str, label: str) -> None:
        from annotator.services.finding import tag_all_command

        workbench = self.window.workbench
        view = workbench.view
        if view is None or not needle:
            self.window.show_message(tr("Type or select the text to tag first"))
            return
        command = tag_all_command(
            view.document.doc_id, workbench.layer, view.document.text, needle, label, view.entities
        )
        if command is None:
            self.window.show_message(tr("Every match is tagged already"))
            return
        text = tr("Tag all matches as %1").replace("%1", label_name(label))
        if workbench.execute(command, text) is not None:
            self.window.show_message(
                plural("%n match tagged", "%n matches tagged", len(command.commands))
            )

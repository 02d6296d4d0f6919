"""TeamController: the Team menu's agreement and curation windows beside the workbench."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QVBoxLayout, QWidget

from annotator.gui.i18n import tr
from annotator.gui.screen_fit import FRAME_ROOM
from annotator.gui.workbench import Workbench

if TYPE_CHECKING:
    from annotator.gui.curation.widget import CurationWidget

GOLD = "gold"


def _window(parent: QWidget, name: str, title: str, content: QWidget) -> QWidget:
    """A top-level window owned by the main window (closed with it) holding `content`."""
    window = QWidget(parent, Qt.WindowType.Window)
    window.setObjectName(name)
    window.setWindowTitle(title)
    layout = QVBoxLayout(window)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(content)
    return window


def _resize_within_screen(window: QWidget, width: int, height: int) -> None:
    """The preferred size, but never larger than the screen (1280×720 laptops included)."""
    screen = window.screen()
    size = QSize(width, height)
    if screen is not None:
        size = size.boundedTo(screen.availableGeometry().size() - FRAME_ROOM)
    window.resize(size)


class TeamController(QObject):
    """Agreement is open to everyone: it shows figures, never another annotator's spans (as
    `annotator agreement` does). Curation writes gold, so only curators get it.

    The curation view keeps its own undo stack: its steps are gold decisions, logged as such,
    and must not interleave with the annotator's own edits. Each of its steps tells the
    workbench side through `gold_changed`.
    """

    def __init__(
        self, parent: QWidget, workbench: Workbench, gold_changed: Callable[[], None]
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self.workbench = workbench
        self._gold_changed = gold_changed
        self.agreement_window: QWidget | None = None
        self.curation_window: QWidget | None = None
        self.curation: CurationWidget | None = None

    def fill_menu(self, menu: QMenu, agreement: QAction, curation: QAction) -> None:
        menu.addActions([agreement, curation])
        agreement.triggered.connect(self.open_agreement)
        curation.triggered.connect(self.open_curation)
        curator = self.workbench.actor.curator
        curation.setEnabled(curator)
        if not curator:
            curation.setToolTip(tr("Only curators curate into gold"))
        menu.setToolTipsVisible(True)

    def open_agreement(self) -> QWidget:
        # Imported on first use: the agreement service and its chart are not needed until then.
        from annotator.gui.widgets.agreement_view import AgreementWidget

        if self.agreement_window is None:
            widget = AgreementWidget(self.workbench.database, self.workbench.actor)
            widget.setObjectName("agreement")
            widget.curation_requested.connect(self.curate_document)
            self.agreement_window = _window(
                self._parent, "agreement_window", tr("Agreement between annotators"), widget
            )
            _resize_within_screen(self.agreement_window, 1100, 700)
        self.agreement_window.show()
        self.agreement_window.raise_()
        return self.agreement_window

    def open_curation(self) -> QWidget | None:
        """The curation window on the document the workbench shows; None for non-curators."""
        from annotator.gui.curation.session import CurationSession
        from annotator.gui.curation.widget import CurationWidget

        if not self.workbench.actor.curator:
            return None
        if self.curation_window is None:
            session = CurationSession(self.workbench.database, self.workbench.actor, self)
            self.curation = CurationWidget(session)
            self.curation.setObjectName("curation")
            self.curation.undo_stack.indexChanged.connect(self._gold_edited)
            self.curation_window = _window(
                self._parent, "curation_window", tr("Curation into gold"), self.curation
            )
            _resize_within_screen(self.curation_window, 1400, 850)
        if self.workbench.doc_id is not None and self.curation is not None:
            self.curation.open_document(self.workbench.doc_id)
        self.curation_window.show()
        self.curation_window.raise_()
        return self.curation_window

    def curate_document(self, doc_id: str) -> QWidget | None:
        """Curation opened on `doc_id` (from the agreement window); None for non-curators."""
        window = self.open_curation()
        if window is not None and self.curation is not None:
            self.curation.open_document(doc_id)
        return window

    def close(self) -> None:
        """Before the main window goes: the curation stack, cleared as it is destroyed, must
        not reach a text view already gone."""
        if self.curation is not None:
            self.curation.undo_stack.indexChanged.disconnect(self._gold_edited)
            self.curation = None
        for window in (self.agreement_window, self.curation_window):
            if window is not None:
                window.close()

    def _gold_edited(self, _index: int = 0) -> None:
        if self.workbench.layer == GOLD:  # the workbench itself shows gold
            self.workbench.reload()
        self._gold_changed()

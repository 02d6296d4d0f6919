"""Start-up: QApplication, language, identity, database and the main window.

The window shows first, empty, saying which database it opens; the database is opened and the
window filled in on the next turn of the event loop. What only the database needs (SQLAlchemy,
the label schema's validation, the services) is imported then, not before the window shows.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import shiboken6
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from annotator.domain.errors import InputError
from annotator.gui.dialogs.identity import ask_identity, valid_name
from annotator.gui.i18n import Translations, chosen_language, remember_language
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import window_settings
from annotator.resources import resource
from annotator.services.database_location import resolve_target

if TYPE_CHECKING:
    from annotator.gui.workbench import Workbench

USER_ENV = "ANNOTATOR_USER"
_IDENTITY = "identity/name"
WINDOW_BUSY_TIMEOUT = 1.0  # seconds
# How long the database waits for the window system to put the frame on screen, at most.
EXPOSE_WAIT_MS, EXPOSE_WAIT_TURNS = 10, 50


def annotator_name(args: argparse.Namespace, settings: QSettings) -> str:
    """--user, then $ANNOTATOR_USER, then the remembered name, else ask (and remember) it."""
    for candidate in (getattr(args, "user", None), os.environ.get(USER_ENV)):
        if candidate:
            reason = valid_name(candidate)
            if reason is not None:
                raise InputError(f"annotator name {candidate!r}: {reason}")
            return candidate
    stored = settings.value(_IDENTITY)
    if isinstance(stored, str) and valid_name(stored) is None:
        return stored
    name = ask_identity()
    if name is None:
        raise InputError("no annotator name given; the window needs to know who is annotating")
    settings.setValue(_IDENTITY, name)
    return name


class Session:
    """What outlives one window: settings, translations and the workbench (with its undo stack).

    Switching the language builds a new window on the same workbench, so nothing is lost.
    """

    def __init__(
        self,
        settings: QSettings,
        workbench: Workbench,
        translations: Translations,
        window: MainWindow | None = None,
    ) -> None:
        self.settings = settings
        self.workbench = workbench
        self.translations = translations
        self.window = self._new_window(window)
        # Later, not inside the slot of the old window's action that changed the labels.
        workbench.labels_changed.connect(lambda: QTimer.singleShot(0, self.rebuild_window))

    def _new_window(self, frame: MainWindow | None = None) -> MainWindow:
        """`frame` filled in, or a new window, on this session's workbench."""
        window = frame or MainWindow(self.settings, self.translations.language)
        window.attach(self.workbench)
        window.session = self
        window.language_requested.connect(self.switch_language)
        return window

    def open_first_document(self) -> None:
        from annotator.services.documents import next_document

        workbench = self.workbench
        last = self.settings.value("session/document")
        window = self.window
        window.documents.apply_filter()
        if isinstance(last, str) and window.documents.model.row_of(last) is not None:
            workbench.open_document(last)
            return
        first = next_document(workbench.database, workbench.layer, None)
        if first is not None:
            workbench.open_document(first)

    def switch_language(self, language: str) -> None:
        remember_language(self.settings, language)
        self.translations.install(language)
        self.rebuild_window()

    def rebuild_window(self) -> None:
        """A new window on the same workbench: for a new language, or the labels changed."""
        old = self.window
        old.close()
        self.window = self._new_window()
        self.window.documents.apply_filter()
        if self.workbench.view is not None:
            self.workbench.open_document(self.workbench.view.document.doc_id)
        self.window.show()


class Startup:
    """One start of the window: its frame at once, then the database and everything in it."""

    def __init__(self, args: argparse.Namespace, app: QApplication) -> None:
        app.setApplicationName("annotator")
        app.setWindowIcon(QIcon(str(resource("icons", "annotator.svg"))))
        self.args = args
        self.settings = window_settings()
        self.translations = Translations()
        # Before anything is shown, so that the frame and the identity dialog are translated.
        self.translations.install(chosen_language(self.settings))
        self.target, self.is_default = resolve_target(getattr(args, "db", None))
        self.window = MainWindow(self.settings, self.translations.language)
        self.window.show_opening(shown_target(self.target))
        self.error: BaseException | None = None
        self.workbench: Workbench | None = None

    def open_database(self) -> MainWindow:
        """Open (or create) the database, find who is annotating, and fill the window in."""
        try:
            return self._open_database()
        except BaseException:
            if self.workbench is not None:
                self.workbench.database.close()
                self.workbench = None
            self.window.close()  # the frame, never filled in
            raise

    def _open_database(self) -> MainWindow:
        from annotator.gui.workbench import Workbench
        from annotator.services.seeding import open_seeded
        from annotator.services.team import acting_actor, login_of

        args = self.args
        # An edit waits at most WINDOW_BUSY_TIMEOUT for another program's write; then the
        # workbench keeps it and tries again.
        database = open_seeded(
            self.target, seed_if_new=self.is_default, busy_timeout=WINDOW_BUSY_TIMEOUT
        )
        try:
            # On PostgreSQL the login is the annotator (another name given is refused); on
            # SQLite the name given or remembered. Curators come from the role list in the
            # database.
            login = login_of(database)
            name = annotator_name(args, self.settings) if login is None else None
            actor = acting_actor(database, name or getattr(args, "user", None))
        except BaseException:
            database.close()
            raise
        self.workbench = Workbench(database, actor)
        session = Session(self.settings, self.workbench, self.translations, self.window)
        session.open_first_document()
        session.window.early_keys.play()
        return session.window

    def open_database_in_loop(self, waited: int = 0) -> None:
        """`open_database` from the event loop, once the frame is on screen: a failure ends the
        loop and is raised by `run_window`, as it would be before the loop (exit 2 for a bad
        file, with its name)."""
        if not shiboken6.isValid(self.window) or not self.window.isVisible():
            return  # closed before its database was open
        handle = self.window.windowHandle()
        if handle is not None and not handle.isExposed() and waited < EXPOSE_WAIT_TURNS:
            QTimer.singleShot(EXPOSE_WAIT_MS, lambda: self.open_database_in_loop(waited + 1))
            return
        self.window.repaint()  # the frame painted now: opening the database blocks the loop
        try:
            self.open_database()
        except BaseException as error:
            self.error = error
            QApplication.exit(1)


def shown_target(target: str) -> str:
    """The database as the window names it: the file, or the server and database (never a
    password)."""
    if "://" not in target:
        return target
    parts = urlsplit(target)
    server = parts.hostname or ""
    if parts.port:
        server += f":{parts.port}"
    return f"{parts.scheme}://{server}{parts.path}"


def build_window(args: argparse.Namespace, app: QApplication) -> MainWindow:
    """Everything `annotator` does before the window is used, at once: tests start it so."""
    return Startup(args, app).open_database()


def run_window(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    start = Startup(args, app)
    start.window.show()
    QTimer.singleShot(0, start.open_database_in_loop)  # the next turn: the frame is shown
    code = app.exec()
    if start.error is not None:
        raise start.error
    if start.workbench is not None:
        start.workbench.database.close()
    return int(code)

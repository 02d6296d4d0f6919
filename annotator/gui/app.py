"""Start-up: QApplication, language, identity, database and the main window."""

from __future__ import annotations

import argparse
import os
import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from annotator.domain.errors import InputError
from annotator.gui.dialogs.identity import ask_identity, valid_name
from annotator.gui.i18n import Translations, chosen_language, remember_language
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import window_settings
from annotator.gui.workbench import Workbench
from annotator.resources import resource
from annotator.services.database_location import resolve_target
from annotator.services.documents import next_document
from annotator.services.seeding import open_seeded
from annotator.services.team import acting_actor, login_of

USER_ENV = "ANNOTATOR_USER"
_IDENTITY = "identity/name"
WINDOW_BUSY_TIMEOUT = 1.0  # seconds


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

    def __init__(self, settings: QSettings, workbench: Workbench,
                 translations: Translations) -> None:
        self.settings = settings
        self.workbench = workbench
        self.translations = translations
        self.window = self._new_window()
        # Later, not inside the slot of the old window's action that changed the labels.
        workbench.labels_changed.connect(lambda: QTimer.singleShot(0, self.rebuild_window))

    def _new_window(self) -> MainWindow:
        window = MainWindow(self.workbench, self.settings, self.translations.language)
        window.session = self  # type: ignore[attr-defined]  # the window holds the session that built it
        window.language_requested.connect(self.switch_language)
        return window

    def open_first_document(self) -> None:
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


def build_window(args: argparse.Namespace, app: QApplication) -> MainWindow:
    """Everything `annotator` does before the event loop: tests start the window this way."""
    app.setApplicationName("annotator")
    app.setWindowIcon(QIcon(str(resource("icons", "annotator.svg"))))
    settings = window_settings()
    translations = Translations()
    translations.install(chosen_language(settings))  # so the identity dialog is translated
    target, is_default = resolve_target(getattr(args, "db", None))
    # An edit waits at most WINDOW_BUSY_TIMEOUT for another program's write; then the
    # workbench keeps it and tries again.
    database = open_seeded(target, seed_if_new=is_default, busy_timeout=WINDOW_BUSY_TIMEOUT)
    try:
        # On PostgreSQL the login is the annotator (another name given is refused); on SQLite
        # the name given or remembered. Curators come from the role list in the database.
        login = login_of(database)
        name = annotator_name(args, settings) if login is None else None
        actor = acting_actor(database, name or getattr(args, "user", None))
    except BaseException:
        database.close()
        raise
    session = Session(settings, Workbench(database, actor), translations)
    session.open_first_document()
    return session.window


def run_window(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = build_window(args, app)  # type: ignore[arg-type]  # a QApplication; instance() is typed QCoreApplication
    workbench = window.workbench
    window.show()
    code = app.exec()  # type: ignore[union-attr]
    workbench.database.close()
    return int(code)

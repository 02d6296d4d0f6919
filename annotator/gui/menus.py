"""The main window's menu bar, built from its actions and controllers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QDockWidget

from annotator.gui.dialogs.help import help_actions
from annotator.gui.dialogs.labels import labels_action
from annotator.gui.i18n import LANGUAGES, tr

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    acts = window.actions
    bar = window.menuBar()
    file_menu = bar.addMenu(tr("&File"))
    file_menu.addActions([acts["import"], acts["import_folder"], acts["export"]])
    file_menu.addAction(acts["load_predictions"])
    file_menu.addSeparator()
    file_menu.addAction(acts["quit"])
    edit = bar.addMenu(tr("&Edit"))
    edit.addActions([window.undo_action, window.redo_action, acts["delete"], acts["delete_metric"]])
    edit.addSeparator()
    edit.addAction(labels_action(window, window.workbench))
    edit.addSeparator()
    edit.addActions([acts["find"], acts["find_next"], acts["find_previous"]])
    tag = bar.addMenu(tr("&Tag"))
    tag.addActions(list(acts.entity.values()))
    tag.addSeparator()
    tag.addActions([*acts.segment.values(), acts["mark_repeats"]])
    tag.addSeparator()
    tag.addAction(acts["new_metric"])
    tag.addActions(list(acts.metric_field.values()))
    tag.addActions([acts["link_place"], acts["link_org"], acts["link_subject"]])
    tag.addSeparator()
    tag.addActions(
        [
            acts[k]
            for k in (
                "next_suggestion",
                "accept_suggestion",
                "reject_suggestion",
            )
        ]
    )
    # Shift+Enter and Shift+X act on every suggestion of a text and label; the text view
    # answers them, the menu names them (and the F1 help lists them).
    tag.addActions([window.assistant.accept_all_action, window.assistant.reject_all_action])
    tag.addActions([acts["snap"], acts["suggest_all"]])
    tag.addSeparator()
    tag.addActions([acts[k] for k in ("start_left", "start_right", "end_left", "end_right")])
    document = bar.addMenu(tr("&Document"))
    document.addActions([acts["done_next"], acts["skip"], acts["ask_done"]])
    view = bar.addMenu(tr("&View"))
    view.addActions([acts["zoom_in"], acts["zoom_out"]])
    view.addSeparator()
    compare = view.addMenu(tr("Compare with predictions"))
    compare.setObjectName("compare_menu")
    window.predictions.fill_menu(compare, acts["compare_off"], acts["compare_gold"])
    view.addSeparator()
    for dock in window.findChildren(QDockWidget):
        view.addAction(dock.toggleViewAction())
    team = bar.addMenu(tr("Tea&m"))
    team.setObjectName("team_menu")
    window.team.fill_menu(team, acts["agreement"], acts["curation"])
    help_menu = bar.addMenu(tr("&Help"))
    help_action, question = help_actions(window)
    help_menu.addAction(help_action)
    window.text_view.add_key_action(question)
    languages = view.addMenu(tr("Language"))
    group = QActionGroup(window)
    for code, name in LANGUAGES.items():
        action = QAction(name, group, checkable=True, checked=code == window.language)
        action.triggered.connect(lambda _c=False, x=code: window.language_requested.emit(x))
        languages.addAction(action)

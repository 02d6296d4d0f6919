"""Translations: `tr` for every visible string, and choosing and installing the language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from annotator.resources import resource

if TYPE_CHECKING:
    from annotator.schema.labels import LabelSchema

# One translation context for the whole window keeps the .ts file simple for translators.
CONTEXT = "annotator"
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
_SETTING = "ui/language"
_installed = {"language": "en"}


def tr(text: str, hint: str | None = None) -> str:
    """The translation of `text` in the current language (`hint` disambiguates for translators)."""
    return QCoreApplication.translate(CONTEXT, text, hint)


def plural(one: str, many: str, count: int) -> str:
    """`one` or `many` by English grammar, translated, with %n replaced by `count`.

    Chinese has one form: its translation of `many` is used for every count.
    """
    translated = tr(many)
    if translated == many:  # English (or untranslated): pick the grammatical form
        translated = tr(one) if count == 1 else many
    return translated.replace("%n", str(count))


def current_language() -> str:
    """The language the window's strings are in now."""
    return _installed["language"]


# The Chinese names of the project's labels, set by the window from its database; until then
# (and for a label not in it) the bundled schema's.
_project_names: dict[str, str] = {}


def use_label_names(schema: LabelSchema) -> None:
    """Name labels as the project's schema does (called once per window)."""
    _project_names.clear()
    _project_names.update({s.name: s.zh for s in (*schema.entity, *schema.segment) if s.zh})


def label_name(name: str) -> str:
    """A label as the user reads it: its Chinese name in the Chinese window, else its code."""
    from annotator.schema.labels import default_label_schema

    if not current_language().startswith("zh"):
        return name
    if name in _project_names:
        return _project_names[name]
    schema = default_label_schema()
    spec = next((s for s in (*schema.entity, *schema.segment) if s.name == name), None)
    return spec.zh if spec is not None and spec.zh else name


def chosen_language(settings: QSettings) -> str:
    """The language picked in the menu, else the system's (Chinese for any zh locale)."""
    stored = settings.value(_SETTING)
    if isinstance(stored, str) and stored in LANGUAGES:
        return stored
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def remember_language(settings: QSettings, language: str) -> None:
    settings.setValue(_SETTING, language)


class Translations:
    """Holds the installed QTranslator so the language can change while the app runs."""

    def __init__(self) -> None:
        self._translators: list[QTranslator] = []
        self.language = "en"

    def install(self, language: str) -> bool:
        """Switch to `language`; English is the source language and needs no file."""
        app = QCoreApplication.instance()
        if app is None:
            return False
        for translator in self._translators:
            app.removeTranslator(translator)
        self._translators = []
        self.language = _installed["language"] = language
        if language == "en":
            return True
        ours = QTranslator()
        if not ours.load(str(resource("i18n", f"annotator_{language}.qm"))):
            self.language = _installed["language"] = "en"
            return False
        # Qt's own strings (OK, Cancel, the text field's context menu), when Qt ships them.
        qt = QTranslator()
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{language}", qt_folder):
            self._translators.append(qt)
        self._translators.append(ours)
        for translator in self._translators:
            app.installTranslator(translator)
        return True

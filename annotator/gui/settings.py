"""The window's QSettings: an INI file in the user's configuration folder."""

from __future__ import annotations

from platformdirs import user_config_path
from PySide6.QtCore import QSettings


def window_settings() -> QSettings:
    """Identity, language, geometry and dock layout; located afresh on each call."""
    path = user_config_path("annotator", appauthor=False, ensure_exists=True) / "window.ini"
    return QSettings(str(path), QSettings.Format.IniFormat)


ASK_DONE_WITH_SUGGESTIONS = "review/ask_done_with_suggestions"


def ask_before_done(settings: QSettings) -> bool:
    """Ctrl+Enter with unreviewed suggestions asks first (else a note in the status bar)."""
    return bool(settings.value(ASK_DONE_WITH_SUGGESTIONS, True, type=bool))


def int_setting(settings: QSettings, key: str, default: int) -> int:
    """An integer setting; the INI file keeps it as text."""
    return int(str(settings.value(key, default)))

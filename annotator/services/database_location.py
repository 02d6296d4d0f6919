"""Which database to open: --db, then $ANNOTATOR_DB, else the default one in the user data folder.

Where the user's files live is a setting of the app, not of the store, which opens any target.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

ENV_VAR = "ANNOTATOR_DB"


def default_database_path() -> Path:
    """The embedded SQLite file in the platform's user data folder."""
    return user_data_path("annotator", appauthor=False, ensure_exists=True) / "annotator.sqlite3"


def resolve_target(option: str | None) -> tuple[str, bool]:
    """(database path or URL, whether it is the default) from --db, then ANNOTATOR_DB."""
    if option:
        return option, False
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return from_env, False
    return str(default_database_path()), True

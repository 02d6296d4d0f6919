"""A new default database starts with the bundled corpus and the metric assistant's suggestions."""

from __future__ import annotations

from annotator.resources import seeds_dir
from annotator.store.database import Database, open_database
from annotator.store.engine import BUSY_TIMEOUT


def seed(database: Database) -> None:
    """Import the bundled corpus into a database just created, and suggest metrics for it."""
    # Imported here: importing and suggesting load the formats and the quantity parsers, which a
    # start of an existing database does not need before its window is shown.
    from annotator.services.importing import import_paths
    from annotator.services.suggesting import suggest_all

    import_paths(database, [seeds_dir()])
    # A first start shows the metric assistant at work on the bundled corpus.
    suggest_all(database)


def open_seeded(
    target: str, seed_if_new: bool, allow_upgrade: bool = False, busy_timeout: float = BUSY_TIMEOUT
) -> Database:
    """Open (create, upgrade) the database at `target`; when this call creates it and
    `seed_if_new`, it is seeded before anyone else sees it (a new file appears only seeded)."""
    return open_database(
        target,
        allow_upgrade=allow_upgrade,
        busy_timeout=busy_timeout,
        fill_new=seed if seed_if_new else None,
    )

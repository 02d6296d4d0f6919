"""A new default database starts with the bundled corpus; an existing one is never seeded again."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from annotator.resources import seeds_dir
from annotator.services.documents import count_documents, list_layers
from annotator.services.seeding import open_seeded
from annotator.store.database import open_database

SEED_COUNT = len(list(seeds_dir().glob("*.txt")))


def _documents_and_layers(target: Path, seed_if_new: bool = True) -> tuple[int, list[str]]:
    database = open_seeded(str(target), seed_if_new=seed_if_new)
    try:
        return count_documents(database, None), list_layers(database)
    finally:
        database.close()


def test_a_new_database_is_seeded_with_the_corpus_and_its_suggestions(tmp_path: Path) -> None:
    documents, layers = _documents_and_layers(tmp_path / "new.sqlite3")

    assert SEED_COUNT and documents == SEED_COUNT
    assert layers  # the metric assistant's suggestions for the seeds are there at first start


def test_a_database_is_seeded_once(tmp_path: Path) -> None:
    target = tmp_path / "annotator.sqlite3"
    _documents_and_layers(target)
    with closing(sqlite3.connect(target)) as connection, connection:
        # Another program removes a seed page (no command of ours deletes documents).
        connection.execute("DELETE FROM documents WHERE id = (SELECT min(id) FROM documents)")

    documents, _layers = _documents_and_layers(target)

    assert documents == SEED_COUNT - 1


def test_an_existing_empty_database_is_not_seeded(tmp_path: Path) -> None:
    target = tmp_path / "annotator.sqlite3"
    open_database(str(target)).close()  # made by another command, without seeds

    assert _documents_and_layers(target) == (0, [])


def test_a_database_other_than_the_default_is_not_seeded(tmp_path: Path) -> None:
    assert _documents_and_layers(tmp_path / "other.sqlite3", seed_if_new=False) == (0, [])

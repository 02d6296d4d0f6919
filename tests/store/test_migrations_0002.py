"""Migration 0002 (roles, curation log, releases): upgrades keep data, and it runs both ways on
SQLite and PostgreSQL."""

import shutil
from pathlib import Path

from annotator.services.releases import iter_release_records, list_releases
from annotator.services.roles import actor_for, list_curators
from annotator.store.database import open_database
from tests.helpers import run_alembic

DATA = Path(__file__).parents[1] / "data" / "db"


def test_schema_0001_database_upgrades_to_an_empty_curator_list_and_no_releases(tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(DATA / "schema-0001.sqlite3", path)
    database = open_database(str(path))
    try:
        assert list_curators(database) == [] and list_releases(database) == []
        assert actor_for(database, "example").curator is False
    finally:
        database.close()


def test_schema_0002_database_keeps_its_curators_and_its_release(tmp_path):
    path = tmp_path / "team.sqlite3"
    shutil.copyfile(DATA / "schema-0002.sqlite3", path)
    database = open_database(str(path))
    try:
        assert [g.user for g in list_curators(database)] == ["curator"]
        [release] = list_releases(database)
        assert (release.number, release.name, release.documents) == (1, "example-1", 1)
        assert [r.document.doc_id for r in iter_release_records(database, "example-1")] == [
            "000_1ea8a40e98bb81c3"
        ]
    finally:
        database.close()


def test_migration_0002_downgrades_and_upgrades_again(db_url):
    run_alembic(db_url, "downgrade", "0001")
    run_alembic(db_url, "upgrade", "head")
    database = open_database(db_url)
    try:
        assert list_curators(database) == []
    finally:
        database.close()

"""Alembic owns the schema: head matches the models, old databases upgrade, newer are refused."""

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from annotator.store.database import open_database
from annotator.store.engine import make_engine
from annotator.store.rows import metadata
from annotator.store.schema_version import SchemaMismatch, SchemaState, check_schema

RELEASED = sorted((Path(__file__).parents[1] / "data" / "db").glob("schema-*.sqlite3"))


def test_upgrade_head_on_an_empty_database_matches_the_models(db_url):
    engine = make_engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert diff == []


@pytest.mark.parametrize("released", RELEASED, ids=[p.stem for p in RELEASED])
def test_database_of_each_released_schema_opens_upgraded_with_its_data(released, tmp_path):
    path = tmp_path / released.name
    shutil.copyfile(released, path)
    database = open_database(str(path))
    try:
        assert check_schema(database.engine).state is SchemaState.CURRENT
        with database.uow() as uow:
            assert uow.documents.count() == 5
            layer = uow.layers.find("annotator:example")
            assert (
                len(uow.annotations.metrics(uow.documents.pk("000_1ea8a40e98bb81c3"), layer)) == 3
            )
        if database.schema.state is SchemaState.OLDER:
            assert list(tmp_path.glob(f"{released.name}.before-*.bak"))
    finally:
        database.close()


def test_database_from_a_newer_version_is_refused_naming_file_and_versions(sqlite_url):
    engine = make_engine(sqlite_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(SchemaMismatch) as raised:
        open_database(sqlite_url)
    message = str(raised.value)
    assert sqlite_url in message and "9999_future" in message and "newer" in message


def test_foreign_database_is_refused(tmp_path):
    import sqlite3

    path = tmp_path / "other.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE notes (x)").connection.commit()
    with pytest.raises(SchemaMismatch, match="not an annotator database"):
        open_database(str(path))


def test_head_revision_constant_is_alembics_head(sqlite_url):
    from annotator.store.schema_version import HEAD_REVISION

    engine = make_engine(sqlite_url)
    assert check_schema(engine).head_revision == HEAD_REVISION
    engine.dispose()

"""Shared fixtures: an isolated user data folder, and databases on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.store.database import Database, open_database

PG_ENV = "ANNOTATOR_TEST_PG"


def pytest_configure(config: pytest.Config) -> None:
    # Real widgets, no screen: every GUI test runs on Qt's offscreen platform.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the real user's data, settings or default database."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    open_database(str(path)).close()
    return path


_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url and os.environ.get("CI"):
        pytest.fail(f"CI must provide a PostgreSQL server in ${PG_ENV} (see .ci/run)")
    return url


@pytest.fixture(scope="session")
def pg_template(pg_admin_url: str | None) -> Iterator[str | None]:
    """A PostgreSQL database migrated to head once; each test clones it (CREATE … TEMPLATE)."""
    if not pg_admin_url:
        yield None
        return
    from sqlalchemy import create_engine, text

    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    name = f"annotator_template_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = pg_admin_url.rsplit("/", 1)[0] + f"/{name}"
    open_database(url).close()
    yield name
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    """A fresh, migrated, empty database: a SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        path = tmp_path / "annotator.sqlite3"
        shutil.copyfile(sqlite_template, path)
        yield str(path)
        return
    admin_url = request.getfixturevalue("pg_admin_url")
    template = request.getfixturevalue("pg_template")
    if not admin_url:
        pytest.skip(f"no PostgreSQL server (set ${PG_ENV})")
    from sqlalchemy import create_engine, text

    name = f"annotator_test_{os.getpid()}_{next(_counter)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """A fresh SQLite database only (for tests of SQLite-specific behaviour such as files)."""
    path = tmp_path / "annotator.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return str(path)


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    db = open_database(db_url)
    yield db
    db.close()


@pytest.fixture
def seeds_path() -> Path:
    from annotator.resources import seeds_dir

    return seeds_dir()


@pytest.fixture
def example_jsonl() -> Path:
    """The spec's worked example (seed 000, six entities, three metrics), shipped in tests/data."""
    return Path(__file__).parent / "data" / "seed000-example.jsonl"

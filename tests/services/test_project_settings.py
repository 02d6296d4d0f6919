"""Project settings: defaults, checked values, who may change them, and their migration."""

from __future__ import annotations

import pytest

from annotator.domain.errors import InputError, PermissionDenied
from annotator.services.project_settings import (
    ProjectSettings,
    is_blind,
    project_settings,
    set_blind_share,
    set_suggestion_layer,
)
from annotator.services.roles import add_curator
from annotator.store.database import open_database
from tests.helpers import run_alembic, snapshot


def test_settings_never_set_have_their_defaults(database):
    assert project_settings(database) == ProjectSettings(0.0, "pred:assistant")
    assert is_blind(database, "any", "li") is False


def test_blind_share_is_kept_across_reopening_the_database(db_url):
    database = open_database(db_url)
    try:
        assert set_blind_share(database, "0.25", "lead") == 0.25
    finally:
        database.close()
    database = open_database(db_url)
    try:
        assert project_settings(database).blind_share == 0.25
    finally:
        database.close()


@pytest.mark.parametrize("bad", ["1.5", "-0.1", "abc", "nan", ""])
def test_blind_share_outside_zero_to_one_is_refused_and_nothing_changes(database, bad):
    before = snapshot(database)
    with pytest.raises(InputError, match="between 0 and 1"):
        set_blind_share(database, bad, "lead")
    assert snapshot(database) == before


def test_only_curators_change_the_blind_share_once_there_are_curators(database):
    set_blind_share(database, 0.1, "anyone")  # no curators yet: anyone may
    add_curator(database, "lead", "lead")

    with pytest.raises(PermissionDenied, match="curator"):
        set_blind_share(database, 0.5, "li")
    set_blind_share(database, 0.3, "lead")

    assert project_settings(database).blind_share == 0.3


def test_suggestion_layer_must_be_a_prediction_layer(database):
    with pytest.raises(InputError, match="prediction layer"):
        set_suggestion_layer(database, "annotator:li", "lead")
    with pytest.raises(InputError):
        set_suggestion_layer(database, "pred:", "lead")
    assert set_suggestion_layer(database, "pred:v2", "lead") == "pred:v2"
    assert project_settings(database).suggestion_layer == "pred:v2"


def test_migration_0003_downgrades_and_upgrades_again(db_url):
    run_alembic(db_url, "downgrade", "0002")
    run_alembic(db_url, "upgrade", "head")
    database = open_database(db_url)
    try:
        assert project_settings(database) == ProjectSettings()
        set_blind_share(database, 0.2, "lead")
        assert project_settings(database).blind_share == 0.2
    finally:
        database.close()

"""Curator list in the database, blind reading and who may write which layer, on both databases."""

import threading

import pytest

from annotator.domain.errors import InputError, PermissionDenied, ValidationError
from annotator.services import editing
from annotator.services.documents import load_document
from annotator.services.roles import actor_for, add_curator, list_curators, remove_curator
from annotator.store.database import open_database
from tests.helpers import entities, import_text
from tests.services.test_concurrency import _wait_until_a_session_waits_for_a_lock

TEXT = "浏阳市住建局新增14000个停车位。"


@pytest.fixture
def doc(database, tmp_path):
    return import_text(database, tmp_path, TEXT)


def test_first_curator_is_added_by_anyone_while_the_list_is_empty(database):
    grant = add_curator(database, "zhang", acting="li")
    assert (grant.user, grant.granted_by) == ("zhang", "li")
    assert [g.user for g in list_curators(database)] == ["zhang"]


def test_non_curator_cannot_add_a_curator_once_there_is_one(database):
    add_curator(database, "zhang", acting="zhang")
    with pytest.raises(PermissionDenied, match="li is not a curator"):
        add_curator(database, "li", acting="li")
    assert [g.user for g in list_curators(database)] == ["zhang"]


def test_curator_adds_and_removes_curators_but_not_the_last_one(database):
    add_curator(database, "zhang", acting="zhang")
    add_curator(database, "wang", acting="zhang")
    with pytest.raises(PermissionDenied):
        remove_curator(database, "zhang", acting="li")
    remove_curator(database, "zhang", acting="wang")
    assert [g.user for g in list_curators(database)] == ["wang"]
    with pytest.raises(InputError, match="last curator"):
        remove_curator(database, "wang", acting="wang")


def test_adding_an_existing_curator_or_a_bad_name_is_refused(database):
    add_curator(database, "zhang", acting="zhang")
    with pytest.raises(InputError, match="already a curator"):
        add_curator(database, "zhang", acting="zhang")
    with pytest.raises(ValidationError, match="not a valid name"):
        add_curator(database, "two words", acting="zhang")


def test_actor_for_takes_the_curator_role_from_the_database(database):
    assert actor_for(database, "zhang").curator is False
    add_curator(database, "zhang", acting="zhang")
    assert actor_for(database, "zhang").curator is True
    assert actor_for(database, "li").curator is False


def test_annotator_cannot_write_another_annotators_layer_even_as_curator(database, doc):
    add_curator(database, "zhang", acting="zhang")
    for name in ("li", "zhang"):
        with pytest.raises(PermissionDenied, match="another annotator's layer"):
            editing.apply(
                editing.AddEntity(doc, "annotator:wang", "PLACE", 0, 3),
                database.uow,
                actor_for(database, name),
            )
    assert entities(database, doc, "annotator:wang") == []


def test_only_a_curator_from_the_role_list_writes_gold(database, doc):
    add_curator(database, "zhang", acting="zhang")
    with pytest.raises(PermissionDenied, match="not a curator"):
        editing.apply(
            editing.AddEntity(doc, "gold", "PLACE", 0, 3), database.uow, actor_for(database, "li")
        )
    assert entities(database, doc, "gold") == []
    editing.apply(
        editing.AddEntity(doc, "gold", "PLACE", 0, 3), database.uow, actor_for(database, "zhang")
    )
    assert [e.text for e in entities(database, doc, "gold")] == ["浏阳市"]


def test_blind_annotator_cannot_load_another_layer_or_gold(database, doc):
    add_curator(database, "zhang", acting="zhang")
    editing.apply(
        editing.AddEntity(doc, "annotator:wang", "PLACE", 0, 3),
        database.uow,
        actor_for(database, "wang"),
    )
    li = actor_for(database, "li")
    with pytest.raises(PermissionDenied, match="blind"):
        load_document(database, doc, "annotator:wang", li)
    with pytest.raises(PermissionDenied, match="only curators see gold"):
        load_document(database, doc, "gold", li)
    assert load_document(database, doc, "annotator:li", li).entities == ()
    curator_view = load_document(database, doc, "annotator:wang", actor_for(database, "zhang"))
    assert [e.text for e in curator_view.entities] == ["浏阳市"]


def test_load_document_without_an_actor_keeps_its_old_behaviour(database, doc):
    editing.apply(
        editing.AddEntity(doc, "annotator:wang", "PLACE", 0, 3),
        database.uow,
        actor_for(database, "wang"),
    )
    view = load_document(database, doc, "annotator:wang")
    assert [e.text for e in view.entities] == ["浏阳市"]
    assert view.entity_versions == {"e1": 1}


def test_curator_command_bootstraps_lists_and_refuses_non_curators(db_url, capsys):
    from annotator.cli.main import main

    assert main(["curator", "list", "--db", db_url]) == 0
    assert "no curators yet" in capsys.readouterr().out
    assert main(["curator", "add", "zhang", "--as", "zhang", "--db", db_url]) == 0
    assert main(["curator", "add", "li", "--as", "li", "--db", db_url]) == 2
    assert "li is not a curator" in capsys.readouterr().err
    assert main(["curator", "add", "li", "--as", "zhang", "--db", db_url]) == 0
    assert main(["curator", "remove", "zhang", "--as", "li", "--db", db_url]) == 0
    capsys.readouterr()
    assert main(["curator", "list", "--db", db_url]) == 0
    assert capsys.readouterr().out.startswith("li\tadded by zhang")


@pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_two_concurrent_bootstraps_on_postgresql_make_only_one_curator(database, db_url):
    other = open_database(db_url)
    outcome: list[BaseException | None] = []

    def second_bootstrap() -> None:
        try:
            add_curator(other, "wang", acting="wang")
            outcome.append(None)
        except BaseException as error:  # handed to the test thread
            outcome.append(error)

    try:
        with database.uow() as uow:  # the first bootstrap, still uncommitted
            uow.roles.lock()
            uow.roles.grant("zhang", "zhang")
            thread = threading.Thread(target=second_bootstrap)
            thread.start()
            _wait_until_a_session_waits_for_a_lock(database)
            uow.commit()
        thread.join(60)
    finally:
        other.close()
    assert isinstance(outcome[0], PermissionDenied)
    assert [g.user for g in list_curators(database)] == ["zhang"]

"""Two sessions on one database: separate layers never clash, a stale save is refused, and the
first save survives; on PostgreSQL with truly concurrent transactions."""

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from annotator.domain.errors import AnnotatorError, ConflictError, NotFound
from annotator.domain.metrics import Field, Metric
from annotator.services import editing
from annotator.services.documents import load_document
from annotator.services.permissions import Actor
from annotator.store.database import Database, open_database
from tests.helpers import entities, import_text, metrics

TEXT = "浏阳市住建局新增14000个停车位。"
LI = Actor("li")
LAYER = "annotator:li"
VALUE = Field(8, 13, "14000", number=14000)


@pytest.fixture
def doc(database, tmp_path):
    return import_text(database, tmp_path, TEXT)


@pytest.fixture
def second_session(db_url) -> Iterator[Database]:
    """Another window or machine: its own engine and connections to the same database."""
    other = open_database(db_url)
    yield other
    other.close()


def test_two_annotators_editing_one_document_keep_their_own_layers(database, second_session, doc):
    wang = Actor("wang")
    editing.apply(editing.AddEntity(doc, LAYER, "PLACE", 0, 3), database.uow, LI)
    editing.apply(editing.AddEntity(doc, "annotator:wang", "ORG", 0, 6), second_session.uow, wang)
    editing.apply(editing.SaveMetric(doc, LAYER, Metric("", value=VALUE)), database.uow, LI)
    editing.apply(
        editing.SaveMetric(doc, "annotator:wang", Metric("", value=VALUE, note="w")),
        second_session.uow,
        wang,
    )
    assert [(e.id, e.label) for e in entities(database, doc, LAYER)] == [("e1", "PLACE")]
    assert [(e.id, e.label) for e in entities(database, doc, "annotator:wang")] == [("e1", "ORG")]
    assert [m.note for m in metrics(database, doc, LAYER)] == [None]
    assert [m.note for m in metrics(database, doc, "annotator:wang")] == ["w"]


def test_stale_metric_save_from_a_second_window_is_refused_and_the_first_is_kept(
    database, second_session, doc
):
    editing.apply(editing.SaveMetric(doc, LAYER, Metric("", value=VALUE)), database.uow, LI)
    window_a = load_document(database, doc, LAYER)
    window_b = load_document(second_session, doc, LAYER)
    version = window_a.metric_versions["m1"]
    editing.apply(
        editing.SaveMetric(doc, LAYER, window_a.metrics[0].with_changes(note="A"), version),
        database.uow,
        LI,
    )
    with pytest.raises(ConflictError, match="m1 was changed or removed elsewhere; reload"):
        editing.apply(
            editing.SaveMetric(
                doc,
                LAYER,
                window_b.metrics[0].with_changes(note="B"),
                window_b.metric_versions["m1"],
            ),
            second_session.uow,
            LI,
        )
    assert [m.note for m in metrics(database, doc, LAYER)] == ["A"]
    assert load_document(second_session, doc, LAYER).metric_versions == {"m1": version + 1}


def test_stale_entity_update_is_refused_and_the_first_update_is_kept(database, second_session, doc):
    editing.apply(editing.AddEntity(doc, LAYER, "PLACE", 0, 3), database.uow, LI)
    version = load_document(second_session, doc, LAYER).entity_versions["e1"]
    editing.apply(editing.UpdateEntity(doc, LAYER, "e1", "ORG", 0, 6, version), database.uow, LI)
    with pytest.raises(ConflictError, match="e1 was changed or removed elsewhere"):
        editing.apply(
            editing.UpdateEntity(doc, LAYER, "e1", "PLACE", 0, 2, version), second_session.uow, LI
        )
    assert [(e.label, e.text) for e in entities(database, doc, LAYER)] == [("ORG", "浏阳市住建局")]


def test_deleting_what_another_window_already_deleted_is_refused(database, second_session, doc):
    editing.apply(editing.AddEntity(doc, LAYER, "PLACE", 0, 3), database.uow, LI)
    editing.apply(editing.DeleteEntity(doc, LAYER, "e1"), database.uow, LI)
    with pytest.raises(NotFound, match="no longer exists; reload"):
        editing.apply(editing.DeleteEntity(doc, LAYER, "e1"), second_session.uow, LI)
    # and at the store level, the same race is a conflict
    with database.uow() as uow, pytest.raises(ConflictError, match="already removed elsewhere"):
        uow.annotations.delete_entity(uow.documents.pk(doc), uow.layers.find(LAYER), "e1")


# -- truly concurrent transactions (PostgreSQL row locks) -------------------------------------


def _wait_until_a_session_waits_for_a_lock(database: Database) -> None:
    """Poll PostgreSQL until some connection of this database is blocked on a lock."""
    deadline = time.monotonic() + 60  # a safety net against a hang, not a speed assertion
    with database.engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
            if waiting:
                return
            conn.commit()
            time.sleep(0.02)
    pytest.fail("the second session never waited for the first one's lock")


def _race(
    database: Database, second: Database, first_cmd: editing.Command, second_cmd: editing.Command
) -> BaseException | None:
    """Session A writes and holds its transaction open; session B writes the same row and
    blocks; A commits; B's outcome is returned."""
    a_written = threading.Event()
    release_a = threading.Event()
    outcome: dict[str, BaseException | None] = {}

    def hold(_uow: object, _applied: object) -> None:
        a_written.set()
        assert release_a.wait(60)

    def session_a() -> None:
        editing.apply(first_cmd, database.uow, LI, before_commit=hold)

    def session_b() -> None:
        try:
            editing.apply(second_cmd, second.uow, LI)
            outcome["b"] = None
        except BaseException as error:  # handed to the test thread
            outcome["b"] = error

    thread_a = threading.Thread(target=session_a)
    thread_a.start()
    assert a_written.wait(60)
    thread_b = threading.Thread(target=session_b)
    thread_b.start()
    _wait_until_a_session_waits_for_a_lock(database)
    release_a.set()
    thread_a.join(60)
    thread_b.join(60)
    return outcome["b"]


@pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_concurrent_metric_saves_on_postgresql_refuse_the_second_and_keep_the_first(
    database, second_session, doc
):
    editing.apply(editing.SaveMetric(doc, LAYER, Metric("", value=VALUE)), database.uow, LI)
    loaded = load_document(database, doc, LAYER)
    version = loaded.metric_versions["m1"]
    error = _race(
        database,
        second_session,
        editing.SaveMetric(doc, LAYER, loaded.metrics[0].with_changes(note="A"), version),
        editing.SaveMetric(doc, LAYER, loaded.metrics[0].with_changes(note="B"), version),
    )
    assert isinstance(error, ConflictError)
    assert "m1 was changed or removed elsewhere; reload" in str(error)
    assert [m.note for m in metrics(database, doc, LAYER)] == ["A"]
    assert load_document(database, doc, LAYER).metric_versions == {"m1": version + 1}


@pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_concurrent_entity_updates_on_postgresql_refuse_the_second_and_keep_the_first(
    database, second_session, doc
):
    editing.apply(editing.AddEntity(doc, LAYER, "PLACE", 0, 3), database.uow, LI)
    version = load_document(database, doc, LAYER).entity_versions["e1"]
    error = _race(
        database,
        second_session,
        editing.UpdateEntity(doc, LAYER, "e1", "ORG", 0, 6, version),
        editing.UpdateEntity(doc, LAYER, "e1", "PLACE", 0, 2, version),
    )
    assert isinstance(error, ConflictError)
    assert [(e.label, e.text) for e in entities(database, doc, LAYER)] == [("ORG", "浏阳市住建局")]


@pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_concurrent_adds_by_one_annotator_on_postgresql_never_share_an_id(
    database, second_session, doc
):
    # Both sessions pick the next free id, e1, before either has committed; the unique key
    # refuses the second insert instead of letting one overwrite the other.
    error = _race(
        database,
        second_session,
        editing.AddEntity(doc, LAYER, "PLACE", 0, 3),
        editing.AddEntity(doc, LAYER, "ORG", 0, 6),
    )
    assert isinstance(error, ConflictError)
    assert isinstance(error, AnnotatorError)
    assert "saved the same thing at the same moment; reload and try again" in str(error)
    assert [(e.id, e.label) for e in entities(database, doc, LAYER)] == [("e1", "PLACE")]


@pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_two_annotators_on_postgresql_save_while_the_other_transaction_is_open(
    database, second_session, doc
):
    a_written = threading.Event()
    release_a = threading.Event()

    def hold(_uow: object, _applied: object) -> None:
        a_written.set()
        assert release_a.wait(60)

    thread_a = threading.Thread(
        target=editing.apply,
        args=(editing.AddEntity(doc, LAYER, "PLACE", 0, 3), database.uow, LI),
        kwargs={"before_commit": hold},
    )
    thread_a.start()
    try:
        assert a_written.wait(60)
        # B saves in its own layer while A's transaction is still open: it does not wait for A.
        editing.apply(
            editing.AddEntity(doc, "annotator:wang", "ORG", 0, 6), second_session.uow, Actor("wang")
        )
    finally:
        release_a.set()
        thread_a.join(60)
    assert [e.label for e in entities(database, doc, LAYER)] == ["PLACE"]
    assert [e.label for e in entities(database, doc, "annotator:wang")] == ["ORG"]

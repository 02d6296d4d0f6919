"""What a command did to the document's status is returned with it, as the database holds it."""

import pytest

from annotator.domain.status import DocumentStatus
from annotator.services import editing
from annotator.services.documents import load_document
from annotator.services.permissions import Actor
from tests.helpers import import_text

LI = Actor("li")
LAYER = "annotator:li"


@pytest.fixture
def doc(database, tmp_path):
    return import_text(database, tmp_path, "浏阳市住建局新增14000个停车位。")


def _stored(database, doc):
    return load_document(database, doc, LAYER).status


def test_the_first_edit_reports_in_progress_later_edits_no_change_and_set_status_its_own(
    database, doc
):
    first = editing.apply(editing.AddEntity(doc, LAYER, "PLACE", 0, 3), database.uow, LI)
    assert first.status is DocumentStatus.IN_PROGRESS is _stored(database, doc)
    second = editing.apply(editing.AddEntity(doc, LAYER, "ORG", 3, 6), database.uow, LI)
    assert second.status is None
    done = editing.apply(editing.SetStatus(doc, LAYER, DocumentStatus.DONE, ""), database.uow, LI)
    assert done.status is DocumentStatus.DONE is _stored(database, doc)
    batch = editing.apply(
        editing.Batch(
            doc,
            LAYER,
            (
                editing.SetStatus(doc, LAYER, DocumentStatus.IN_PROGRESS, ""),
                editing.DeleteEntity(doc, LAYER, "e2"),
            ),
        ),
        database.uow,
        LI,
    )
    assert batch.status is DocumentStatus.IN_PROGRESS is _stored(database, doc)

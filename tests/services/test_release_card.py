"""A release's card (annotators, curators, agreement, guideline) is computed when the release is
made and stored with it: later changes of the annotator layers do not change what it says."""

import json

import pytest
from sqlalchemy import update

from annotator.cli.main import main
from annotator.domain.status import DocumentStatus
from annotator.services import editing
from annotator.services.agreement import compute_agreement
from annotator.services.exporting import export_layer
from annotator.services.permissions import Actor
from annotator.services.releases import create_release, release_card
from annotator.services.roles import actor_for, add_curator
from annotator.store.team_repositories import releases_t
from tests.helpers import import_text

TEXT = "浏阳市住建局新增14000个停车位，长沙市住建局新增300个。"
LI, WANG = Actor("li"), Actor("wang")


def _run(database, actor, cmd):
    return editing.apply(cmd, database.uow, actor)


@pytest.fixture
def released(database, tmp_path):
    """Two annotators disagreeing on one boundary in `doc`, whose gold is done and released;
    a second document annotated too but not released."""
    add_curator(database, "zhang", acting="zhang")
    zhang = actor_for(database, "zhang")
    for name in ("doc", "other"):
        import_text(database, tmp_path, TEXT + ("" if name == "doc" else "又"), name)
        for actor in (LI, WANG):
            layer = f"annotator:{actor.name}"
            _run(database, actor, editing.AddEntity(name, layer, "PLACE", 0, 3))
            _run(database, actor, editing.SetStatus(name, layer, DocumentStatus.DONE))
    _run(database, LI, editing.AddEntity("doc", "annotator:li", "ORG", 0, 6))
    _run(database, WANG, editing.AddEntity("doc", "annotator:wang", "ORG", 3, 6))
    _run(database, zhang, editing.AddEntity("doc", "gold", "ORG", 0, 6))
    _run(database, zhang, editing.SetStatus("doc", "gold", DocumentStatus.DONE))
    before = compute_agreement(database, doc_ids=["doc"])
    create_release(database, "v1", zhang)
    return before


def test_release_card_is_frozen_when_made_and_exported_unchanged(database, released, tmp_path):
    card = release_card(database, "v1")
    assert card.documents == 1 and card.alpha_documents == 1
    assert card.alpha_char == pytest.approx(released.alpha_char)
    assert 0 < card.alpha_char < 1
    assert [(a.name, a.layers) for a in card.annotators] == [
        ("li", ("annotator:li",)),
        ("wang", ("annotator:wang",)),
    ]
    assert card.curators == ("zhang",)
    first = tmp_path / "first.jsonl"
    export_layer(database, "jsonl", first, "gold", release="v1")
    text = (tmp_path / "first.jsonl.README.md").read_text(encoding="utf-8")
    assert f"{card.alpha_char:.3f} (1 documents)" in text
    assert "`li (annotator:li)`" in text and "`zhang (curator)`" in text
    # The annotators now agree everywhere: live agreement is 1.0, the release's card is not.
    _run(database, WANG, editing.DeleteEntity("doc", "annotator:wang", "e2"))
    _run(database, WANG, editing.AddEntity("doc", "annotator:wang", "ORG", 0, 6))
    assert compute_agreement(database, doc_ids=["doc"]).alpha_char == 1.0
    again = tmp_path / "again.jsonl"
    export_layer(database, "jsonl", again, "gold", release="v1")
    assert (tmp_path / "again.jsonl.README.md").read_text(encoding="utf-8") == text.replace(
        "first.jsonl", "again.jsonl"
    )
    assert release_card(database, "v1") == card


def test_release_made_before_cards_were_kept_says_so_rather_than_recomputing(
    database, released, tmp_path
):
    with database.engine.begin() as conn:
        conn.execute(update(releases_t).values(card=None))
    export_layer(database, "jsonl", tmp_path / "v1.jsonl", "gold", release="v1")
    text = (tmp_path / "v1.jsonl.README.md").read_text(encoding="utf-8")
    assert "made before releases kept their card" in text
    assert "alpha on characters" not in text


def test_release_show_prints_documents_and_the_card_summary(database, db_url, released, capsys):
    assert main(["release", "--show", "v1", "--db", db_url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("#1 v1: 1 documents")
    assert lines[2].split()[:2] == ["doc", str(len(TEXT))]
    assert "annotators: li (annotator:li), wang (annotator:wang)" in lines
    assert "curators: zhang" in lines
    card = release_card(database, "v1")
    assert f"agreement: alpha (characters) {card.alpha_char:.3f} over 1 of 1 documents" in lines
    assert main(["release", "--show", "v1", "--json", "--db", db_url]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["card"]["curators"] == ["zhang"]

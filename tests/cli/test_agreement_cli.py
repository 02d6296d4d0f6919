"""`annotator agreement` names the layer of every count it prints."""

from __future__ import annotations

from annotator.cli.main import main
from annotator.services import editing
from annotator.services.permissions import Actor
from annotator.store.database import open_database
from tests.helpers import import_text


def test_every_count_is_labelled_with_its_layer(sqlite_url, tmp_path, capsys):
    database = open_database(sqlite_url)
    doc = import_text(database, tmp_path, "浏阳市住建局新增14000个停车位。")
    for name, label, end in (("li", "PLACE", 3), ("li", "ORG", 6), ("wang", "PLACE", 3)):
        editing.apply(
            editing.AddEntity(doc, f"annotator:{name}", label, 0, end), database.uow, Actor(name)
        )
    database.close()
    assert main(["agreement", "--db", sqlite_url]) == 0
    out = capsys.readouterr().out
    assert (
        "ORG       exact 0.000  overlapping 0.000  (entities: annotator:li 1, "
        "annotator:wang 0)" in out
    )
    assert "metrics annotator:li 0, annotator:wang 0)" in out
    assert (
        "label confusion (characters, annotator:li → annotator:wang): ORG → PLACE 3, ORG → O 3"
        in out
    )
    assert " / " not in out

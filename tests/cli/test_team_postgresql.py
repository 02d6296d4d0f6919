"""Team mode on PostgreSQL: logins made with `annotator team`, refused by the server itself.

Two annotator logins (A, B) and a curator login are created through the real command line by
the database owner; every command then runs as one of them (its own --db URL), so what is
refused is refused by the server's grants and row-level security, not by a name given.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from annotator.cli.main import main
from annotator.domain.errors import PermissionDenied
from annotator.domain.layers import Layer
from annotator.services import editing
from annotator.services.project_settings import blind_position
from annotator.services.team import acting_actor
from annotator.store.database import open_database
from tests.helpers import entities, metrics

# Every test here runs on the PostgreSQL database of the db_url fixture only.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.parametrize("db_url", ["postgresql"], indirect=True),
]

SEED0 = "000_1ea8a40e98bb81c3"


@dataclass
class Team:
    owner: str  # the database owner's URL
    a: str
    b: str
    curator: str
    urls: dict[str, str]

    def url(self, name: str) -> str:
        return self.urls[name]


def _login_url(owner_url: str, name: str) -> str:
    return (
        make_url(owner_url).set(username=name, password=None).render_as_string(hide_password=False)
    )


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def team(db_url: str, capsys, seeds_path: Path, example_jsonl: Path) -> Iterator[Team]:
    """A team database: seeds and gold imported by the curator, B's layer holding the example."""
    owner = db_url
    # Roles are shared by the whole server: unique names per run, dropped afterwards.
    tag = secrets.token_hex(3)
    a, b, curator = f"ann_a_{tag}", f"ann_b_{tag}", f"cur_{tag}"
    try:
        assert main(["team", "add-curator", curator, "--db", owner]) == 0
        assert main(["team", "add-annotator", a, "--password", "secret a", "--db", owner]) == 0
        assert main(["team", "add-annotator", b, "--db", owner]) == 0
        urls = {name: _login_url(owner, name) for name in (a, b, curator)}
        cur = urls[curator]
        assert main(["import", str(seeds_path), "--db", cur]) == 0
        assert main(["import", str(example_jsonl), "--layer", "gold", "--db", cur]) == 0
        assert main(["import", str(example_jsonl), "--layer", f"annotator:{b}", "--db", cur]) == 0
        capsys.readouterr()
        yield Team(owner, a, b, curator, urls)
    finally:
        _drop_roles(owner, (a, b, curator))


def _drop_roles(owner_url: str, names: tuple[str, ...]) -> None:
    engine = create_engine(owner_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            made = [
                name
                for name in names
                if conn.execute(
                    text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}
                ).first()
            ]
            if made:
                # All at once: a curator's grants to another login go with both.
                conn.execute(text("DROP OWNED BY " + ", ".join(f'"{n}"' for n in made)))
            for name in made:
                conn.execute(text(f'DROP ROLE "{name}"'))
    finally:
        engine.dispose()


def _gold_metric_count(team: Team) -> int:
    database = open_database(team.owner)
    try:
        return len(metrics(database, SEED0, "gold"))
    finally:
        database.close()


def test_team_list_shows_the_logins_made_by_the_owner(team: Team, capsys) -> None:
    code, out, _ = _run(capsys, "team", "list", "--db", team.owner)
    assert code == 0
    assert f"{team.a}\tannotator" in out and f"{team.b}\tannotator" in out
    assert f"{team.curator}\tcurator" in out


def test_a_curator_removes_and_readmits_a_login_which_meanwhile_reads_nothing(
    team: Team, capsys
) -> None:
    code, out, err = _run(capsys, "team", "remove", team.b, "--db", team.url(team.curator))
    assert code == 0, err
    assert f"{team.b} is no longer a member of the team" in out
    code, _, err = _run(capsys, "stats", "--db", team.url(team.b))
    assert code == 2 and "is not a member of this database's team" in err
    code, _, err = _run(capsys, "team", "add-annotator", team.b, "--db", team.url(team.curator))
    assert code == 0, err
    assert _run(capsys, "stats", "--db", team.url(team.b))[0] == 0


def test_annotator_cannot_export_another_annotators_layer_or_gold(
    team: Team, capsys, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    code, _, err = _run(
        capsys,
        "export",
        "--format",
        "jsonl",
        "--layer",
        f"annotator:{team.b}",
        "--out",
        str(out),
        "--db",
        team.url(team.a),
    )
    assert code == 2
    assert f"{team.a}: reading layer annotator:{team.b} needs the curator role" in err
    code, _, err = _run(
        capsys,
        "export",
        "--format",
        "jsonl",
        "--layer",
        "gold",
        "--out",
        str(out),
        "--db",
        team.url(team.a),
    )
    assert code == 2
    assert f"{team.a}: reading the gold layer needs the curator role" in err
    assert not out.exists()


def test_annotator_cannot_evaluate_against_another_annotators_layer(
    team: Team, capsys, example_jsonl: Path
) -> None:
    code, out, err = _run(
        capsys,
        "evaluate",
        "--gold-layer",
        f"annotator:{team.b}",
        "--pred",
        str(example_jsonl),
        "--db",
        team.url(team.a),
    )
    assert code == 2
    assert f"reading layer annotator:{team.b} needs the curator role" in err
    assert "浏阳" not in out


def test_annotator_cannot_replace_the_gold_by_import(
    team: Team, capsys, tmp_path: Path, example_jsonl: Path
) -> None:
    before = _gold_metric_count(team)
    record = json.loads(example_jsonl.read_text("utf-8").splitlines()[0])
    record["metrics"] = []  # the gold without its metrics
    empty_gold = tmp_path / "gold.jsonl"
    empty_gold.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    code, _, err = _run(
        capsys, "import", str(empty_gold), "--layer", "gold", "--replace", "--db", team.url(team.a)
    )
    assert code == 2
    assert f"{team.a}: writing the gold layer needs the curator role" in err
    assert _gold_metric_count(team) == before > 0


def test_annotator_cannot_make_themselves_curator(team: Team, capsys) -> None:
    code, _, err = _run(capsys, "curator", "add", team.a, "--db", team.url(team.a))
    assert code == 2
    assert f"{team.a} is not a curator" in err
    code, _, err = _run(capsys, "team", "add-curator", team.a, "--db", team.url(team.a))
    assert code == 2
    assert "changing the team needs the curator role" in err
    code, out, _ = _run(capsys, "curator", "list", "--db", team.owner)
    assert out.split("\t")[0] == team.curator and team.a not in out


def test_a_login_cannot_act_as_another(
    team: Team, capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.jsonl"
    code, _, err = _run(
        capsys,
        "--user",
        team.b,
        "export",
        "--format",
        "jsonl",
        "--layer",
        f"annotator:{team.b}",
        "--out",
        str(out),
        "--db",
        team.url(team.a),
    )
    assert code == 2
    assert f"as {team.a}; on a team database you act as your login" in err
    code, _, err = _run(
        capsys,
        "status",
        SEED0,
        "--layer",
        f"annotator:{team.b}",
        "--set",
        "done",
        "--as",
        team.b,
        "--db",
        team.url(team.a),
    )
    assert code == 2 and "you act as your login" in err
    monkeypatch.setenv("ANNOTATOR_USER", team.curator)
    code, _, err = _run(capsys, "release", "v1", "--db", team.url(team.a))
    assert code == 2 and "you act as your login" in err
    assert not out.exists()


def test_server_refuses_what_goes_around_the_services(team: Team) -> None:
    """Even code that skips every check of the services meets the row policies."""
    database = open_database(team.url(team.a))
    try:
        with database.uow() as uow:  # B's layer and gold read through the store directly
            pk = uow.documents.pk(SEED0)
            hidden = {
                name: uow.annotations.entities(
                    pk,
                    uow.layers._c.execute(
                        text("SELECT id FROM layers WHERE name = :n"), {"n": name}
                    ).scalar_one(),
                )
                for name in (f"annotator:{team.b}", "gold")
            }
        assert hidden == {f"annotator:{team.b}": [], "gold": []}
        with (
            pytest.raises(
                PermissionDenied, match="writing the curator list needs the curator role"
            ),
            database.uow() as uow,
        ):
            uow.roles.grant(team.a, team.a)
            uow.commit()
        with (
            pytest.raises(
                PermissionDenied, match="writing the project settings needs the curator role"
            ),
            database.uow() as uow,
        ):
            uow.settings.set("blind_share", "0.0", team.a)
            uow.commit()
        with (
            pytest.raises(PermissionDenied, match="reading releases needs the curator role"),
            database.uow() as uow,
        ):
            uow.releases.all()
    finally:
        database.close()


def test_allowed_work_still_works(team: Team, capsys, tmp_path: Path) -> None:
    annotator = open_database(team.url(team.a))
    try:
        actor = acting_actor(annotator)
        assert (actor.name, actor.curator) == (team.a, False)
        editing.apply(
            editing.AddEntity(SEED0, str(Layer.annotator(team.a)), "PLACE", 2, 6),
            annotator.uow,
            actor,
        )
        assert len(entities(annotator, SEED0, f"annotator:{team.a}")) == 1
    finally:
        annotator.close()
    curator_url = team.url(team.curator)
    curator = open_database(curator_url)
    try:
        boss = acting_actor(curator)
        assert boss.curator
        editing.apply(editing.AddEntity(SEED0, "gold", "ORG", 6, 10), curator.uow, boss)
        assert len(entities(curator, SEED0, f"annotator:{team.a}")) == 1  # reads every layer
    finally:
        curator.close()
    assert main(["status", "--layer", "gold", "--set", "done", "--db", curator_url]) == 0
    code, out, err = _run(capsys, "release", "v1", "--db", curator_url)
    assert code == 0, err
    assert f"by {team.curator}" in out
    code, out, _ = _run(
        capsys,
        "export",
        "--format",
        "jsonl",
        "--layer",
        "gold",
        "--out",
        str(tmp_path / "gold.jsonl"),
        "--db",
        curator_url,
    )
    assert code == 0 and (tmp_path / "gold.jsonl").exists()
    code, _, err = _run(capsys, "release", "--list", "--db", team.url(team.a))
    assert code == 2 and f"{team.a}: reading releases needs the curator role" in err


def _metric_count(path: Path) -> int:
    return sum(len(json.loads(line)["metrics"]) for line in path.read_text("utf-8").splitlines())


def test_suggestions_on_blind_documents_are_hidden_by_the_server(
    team: Team, capsys, tmp_path: Path
) -> None:
    curator_url = team.url(team.curator)
    database = open_database(team.owner)
    try:
        with database.uow() as uow:
            doc_ids = [doc.doc_id for _, doc in uow.documents.iter_documents()]
    finally:
        database.close()
    # A share between A's blind positions, so that some documents are blind and some not,
    # whatever the (random) login name.
    share = sorted(blind_position(doc, team.a) for doc in doc_ids)[len(doc_ids) // 2]
    assert main(["suggest", "--what", "metrics", "--db", curator_url]) == 0
    assert main(["suggest", "--blind-share", repr(share), "--db", curator_url]) == 0
    capsys.readouterr()
    seen = {}
    for who in (team.curator, team.a):
        out = tmp_path / f"{who}.jsonl"
        code, _, err = _run(
            capsys,
            "export",
            "--format",
            "jsonl",
            "--layer",
            "pred:assistant",
            "--incomplete",
            "skip",
            "--out",
            str(out),
            "--db",
            team.url(who),
        )
        assert code == 0, err
        seen[who] = {
            json.loads(line)["doc_id"]: len(json.loads(line)["metrics"])
            for line in out.read_text("utf-8").splitlines()
        }
    blind = {doc for doc in seen[team.curator] if blind_position(doc, team.a) < share}
    assert blind and blind != set(seen[team.curator])
    for doc, count in seen[team.curator].items():
        assert seen[team.a][doc] == (0 if doc in blind else count)


def test_the_servers_blind_rule_is_the_services_one(db_url: str) -> None:
    pairs = [(f"doc-{i}", name) for i in range(200) for name in ("li", "王芳", "a.b-c@d")]
    pairs += [("000_1ea8a40e98bb81c3", "zhang"), ("新闻/长文本" * 20, "x")]
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            for doc_id, annotator in pairs:
                server = conn.execute(
                    text("SELECT annotator_blind_position(:a, :d)"), {"a": annotator, "d": doc_id}
                ).scalar_one()
                assert server == blind_position(doc_id, annotator), (doc_id, annotator)
    finally:
        engine.dispose()


@pytest.mark.gui
def test_the_window_is_the_login_and_refuses_another_name(team: Team, qtbot) -> None:
    import argparse

    from PySide6.QtWidgets import QApplication

    from annotator.domain.errors import InputError
    from annotator.gui.app import build_window

    app = QApplication.instance()
    with pytest.raises(InputError, match=f"as {team.a}; on a team database you act as your login"):
        build_window(argparse.Namespace(db=team.url(team.a), user=team.b), app)
    window = build_window(argparse.Namespace(db=team.url(team.a), user=None), app)
    try:
        assert (window.workbench.actor.name, window.workbench.actor.curator) == (team.a, False)
        assert window.workbench.layer == f"annotator:{team.a}"
    finally:
        window.close()
        window.workbench.database.close()


def test_an_annotator_logins_window_learns_from_its_own_done_pages_without_an_error(
    team: Team, qtbot
) -> None:
    import argparse

    from PySide6.QtWidgets import QApplication

    from annotator.domain.status import DocumentStatus
    from annotator.gui.app import build_window
    from annotator.services.recommenders.learning import learning_documents

    annotator = open_database(team.url(team.a))
    try:
        actor, layer = acting_actor(annotator), str(Layer.annotator(team.a))
        with annotator.uow() as uow:
            text = uow.documents.get(SEED0).text
        for at in [n for n in range(len(text)) if text.startswith("浏阳市", n)]:
            editing.apply(
                editing.AddEntity(SEED0, layer, "PLACE", at, at + 3), annotator.uow, actor
            )
        editing.apply(editing.SetStatus(SEED0, layer, DocumentStatus.DONE), annotator.uow, actor)
        # Gold and B's layer are the server's to refuse: A's login learns from its own page.
        assert [(d.doc_id, d.layer) for d in learning_documents(annotator, team.a)] == [
            (SEED0, layer)
        ]
    finally:
        annotator.close()

    window = build_window(
        argparse.Namespace(db=team.url(team.a), user=None), QApplication.instance()
    )
    try:
        window.workbench.open_document("001_6426e2cb22c9a201")  # 浏阳市 37 times

        # The CRF is trained on A's page in the background, then runs on the page opened.
        def crf_ran() -> bool:
            models = window.assistant.models
            return (
                models is not None
                and window.assistant.modelling is None
                and "crf" in {r.name for r in models.recommenders}
            )

        qtbot.waitUntil(crf_ran, timeout=60_000)
        assert window.statusBar().currentMessage() == "Entity model trained on 1 documents"
        # What the models learnt is A's page: its place, proposed wherever it is.
        learnt = window.assistant.models.suggestions(window.workbench.view.document.text)
        assert {(e.text, e.label) for e in learnt} == {("浏阳市", "PLACE")}
    finally:
        window.close()
        window.workbench.database.close()


# -- the label schema: only a curator login changes it -----------------------------------
def _labels_and_layer(team: Team, layer: str) -> tuple[tuple[str, ...], list[str]]:
    from annotator.services.label_schema import project_labels

    database = open_database(team.owner)
    try:
        return (
            project_labels(database).entity_labels,
            sorted({e.label for e in entities(database, SEED0, layer)}),
        )
    finally:
        database.close()


def test_an_annotator_login_cannot_change_the_label_schema(team: Team, capsys) -> None:
    for argv in (
        ("labels", "add", "METRIC"),
        ("labels", "rename", "ORG", "AGENCY"),
        ("labels", "recolor", "ORG", "#000000"),
        ("labels", "retire", "DOCUMENT"),
    ):
        code, _, err = _run(capsys, *argv, "--db", team.url(team.a))
        assert code == 2 and "is not a curator; only curators change the label schema" in err
    code, _, err = _run(
        capsys, "labels", "add", "METRIC", "--as", team.curator, "--db", team.url(team.a)
    )
    assert code == 2  # another login's name is refused
    assert "METRIC" not in _labels_and_layer(team, "gold")[0]


def test_a_curator_login_renames_a_label_in_every_layer(team: Team, capsys) -> None:
    assert "ORG" in _labels_and_layer(team, f"annotator:{team.b}")[1]
    code, out, err = _run(
        capsys, "labels", "rename", "ORG", "AGENCY", "--db", team.url(team.curator)
    )
    assert code == 0, err
    labels, in_b = _labels_and_layer(team, f"annotator:{team.b}")
    assert "AGENCY" in labels and "ORG" not in labels
    assert "AGENCY" in in_b and "ORG" not in in_b
    assert "ORG" not in _labels_and_layer(team, "gold")[1]

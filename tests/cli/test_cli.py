"""The command line through its real entry point: import, stats, exit codes, default database."""

import json
import subprocess
import sys

from annotator.cli.main import main


def test_import_then_stats_json_counts_documents_layers_and_status(
    sqlite_url, seeds_path, example_jsonl, capsys
):
    assert main(["import", str(seeds_path), "--db", sqlite_url]) == 0
    assert capsys.readouterr().out.strip() == "5 new, 0 already present"
    assert main(["import", str(example_jsonl), "--db", sqlite_url]) == 0
    capsys.readouterr()
    assert main(["stats", "--json", "--db", sqlite_url]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == 5
    assert stats["characters"] == sum(
        len(p.read_text(encoding="utf-8")) for p in seeds_path.glob("*.txt")
    )
    assert stats["layers"]["annotator:example"]["entities"] == 6
    assert stats["layers"]["annotator:example"]["metrics"] == 3
    assert stats["layers"]["annotator:example"]["segments"] == 0
    assert stats["status"]["annotator:example"]["new"] == 5


def test_bad_input_exits_2_with_the_file_on_stderr_and_changes_nothing(
    sqlite_url, tmp_path, capsys
):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "a", "text": "好"}\nnot json\n', encoding="utf-8")
    assert main(["import", str(bad), "--db", sqlite_url]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:2:" in err
    main(["stats", "--json", "--db", sqlite_url])
    assert json.loads(capsys.readouterr().out)["documents"] == 0


def test_usage_error_exits_2(capsys):
    assert main(["import"]) == 2
    assert "usage" in capsys.readouterr().err


def test_env_var_names_the_database(tmp_path, seeds_path, monkeypatch, capsys):
    target = tmp_path / "env.sqlite3"
    monkeypatch.setenv("ANNOTATOR_DB", str(target))
    assert main(["import", str(seeds_path)]) == 0
    assert target.exists()


def test_db_given_before_the_command_is_the_one_it_uses(tmp_path, seeds_path, monkeypatch, capsys):
    # Otherwise `annotator --db team.sqlite3 export …` would quietly read the default database.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    target = tmp_path / "named.sqlite3"
    assert main(["--db", str(target), "import", str(seeds_path)]) == 0
    capsys.readouterr()
    assert main(["--db", str(target), "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 5
    assert not (tmp_path / "data").exists()  # no default database was made


def test_a_reader_that_stops_early_is_not_reported_as_a_bug(sqlite_url, seeds_path, capsys):
    # `annotator stats | head -1`: the pipe closes before the command writes.
    assert main(["import", str(seeds_path), "--db", sqlite_url]) == 0
    command = subprocess.Popen(
        [sys.executable, "-m", "annotator", "stats", "--db", sqlite_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    command.stdout.close()
    errors = command.stderr.read()
    assert command.wait(timeout=120) == 0
    assert errors == ""


def test_default_database_is_created_in_the_user_data_folder_and_seeded(tmp_path):
    # A real process: the console script's module entry point, with XDG folders isolated.
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "stats", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    assert stats["documents"] == 5
    assert stats["layers"]["pred:assistant"]["metrics"] > 100  # suggestions ready to review
    assert (tmp_path / "data" / "annotator" / "annotator.sqlite3").exists()


def test_missing_file_exits_2(sqlite_url, tmp_path, capsys):
    assert main(["import", str(tmp_path / "nope.txt"), "--db", sqlite_url]) == 2
    assert "no such file" in capsys.readouterr().err

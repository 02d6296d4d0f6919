"""A database that cannot be used is a message naming it (exit 2), never a traceback, and is
left as it was: not a database, damaged, read-only, a folder, a server down or refusing the
login, a disk that fills up, a schema from a newer version."""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli.main import main

PNG_START = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def beside(path: Path) -> list[str]:
    """The names in the database's folder, to see that nothing was added beside it."""
    return sorted(p.name for p in path.parent.iterdir())


def run_cli(*args: str, limit_file_size: int | None = None) -> subprocess.CompletedProcess:
    """`python -m annotator …` in a new process, optionally unable to write past a file size
    (what a full disk does to a write: it fails, and the program goes on)."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit if limit_file_size is not None else None,
    )


@pytest.fixture
def filled_db(sqlite_url: str, seeds_path: Path, capsys: pytest.CaptureFixture) -> Path:
    """A SQLite database holding the seeds, closed."""
    assert main(["import", str(seeds_path), "--db", sqlite_url]) == 0
    capsys.readouterr()
    return Path(sqlite_url)


@pytest.mark.parametrize("content", [b"just some notes\n", PNG_START], ids=["text", "png"])
@pytest.mark.parametrize(
    "command", [["stats"], ["import", "SEEDS"], ["db", "check"], ["db", "upgrade"]]
)
def test_file_that_is_not_a_database_is_refused_by_name_and_left_unchanged(
    tmp_path, seeds_path, capsys, content, command
):
    target = tmp_path / "notes.db"
    target.write_bytes(content)
    argv = [str(seeds_path) if arg == "SEEDS" else arg for arg in command]

    assert main([*argv, "--db", str(target)]) == 2

    err = capsys.readouterr().err
    assert f"{target}: is not a database" in err
    assert "Traceback" not in err
    assert target.read_bytes() == content
    assert beside(target) == ["notes.db"]


@pytest.mark.parametrize("command", [["stats"], ["import", "SEEDS", "--replace"]])
def test_truncated_database_is_refused_as_damaged_and_left_unchanged(
    filled_db, seeds_path, capsys, command
):
    data = filled_db.read_bytes()
    filled_db.write_bytes(data[: len(data) // 2])
    before = digest(filled_db)
    argv = [str(seeds_path) if arg == "SEEDS" else arg for arg in command]

    assert main([*argv, "--db", str(filled_db)]) == 2

    err = capsys.readouterr().err
    assert f"{filled_db}: the database file is damaged" in err
    assert digest(filled_db) == before


@pytest.mark.parametrize("size", [1, 16, 99])
def test_database_cut_within_its_header_is_refused_and_not_written_over(
    filled_db, seeds_path, capsys, size
):
    # SQLite takes a file holding only the first bytes of its header for a new database.
    filled_db.write_bytes(filled_db.read_bytes()[:size])
    before = filled_db.read_bytes()

    assert main(["import", str(seeds_path), "--db", str(filled_db)]) == 2

    assert f"{filled_db}: is not a database" in capsys.readouterr().err
    assert filled_db.read_bytes() == before


def test_device_given_as_database_is_refused_and_left_alone(capsys):
    assert main(["stats", "--db", os.devnull]) == 2

    assert f"{os.devnull}: is not a database (not a regular file)" in capsys.readouterr().err
    assert not Path(os.devnull).is_file()


def test_folder_given_as_database_is_refused_by_name(tmp_path, capsys):
    folder = tmp_path / "project.sqlite3"
    folder.mkdir()

    assert main(["stats", "--db", str(folder)]) == 2

    assert f"{folder}: is a folder" in capsys.readouterr().err
    assert list(folder.iterdir()) == []


def run_on_read_only_folder(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the command line while `folder` and its files cannot be written.

    For a user, chmod does it. Root writes through any permission, so as root the folder is
    mounted read-only in a private mount namespace (what root meets on a read-only disk).
    """
    if os.geteuid() != 0:
        modes = {path: path.stat().st_mode for path in [folder, *folder.iterdir()]}
        for path in folder.iterdir():
            path.chmod(0o444)
        folder.chmod(0o555)
        try:
            return run_cli(*args)
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
    unshare = shutil.which("unshare")
    if (
        unshare is None
        or subprocess.run([unshare, "-rm", "true"], capture_output=True).returncode != 0
    ):
        pytest.skip(
            "running as root, where permissions do not stop writes, and without mount "
            "namespaces (unshare) to make a read-only folder"
        )
    script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && shift && exec "$@"'
    return subprocess.run(
        [
            unshare,
            "-rm",
            "sh",
            "-c",
            script,
            "sh",
            str(folder),
            sys.executable,
            "-m",
            "annotator",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("command", [["stats"], ["import", "SEEDS", "--replace"]])
def test_read_only_database_is_refused_by_name_and_left_unchanged(filled_db, seeds_path, command):
    before, names = digest(filled_db), beside(filled_db)
    argv = [str(seeds_path) if arg == "SEEDS" else arg for arg in command]

    result = run_on_read_only_folder(filled_db.parent, *argv, "--db", str(filled_db))

    assert result.returncode == 2, result.stderr
    assert f"{filled_db}: the database is read-only" in result.stderr
    assert digest(filled_db) == before
    assert beside(filled_db) == names


def test_new_database_in_a_read_only_folder_is_refused_by_name(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    target = folder / "new.sqlite3"

    result = run_on_read_only_folder(folder, "stats", "--db", str(target))

    assert result.returncode == 2, result.stderr
    assert f"{target}: a new database cannot be created here" in result.stderr
    assert list(folder.iterdir()) == []


def test_postgresql_server_that_is_down_is_a_message(capsys):
    url = "postgresql+psycopg://u@127.0.0.1:1/db"  # nothing listens on port 1

    assert main(["stats", "--db", url]) == 2

    err = capsys.readouterr().err
    assert f"{url}: cannot reach the database server (Connection refused)" in err


@pytest.mark.postgres
@pytest.mark.parametrize("change", ["role", "database"])
def test_postgresql_server_refusing_the_login_is_a_message(pg_admin_url, capsys, change):
    if not pg_admin_url:
        pytest.skip("no PostgreSQL server (set $ANNOTATOR_TEST_PG)")
    server, _database = pg_admin_url.rsplit("/", 1)
    scheme, host = server.split("://")
    if change == "role":
        url = f"{scheme}://annotator_no_such_role@{host.split('@')[-1]}/{_database}"
    else:
        url = f"{server}/annotator_no_such_database"

    assert main(["stats", "--db", url]) == 2

    err = capsys.readouterr().err
    assert f"{url}: the database server refused the login" in err
    assert "does not exist" in err


# File sizes at which the disk "fills up" while the default database is created and seeded:
# at its first page, in the schema, in the seeds, in the assistant's suggestions.
CREATION_LIMITS = [4096, 120_000, 300_000, 480_000]


@pytest.mark.parametrize("limit", CREATION_LIMITS)
def test_disk_full_while_creating_the_database_leaves_nothing_and_the_next_start_works(limit):
    folder = Path(os.environ["XDG_DATA_HOME"]) / "annotator"

    full = run_cli("stats", "--json", limit_file_size=limit)

    assert full.returncode == 2, full.stderr
    target = folder / "annotator.sqlite3"
    assert f"{target}: the new database could not be created" in full.stderr
    assert "disk is full" in full.stderr
    assert list(folder.iterdir()) == []
    again = run_cli("stats", "--json")
    assert again.returncode == 0, again.stderr
    assert '"documents": 5' in again.stdout


def test_disk_full_during_an_import_is_a_message_and_the_database_is_unchanged(filled_db, tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    for number in range(40):
        (texts / f"long{number}.txt").write_text(
            f"第{number}篇。" + "浏阳市新增停车位。" * 400, encoding="utf-8"
        )
    before, names = digest(filled_db), beside(filled_db)

    result = run_cli(
        "import",
        str(texts),
        "--db",
        str(filled_db),
        limit_file_size=filled_db.stat().st_size + 40_000,
    )

    assert result.returncode == 2, result.stderr
    assert f"{filled_db}: the disk is full" in result.stderr
    assert digest(filled_db) == before
    assert beside(filled_db) == names


def test_db_check_refuses_a_database_from_a_newer_version(filled_db, capsys):
    with sqlite3.connect(filled_db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = digest(filled_db)

    assert main(["db", "check", "--db", str(filled_db)]) == 2

    err = capsys.readouterr().err
    assert f"{filled_db} has schema revision 9999, which is newer" in err
    assert digest(filled_db) == before


def test_disk_full_while_upgrading_an_older_database_leaves_it_and_no_half_backup(tmp_path):
    released = Path(__file__).parents[1] / "data" / "db" / "schema-0001.sqlite3"
    target = tmp_path / "old.sqlite3"
    shutil.copyfile(released, target)

    full = run_cli("stats", "--db", str(target), limit_file_size=40_000)  # the backup fails

    assert full.returncode == 2, full.stderr
    assert f"{target}: the disk is full" in full.stderr
    assert beside(target) == ["old.sqlite3"]
    connection = sqlite3.connect(target)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    connection.close()
    again = run_cli("stats", "--db", str(target))
    assert again.returncode == 0, again.stderr
    assert [name for name in beside(target) if name.endswith(".bak")]

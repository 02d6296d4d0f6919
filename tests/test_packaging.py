"""An installed wheel carries the corpus, the resources and the migrations, and runs from them."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_finds_seeds_resources_and_migrations_outside_the_checkout(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path / "dist"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next((tmp_path / "dist").glob("annotator-*.whl"))
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {
        "PYTHONPATH": str(site),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PATH": "/usr/bin:/bin",
    }
    code = (
        "import annotator.resources as r, annotator.cli.main as m, sys; "
        "print(r.seeds_dir()); print(r.resource('schema', 'labels.toml')); "
        "sys.exit(m.main(['stats', '--json']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    seeds_line, labels_line, *stats = done.stdout.splitlines()
    assert seeds_line.startswith(str(site)) and labels_line.startswith(str(site))
    assert json.loads("\n".join(stats))["documents"] == 5

"""Background writes: every file written, in order; an error in the thread reaches the caller."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.formats.background import BackgroundWrites


def test_every_submitted_file_is_written_when_the_block_ends(tmp_path: Path) -> None:
    with BackgroundWrites(pending=2) as writes:
        for n in range(20):
            writes.submit((tmp_path / f"{n}.txt").write_bytes, f"第{n}篇".encode())
    assert sorted(p.read_text(encoding="utf-8") for p in tmp_path.iterdir()) == sorted(
        f"第{n}篇" for n in range(20)
    )


def test_a_failed_write_is_raised_to_the_caller(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError), BackgroundWrites(pending=4) as writes:
        writes.submit((tmp_path / "missing-folder" / "a.txt").write_bytes, b"x")
        writes.submit((tmp_path / "b.txt").write_bytes, b"y")


def test_an_error_in_the_block_stops_waiting_writes(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), BackgroundWrites(pending=1000) as writes:
        writes.submit(lambda: None)
        raise RuntimeError("the export failed")

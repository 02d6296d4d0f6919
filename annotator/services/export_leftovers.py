"""Hidden files an export writes beside its target, named so that a killed export's are known.

An export writes `.<name>.<pid>-<random>.partial` (a file or a folder) beside `--out` and its
card, and, in several processes, `..<name>.<pid>-<random>.partial.part<N>`; all are renamed or
removed at the end. A killed export leaves them behind; the next export to the same place
removes those whose process is gone, and nothing else.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
from pathlib import Path

# The writer's process id (absent in names written before it was added) and a random tag.
_TAG = r"(?:(?P<pid>\d+)-)?[0-9a-f]{8}"


def hidden_temporary(path: Path) -> Path:
    """A new hidden name beside `path` (same folder, so the final rename is atomic)."""
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")


def remove_stale(targets: list[Path]) -> list[Path]:
    """Remove what killed exports to `targets` (an output and its card) left beside them: their
    temporary files and folders and their parts, when the process that wrote them is gone.
    Returns what was removed."""
    patterns = [re.compile(rf"\.{re.escape(target.name)}\.{_TAG}\.partial") for target in targets]
    patterns += [
        re.compile(rf"\.\.{re.escape(target.name)}\.{_TAG}\.partial\.part\d+") for target in targets
    ]
    folders = {target.parent for target in targets}
    removed: list[Path] = []
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:  # no folder yet: nothing was left there
            continue
        for name in names:
            found = next((m for p in patterns if (m := p.fullmatch(name))), None)
            if found is None or _writer_running(found.group("pid")):
                continue
            path = folder / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):  # gone already, or not ours to remove
                    path.unlink()
            removed.append(path)
    return removed


def _writer_running(pid_text: str | None) -> bool:
    """Whether the export that named a file may still be writing it."""
    if pid_text is None:
        return False  # written by a version without process ids in names: long finished
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # no safe way to ask here (os.kill would end the process): keep it
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True

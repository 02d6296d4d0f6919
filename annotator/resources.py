"""The only place that locates the bundled corpus (`seeds/`) and `resources/`.

A checkout keeps them beside the package; a wheel carries them inside it (`_bundled/`).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _locate(name: str) -> Path:
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled folder {name!r} is missing from this installation")


def seeds_dir() -> Path:
    """Folder of the bundled corpus."""
    return _locate("seeds")


def resources_dir() -> Path:
    """Folder of schema, translations, icons and guideline texts."""
    return _locate("resources")


def resource(*parts: str) -> Path:
    """Path of one file below resources/, e.g. resource("schema", "labels.toml")."""
    return resources_dir().joinpath(*parts)

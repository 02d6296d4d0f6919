"""The label schema file: the bundled one loads; a newer or inconsistent one is refused by name."""

from pathlib import Path

import pytest

from annotator.domain.entities import ENTITY_LABELS
from annotator.domain.errors import InputError
from annotator.resources import resource
from annotator.schema.labels import load_label_schema


def test_bundled_schema_has_the_spec_labels_with_distinct_keys():
    schema = load_label_schema()
    assert schema.entity_labels == ENTITY_LABELS
    keys = [spec.key.upper() for spec in schema.entity + schema.segment]
    assert len(keys) == len(set(keys))


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = resource("schema", "labels.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "labels.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("schema_version = 1", "schema_version = 7", "newer than this app supports"),
        ('key = "O"', 'key = "P"', "keys used by more than one label: P"),
        ('colour = "#8ecae6"', 'colour = "blue"', "invalid label schema"),
        ("[[entity]]", "[[entity", "cannot read the label schema"),
    ],
)
def test_bad_schema_file_is_refused_naming_the_file(tmp_path, old, new, message):
    path = _variant(tmp_path, old, new)
    with pytest.raises(InputError) as raised:
        load_label_schema(path)
    assert str(path) in str(raised.value) and message in str(raised.value)

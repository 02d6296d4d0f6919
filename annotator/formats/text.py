"""Plain text files, decoded as every reader decodes bytes (`base.decode_text`: UTF-8, BOMs,
GB18030/GBK, UTF-16; LF newlines)."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.errors import InputError
from annotator.formats.base import decode_text


def read_text_file(path: Path) -> tuple[str, str]:
    """Read and decode one text file; (text, encoding)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror}", str(path)) from error
    return decode_text(data, str(path))

"""Plain text files: encoding detection (UTF-8, BOMs, GB18030/GBK, UTF-16) and newline normalisation."""

from __future__ import annotations

import codecs
import contextlib
import re
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.text import normalise_newlines

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that never occur in text; their presence means a binary file.
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def _looks_binary(text: str) -> bool:
    return _BINARY_CONTROLS.search(text, 0, 4096) is not None


def _utf16_without_bom(data: bytes) -> str | None:
    # Chinese and ASCII in UTF-16 without a BOM show NUL bytes on one side of most pairs.
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    for encoding, nuls in (("utf-16-le", odd_nuls), ("utf-16-be", even_nuls)):
        if nuls > half * 0.2:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    return None


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode file bytes to text with LF newlines; return (text, encoding). Refuse the unreadable."""
    if not data.strip():
        raise InputError("the file is empty", source)
    text: str | None = None
    encoding = ""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data[len(bom):].decode(name), name + " (BOM)"
            except UnicodeDecodeError as error:
                raise InputError(f"starts with a {name} byte order mark but is not {name}: "
                                 f"{error.reason} at byte {error.start}", source) from error
            break
    if text is None:
        with contextlib.suppress(UnicodeDecodeError):
            text, encoding = data.decode("utf-8"), "utf-8"
    if text is None and b"\x00" in data:
        decoded = _utf16_without_bom(data)
        if decoded is not None:
            text, encoding = decoded, "utf-16"
        else:
            raise InputError("is a binary file, not text", source)
    if text is None:
        try:
            # GB18030 is a superset of GBK and GB2312: the usual encoding of older Chinese files.
            text, encoding = data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            from charset_normalizer import from_bytes  # on first use, not at start-up

            best = from_bytes(data).best()
            if best is None:
                raise InputError("cannot be decoded as UTF-8, GB18030 or UTF-16", source) from None
            text, encoding = str(best), best.encoding
    if "\x00" in text or _looks_binary(text):
        raise InputError("is a binary file, not text", source)
    text = normalise_newlines(text)
    if not text.strip():
        raise InputError("the file is empty", source)
    return text, encoding


def read_text_file(path: Path) -> tuple[str, str]:
    """Read and decode one text file; (text, encoding)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror}", str(path)) from error
    return decode_text(data, str(path))

"""Text from applications (answers, file names, error messages) made safe to show in a terminal, a cell or a mail."""

from __future__ import annotations

import re
from pathlib import Path

# Control characters (C0, DEL, C1), lone surrogates (bytes of a file name that were not UTF-8),
# and characters that reorder or break the text around them: "form\u202egpj.docx" reads as "formxcod.jpg".
_SPOOFING = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_SPOOFING}]")
_UNSAFE_IN_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_SPOOFING}]")


_STRIPPED_FROM_ANSWERS = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069]")


def without_spoofing(text: str) -> str:
    """An answer without C1 control characters and without the bidi overrides and isolates
    (U+202A-U+202E, U+2066-U+2069) that make the rest of a line read backwards on a page or in a
    cell ("Riverside\u202eloohcS" shows as "RiversideSchool" reversed). Everything a name in any
    language needs stays: letters such as ŵ, ł and ő, combining marks, and the invisible
    left-to-right and right-to-left marks a right-to-left name may need."""
    return _STRIPPED_FROM_ANSWERS.sub("", text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # how Python keeps a byte of a file name that was not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, lines: bool = False) -> str:
    """``text`` with control, direction-changing and undecodable characters written as \\xNN or \\uNNNN.

    With ``lines``, newlines and tabs are kept (multi-line answers and lists of problems).
    """
    return (_UNSAFE_IN_LINES if lines else _UNSAFE).sub(_escaped, text)


def shown_path(path: Path | str) -> str:
    """A file name as it can be shown and written: bytes that were not UTF-8 as \\xNN."""
    return printable(str(path))

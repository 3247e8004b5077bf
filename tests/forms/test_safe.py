"""Text from applications made safe to show: control, direction-changing and undecodable characters escaped."""

from __future__ import annotations

import os
from pathlib import Path

from packgen.forms.safe import printable, shown_path


def test_control_and_direction_characters_are_written_as_escapes() -> None:
    assert printable("form\u202egpj.docx") == "form\\u202egpj.docx"
    assert printable("a\x1b[31mred") == "a\\x1b[31mred"
    assert printable("two\nlines\tand a tab") == "two\\x0alines\\x09and a tab"
    assert printable("two\nlines\tand a tab", lines=True) == "two\nlines\tand a tab"


def test_a_file_name_that_is_not_utf8_shows_its_bytes() -> None:
    assert shown_path(Path(os.fsdecode(b"caf\xe9.pdf"))) == "caf\\xe9.pdf"
    assert shown_path("online:ABC123") == "online:ABC123"

"""The Word renderers' XML escaping gives exactly what xml.sax.saxutils gives."""

from __future__ import annotations

from xml.sax import saxutils

import pytest

from packgen.render.word import xmltext

TEXTS = [
    "plain",
    "a & b < c > d",
    'say "hi"',
    "it's",
    "both \" and '",
    "tab\there\nline\rreturn",
    "&amp; already",
    "",
    "ŁÓdź — “quotes”",
]


@pytest.mark.parametrize("text", TEXTS)
def test_escape_and_quoteattr_match_saxutils(text: str) -> None:
    assert xmltext.escape(text) == saxutils.escape(text)
    assert xmltext.quoteattr(text) == saxutils.quoteattr(text)

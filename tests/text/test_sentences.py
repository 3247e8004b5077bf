"""text.sentences: where a sentence ends, and where a full stop does not end one."""

from __future__ import annotations

import pytest

from packgen.text.sentences import split


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Two teachers attend. Three observe.", ["Two teachers attend.", " Three observe."]),
        ("Each school sends two teachers (i.e. a lead and one other).", None),
        ("Bring materials, e.g. rulers and counters, to each session.", None),
        ("Cover, travel etc. are paid for two days.", None),
        ("The grant is approx. £500 per school.", None),
        ("It lasts 1.5 days.", None),
        ("Contact J. Smith at the hub.", None),
        ("Is it free? Yes!", ["Is it free?", " Yes!"]),
        ("First paragraph\n\nSecond paragraph", ["First paragraph\n\n", "Second paragraph"]),
    ],
)
def test_split(text: str, expected: list[str] | None) -> None:
    assert split(text) == (expected if expected is not None else [text])

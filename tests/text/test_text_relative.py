"""text.relative: the one reader of relative-time phrases, and what each implies."""

from __future__ import annotations

import pytest

from packgen.text.relative import relative_phrases


@pytest.mark.parametrize(
    "text, said, years_back, span, first, start_of",
    [
        ("The programme was introduced a year ago.", "a year ago", 1, None, False, True),
        ("It began two years ago.", "two years ago", 2, None, False, True),
        ("Schools that joined last year continue.", "last year", 1, None, False, False),
        ("This academic year the group meets six times.", "This academic year", 0, None, False, False),
        ("In the last three years, 300 schools took part.", "In the last three years", None, 3, False, False),
        ("It runs for the first time this year.", "for the first time this year", 0, None, True, False),
        ("The programme is new this year.", "new this year", 0, None, True, False),
        ("Next year it opens to secondary schools.", "Next year", -1, None, False, False),
    ],
)
def test_each_phrase_and_what_it_implies(text, said, years_back, span, first, start_of) -> None:
    [r] = list(relative_phrases(text))
    assert (text[r.start : r.end], r.text, r.years_back, r.span, r.first, r.start_of) == (
        said,
        said,
        years_back,
        span,
        first,
        start_of,
    )


def test_phrases_dated_from_another_event_are_not_read() -> None:
    assert list(relative_phrases("Schools may apply for benefits in the following year.")) == []

"""The inline markup wording takes: bold, italic, links, footnotes and hard line breaks."""

from __future__ import annotations

from packgen.pack import BREAK, Note, Run, notes_in, plain
from packgen.wording.inline import escape, parse


def test_a_backslash_at_the_end_of_a_line_is_a_line_break() -> None:
    assert parse("Send it to:\\ Central Maths Hub") == (Run(f"Send it to:{BREAK}Central Maths Hub"),)
    assert parse("Line one\\\n    line two") == (Run(f"Line one{BREAK}line two"),)
    assert parse("Nothing after it\\") == (Run("Nothing after it"),), "a break that ends the wording breaks nothing"
    assert parse("\\*not italic\\*") == (Run("*not italic*"),)


def test_a_footnote_is_a_call_with_its_own_runs() -> None:
    runs = parse(
        "A grant of £1,000 is available.^[Subject to **DfE** funding; see [the guidance](https://x.org/a).] More."
    )
    assert plain(runs) == "A grant of £1,000 is available. More."
    [note] = notes_in(runs)
    assert note == Note(
        0,
        (
            Run("Subject to "),
            Run("DfE", bold=True),
            Run(" funding; see "),
            Run("the guidance", href="https://x.org/a"),
            Run("."),
        ),
    ), note
    assert runs[1].text == "" and runs[1].note is note


def test_markup_from_data_stays_literal() -> None:
    """A hub's facts are escaped: a '^[' or a backslash in a name is not markup."""
    assert parse(escape("Hub ^[one] \\ two")) == (Run("Hub ^[one] \\ two"),)


def test_an_unclosed_footnote_is_shown_as_written() -> None:
    assert plain(parse("Funding^[to be confirmed")) == "Funding^[to be confirmed"

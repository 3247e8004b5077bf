"""check.relative: a relative-time phrase the data shows cannot be true (the table is in
fixtures/sentences/year-relative.yaml; the project-level tests are in test_checks.py)."""

from __future__ import annotations

from packgen.check.relative import relative_findings
from packgen.dates import AcademicYear

Y = AcademicYear.parse


def test_a_start_dated_after_the_first_file_is_reported_with_the_year_it_began() -> None:
    [(at, message)] = relative_findings("The programme was introduced a year ago.", Y("2024-25"), [Y("2021-22")])
    assert at == len("The programme was introduced ")
    assert message == (
        "'a year ago' dates the programme's start to 2023/24, but the project has its 2021/22 file; write the year "
        "it began (since 2021/22)"
    )


def test_a_programme_new_this_year_may_say_so() -> None:
    assert (
        relative_findings("The programme is offered for the first time this year.", Y("2024-25"), [Y("2024-25")]) == []
    )


def test_a_hub_that_ran_it_before_may_not_say_first_time() -> None:
    found = relative_findings(
        "We are running the Work Group for the first time this year.", Y("2024-25"), [Y("2024-25")], "", Y("2023-24")
    )
    assert [m for _, m in found] == [
        "'for the first time this year', but this hub's file has an offer for 2023/24: it ran it before; say what is "
        "new, or drop 'for the first time this year'"
    ]

"""Wording's Jinja sandbox bounds the work a piece of wording can ask for, and every exception a
template raises is a located problem, never a traceback or a hang (issue 12, point 10)."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from conftest import edit, line_of, run_cli

from packgen.wording.env import MAX_RANGE, MAX_TEXT, environment

PROGRAMME = "programmes/number-sense/2024-25.yaml"
SENTENCE = "Schools may apply once per year."

HOSTILE = {
    "nested range loops": "{% for a in range(100000) %}{% for b in range(100000) %}{% for c in range(100000) %}{% "
    "endfor %}{% endfor %}{% endfor %}",
    "nested loops over a long "
    "string": "{% set s = 'ab' * 5000 %}{% for a in s %}{% for b in s %}{% for c in s %}x{% endfor %}{% endfor %}{% "
    "endfor %}",
    "division by zero": "{{ offer.places / 0 }}",
    "a recursive macro": "{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}{{ down(0) }}",
    "a macro that calls itself twice": "{% macro tree(n) %}{{ tree(n) }}{{ tree(n) }}{% endmacro %}{{ tree(0) }}",
    "string multiplication": "{{ 'x' * 1000000000 }}",
    "list multiplication": "{{ (range(100) | list) * 100000000 }}",
    "a huge power": "{{ 9 ** 999999999 }}",
    "a wide filter": "{{ 'x' | center(1000000000) }}",
    "a wide method": "{{ 'x'.ljust(1000000000) }}",
    "a wide percent format": "{{ '%999999999d' % 1 }}",
    "a wide format method": "{{ '{:>999999999}'.format(1) }}",
    "a replace that grows": "{{ ('a' * 10000).replace('a', 'b' * 10000) }}",
    "a join that grows": "{{ range(10000) | join('x' * 10000) }}",
    "doubling in a namespace": "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% "
    "endfor %}{{ ns.s | length }}",
    "huge output": "{% for i in range(10000) %}{{ 'x' * 10000 }}{% endfor %}",
    "lorem ipsum": "{{ lipsum(100000) }}",
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_wording_is_a_located_error_in_check_and_build(sample: Path, case: str) -> None:
    edit(sample / PROGRAMME, SENTENCE, f'"{HOSTILE[case]}"')
    where = f"{PROGRAMME}:{line_of(sample / PROGRAMME, HOSTILE[case][:20])}:"
    checked = run_cli("check", "--project", str(sample), "--today", "2024-01-10")
    assert checked.exit_code == 1, checked.output
    assert where in checked.output and "error: wording" in checked.output, checked.output
    built = run_cli("build", "--project", str(sample), "--quiet", "--format", "html")
    assert built.exit_code == 1
    assert built.output.startswith(where), built.output
    assert "Traceback" not in built.output
    assert not (sample / "build").exists()


def test_the_messages_say_what_was_refused() -> None:
    env = environment()
    expected = {
        "{{ 1 / 0 }}": "division by zero",
        "{% for i in range(100000) %}{% endfor %}": f"range of more than {MAX_RANGE:,}",
        "{% for a in range(9999) %}{% for b in range(9999) %}{% endfor %}{% endfor %}": "too much work",
        "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}": "nests calls too deep",
        "{{ 'x' * 1000000000 }}": f"more than {MAX_TEXT:,}",
    }
    for source, message in expected.items():
        with pytest.raises(Exception) as caught:
            env.from_string(source).render()
        assert message in str(caught.value), (source, caught.value)


def test_ordinary_wording_still_renders() -> None:
    env = environment()
    source = (
        "{% set n = namespace(total=0) %}{% for i in range(1, 4) %}{% set n.total = n.total + i %}{% endfor %}"
        "{{ n.total }} {{ 'a-b' | replace('-', ' ') }} {{ ['x', 'y'] | join(', ') }} {{ '%03d' % 7 }}"
        " {{ '{:>4}'.format(5) }} {{ 'ab' * 2 }} {{ 2 ** 10 }} {{ 'x' | center(5) }}|"
        "{% macro twice(s) %}{{ s }}{{ s }}{% endmacro %}{{ twice('ok') }}"
    )
    assert env.from_string(source).render() == "6 a b x, y 007    5 abab 1024   x  |okok"


def test_the_budget_is_per_render_not_per_process() -> None:
    template = environment().from_string(
        "{% for a in range(300) %}{% for b in range(300) %}{% endfor %}{% endfor %}done"
    )
    for _ in range(5):  # 90,000 iterations each: under the budget every time, however often it runs
        assert template.render() == "done"


def test_an_exception_in_a_file_template_is_located_in_check_and_build(sample: Path) -> None:
    template = "templates/information.html.j2"
    edit(sample / template, "<h1>{{ pack.title | lines }}</h1>", "<h1>{{ pack.title | lines }} {{ 1 / 0 }}</h1>")
    line = line_of(sample / template, "1 / 0")
    checked = run_cli("check", "--project", str(sample), "--today", "2024-01-10")
    assert checked.exit_code == 1
    assert f"{template}:{line}:1: error: template failed: division by zero [template.error]" in checked.output, (
        checked.output
    )
    built = run_cli("build", "--project", str(sample), "--quiet", "--format", "html")
    assert built.exit_code == 1
    assert built.output.startswith(f"{template}:{line}:1: error: template failed: division by zero"), built.output


def test_sandbox_errors_are_template_errors() -> None:
    with pytest.raises(jinja2.TemplateError):
        environment().from_string("{{ 'x' * 1000000000 }}").render()


@pytest.mark.parametrize(
    "text", ["a\n", "a\n\n", "plain", "x\r\ny\rz", " lead ", "tab\tend\n", "", "\n", "50% of *places* \\[x\\]"]
)
def test_wording_without_jinja_renders_as_jinja_would_render_it(text: str) -> None:
    from packgen.wording.env import compile_wording

    assert compile_wording(text).render(hub=None) == environment().from_string(text).render(hub=None)


LOOP = "{% for a in range(9999) %}{% for b in range(9999) %}{% endfor %}{% endfor %}"
PLACES = {
    "a table cell": (PROGRAMME, SENTENCE, f'table:\n          - [Step, When]\n          - [Apply, "{LOOP}"]'),
    "a footnote": (PROGRAMME, SENTENCE, f'"Apply once.^[{LOOP}]"'),
    "a hub's placement": (
        "hubs/WM9.yaml",
        "      extra:\n",
        f'      placements:\n        - after: about\n          blocks:\n            - "{LOOP}"\n      extra:\n',
    ),
}


@pytest.mark.parametrize("place", sorted(PLACES))
def test_the_sandbox_bounds_wording_in_every_block_and_placement(sample: Path, place: str) -> None:
    rel, old, new = PLACES[place]
    edit(sample / rel, old, new)
    where = f"{rel}:{line_of(sample / rel, LOOP[:20])}:"
    built = run_cli("build", "--project", str(sample), "--quiet", "--format", "html")
    assert built.exit_code == 1
    assert built.output.startswith(where) and "too much work" in built.output, built.output
    assert not (sample / "build").exists()


@pytest.mark.parametrize(
    "wording,shown",
    [
        ("{{ day | upper }}", "FRIDAY 1ST MARCH 2024"),
        ("{{ day | string }}", "Friday 1st March 2024"),
        ("{{ day | lower | replace('friday', 'on friday') }}", "on friday 1st march 2024"),
        ("{{ 'by %s' | format(day) }}", "by Friday 1st March 2024"),
        ("{{ [day, day] | join(' or ') }}", "Friday 1st March 2024 or Friday 1st March 2024"),
        ("{{ day | long_date }}", "Friday 1st March 2024"),
        ("{{ day }}", "Friday 1st March 2024"),
    ],
)
def test_a_date_through_a_text_filter_is_the_long_date(wording: str, shown: str) -> None:
    import datetime as dt

    assert environment().from_string(wording).render(day=dt.date(2024, 3, 1)) == shown

"""Markup wording does not take is an error at its line and column, saying what to write instead;
a build with one writes nothing. So are the YAML slips authors make most."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

PROGRAMME = "programmes/number-sense/2024-25.yaml"
ANCHOR = "      - bullets:\n          - Three workshops during the year\n"

CASES = [
    # (the line as written, the text the error points at, the start of what it says to write instead)
    ('      - "### Local groups"\n', "###", "a heading is a block of its own: - heading:"),
    ('      - "1. Schools apply by email"\n', "1.", "a numbered list is a block: - numbered:"),
    ('      - "- Schools apply by email"\n', "-", "a bullet list is a block: - bullets:"),
    ('      - "The model ![a bar model](assets/bar.png) shows it."\n', "![", "a picture is a block: - image: assets/"),
    ('      - "Funding is confirmed.[^1]"\n', "[^1]", "a footnote is written where it belongs, as ^[the note's words]"),
    ('      - "Places are <b>limited</b> this year."\n', "<b>", "HTML is not read: write **bold**"),
    ('      - "First line<br>second line"\n', "<br>", "a line break is a backslash"),
    ('      - "\u2022 Schools apply by email"\n', "\u2022", "a bullet pasted from Word or a PDF: write the list as"),
    ('      - "Funding is confirmed.[1]"\n', "[1]", "a footnote is written where it belongs, as ^[the note's"),
    ('      - "| Term | Meeting |"\n', "| Term | Meeting |", "a table is a block: - table: with rows:"),
]


def test_a_private_use_bullet_and_a_tab_separated_row_are_refused(sample: Path) -> None:
    number, _ = _insert(sample, '      - "\\uF0B7 Schools apply by email"\n')
    tabbed, _ = _insert(sample, '      - "Autumn term\\tTwo meetings"\n')
    result = run_cli("check", "--project", str(sample), "--today", "2024-01-10")
    assert result.exit_code == 1
    assert (
        f"{PROGRAMME}:{number}:9: error: '\\uf0b7' is not markup packgen reads: a bullet pasted from Word or a "
        "PDF: write the list as a block, - bullets: [first item, second item]" in result.output
    ), result.output
    assert f"{PROGRAMME}:{tabbed}:21: error: '\\t' is not markup packgen reads" in result.output
    assert "a tab-separated row pasted from a spreadsheet: write a table as a block" in result.output


def _insert(sample: Path, line: str) -> tuple[int, str]:
    path = sample / PROGRAMME
    text = path.read_text(encoding="utf-8")
    assert ANCHOR in text
    path.write_text(text.replace(ANCHOR, line + ANCHOR, 1), encoding="utf-8")
    number = path.read_text(encoding="utf-8").splitlines().index(line.rstrip("\n")) + 1
    return number, line


@pytest.mark.parametrize("line,token,advice", CASES, ids=[c[1] for c in CASES])
def test_unsupported_markup_is_a_located_error_and_nothing_is_written(
    sample: Path, line: str, token: str, advice: str
) -> None:
    number, written = _insert(sample, line)
    result = run_cli("build", "--project", str(sample), "--quiet", "--jobs", "1")
    assert result.exit_code == 1
    col = written.index(token, written.index('"')) + 1
    expected = f"{PROGRAMME}:{number}:{col}: error: '{token.rstrip('[')}"
    found = [text for text in result.output.splitlines() if text.startswith(f"{PROGRAMME}:{number}:")]
    assert found and found[0].startswith(expected), result.output  # <b>…</b>: the closing tag is the second
    assert advice in found[0] and found[0].endswith("[markup.unsupported]")
    assert not (sample / "build").exists()


def test_check_reports_the_same(sample: Path) -> None:
    number, _ = _insert(sample, CASES[0][0])
    result = run_cli("check", "--project", str(sample), "--today", "2024-01-10")
    assert result.exit_code == 1
    assert (
        f"{PROGRAMME}:{number}:10: error: '###' is not markup packgen reads: a heading is a block of its own"
        in result.output
    )


def test_markup_that_is_fine_is_left_alone(sample: Path) -> None:
    _insert(
        sample,
        '      - "Year 1. Pupils *and* **staff** [apply](https://x.org) 3 < 4, a footnote^[Said here.] and a '
        'break\\\\ here"\n',
    )
    assert run_cli("check", "--project", str(sample), "--today", "2024-01-10").exit_code == 0


def test_a_footnote_outside_the_sections_is_an_error(sample: Path) -> None:
    path = sample / PROGRAMME
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("- Please complete every section.", "- Please complete every section.^[Or ask the hub.]"),
        encoding="utf-8",
    )
    number = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "^[Or ask" in text)
    result = run_cli("check", "--project", str(sample), "--today", "2024-01-10")
    assert result.exit_code == 1
    assert f"{PROGRAMME}:{number}:" in result.output
    assert (
        "a footnote can stand only in a paragraph, list item or table cell of the information sections" in result.output
    )
    assert "[markup.footnote]" in result.output


def test_an_unclosed_footnote_is_an_error(sample: Path) -> None:
    number, written = _insert(sample, '      - "Funding is confirmed.^[By the DfE."\n')
    result = run_cli("check", "--project", str(sample), "--today", "2024-01-10")
    assert f"{PROGRAMME}:{number}:{written.index('^[') + 1}: error: this footnote has no closing ']'" in result.output


# --- YAML slips ---------------------------------------------------------------------------------


def test_an_unquoted_line_holding_colon_space_says_quote_this_line(sample: Path) -> None:
    number, _ = _insert(sample, "      - NB: Schools can only apply once per year\n")
    result = run_cli("check", "--project", str(sample))
    assert result.exit_code == 1
    lines = [text for text in result.output.splitlines() if text.startswith(PROGRAMME)]
    assert lines == [
        f"{PROGRAMME}:{number}:9: error: 'NB: Schools can only apply once per year' holds ': ', so YAML reads it as "
        'a key and a value; quote this line: "NB: Schools can only apply once per year" [schema.yaml_slip]'
    ]
    assert "missing required key" not in result.output


def test_the_same_slip_in_a_bullet_list_says_the_same(sample: Path) -> None:
    path = sample / PROGRAMME
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "          - Three workshops during the year\n", "          - Note: three workshops during the year\n"
        ),
        encoding="utf-8",
    )
    result = run_cli("check", "--project", str(sample))
    assert (
        "'Note: three workshops during the year' holds ': ', so YAML reads it as a key and a value; quote this line"
        in result.output
    )
    assert result.output.count("[schema.yaml_slip]") == 1


@pytest.mark.parametrize(
    "value,starts",
    [
        ("*Note* that schools apply once", "'*' (bold or italic)"),
        ("{{ hub.name }} runs the Work Groups", "'{' (Jinja)"),
        ("[Apply here](https://example.org) by Friday", "'[' (a link)"),
    ],
)
def test_text_yaml_would_read_as_syntax_says_to_quote_it(sample: Path, value: str, starts: str) -> None:
    number, _ = _insert(sample, f"      - {value}\n")
    result = run_cli("check", "--project", str(sample))
    assert f"{PROGRAMME}:{number}:9: error: malformed YAML: text starting with {starts} must be quoted" in result.output


def test_schema_and_template_errors_come_in_one_run(sample: Path) -> None:
    """A hub file the schema refuses does not hide a misspelt variable in the programme's wording."""
    hub = sample / "hubs/SE9.yaml"
    hub.write_text(
        hub.read_text(encoding="utf-8").replace("region: South East", "region: South East\nemial: x@y.org"),
        encoding="utf-8",
    )
    path = sample / PROGRAMME
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Complete the form and send it to {{ hub.name }}", "Complete the form and send it to {{ hub.nmae }}"
        ),
        encoding="utf-8",
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    wording_line = next(i for i, text in enumerate(lines, 1) if "hub.nmae" in text)
    for verb in ("check", "build"):
        result = (
            run_cli(verb, "--project", str(sample), "--quiet")
            if verb == "build"
            else run_cli(verb, "--project", str(sample))
        )
        assert result.exit_code == 1
        assert (
            "hubs/SE9.yaml:4:1: error: unknown key 'emial' (did you mean 'email'?) [schema.extra_forbidden]"
            in result.output
        ), verb
        assert f"{PROGRAMME}:{wording_line}:" in result.output and "'hub' has no attribute 'nmae'" in result.output, (
            verb
        )
    assert not (sample / "build").exists()

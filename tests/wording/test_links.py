"""Links in wording and hub data: only https:, http:, mailto: and relative links within the output
folder come out live; anything else is an error at its file, line and column (issue 12, point 9)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit, line_of, run_cli

from packgen.wording.env import environment
from packgen.wording.inline import link_refusal, parse

REFUSED = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
    "file://server/share/secret.docx",
    "\\\\attacker.example\\share\\x.png",
    "//attacker.example/share",
    "/etc/passwd",
    "../../../../../etc/passwd",
    "ftp://example.org/file",
    "https:evil",
]
ALLOWED = [
    "https://www.ncetm.org.uk",
    "http://example.org/a?b=c#d",
    "mailto:maths@example.org",
    "mailto:maths@example.org?subject=Application",
    "#application-form",
    "application-form.pdf",
    "../../SE9/number-sense/information.html",
    "../../../2025-26/WM9/number-sense/information.pdf",
]


@pytest.mark.parametrize("href", REFUSED)
def test_unsafe_link_targets_are_refused(href: str) -> None:
    assert link_refusal(href)


@pytest.mark.parametrize("href", ALLOWED)
def test_web_mail_and_relative_links_are_allowed(href: str) -> None:
    assert link_refusal(href) is None


HOSTILE_ADDRESSES = [
    "x@y.z)[Email](javascript:alert(1)",
    "x@y.z) [Email](javascript:alert(1))",
    "javascript:alert(1)//@y.z",
    "a b@y.z",
    "x@y.z\\",
]


@pytest.mark.parametrize("address", HOSTILE_ADDRESSES)
def test_the_mailto_filter_makes_one_mailto_link_and_nothing_else(address: str) -> None:
    text = environment().from_string("Write to {{ address | mailto }}.").render(address=address)
    links = [run.href for run in parse(text) if run.href]
    assert links, text
    assert all(href.startswith("mailto:") and link_refusal(href) is None for href in links), links
    assert len(set(links)) == 1, links


PROGRAMME = "programmes/number-sense/2024-25.yaml"


@pytest.mark.parametrize("href", ["javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd", "vbscript:x"])
def test_an_unsafe_link_in_national_wording_stops_check_and_build_at_its_column(sample: Path, href: str) -> None:
    edit(sample / PROGRAMME, "[the NCETM's materials](https://www.ncetm.org.uk)", f"[the NCETM's materials]({href})")
    line = line_of(sample / PROGRAMME, href)
    col = (sample / PROGRAMME).read_text(encoding="utf-8").splitlines()[line - 1].index(href) + 1
    where = f"{PROGRAMME}:{line}:{col}: error:"
    checked = run_cli("check", "--project", str(sample), "--today", "2024-01-10")
    assert checked.exit_code == 1
    assert where in checked.output and "[wording.link]" in checked.output, checked.output
    built = run_cli("build", "--project", str(sample), "--quiet")
    assert built.exit_code == 1
    assert built.output.startswith(where), built.output
    assert not (sample / "build").exists()


def test_a_unc_path_in_a_hubs_own_paragraph_is_an_error_at_its_line(sample: Path) -> None:
    hub = "hubs/WM9.yaml"
    edit(
        sample / hub,
        '- "Our open morning',
        "- '[our form](\\\\fileserver\\share\\form.docx) is here.'\n          - \"Our open morning",
    )
    line = line_of(sample / hub, "fileserver")
    result = run_cli("build", "--project", str(sample), "--quiet")
    assert result.exit_code == 1
    assert result.output.startswith(f"{hub}:{line}:"), result.output
    assert "link to '\\\\fileserver\\share\\form.docx' is not allowed" in result.output
    assert not (sample / "build").exists()


def test_an_email_that_smuggles_a_link_is_refused_where_it_is_written(sample: Path) -> None:
    hub = "hubs/WM9.yaml"
    edit(sample / hub, "email: hello@riverside-hub.example.org", "email: 'x@y.z)[Email](javascript:alert(1)'")
    result = run_cli("build", "--project", str(sample), "--quiet")
    assert result.exit_code == 1
    assert result.output.startswith(f"{hub}:{line_of(sample / hub, 'email:')}:"), result.output
    assert "is not an email address" in result.output
    assert "javascript" not in "".join(p.read_text(errors="replace") for p in (sample).rglob("*.html"))


def test_an_ignore_comment_does_not_hide_an_unsafe_link(sample: Path) -> None:
    edit(
        sample / PROGRAMME,
        "[the NCETM's materials](https://www.ncetm.org.uk).",
        "[the NCETM's materials](javascript:alert(1)).",
    )
    text = (sample / PROGRAMME).read_text(encoding="utf-8")
    (sample / PROGRAMME).write_text(
        text.replace(
            "    body:\n      - >-\n        Number Sense",
            "    body:\n      - >-  # packgen: ignore\n        Number Sense",
            1,
        ),
        encoding="utf-8",
    )
    checked = run_cli("check", "--project", str(sample), "--today", "2024-01-10")
    assert checked.exit_code == 1 and "[wording.link]" in checked.output, checked.output


def _refused_at(sample: Path, rel: str, href: str) -> None:
    """check and build both stop with a wording.link error at the line and column of ``href`` in ``rel``."""
    line = line_of(sample / rel, href)
    col = (sample / rel).read_text(encoding="utf-8").splitlines()[line - 1].index(href) + 1
    where = f"{rel}:{line}:{col}: error: link to '{href}' is not allowed"
    checked = run_cli("check", "--project", str(sample), "--today", "2024-01-10")
    assert checked.exit_code == 1
    assert where in checked.output and "[wording.link]" in checked.output, checked.output
    built = run_cli("build", "--project", str(sample), "--quiet")
    assert built.exit_code == 1
    assert built.output.startswith(where), built.output
    assert not (sample / "build").exists()


NEW_BLOCKS = {
    "a table cell": "      - table:\n          - [Step, Where]\n          - [Apply, '[the form](javascript:evil)']\n",
    "a footnote": "      - 'Three workshops.^[See [the dates](javascript:evil) for each.]'\n",
    "a footnote in a table "
    "cell": "      - table:\n          - [Step, Cost]\n          - [Apply, 'Free^[Ask [us](javascript:evil).]']\n",
    "a numbered list's nested "
    "item": "      - numbered:\n          - text: 'First:'\n            bullets: ['[read this](javascript:evil)']\n",
    "a notice": "      - notice:\n          - '[Read this](javascript:evil) first.'\n",
}


@pytest.mark.parametrize("where", sorted(NEW_BLOCKS))
def test_an_unsafe_link_in_any_block_of_the_sections_is_refused_at_its_column(sample: Path, where: str) -> None:
    edit(
        sample / PROGRAMME,
        "      - bullets:\n          - Three workshops",
        NEW_BLOCKS[where] + "      - bullets:\n          - Three workshops",
    )
    _refused_at(sample, PROGRAMME, "javascript:evil")


def test_an_unsafe_link_in_a_hubs_placement_is_refused_in_the_hub_file(sample: Path) -> None:
    hub = "hubs/WM9.yaml"
    edit(
        sample / hub,
        "      extra:\n",
        "      placements:\n        - after: about\n          blocks:\n            - 'Come to [our "
        "event](file:///etc/passwd).'\n      extra:\n",
    )
    _refused_at(sample, hub, "file:///etc/passwd")

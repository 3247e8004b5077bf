"""check.typed: hub facts typed into wording, in a project (the sentence table is in
fixtures/sentences/wording-typed.yaml)."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

from packgen.check import KNOWN_CODES, check_project, load_config
from packgen.errors import Problem
from packgen.model.project import load_project
from packgen.selection import Selection

HUB = "hubs/WM3.yaml"


def _typed(root: Path, **selection: tuple[str, ...]) -> list[Problem]:
    found = check_project(load_project(root), load_config(root, KNOWN_CODES), Selection(**selection))
    return [p for p in found if p.code == "wording.typed"]


def _place(root: Path, sentence: str) -> tuple[int, int]:
    path = root / HUB
    text = path.read_text(encoding="utf-8")
    old = "            - heading: Come and meet us\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, old + f"            - {sentence}\n"), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines, start=1) if sentence in line)
    return n, lines[n - 1].index(sentence) + 1


def test_another_hubs_email_in_a_hubs_placement_is_an_error_in_the_hub_file(project: Path) -> None:
    other = next(
        line.split(":", 1)[1].split("#")[0].strip()
        for line in (project / "hubs/WM1.yaml").read_text(encoding="utf-8").splitlines()
        if line.startswith("email:")
    )
    line, col = _place(project, f"Questions? Email {other}.")
    [p] = _typed(project, hubs=("WM3",))
    assert (p.path, p.line, p.col + 0, p.severity) == (HUB, line, col + len("Questions? Email "), "error")
    assert p.message.endswith("write {{ hub.email }}")


def test_a_typed_closing_date_that_disagrees_with_the_offer_is_an_error(project: Path) -> None:
    _place(project, "The closing date is Friday 28th June 2024.")
    [p] = _typed(project, hubs=("WM3",))
    assert p.severity == "error"
    assert "'Friday 28th June 2024' typed, but WM3's offer says" in p.message
    assert p.message.endswith("write {{ offer.closing_date }}")


def test_a_typed_closing_date_that_agrees_is_a_warning_with_the_variable_to_write(project: Path) -> None:
    _place(project, "The closing date is Friday 21st June 2024.")
    [p] = _typed(project, hubs=("WM3",))
    assert p.severity == "warning"
    assert "write {{ offer.closing_date }}" in p.message


def test_ignore_comment_silences_it_and_the_cli_prints_it(project: Path) -> None:
    line, _ = _place(project, "The closing date is Friday 28th June 2024.")
    result = run_cli("check", "--project", str(project))
    assert f"{HUB}:{line}:" in result.stdout and "[wording.typed]" in result.stdout
    path = project / HUB
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line - 1] += "  # packgen: ignore[wording.typed] the national deadline, not ours"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _typed(project, hubs=("WM3",)) == []


def test_a_hub_name_inside_a_longer_hub_name_is_the_longer_hub() -> None:
    from types import SimpleNamespace as N

    from packgen.check.typed import typed_findings

    short = N(code="A", spec=N(name="North East Maths Hub", email=None))
    long = N(code="B", spec=N(name="London North East Maths Hub", email=None))
    found = typed_findings("Contact London North East Maths Hub today.", long, [short, long], [long], {})
    assert [(at, severity) for at, _m, severity in found] == [(8, "warning")]

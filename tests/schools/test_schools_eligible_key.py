"""A programme-year's `eligible:` key: validated against GIAS's names where it is written, and the
rule the web layer reaches through HubPack.eligible."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit, line_of

from packgen.errors import PackgenError
from packgen.model.project import load_project
from packgen.schools.eligibility import Rule, rule_of

PY = "programmes/mastering-number/2024-25.yaml"


def _add(project: Path, yaml: str) -> Path:
    path = project / PY
    edit(path, "title: ", f"eligible:\n{yaml}title: ")
    return path


def test_eligible_key_becomes_the_rule(project: Path) -> None:
    _add(project, "  phases: [Primary, All-through]\n  exclude_types: [Other independent school]\n")
    py = next(
        p for p in load_project(project).programmes if p.programme == "mastering-number" and p.year.id == "2024-25"
    )
    assert rule_of(py.spec.eligible) == Rule(
        phases=("Primary", "All-through"), exclude_types=("Other independent school",)
    )


def test_no_eligible_key_is_no_rule(project: Path) -> None:
    py = load_project(project).programmes[0]
    assert py.spec.eligible is None and rule_of(None) is None


@pytest.mark.parametrize(
    ("yaml", "needle", "message"),
    [
        ("  phases: [Primray]\n", "phases:", "'Primray' is not one of GIAS's names (did you mean 'Primary'?)"),
        (
            "  exclude_type_groups: [Independant schools]\n",
            "exclude_type_groups",
            "(did you mean 'Independent schools'?)",
        ),
        ("  phase: [Primary]\n", "phase:", "unknown key 'phase' (did you mean 'phases'?)"),
        ("  status: closed\n", "status:", "status"),
    ],
)
def test_a_wrong_value_is_a_located_error(project: Path, yaml: str, needle: str, message: str) -> None:
    path = _add(project, yaml)
    line = line_of(path, needle)
    with pytest.raises(PackgenError) as info:
        load_project(project)
    problems = [str(p) for p in info.value.problems]
    assert any(p.startswith(f"{PY}:{line}:") and message in p for p in problems), problems

"""render/templating.py: the strict environment over a templates folder, compiled templates kept
once per process by source and settings, and a template's failure named at its own file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from packgen.render import templating
from packgen.render.templating import CompiledTemplates, TemplateFailure, file_env, guarded

BROKEN = "<p>One</p>\n<p>{{ pack.nothing_of_the_kind }}</p>\n"


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A cache of two templates for the test, and the names of the templates Jinja compiled meanwhile."""
    monkeypatch.setattr(templating, "COMPILED", CompiledTemplates(2))
    names: list[str] = []
    real = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: str, name: str | None = None, *args: object, **kw: object) -> object:
        names.append(str(name))
        return real(self, source, name, *args, **kw)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def folder(root: Path, **files: str) -> Path:
    root.mkdir()
    for name, text in files.items():
        (root / f"{name}.html.j2").write_text(text, encoding="utf-8")
    return root


def failure(templates: Path) -> str:
    env = file_env(templates)
    with pytest.raises(TemplateFailure) as info:
        guarded(lambda: env.get_template("page.html.j2").render(pack=object()), templates / "page.html.j2", None)
    return str(info.value.problem)


def test_a_template_is_compiled_once_for_every_folder_that_holds_it(tmp_path: Path, compiled: list[str]) -> None:
    one = folder(tmp_path / "one", page="<h1>{{ title }}</h1>\n")
    two = folder(tmp_path / "two", page="<h1>{{ title }}</h1>\n")
    assert file_env(one).get_template("page.html.j2").render(title="A & B") == "<h1>A &amp; B</h1>\n"
    template = file_env(two).get_template("page.html.j2")
    assert compiled == ["page.html.j2"]
    assert template.filename == str(two / "page.html.j2")
    assert template.render(title="C") == "<h1>C</h1>\n"

    # Not escaping is other code; so is other source.
    assert file_env(two, autoescape=False).get_template("page.html.j2").render(title="A & B") == "<h1>A & B</h1>\n"
    (two / "page.html.j2").write_text("<h2>{{ title }}</h2>\n", encoding="utf-8")
    assert file_env(two).get_template("page.html.j2").render(title="C") == "<h2>C</h2>\n"
    assert compiled == ["page.html.j2"] * 3
    file_env(one).get_template("page.html.j2")  # the first was the oldest of three: two are kept here
    assert compiled == ["page.html.j2"] * 4


def test_a_kept_template_fails_at_its_own_file_and_line(tmp_path: Path, compiled: list[str]) -> None:
    one, two = folder(tmp_path / "one", page=BROKEN), folder(tmp_path / "two", page=BROKEN)
    assert failure(one).startswith(f"{one / 'page.html.j2'}:2:1: error: template ")
    assert failure(two).startswith(f"{two / 'page.html.j2'}:2:1: error: template ")
    assert compiled == ["page.html.j2"]


def test_a_filter_of_the_same_name_defined_elsewhere_is_other_code(tmp_path: Path, compiled: list[str]) -> None:
    # Jinja runs a filter on a constant while it compiles: "{{ 'x' | kind }}" holds the answer.
    templates = folder(tmp_path / "t", page="{{ 'text' | lines }}\n")
    assert file_env(templates).get_template("page.html.j2").render() == "text\n"
    env = file_env(templates)
    env.filters["lines"] = str.upper
    assert env.get_template("page.html.j2").render() == "TEXT\n"
    assert compiled == ["page.html.j2"] * 2


def test_filters_holding_values_of_their_own_and_a_finalize_are_other_code(tmp_path: Path, compiled: list[str]) -> None:
    templates = folder(tmp_path / "t", page="{{ 'x' | tag }} {{ 'y' }}\n")

    def tagged(suffix: str) -> Any:
        return lambda text: f"{text}-{suffix}"  # the same code, a value of its own

    shown = []
    for suffix in ("one", "two"):
        env = file_env(templates)
        env.filters["tag"] = tagged(suffix)
        shown.append(env.get_template("page.html.j2").render())
    finalized = file_env(templates)
    finalized.filters["tag"] = tagged("one")
    finalized.finalize = lambda value: f"[{value}]"
    shown.append(finalized.get_template("page.html.j2").render())
    assert shown == ["x-one y\n", "x-two y\n", "[x-one] [y]\n"]
    assert compiled == ["page.html.j2"] * 3


def test_an_environment_with_extensions_is_not_kept(tmp_path: Path, compiled: list[str]) -> None:
    templates = folder(tmp_path / "t", page="{% do items.append(1) %}{{ items }}\n")
    for _ in range(2):
        env = file_env(templates)
        env.add_extension("jinja2.ext.do")
        assert env.get_template("page.html.j2").render(items=[]) == "[1]\n"
    assert compiled == ["page.html.j2"] * 2

"""docs/reference.md: every key of the data files, generated from the models, kept current."""

from __future__ import annotations

import re

import pytest
from conftest import REPO
from pydantic import BaseModel

from packgen.model import schema as s
from packgen.model.blocks import KINDS
from packgen.reference import ALL_MODELS, FACTS, REFERENCE, documented_keys, fact_names, reference_markdown


def _models_reachable(model: type[BaseModel], seen: set[type[BaseModel]]) -> None:
    """Every model a file's keys can lead to, through lists, mappings, unions and blocks."""
    if model in seen:
        return
    seen.add(model)
    for field in model.model_fields.values():
        for found in re.findall(r"packgen\.model\.schema\.(\w+)", repr(field.annotation)):
            candidate = getattr(s, found, None)
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                _models_reachable(candidate, seen)


def test_the_committed_reference_is_current() -> None:
    assert (REPO / REFERENCE).read_text(encoding="utf-8") == reference_markdown(), (
        "docs/reference.md is out of date: run `packgen schema`"
    )


def test_every_model_a_data_file_can_hold_is_in_the_reference() -> None:
    reachable: set[type[BaseModel]] = set()
    for root in (s.HubFile, s.ProgrammeYearFile, *(k.model for k in KINDS.values() if k.name != "text")):
        _models_reachable(root, reachable)
    described = {model for model, _ in ALL_MODELS}
    assert reachable - described == set(), "a model of the data files is not described in the reference"


@pytest.mark.parametrize("model", [m for m, _ in ALL_MODELS], ids=lambda m: m.__name__)
def test_every_key_is_documented_with_a_description_and_an_example(model: type[BaseModel]) -> None:
    assert documented_keys(model) == [], f"{model.__name__}: give these keys a description and an example"
    text = reference_markdown()
    section = text.split(f"### {model.__name__}\n", 1)[1].split("\n### ", 1)[0]
    for key in model.model_fields:
        assert re.search(rf"^\| `{key}` \| [^|]+ \| [^|]+ \| [^|]+ \| `{key}: ", section, re.M), (
            f"{model.__name__}.{key} has no row"
        )


def test_an_undocumented_key_fails_the_check() -> None:
    """The check is real: a model with a key lacking a description is caught."""

    class Careless(s.Strict):
        documented: str = s.Field(description="Said.", examples=["x"])
        forgotten: str = "quiet"

    assert documented_keys(Careless) == ["forgotten"]


def test_every_fact_and_field_type_is_in_the_reference() -> None:
    text = reference_markdown()
    assert [n for n in fact_names() if n not in FACTS] == []
    for name in ("hub.code", "hub.name", "offer.closing_date", "role.label", "year.label"):
        assert f"`{{{{ {name} }}}}`" in text
    for kind in ("choice", "checkboxes", "date", "number", "yesno", "hub"):
        assert f"| `{kind}` |" in text
    for key in ("choices", "hint", "value", "required", "other", "join_and"):
        assert f"`{key}" in text


def test_the_readme_points_to_the_reference() -> None:
    assert "docs/reference.md" in (REPO / "README.md").read_text(encoding="utf-8")

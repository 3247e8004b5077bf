"""packgen schema: the committed JSON Schema is what the models generate, and it fits the data."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO, run_cli
from ruamel.yaml import YAML

from packgen.model.json_schema import SCHEMA_FILES, json_schemas

KINDS = {"hub.schema.json": "hubs/*.yaml", "programme-year.schema.json": "programmes/*/*.yaml"}


def as_json(path: Path) -> object:
    """A data file as an editor's YAML language server sees it: dates are strings."""
    return json.loads(json.dumps(YAML(typ="safe").load(path), default=str))


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((REPO / "schema" / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_committed_schema_is_current() -> None:
    for name, text in json_schemas().items():
        committed = (REPO / "schema" / name).read_text(encoding="utf-8")
        assert committed == text, f"schema/{name} is out of date: run `packgen schema`"
    assert sorted(p.name for p in (REPO / "schema").glob("*.json")) == sorted(SCHEMA_FILES)


@pytest.mark.parametrize("name", sorted(KINDS))
def test_schema_accepts_every_data_file_in_the_repo(name: str) -> None:
    check = validator(name)
    files = sorted(REPO.glob(KINDS[name]))
    assert files
    for path in files:
        assert [e.message for e in check.iter_errors(as_json(path))] == [], path


def test_schema_underlines_what_the_models_reject() -> None:
    data = as_json(REPO / "programmes/mastering-number/2024-25.yaml")
    data["titel"] = data.pop("title")
    data["sections"][0]["style"] = "boxed"
    messages = sorted(e.message for e in validator("programme-year.schema.json").iter_errors(data))
    assert messages == [
        "'boxed' is not one of ['normal', 'notice']",
        "'title' is a required property",
        "Additional properties are not allowed ('titel' was unexpected)",
    ]
    hub = as_json(REPO / "hubs/WM1.yaml")
    hub["offers"]["mastering-number"]["2024-25"]["closing_date"] = "1st March"
    errors = list(validator("hub.schema.json").iter_errors(hub))
    assert [list(e.path) for e in errors] == [["offers", "mastering-number", "2024-25", "closing_date"]]
    assert "'1st March' is not a 'date'" in [c.message for c in errors[0].context]


def test_schema_command_writes_then_finds_files_unchanged(tmp_path: Path) -> None:
    out = tmp_path / "schema"
    first = run_cli("schema", "--project", str(tmp_path), "--out", str(out))
    assert first.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["hub.schema.json", "programme-year.schema.json"]
    assert json.loads((out / "hub.schema.json").read_text(encoding="utf-8"))["title"] == "HubFile"
    assert (tmp_path / "docs/reference.md").read_text(encoding="utf-8").startswith("# Data reference")
    second = run_cli("schema", "--project", str(tmp_path), "--out", str(out))
    assert (
        second.stdout == "unchanged schema/hub.schema.json\nunchanged schema/programme-year.schema.json\nunchanged "
        "docs/reference.md\n"
    )


def test_schema_check_exits_1_when_a_file_is_stale(tmp_path: Path) -> None:
    assert run_cli("schema", "--project", str(REPO), "--check").exit_code == 0
    out = tmp_path / "schema"
    run_cli("schema", "--project", str(tmp_path))
    (out / "hub.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "docs/reference.md").write_text("# Data reference\n\nhand-edited\n", encoding="utf-8")
    result = run_cli("schema", "--project", str(tmp_path), "--check")
    assert result.exit_code == 1
    assert "out of date: schema/hub.schema.json, docs/reference.md" in result.stderr

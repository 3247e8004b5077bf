"""JSON Schema of the data files, generated from the same pydantic models that validate them."""

from __future__ import annotations

import json

from pydantic import BaseModel

from .schema import HubFile, ProgrammeYearFile

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "hub.schema.json": HubFile,
    "programme-year.schema.json": ProgrammeYearFile,
}
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(model: type[BaseModel]) -> dict[str, object]:
    """The model's JSON Schema (validation mode), marked with its dialect."""
    return {"$schema": DIALECT, **model.model_json_schema(mode="validation")}


def json_schemas() -> dict[str, str]:
    """File name -> the text of its schema, stable from run to run so the committed files can be compared."""
    return {
        name: json.dumps(json_schema(model), indent=2, ensure_ascii=False) + "\n"
        for name, model in SCHEMA_FILES.items()
    }

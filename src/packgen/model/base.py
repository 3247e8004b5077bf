"""The input models' common ground: the strict base model and the kinds of value a file may hold."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic import Strict as PydanticStrict


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


SLUG = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG)]
Count = Annotated[int, PydanticStrict(), Field(ge=1)]
"""A whole number from 1: true and false are not numbers."""
Text = Annotated[str, StringConstraints(min_length=1)]
"""Wording: inline **bold**, *italic*, [links](url) and Jinja expressions such as {{ hub.name }}."""


ASSET = r"^assets/[^\\]+$"


def _inside_assets(path: str) -> str:
    if ".." in path.split("/"):
        raise ValueError(f"{path!r} leaves assets/: images and logos are files under assets/")
    return path


AssetPath = Annotated[str, StringConstraints(pattern=ASSET), AfterValidator(_inside_assets)]
"""A file under the project's assets/ folder, by its path from the project root: assets/logo.png."""
Percent = Annotated[int, PydanticStrict(), Field(ge=1, le=100)]
WEBSITE = r"^https?://[^\s/?#\\()\[\]<>\"']+(?:[/?#][^\s\\()\[\]<>\"']*)?$"
WebAddress = Annotated[str, StringConstraints(pattern=WEBSITE)]
"""An http(s) address with a host, and nothing in it that would break out of markup: https://example.org/page."""

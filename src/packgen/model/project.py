"""Load a project folder (hubs/, programmes/, templates/) into validated models, all problems at once."""

from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..dates import AcademicYear
from ..errors import PackgenError, Problem, display_path
from .schema import HubFile, ProgrammeYearFile
from .yaml_reader import LocatedData, read_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Hub:
    spec: HubFile
    source: LocatedData

    @property
    def code(self) -> str:
        return self.spec.code


@dataclass(frozen=True)
class ProgrammeYear:
    programme: str
    year: AcademicYear
    spec: ProgrammeYearFile
    source: LocatedData

    @property
    def key(self) -> str:
        return f"{self.programme}/{self.year.id}"


@dataclass(frozen=True)
class Project:
    root: Path
    hubs: tuple[Hub, ...]
    programmes: tuple[ProgrammeYear, ...]
    warnings: tuple[Problem, ...] = field(default=())

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    def hub(self, code: str) -> Hub:
        return next(h for h in self.hubs if h.code == code)

    def hubs_running(self, py: ProgrammeYear) -> tuple[Hub, ...]:
        if py.spec.hubs is None:
            return self.hubs
        wanted = set(py.spec.hubs)
        return tuple(h for h in self.hubs if h.code in wanted)


_MESSAGES = {
    "extra_forbidden": "unknown key {key!r}",
    "missing": "missing required key {key!r}",
    "string_type": "{field} must be text, not {got}",
    "int_type": "{field} must be a whole number, not {got}",
    "int_parsing": "{field} must be a whole number, not {got}",
    "bool_type": "{field} must be true or false, not {got}",
    "bool_parsing": "{field} must be true or false, not {got}",
    "date_type": "{field} must be a date like 2024-03-01, not {got}",
    "date_from_datetime_parsing": "{field} must be a date like 2024-03-01, not {got}",
    "date_parsing": "{field} must be a date like 2024-03-01, not {got}",
    "list_type": "{field} must be a list, not {got}",
    "dict_type": "{field} must be a mapping of keys to values, not {got}",
    "model_type": "{field} must be a mapping of keys to values, not {got}",
    "model_attributes_type": "{field} must be a mapping of keys to values, not {got}",
    "string_too_short": "{field} must not be empty",
    "too_short": "{field} must not be empty",
    "greater_than_equal": "{field} must be at least {ge}, not {got}",
    "literal_error": "{field} must be one of {expected}, not {got}",
}


def _describe(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation can hold (through Optional, list, dict, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys the mapping at ``loc`` may have, found by walking the model along the path."""
    models = [model]
    for part in loc:
        if not isinstance(part, str):
            continue
        nxt = [m for cls in models if part in cls.model_fields for m in _models_in(cls.model_fields[part].annotation)]
        models = nxt or models
    return sorted({k for cls in models for k in cls.model_fields})


def validation_problems(exc: ValidationError, src: LocatedData, model: type[BaseModel] | None = None) -> list[Problem]:
    """Turn pydantic's errors into plain-English problems at the YAML line they concern."""
    problems = []
    for err in exc.errors():
        data_loc: list[int | str] = []
        for part in err["loc"]:
            if tuple(data_loc + [part]) in src.positions:
                data_loc.append(part)
        kind = err["type"]
        field_name = ".".join(str(p) for p in data_loc) or "file"
        key = str(err["loc"][-1]) if err["loc"] else ""
        if kind == "extra_forbidden":
            line, col = src.positions.get(tuple(data_loc) + ("__key__",), src.position(tuple(data_loc)))
        else:
            line, col = src.position(tuple(data_loc))
        template = _MESSAGES.get(kind)
        ctx = err.get("ctx") or {}
        if template:
            message = template.format(
                key=key, field=field_name, got=_describe(err.get("input")),
                ge=ctx.get("ge"), expected=ctx.get("expected"),
            )
        elif kind == "string_pattern_mismatch":
            message = f"{field_name}: {_describe(err.get('input'))} is not in the expected form"
        else:
            msg = err["msg"].removeprefix("Value error, ")
            message = f"{field_name}: {msg}" if data_loc else msg
        if kind == "missing" and data_loc:
            message += f" in {'.'.join(str(p) for p in data_loc)}"
        if kind == "extra_forbidden" and model is not None:
            close = difflib.get_close_matches(key, _allowed_keys(model, tuple(err["loc"][:-1])), n=1)
            if close:
                message += f" (did you mean {close[0]!r}?)"
        problems.append(Problem(src.shown, line, col, message, f"schema.{kind}"))
    return problems


def _validate(model: type[M], src: LocatedData, problems: list[Problem]) -> M | None:
    if not isinstance(src.data, dict):
        problems.append(Problem(src.shown, 1, 1, "the file must be a mapping of keys to values", "schema.dict_type"))
        return None
    try:
        return model.model_validate(src.data)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, src, model))
        return None


def _hub_order(hub: Hub) -> tuple[str, int]:
    code = hub.code
    return (code[:2], int(code[2:]))


def load_project(root: Path) -> Project:
    """Read and validate every hub and programme-year file; raise PackgenError with all problems."""
    root = Path(root)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    show = lambda p: display_path(p, root)  # noqa: E731

    if not (root / "hubs").is_dir() or not (root / "programmes").is_dir():
        raise PackgenError([Problem(show(root), 0, 0, "not a packgen project: it needs hubs/ and programmes/ folders", "project.layout")])

    hubs: list[Hub] = []
    hub_paths = sorted((root / "hubs").glob("*.y*ml"))
    # A hub whose file is invalid is still a hub: don't call its code unknown elsewhere too.
    codes_on_disk = {path.stem for path in hub_paths}
    for path in hub_paths:
        try:
            src = read_yaml(path, show(path))
        except PackgenError as exc:
            problems.extend(exc.problems)
            continue
        spec = _validate(HubFile, src, problems)
        if spec is None:
            continue
        if path.stem != spec.code:
            line, col = src.position(("code",))
            problems.append(Problem(src.shown, line, col, f"hub file for {spec.code} must be named {spec.code}{path.suffix}", "hub.filename"))
        hubs.append(Hub(spec, src))

    seen: dict[str, Hub] = {}
    for hub in hubs:
        if hub.code in seen:
            line, col = hub.source.position(("code",))
            problems.append(Problem(hub.source.shown, line, col, f"hub code {hub.code} is also used by {seen[hub.code].source.shown}", "hub.duplicate"))
        seen[hub.code] = hub

    programmes: list[ProgrammeYear] = []
    for path in sorted((root / "programmes").glob("*/*.y*ml")):
        shown = show(path)
        try:
            year = AcademicYear.parse(path.stem)
        except ValueError as exc:
            problems.append(Problem(shown, 1, 1, f"file name: {exc}", "programme.filename"))
            continue
        try:
            src = read_yaml(path, shown)
        except PackgenError as exc:
            problems.extend(exc.problems)
            continue
        spec = _validate(ProgrammeYearFile, src, problems)
        if spec is None:
            continue
        py = ProgrammeYear(path.parent.name, year, spec, src)
        for i, code in enumerate(spec.hubs or ()):
            if code not in seen and code not in codes_on_disk:
                line, col = src.position(("hubs", i))
                problems.append(Problem(shown, line, col, f"unknown hub {code!r}", "hub.unknown"))
        programmes.append(py)

    known = {(p.programme, p.year.id) for p in programmes}
    for hub in hubs:
        for programme, years in hub.spec.offers.items():
            for year_id in years:
                if (programme, year_id) not in known:
                    line, col = hub.source.position(("offers", programme, year_id, "__key__"))
                    warnings.append(Problem(hub.source.shown, line, col, f"offer for {programme} {year_id}, which has no programmes/{programme}/{year_id}.yaml", "offer.unknown", "warning"))

    if not hubs and not problems:
        problems.append(Problem(show(root / "hubs"), 0, 0, "no hub files found", "project.empty"))
    if problems:
        raise PackgenError(problems)
    hubs.sort(key=_hub_order)
    return Project(root=root, hubs=tuple(hubs), programmes=tuple(programmes), warnings=tuple(warnings))

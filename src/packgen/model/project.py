"""Load a project folder (hubs/, programmes/, templates/) into validated models, all problems at once."""

from __future__ import annotations

import difflib
import os
import re
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..dates import AcademicYear
from ..errors import PackgenError, Problem, display_path
from ..settings import project_regions
from .assets import NotAPicture, Picture, picture
from .base import ASSET, SLUG
from .blocks import block_keys, block_tag, cell_tag, item_tag, kind_of_block
from .schema import (
    EMAIL,
    HUB_CODE,
    WEBSITE,
    WORDING_ID,
    YEAR_ID,
    HubFile,
    ProgrammeYearFile,
    nested_lists,
)
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
    pictures: Mapping[str, Picture] = field(default_factory=dict)  # every picture the data uses, by its path
    _running: dict[str, tuple[ProgrammeYear, tuple[Hub, ...]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    def hub(self, code: str) -> Hub:
        return next(h for h in self.hubs if h.code == code)

    def hubs_running(self, py: ProgrammeYear) -> tuple[Hub, ...]:
        """The hubs that get a pack of ``py``: its ``hubs:`` list, every hub for ``hubs: all``, and
        without the key the hubs whose files have an offer for it."""
        was = self._running.get(py.key)
        if was is not None and was[0] is py:  # asked for every piece of wording a check reads
            return was[1]
        if py.spec.hubs == "all":
            running = self.hubs
        elif py.spec.hubs is None:
            running = tuple(h for h in self.hubs if py.year.id in h.spec.offers.get(py.programme, {}))
        else:
            wanted = set(py.spec.hubs)
            running = tuple(h for h in self.hubs if h.code in wanted)
        self._running[py.key] = (py, running)
        return running


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


_FORMS = {
    ASSET: "a file under assets/, like assets/logo.png",
    YEAR_ID: "an academic year like 2024-25",
    HUB_CODE: "a hub code like WM1",
    SLUG: "lower-case words joined by hyphens, like mastering-number",
    EMAIL: "an email address like name@example.org",
    WEBSITE: "a web address like https://example.org",
    WORDING_ID: "a paragraph's or list item's id, like eligibility/any-state-funded (`packgen ids` lists them)",
}


def year_suggestion(text: str) -> str | None:
    """The academic year id a mistyped year most likely means: 2024-2025 or 2024/25 -> 2024-25."""
    m = re.fullmatch(r"(\d{4})\s*(?:[-_/\u2013]|to)\s*(\d{4}|\d{2})", text.strip())
    if not m:
        return None
    start, end = int(m.group(1)), m.group(2)
    if int(end) % (10 ** len(end)) != (start + 1) % (10 ** len(end)):
        return None
    return f"{start}-{(start + 1) % 100:02d}"


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


def _data_path(loc: tuple[Any, ...], src: LocatedData) -> list[int | str]:
    """The path in the file of a pydantic error's ``loc``, without the tags pydantic puts after a
    list element of a tagged union (('body', 1, 'image', 'alt') is body.1.alt: 'image' is its tag)."""
    path: list[int | str] = []
    value: Any = src.data
    element = False
    for part in loc:
        if element and part in {block_tag(value), item_tag(value), cell_tag(value)} - {None}:
            element = False
            continue
        element = False
        if tuple(path + [part]) in src.positions:
            path.append(part)
            value = _value_at(src, tuple(path))
            element = isinstance(part, int)
    return path


def _value_at(src: LocatedData, loc: tuple[Any, ...]) -> Any:
    value = src.data
    for part in loc:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def colon_slip(value: Any) -> str | None:
    """The line as written when YAML read text holding ': ' as a key and its value, else None.

    ``- NB: Schools can only apply once`` is the mapping {"NB": "Schools can only apply once"}.
    """
    if isinstance(value, dict) and len(value) == 1:
        ((key, rest),) = value.items()
        if (
            isinstance(key, str)
            and (rest is None or isinstance(rest, (str, int, float, bool)))
            and key not in block_keys()
        ):
            shown = key if rest is None else f"{key}: {rest}"
            return shown if len(shown) <= 50 else shown[:47] + "..."
    return None


def _slip_message(text: str) -> str:
    return f"'{text}' holds ': ', so YAML reads it as a key and a value; quote this line: \"{text}\""


def _block_message(value: Any, inside: str) -> str:
    """Why a value is not a block (``inside``: "block" or "list item"), saying what to write."""
    slip = colon_slip(value)
    if slip:
        return _slip_message(slip)
    if inside == "list item":
        return "a list item is text, or a mapping of text: with its own bullets: or numbered: list"
    kinds = ", ".join(sorted(block_keys()))
    if isinstance(value, dict):
        if "notice" in value:
            return "a notice cannot hold another notice"
        keys = [str(k) for k in value]
        close = next((c for k in keys for c in difflib.get_close_matches(k, block_keys(), n=1)), None)
        hint = f" (did you mean {close!r}?)" if close else ""
        return f"a block is text, or a mapping with one of {kinds}; this one has {', '.join(map(repr, keys))}{hint}"
    if isinstance(value, (int, float, bool)) or value is None:
        return f"a block is text (quote it) or a mapping with one of {kinds}, not {_describe(value)}"
    return f"a block is text or a mapping with one of {kinds}, not {_describe(value)}"


def _slip_at(err: Any, data_loc: list[Any], src: LocatedData, model: type[BaseModel] | None) -> tuple[Any, ...] | None:
    """Where a key-and-value slip (``- NB: text``) caused this error, if one did."""
    kind = err["type"]
    if kind in ("block_kind", "list_item", "string_type", "model_type", "model_attributes_type"):
        return tuple(data_loc) if colon_slip(_value_at(src, tuple(data_loc))) else None
    if kind in (
        "missing",
        "extra_forbidden",
    ):  # a mapping where one was expected: a slip if its one key is not one of its keys
        at = tuple(data_loc[:-1]) if kind == "extra_forbidden" else tuple(data_loc)
        value = _value_at(src, at)
        if colon_slip(value) and model is not None:
            key = next(iter(value))
            if key not in _allowed_keys(model, tuple(err["loc"][:-1] if kind == "extra_forbidden" else err["loc"])):
                return at
    return None


MESSAGES_FOR_KEYS = {"alt": "an image needs alt text: add alt: saying what it shows, for readers who cannot see it"}


def validation_problems(exc: ValidationError, src: LocatedData, model: type[BaseModel] | None = None) -> list[Problem]:
    """Turn pydantic's errors into plain-English problems at the YAML line they concern."""
    problems = []
    slipped: set[tuple[Any, ...]] = set()  # a key-and-value slip is one problem, however many errors it gives
    for err in exc.errors():
        data_loc = _data_path(err["loc"], src)
        kind = err["type"]
        field_name = ".".join(str(p) for p in data_loc) or "file"
        key = str(err["loc"][-1]) if err["loc"] else ""
        if kind == "extra_forbidden":
            line, col = src.positions.get(tuple(data_loc) + ("__key__",), src.position(tuple(data_loc)))
        else:
            line, col = src.position(tuple(data_loc))
        template = _MESSAGES.get(kind)
        ctx = err.get("ctx") or {}
        slip_at = _slip_at(err, data_loc, src, model)
        if slip_at is not None:
            if slip_at in slipped:
                continue
            slipped.add(slip_at)
            line, col = src.position(slip_at)
            problems.append(
                Problem(
                    src.shown, line, col, _slip_message(colon_slip(_value_at(src, slip_at)) or ""), "schema.yaml_slip"
                )
            )
            continue
        if kind in ("block_kind", "list_item"):
            message = (
                f"{field_name}: {_block_message(err.get('input'), 'block' if kind == 'block_kind' else 'list item')}"
            )
            problems.append(Problem(src.shown, line, col, message, f"schema.{kind}"))
            continue
        if kind == "missing" and key in MESSAGES_FOR_KEYS:
            problems.append(Problem(src.shown, line, col, f"{field_name}: {MESSAGES_FOR_KEYS[key]}", "schema.missing"))
            continue
        if template:
            message = template.format(
                key=key,
                field=field_name,
                got=_describe(err.get("input")),
                ge=ctx.get("ge"),
                expected=ctx.get("expected"),
            )
        elif kind == "string_pattern_mismatch":
            value = err.get("input")
            form = _FORMS.get(ctx.get("pattern"), "in the expected form")
            if err["loc"] and err["loc"][-1] == "[key]":  # a mapping's key: name the mapping, point at the key
                field_name = ".".join(str(p) for p in data_loc[:-1]) or "file"
                line, col = src.positions.get(tuple(data_loc) + ("__key__",), (line, col))
            message = f"{field_name}: {_describe(value)} is not {form}"
            if form == _FORMS[YEAR_ID] and isinstance(value, str) and year_suggestion(value):
                message += f" (did you mean {year_suggestion(value)!r}?)"
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


Kept = dict[Path, tuple[LocatedData, BaseModel]]
"""Each valid file's model, by path, with the parse it was made from (read_project's ``kept``)."""


def _validate(model: type[M], src: LocatedData, problems: list[Problem], kept: Kept | None = None) -> M | None:
    if kept is not None:
        was = kept.get(src.path)
        if was is not None and was[0] is src and isinstance(was[1], model):
            return was[1]
    if not isinstance(src.data, dict):
        problems.append(Problem(src.shown, 1, 1, "the file must be a mapping of keys to values", "schema.dict_type"))
        return None
    try:
        spec = model.model_validate(src.data)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, src, model))
        return None
    if kept is not None:
        kept[src.path] = (src, spec)
    return spec


def _hub_order(hub: Hub) -> tuple[str, int]:
    code = hub.code
    return (code[:2], int(code[2:]))


DATA_SUFFIXES = (".yaml", ".yml")


def _every_file(folder: Path, unreadable: list[Path]) -> list[Path]:
    """Every file under ``folder``, hidden ones too, in order; folders that cannot be listed go in ``unreadable``."""
    found: list[Path] = []
    for here, dirs, files in os.walk(folder, onerror=lambda exc: unreadable.append(Path(exc.filename))):
        dirs.sort()
        found += [Path(here) / name for name in sorted(files)]
    return found


def _unread(shown: str, path: Path, where: str) -> Problem:
    """Why a file under hubs/ or programmes/ is not read: an error if it looks like data, else a warning."""
    suffix = path.suffix.lower()
    if suffix not in DATA_SUFFIXES:
        return Problem(shown, 0, 0, "not read: not a .yaml data file", "project.stray", "warning")
    if path.suffix != suffix and where == "here":
        return Problem(
            shown,
            0,
            0,
            f"not read: data files end in .yaml (lower case); rename it {path.stem}{suffix}",
            "project.unread",
        )
    return Problem(shown, 0, 0, f"not read: {where}", "project.unread")


def did_you_mean(value: str, known: typing.Iterable[str]) -> str:
    """A hint to end a message with, such as " (did you mean 'x'?)", or an empty string."""
    known = list(known)
    close = [k for k in known if k.casefold().replace("-", " ") == value.casefold().replace("-", " ")]
    close = close or difflib.get_close_matches(value, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _form_duplicates(spec: ProgrammeYearFile, src: LocatedData) -> list[Problem]:
    """A field name (group id, role and name together) or group id used twice: the answers would collide."""
    problems: list[Problem] = []
    names: dict[str, tuple[int, int, int]] = {}  # answer name -> (line, group, field) where first used
    groups: dict[str, int] = {}

    def problem(loc: tuple[Any, ...], message: str) -> None:
        line, col = src.position(loc)
        problems.append(Problem(src.shown, line, col, message, "schema.duplicate"))

    if spec.form is None:
        return problems
    for gi, group in enumerate(spec.form.groups):
        gloc = ("form", "groups", gi)
        if group.id:
            if group.id in groups:
                problem(
                    gloc + ("id",), f"group id {group.id!r} is used twice in the form (also at line {groups[group.id]})"
                )
                continue
            groups[group.id] = src.position(gloc + ("id",))[0]
        roles: dict[str, int] = {}
        for ri, role in enumerate(group.repeat or [None]):
            if role is not None:
                rloc = gloc + ("repeat", ri, "key")
                if role.key in roles:
                    problem(rloc, f"role key {role.key!r} is used twice in this group (also at line {roles[role.key]})")
                    continue
                roles[role.key] = src.position(rloc)[0]
            for fi, asked in enumerate(group.fields):
                name = ".".join(part for part in (group.id, role.key if role else None, asked.name) if part)
                floc = gloc + ("fields", fi, "name")
                if name in names:
                    if names[name][1:] != (gi, fi):  # the same field under another role was reported at its role
                        problem(floc, f"field name {name!r} is used twice in the form (also at line {names[name][0]})")
                    continue
                names[name] = (src.position(floc)[0], gi, fi)
    if spec.form.commitments:
        for si, signature in enumerate(spec.form.commitments.signatures):
            name, sloc = f"signature.{signature.name}", ("form", "commitments", "signatures", si, "name")
            if name in names:
                problem(sloc, f"field name {name!r} is used twice in the form (also at line {names[name][0]})")
            else:
                names[name] = (src.position(sloc)[0], -1, si)
    return problems


def _id_duplicates(spec: ProgrammeYearFile, src: LocatedData) -> list[Problem]:
    """A section or block id used twice: hubs place their own blocks by id, so each names one place."""
    problems = []
    first: dict[str, int] = {}
    for loc, block_id in sorted(spec.ids(), key=lambda found: src.position(found[0])):
        line, col = src.position(loc)
        if block_id in first:
            problems.append(
                Problem(
                    src.shown,
                    line,
                    col,
                    f"id {block_id!r} is used twice (also at line {first[block_id]}); each section and block id names "
                    f"one place",
                    "schema.duplicate",
                )
            )
        else:
            first[block_id] = line
    return problems


def _picture_refs(spec: ProgrammeYearFile | HubFile) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(path, src) of every picture a data file uses: its logo, and its blocks' (an image block's, a table's cells')."""
    if spec.logo is not None:
        yield ("logo", "src"), spec.logo.src
    if isinstance(spec, ProgrammeYearFile):
        lists = list(spec.block_lists())
    else:
        lists = [
            found
            for programme, years in spec.offers.items()
            for year, offer in years.items()
            for k, placement in enumerate(offer.placements)
            for found in nested_lists(("offers", programme, year, "placements", k, "blocks"), placement.blocks)
        ]
    for loc, blocks in lists:
        for i, block in enumerate(blocks):
            for at, src in kind_of_block(block).pictures(block):
                yield loc + (i, *at), src


def _pictures(
    root: Path, sources: list[tuple[ProgrammeYearFile | HubFile, LocatedData]]
) -> tuple[dict[str, Picture], list[Problem]]:
    """Every picture the data uses, opened once; a problem at each place that names one that cannot be used."""
    found: dict[str, Picture | NotAPicture] = {}
    problems = []
    for spec, src in sources:
        for loc, path in _picture_refs(spec):
            if path not in found:
                try:
                    found[path] = picture(root, path)
                except NotAPicture as exc:
                    found[path] = exc
            if isinstance(found[path], NotAPicture):
                line, col = src.position(loc)
                problems.append(Problem(src.shown, line, col, str(found[path]), "asset.picture"))
    return {path: pic for path, pic in found.items() if isinstance(pic, Picture)}, problems


def is_project(folder: Path) -> bool:
    """A packgen project is a folder with hubs/ and programmes/ in it."""
    return (folder / "hubs").is_dir() and (folder / "programmes").is_dir()


def find_project(start: Path) -> Path | None:
    """The project ``start`` is in, as git finds its repository: ``start`` or the nearest folder above it."""
    start = start.resolve()
    return next((folder for folder in (start, *start.parents) if is_project(folder)), None)


def _project_root_problem(root: Path) -> Problem | None:
    named = root.resolve().as_posix() if str(root) in ("", ".") else root.as_posix()
    if not root.exists():
        return Problem(named, 0, 0, "no such folder", "project.layout")
    if not root.is_dir():
        return Problem(named, 0, 0, "not a folder", "project.layout")
    if not is_project(root):
        return Problem(named, 0, 0, "not a packgen project: it needs hubs/ and programmes/ folders", "project.layout")
    return None


def load_project(root: Path) -> Project:
    """Read and validate every hub and programme-year file; raise PackgenError with all problems.

    Every file under hubs/ and programmes/ is read or reported: one that looks like data but
    is not where data is read from (another suffix case, a nested folder) is an error, as a
    hub or year would silently drop out; any other file is a warning.
    """
    project, problems = read_project(root)
    if problems or project is None:
        raise PackgenError(problems)
    return project


def read_project(
    root: Path, read: Callable[[Path, str], LocatedData] = read_yaml, kept: Kept | None = None
) -> tuple[Project | None, list[Problem]]:
    """The project as far as it loads, and every problem loading found.

    With problems, the project holds only the hubs and programme-years whose files were valid,
    so that what can still be checked (their templates and wording) is, in the same run; it is
    None when the folder is not a project at all. ``read`` reads one data file (`packgen preview`
    passes one that keeps unchanged files parsed between saves); with ``kept``, a file read to the
    same parse as last time keeps its model too, so what is worked out from a model and cached by
    it (the wording's facts) stays cached.
    """
    root = Path(root)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    show = lambda p: display_path(p, root)  # noqa: E731

    layout = _project_root_problem(root)
    if layout is not None:
        return None, [layout]
    try:
        regions: tuple[str, ...] | None = project_regions(root)
    except PackgenError as exc:
        problems.extend(exc.problems)
        regions = None

    unreadable: list[Path] = []
    hub_paths = []
    hub_files = _every_file(root / "hubs", unreadable)
    for path in hub_files:
        if path.parent == root / "hubs" and path.suffix in DATA_SUFFIXES:
            hub_paths.append(path)
        else:
            where = "here" if path.parent == root / "hubs" else "hub files go directly in hubs/, one per hub"
            (problems if path.suffix.lower() in DATA_SUFFIXES else warnings).append(_unread(show(path), path, where))
    year_paths = []
    for path in _every_file(root / "programmes", unreadable):
        if path.parent.parent == root / "programmes" and path.suffix in DATA_SUFFIXES:
            year_paths.append(path)
        else:
            where = (
                "here"
                if path.parent.parent == root / "programmes"
                else "a programme's years go in programmes/<programme>/<year>.yaml"
            )
            (problems if path.suffix.lower() in DATA_SUFFIXES else warnings).append(_unread(show(path), path, where))
    for folder in unreadable:
        problems.append(
            Problem(show(folder), 0, 0, "not read: the folder cannot be listed (permissions?)", "project.unread")
        )

    hubs: list[Hub] = []
    # A hub whose file is invalid, or reported unread (WM1.YAML), is still a hub: don't call its
    # code unknown elsewhere too.
    codes_on_disk = {path.stem for path in hub_files if path.suffix.lower() in DATA_SUFFIXES}
    for path in hub_paths:
        try:
            src = read(path, show(path))
        except PackgenError as exc:
            problems.extend(exc.problems)
            continue
        spec = _validate(HubFile, src, problems, kept)
        if spec is None:
            continue
        if path.stem != spec.code:
            line, col = src.position(("code",))
            problems.append(
                Problem(
                    src.shown,
                    line,
                    col,
                    f"hub file for {spec.code} must be named {spec.code}{path.suffix}",
                    "hub.filename",
                )
            )
        if regions is not None and spec.region not in regions:
            line, col = src.position(("region",))
            hint = did_you_mean(spec.region, regions) or f"; they are: {', '.join(regions)}"
            problems.append(
                Problem(src.shown, line, col, f"region {spec.region!r} is not one of the regions{hint}", "hub.region")
            )
        hubs.append(Hub(spec, src))

    seen: dict[str, Hub] = {}
    for hub in hubs:
        if hub.code in seen:
            line, col = hub.source.position(("code",))
            problems.append(
                Problem(
                    hub.source.shown,
                    line,
                    col,
                    f"hub code {hub.code} is also used by {seen[hub.code].source.shown}",
                    "hub.duplicate",
                )
            )
        seen[hub.code] = hub

    programmes: list[ProgrammeYear] = []
    for path in year_paths:
        shown = show(path)
        try:
            year = AcademicYear.parse(path.stem)
        except ValueError as exc:
            meant = year_suggestion(path.stem)
            hint = f" (did you mean {meant}{path.suffix}?)" if meant else ""
            problems.append(Problem(shown, 0, 0, f"file name: {exc}{hint}", "programme.filename"))
            continue
        try:
            src = read(path, shown)
        except PackgenError as exc:
            problems.extend(exc.problems)
            continue
        spec = _validate(ProgrammeYearFile, src, problems, kept)
        if spec is None:
            continue
        problems.extend(_form_duplicates(spec, src))
        problems.extend(_id_duplicates(spec, src))
        py = ProgrammeYear(path.parent.name, year, spec, src)
        for i, code in enumerate(spec.hubs if isinstance(spec.hubs, list) else ()):
            if code not in seen and code not in codes_on_disk:
                line, col = src.position(("hubs", i))
                problems.append(Problem(shown, line, col, f"unknown hub {code!r}", "hub.unknown"))
        programmes.append(py)

    # A programme is its folder: one whose year files fail to load is still a programme.
    programme_names = sorted({path.parent.name for path in year_paths})
    known = {(p.programme, p.year.id) for p in programmes}
    for hub in hubs:
        for programme, years in hub.spec.offers.items():
            if programme not in programme_names:
                line, col = hub.source.position(("offers", programme, "__key__"))
                hint = did_you_mean(programme, programme_names)
                problems.append(
                    Problem(hub.source.shown, line, col, f"offers: no programme {programme!r}{hint}", "offer.programme")
                )
                continue
            for year_id in years:
                if (programme, year_id) not in known:
                    line, col = hub.source.position(("offers", programme, year_id, "__key__"))
                    warnings.append(
                        Problem(
                            hub.source.shown,
                            line,
                            col,
                            f"offer for {programme} {year_id}, which has no programmes/{programme}/{year_id}.yaml",
                            "offer.unknown",
                            "warning",
                        )
                    )

    pictures, picture_problems = _pictures(
        root, [(h.spec, h.source) for h in hubs] + [(py.spec, py.source) for py in programmes]
    )
    problems.extend(picture_problems)
    if not hubs and not problems:
        problems.append(Problem(show(root / "hubs"), 0, 0, "no hub files found", "project.empty"))
    hubs.sort(key=_hub_order)
    faulty = {problem.path for problem in problems}  # with problems, only the files without any are kept
    project = Project(
        root=root,
        hubs=tuple(h for h in hubs if h.source.shown not in faulty),
        programmes=tuple(py for py in programmes if py.source.shown not in faulty),
        warnings=tuple(sorted(warnings)),
        pictures=pictures,
    )
    return project, sorted(set(problems))

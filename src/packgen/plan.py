"""Decide what a build makes: one Output per hub, programme-year, document and format."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Iterable

from .context import resolve_pack
from .errors import PackgenError, Problem
from .model.pack import Pack
from .model.project import Project
from .render.base import REGISTRY
from .render.pdf import served_folders

FORMATS = ("html", "pdf", "docx")
DOCUMENTS = ("information",)


@dataclass(frozen=True)
class Selection:
    """What to build; an empty tuple means everything."""

    years: tuple[str, ...] = ()
    hubs: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Output:
    path: PurePosixPath  # relative to the output folder
    document: str
    format: str
    pack: Pack
    digest: str  # of everything that decides the bytes


def _unknown(kind: str, asked: Iterable[str], known: Iterable[str], code: str) -> list[Problem]:
    known = sorted(set(known))
    return [
        Problem("command line", 0, 0, f"unknown {kind} {value!r}; known: {', '.join(known) or 'none'}", code)
        for value in asked if value not in known
    ]


def environment_digest(templates: Path) -> str:
    """A digest of the code, templates, assets and library versions that turn a pack into bytes."""
    h = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    # Every file the PDF renderer's fetcher may serve (templates/, assets/) decides the bytes too.
    for folder in served_folders(templates.parent):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(path.relative_to(templates.parent).as_posix().encode() + b"\0" + path.read_bytes())
    for dist in ("weasyprint", "docxtpl", "python-docx", "jinja2", "pydyf", "pypdf"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            pass
    return h.hexdigest()


def plan(project: Project, selection: Selection = Selection()) -> tuple[Output, ...]:
    """Every output the selection asks for, with its pack resolved. Raises with all problems."""
    problems: list[Problem] = []
    problems += _unknown("hub", selection.hubs, (h.code for h in project.hubs), "hub.unknown")
    problems += _unknown("programme", selection.programmes, (p.programme for p in project.programmes), "programme.unknown")
    problems += _unknown("year", selection.years, (p.year.id for p in project.programmes), "year.unknown")
    documents = selection.documents or tuple(d for d in dict.fromkeys(doc for doc, _ in REGISTRY))
    formats = selection.formats or FORMATS
    pairs = [(d, f) for d in documents for f in formats if (d, f) in REGISTRY]
    problems += _unknown("format", selection.formats, FORMATS, "format.unknown")
    if problems:
        raise PackgenError(problems)

    env = environment_digest(project.templates_dir)
    outputs: list[Output] = []
    seen: dict[str, PurePosixPath] = {}
    for py in project.programmes:
        if selection.programmes and py.programme not in selection.programmes:
            continue
        if selection.years and py.year.id not in selection.years:
            continue
        for hub in project.hubs_running(py):
            if selection.hubs and hub.code not in selection.hubs:
                continue
            try:
                pack = resolve_pack(project, py, hub)
            except PackgenError as exc:
                problems.extend(exc.problems)
                continue
            for document, fmt in pairs:
                path = PurePosixPath(py.year.id, hub.code, py.programme, f"{document}.{fmt}")
                key = str(path).casefold()
                if key in seen:
                    problems.append(Problem(str(path), 0, 0, f"two outputs would be written to {path} (also {seen[key]})", "build.collision"))
                    continue
                seen[key] = path
                digest = hashlib.sha256(f"{env}\0{document}\0{fmt}\0{pack!r}".encode()).hexdigest()
                outputs.append(Output(path, document, fmt, pack, digest))
    if problems:
        raise PackgenError(problems)
    return tuple(outputs)

"""Decide what a build makes: one Output per hub, programme-year, document and format."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath

from .errors import PackgenError, Problem
from .model.pack import Pack
from .model.project import Project
from .render import RENDERERS
from .render.pdf import served_folders
from .resolve import resolve_pack
from .selection import Selection


@dataclass(frozen=True)
class Output:
    path: PurePosixPath  # relative to the output folder
    document: str
    format: str
    pack: Pack
    digest: str  # of everything that decides the bytes


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
    for dist in ("weasyprint", "docxtpl", "python-docx", "jinja2", "pydyf", "pypdf", "pikepdf", "fonttools"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            pass
    return h.hexdigest()


def plan(project: Project, selection: Selection = Selection()) -> tuple[Output, ...]:
    """Every output the selection asks for, with its pack resolved. Raises with all problems."""
    problems = selection.unknown(project, RENDERERS.formats, RENDERERS.documents)
    if problems:
        raise PackgenError(problems)
    documents = selection.documents or RENDERERS.documents
    formats = selection.formats or RENDERERS.formats
    pairs = [(d, f) for d in documents for f in formats if (d, f) in RENDERERS]

    env = environment_digest(project.templates_dir)
    outputs: list[Output] = []
    seen: dict[str, PurePosixPath] = {}
    for py in selection.programme_years(project):
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

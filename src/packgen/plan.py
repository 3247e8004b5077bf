"""Decide what a build makes: one Output per hub, programme-year, document and format, each with a
digest of exactly what decides its bytes."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path, PurePosixPath

import jinja2
from jinja2 import meta

from .errors import PackgenError, Problem
from .forms.controls import CONTROLS
from .model.project import Project
from .pack import Image, Pack, Run
from .render import RENDERERS
from .render.base import Key, document_path
from .resolve import resolve_pack
from .selection import Selection

EVERYTHING = Selection()
"""The selection of every document (a Selection is frozen: one serves every default)."""
LIBRARIES = ("weasyprint", "pydyf", "docxtpl", "python-docx", "jinja2", "pikepdf", "lxml", "fonttools")


@dataclass(frozen=True)
class Output:
    path: PurePosixPath  # relative to the output folder
    document: str
    format: str
    pack: Pack
    digest: str  # of everything that decides the bytes (the files a PDF fetches are in the manifest)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of packgen's code and the versions of the libraries that turn a pack into bytes."""
    h = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for dist in LIBRARIES:
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            pass
    return h.hexdigest()


def template_files(templates: Path, reads: tuple[str, ...]) -> tuple[str, ...]:
    """The files under templates/ a renderer reads, with every template a Jinja one includes,
    imports or extends, found in its source (a name only known when it renders: every template)."""
    found: list[str] = []
    todo = list(reads)
    while todo:
        name = todo.pop(0)
        if name in found:
            continue
        found.append(name)
        if not name.endswith(".j2"):
            continue
        try:
            source = (templates / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the renderer reports it when it loads
        for referenced in references(source):
            todo.extend([referenced] if referenced is not None else dynamic_templates(templates))
    return tuple(found)


@lru_cache(maxsize=256)
def references(source: str) -> tuple[str | None, ...]:
    """The templates a template's source includes, imports or extends, None for a name worked out
    as it renders; none when it does not parse (the renderer reports that). Kept by source: every
    plan of every build asks again of the same few templates."""
    try:
        ast = jinja2.Environment().parse(source)
    except jinja2.TemplateSyntaxError:
        return ()
    return tuple(meta.find_referenced_templates(ast))


def dynamic_templates(templates: Path) -> list[str]:
    """The templates a name worked out while rendering can reach: the controls' macro files (the
    form draws each control with the macro its record names) and a kind of block's own macro
    file under blocks/ (for kinds registered from outside packgen). Nothing else is imported by a
    computed name, so an edit to another template does not make these documents again."""
    controls = {control.template for control in CONTROLS.values()}
    blocks = {p.relative_to(templates).as_posix() for p in (templates / "blocks").rglob("*.j2")}
    return sorted(controls | blocks)


def template_digest(templates: Path, reads: tuple[str, ...]) -> str:
    """A digest of the files under templates/ a renderer reads (a missing one counts as missing)."""
    h = hashlib.sha256()
    for name in template_files(templates, reads):
        try:
            h.update(name.encode() + b"\0" + (templates / name).read_bytes() + b"\0")
        except OSError:
            h.update(name.encode() + b"\0missing\0")
    return h.hexdigest()


def pictures_in(value: object) -> Iterator[Image]:
    """Every picture in a part of a pack (a logo, an image block at any depth), in reading order."""
    if isinstance(value, Image):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from pictures_in(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, (type, Run)):  # a run holds no picture
        for f in dataclasses.fields(value):
            yield from pictures_in(vars(value)[f.name])


def pack_digest(pack: Pack, ignores: tuple[str, ...], file_digest: Callable[[str], str]) -> str:
    """A digest of the parts of ``pack`` a renderer reads: every field but those it declares it ignores,
    so a field added to Pack later is in every digest until a renderer says it does not read it; and
    the bytes of every picture those parts show (``file_digest`` of its path), which every format embeds."""
    kept = tuple((f.name, vars(pack)[f.name]) for f in dataclasses.fields(pack) if f.name not in ignores)
    pictures = sorted({image.src for _, value in kept for image in pictures_in(value)})
    shown = tuple((src, file_digest(src)) for src in pictures)
    return hashlib.sha256(repr((kept, shown)).encode()).hexdigest()


def outside_digest(key: Key) -> str:
    """A digest of the files outside the project that decide a renderer's documents (the form PDF's
    field font, and so the HTML form's that carries it), if any; one it cannot find counts as missing,
    and rendering then says why."""
    try:
        paths = RENDERERS.outside_files(key)
    except Exception as exc:
        return f"unavailable: {type(exc).__name__}"
    return ",".join(f"{path}={file_digest(path)}" for path in paths)


def file_digest(path: Path) -> str:
    """A file's sha256, or why it has none (a missing or unreadable file is a digest of its own)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        return f"unreadable: {exc.errno}"


SITE_PAGE = "index.html"
"""The site's pages (site.py): ``index.html`` for the whole build and ``<year>/index.html`` for each year."""


def is_site_page(rel: str) -> bool:
    parts = rel.split("/")
    return parts[-1] == SITE_PAGE and len(parts) <= 2


def in_scope(selection: Selection, rel: str) -> bool:
    """Whether a build of ``selection`` makes the output at ``rel`` whenever the data still has it,
    so that a build which does not make it may remove it as stale. A document is in scope when its
    year, hub, programme, document and format each pass the selection; a year's site page when its
    year does (the build keeps the page of every year the data has, listed or not); the whole
    build's page always; any other path only for a build of everything."""
    parts = rel.split("/")
    if parts == [SITE_PAGE]:
        return True
    if len(parts) == 2 and parts[1] == SITE_PAGE:
        return not selection.years or parts[0] in selection.years
    if len(parts) == 4 and "." in parts[3]:
        year, hub, programme, name = parts
        document, _, fmt = name.rpartition(".")
        pairs = (
            (selection.years, year),
            (selection.hubs, hub),
            (selection.programmes, programme),
            (selection.documents, document),
            (selection.formats, fmt),
        )
        return all(not chosen or value in chosen for chosen, value in pairs)
    return selection == Selection()


INPUT_FOLDERS = ("hubs", "programmes", "templates", "assets")
INPUT_FILES = ("packgen.toml",)


def input_stamp(root: Path, selection: Selection) -> str:
    """A digest of everything a build reads (packgen's code, every file under hubs/, programmes/,
    templates/ and assets/, packgen.toml, the files outside the project a renderer reads) and of the
    selection. When it is the same as at the last build that succeeded, so is every output's digest,
    and every check that build passed."""
    h = hashlib.sha256(f"{code_digest()}\0{selection!r}\0".encode())
    for key in sorted(RENDERERS):
        h.update(outside_digest(key).encode() + b"\0")
    paths = [root / name for name in INPUT_FILES]
    for folder in INPUT_FOLDERS:
        for base, dirs, names in os.walk(root / folder):
            dirs.sort()
            paths += [Path(base, name) for name in sorted(names)]
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            data = f"unreadable: {exc.errno}".encode()
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def plan(project: Project, selection: Selection = EVERYTHING) -> tuple[Output, ...]:
    """Every output the selection asks for, with its pack resolved. Raises with all problems."""
    problems = selection.unknown(project, RENDERERS.formats, RENDERERS.documents)
    if problems:
        raise PackgenError(problems)
    documents = selection.documents or RENDERERS.documents
    formats = selection.formats or RENDERERS.formats
    pairs = [(d, f) for d in documents for f in formats if (d, f) in RENDERERS]

    code = code_digest()
    fixed = {
        pair: "\0".join(
            (
                code,
                *pair,
                template_digest(project.templates_dir, RENDERERS[pair].reads),
                outside_digest(pair),
            )
        )
        for pair in pairs
    }

    @cache
    def picture_digest(src: str) -> str:
        return file_digest(project.root / src)

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
            parts: dict[tuple[str, ...], str] = {}
            for document, fmt in pairs:
                if not RENDERERS[(document, fmt)].makes(pack):
                    continue
                path = document_path(py.year.id, hub.code, py.programme, document, fmt)
                key = str(path).casefold()
                if key in seen:
                    problems.append(
                        Problem(
                            str(path),
                            0,
                            0,
                            f"two outputs would be written to {path} (also {seen[key]})",
                            "build.collision",
                        )
                    )
                    continue
                seen[key] = path
                ignores = RENDERERS[(document, fmt)].ignores
                if ignores not in parts:
                    parts[ignores] = pack_digest(pack, ignores, picture_digest)
                digest = hashlib.sha256(f"{fixed[(document, fmt)]}\0{parts[ignores]}".encode()).hexdigest()
                outputs.append(Output(path, document, fmt, pack, digest))
    if problems:
        raise PackgenError(problems)
    return tuple(outputs)

"""A registry of renderers by document and format, and the one way they are loaded."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import Problem, display_path
from .base import REQUIRED, Key, Renderer
from .templating import TemplateFailure


class Registry:
    """Renderers by document and format. Registering the same pair twice is a mistake and raises, as is
    a renderer that is not a Renderer, lacks one of its required attributes, carries a document not
    registered, or names a document differently from the renderers of the same document."""

    def __init__(self, renderers: Iterable[type[Renderer]] = ()):
        self._by_key: dict[Key, type[Renderer]] = {}
        for cls in renderers:
            self._add(cls)
        for cls in self._by_key.values():
            self._check_carries(cls)

    def add(self, cls: type[Renderer]) -> type[Renderer]:
        """Register one more renderer (what it carries must be registered already)."""
        self._check_carries(cls)
        return self._add(cls)

    def _check_carries(self, cls: type[Renderer]) -> None:
        unknown = [carried for carried in cls.carries if carried not in self._by_key]
        if unknown:
            raise ValueError(f"{cls.__name__} carries {unknown}, which no renderer makes")
        if cls.carries and cls.check is Renderer.check:
            raise TypeError(f"{cls.__name__} carries other documents, so it must define check()")

    def _add(self, cls: type[Renderer]) -> type[Renderer]:
        if not issubclass(cls, Renderer):
            raise TypeError(f"{cls.__name__} is not a Renderer")
        missing = [name for name in REQUIRED if not any(name in vars(c) for c in cls.__mro__)]
        if missing:
            raise TypeError(f"{cls.__name__} does not set {', '.join(missing)}")
        key = (cls.document, cls.format)
        if key in self._by_key:
            raise ValueError(
                f"two renderers for {cls.document} as {cls.format}: {self._by_key[key].__name__} and {cls.__name__}"
            )
        titles = {other.title for (document, _), other in self._by_key.items() if document == cls.document}
        if titles - {cls.title}:
            raise ValueError(f"{cls.__name__} calls {cls.document} {cls.title!r}, its other renderers {titles}")
        self._by_key[key] = cls
        return cls

    def __getitem__(self, key: Key) -> type[Renderer]:
        return self._by_key[key]

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __iter__(self) -> Iterator[Key]:
        return iter(self._by_key)

    def items(self) -> Iterator[tuple[Key, type[Renderer]]]:
        return iter(self._by_key.items())

    def outside_files(self, key: Key) -> tuple[Path, ...]:
        """The files outside the project whose bytes decide ``key``'s documents: its renderer's own and
        those of the documents it carries (the HTML form's PDF's field font). May raise, as they may."""
        cls = self._by_key[key]
        found = list(cls.outside_files())
        for carried in cls.carries:
            found += self.outside_files(carried)
        return tuple(dict.fromkeys(found))

    def load_one(self, key: Key, templates: Path, root: Path | None = None) -> Renderer | Problem:
        """An instance of the renderer for ``key``, its templates loaded; or, when it cannot load (a
        template missing, unreadable, damaged, or with a syntax error), the problem saying where and why."""
        cls = self._by_key[key]
        try:
            return cls(templates, root)
        except TemplateFailure as exc:
            return exc.problem
        except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError, ValueError) as exc:
            where, reason = templates / cls.reads[0], str(exc) or type(exc).__name__
            if isinstance(exc, OSError):
                where, reason = exc.filename or where, exc.strerror or reason
            return Problem(display_path(where, root), 0, 0, f"template could not be read: {reason}", "template.error")

    def load(
        self, templates: Path, root: Path | None = None, keys: Iterable[Key] | None = None
    ) -> tuple[dict[Key, Renderer], dict[Key, Problem]]:
        """One instance of each renderer asked for (all by default), and the problem of each that
        cannot load. The document service (service.py) loads through load_one."""
        loaded: dict[Key, Renderer] = {}
        failed: dict[Key, Problem] = {}
        for key in keys if keys is not None else list(self._by_key):
            made = self.load_one(key, templates, root)
            if isinstance(made, Problem):
                failed[key] = made
            else:
                loaded[key] = made
        return loaded, failed

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(document for document, _ in self._by_key))

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fmt for _, fmt in self._by_key))

    def document_titles(self) -> dict[str, str]:
        """Each document's title, in registration order: {"information": "Information pack", ...}."""
        return {document: cls.title for (document, _), cls in self._by_key.items()}

    def format_titles(self) -> dict[str, str]:
        """Each format's title, in registration order: {"html": "HTML", "pdf": "PDF", ...}."""
        return {fmt: cls.format_title for (_, fmt), cls in self._by_key.items()}

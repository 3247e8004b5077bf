"""A registry of renderers by document and format, and the one way they are loaded."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import Problem, display_path
from .base import Renderer
from .templating import TemplateFailure

Key = tuple[str, str]  # (document, format)


class Registry:
    """Renderers by document and format. Registering the same pair twice is a mistake and raises."""

    def __init__(self, renderers: Iterable[type[Renderer]] = ()):
        self._by_key: dict[Key, type[Renderer]] = {}
        for cls in renderers:
            self.add(cls)

    def add(self, cls: type[Renderer]) -> type[Renderer]:
        key = (cls.document, cls.format)
        if key in self._by_key:
            raise ValueError(
                f"two renderers for {cls.document} as {cls.format}: {self._by_key[key].__name__} and {cls.__name__}"
            )
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

    def load(
        self, templates: Path, root: Path | None = None, keys: Iterable[Key] | None = None
    ) -> tuple[dict[Key, Renderer], dict[Key, Problem]]:
        """One instance of each renderer asked for (all by default), its templates loaded once; and,
        for each that cannot load (a template missing, unreadable, damaged, or with a syntax error),
        the problem saying where and why. `packgen build` and `packgen check` both load through here."""
        loaded: dict[Key, Renderer] = {}
        failed: dict[Key, Problem] = {}
        for key in keys if keys is not None else list(self._by_key):
            cls = self._by_key[key]
            try:
                loaded[key] = cls(templates, root)
            except TemplateFailure as exc:
                failed[key] = exc.problem
            except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError, ValueError) as exc:
                where = getattr(exc, "filename", None) or templates / cls.reads[0]
                reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
                failed[key] = Problem(
                    display_path(where, root), 0, 0, f"template could not be read: {reason}", "template.error"
                )
        return loaded, failed

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(document for document, _ in self._by_key))

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fmt for _, fmt in self._by_key))

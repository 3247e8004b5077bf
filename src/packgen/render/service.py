"""The document service: the one place that loads renderers, renders a pack's documents, turns a
failure into a located Problem and keeps what it made.

Build workers, `packgen check`, the preview and the web server each hold a Documents over a
project's templates and call it; none of them loads a renderer or catches a render's failure on
its own. A document that carries another (the HTML form carries the form's PDF) is given it here:
the service renders the carried one first, from its cache when it has just made it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from ..errors import PackgenError, Problem
from ..model.pack import Pack
from .base import Key, Renderer, document_path
from .registry import Registry
from .templating import TemplateFailure


@dataclass(frozen=True)
class Rendered:
    """A document's bytes, and the project files it read beyond its renderer's ``reads`` (those of
    the documents it carries included): a build lists them in the manifest."""

    data: bytes
    fetched: tuple[str, ...] = ()


def failure(exc: Exception, where: str) -> Problem:
    """What a render's exception says, located: a template's failure names its template and line; any
    other exception is a render.failed problem at ``where`` (the document)."""
    if isinstance(exc, TemplateFailure):
        return exc.problem
    return Problem(where, 0, 0, f"could not render: {type(exc).__name__}: {exc}", "render.failed")


class Documents:
    """The documents of every renderer in ``registry``, made from the templates under ``templates``.

    Each renderer is loaded on first use and kept (or, when it cannot load, its problem is). The last
    ``cache_size`` documents made (or failures met) are kept by key and pack, so asking again for
    one is free. One render at a time: WeasyPrint's fonts are not shared between threads.
    """

    def __init__(self, registry: Registry, templates: Path, root: Path | None = None, *, cache_size: int = 8):
        self.registry = registry
        self.templates = templates
        self.root = root
        self.cache_size = cache_size
        self.renders = 0  # documents laid out (not taken from the cache) so far: tests and benchmarks count them
        self._renderers: dict[Key, Renderer | Problem] = {}
        self._cache: OrderedDict[tuple[Key, Pack], Rendered | Problem] = OrderedDict()
        self._lock = threading.RLock()

    def renderer(self, key: Key) -> Renderer | Problem:
        """The renderer of ``key``, loaded once; or the problem that kept it from loading."""
        with self._lock:
            if key not in self._renderers:
                self._renderers[key] = self.registry.load_one(key, self.templates, self.root)
            return self._renderers[key]

    def load(self) -> list[Problem]:
        """Load every renderer now (a build's worker does, once); the problem of each that cannot load."""
        return [made for made in (self.renderer(key) for key in self.registry) if isinstance(made, Problem)]

    def attempt(self, pack: Pack, key: Key) -> Rendered | Problem:
        """``pack``'s document of ``key``, or the located problem that kept it from being made."""
        with self._lock:
            cached = self._cache.get((key, pack))
            if cached is not None:
                self._cache.move_to_end((key, pack))
                return cached
            made = self._make(pack, key)
            self._cache[(key, pack)] = made
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
            return made

    def render(self, pack: Pack, key: Key) -> bytes:
        """``pack``'s document of ``key``; raises PackgenError with the problem when it cannot be made."""
        made = self.attempt(pack, key)
        if isinstance(made, Problem):
            raise PackgenError([made])
        return made.data

    def check(self, pack: Pack, key: Key) -> Problem | None:
        """What `packgen check` runs for each hub: the renderer's check (only the templating, where its
        layout is slow), nothing kept. The problem is located at the document's file name, not the hub's
        path, so the same failure for several hubs is one problem."""
        renderer = self.renderer(key)
        if isinstance(renderer, Problem):
            return renderer
        with self._lock:
            try:
                renderer.check(pack)
            except Exception as exc:
                return failure(exc, renderer.file_name())
        return None

    def file_problems(self, key: Key) -> list[Problem]:
        """What can be said of ``key``'s templates without a pack: why its renderer does not load, or
        what its check_files finds (a stylesheet's reference the PDF would refuse)."""
        renderer = self.renderer(key)
        if isinstance(renderer, Problem):
            return [renderer]
        return renderer.check_files()

    def _make(self, pack: Pack, key: Key) -> Rendered | Problem:
        renderer = self.renderer(key)
        if isinstance(renderer, Problem):
            return renderer
        carried: dict[Key, bytes] = {}
        fetched: set[str] = set()
        for other in renderer.carries:
            made = self.attempt(pack, other)
            if isinstance(made, Problem):
                return made
            carried[other] = made.data
            fetched.update(made.fetched)
        self.renders += 1
        try:
            data = renderer.render(pack, carried)
        except Exception as exc:
            return failure(exc, str(document_path(pack.year, pack.hub_code, pack.programme, *key)))
        return Rendered(data, tuple(sorted(fetched.union(renderer.fetched))))

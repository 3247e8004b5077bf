"""Which facts wording uses (``hub.email``, ``offer.places``…), read from its templates, not by rendering.

A fact is used where wording names it, in a condition too: ``{% if hub.email %}`` decides what
the pack says. ``{% for h in hubs %}{{ h.website }}`` uses every hub's website: ``hubs.website``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import jinja2
from jinja2 import nodes

from ..model.project import Hub, ProgrammeYear
from .env import environment
from .walk import programme_pieces

OBJECTS = ("hub", "offer", "apply")


def _attribute(node: nodes.Node) -> tuple[str, str] | None:
    """(name, attribute) of ``name.attribute`` or ``name['attribute']``."""
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
        return node.node.name, node.attr
    if (
        isinstance(node, nodes.Getitem)
        and isinstance(node.node, nodes.Name)
        and isinstance(node.arg, nodes.Const)
        and isinstance(node.arg.value, str)
    ):
        return node.node.name, node.arg.value
    return None


@lru_cache(maxsize=4096)
def facts_in(text: str) -> frozenset[str]:
    """The facts one piece of wording names, as ``hub.email``; a loop over ``hubs`` names ``hubs.*`` facts."""
    if "{" not in text:
        return frozenset()
    try:
        tree = environment().parse(text)
    except jinja2.TemplateSyntaxError:
        return frozenset()  # the template checks report it
    every_hub = {
        target.name
        for loop in tree.find_all(nodes.For)
        if isinstance(loop.iter, nodes.Name) and loop.iter.name == "hubs"
        for target in ([loop.target] if isinstance(loop.target, nodes.Name) else [])
    }
    found = set()
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        named = _attribute(node)
        if named is None:
            continue
        name, attribute = named
        if name in OBJECTS:
            found.add(f"{name}.{attribute}")
        elif name in every_hub:
            found.add(f"hubs.{attribute}")
    return frozenset(found)


def facts_used(texts: Iterable[str]) -> frozenset[str]:
    return frozenset(fact for text in texts for fact in facts_in(text))


_FACTS: dict[tuple[str, int, int], tuple[object, object, frozenset[str]]] = {}
_KEEP = 1024


def wording_facts(py: ProgrammeYear, hub: Hub | None = None) -> frozenset[str]:
    """Every fact a programme-year's wording names (with ``hub``, that hub's own wording in it too).

    Kept by the models it was read from (the same objects, not equal ones), so a check run again
    on a project re-read with its unchanged files' models kept (the preview's) walks only what changed.
    """
    key = (py.key, id(py.spec), id(hub.spec) if hub is not None else 0)
    was = _FACTS.get(key)
    if was is not None and was[0] is py.spec and was[1] is (hub.spec if hub is not None else None):
        return was[2]
    found = facts_used(piece.text for piece in programme_pieces(py, hub) if piece.templated)
    if len(_FACTS) >= _KEEP:
        del _FACTS[next(iter(_FACTS))]
    _FACTS[key] = (py.spec, hub.spec if hub is not None else None, found)
    return found

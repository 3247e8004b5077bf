"""The one Jinja environment wording is rendered in: sandboxed, strict, escaping hub facts as markup."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote
from functools import lru_cache
from typing import Any, Iterable

import jinja2
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..dates import long_date
from . import inline


class Raw(str):
    """Wording markup produced by a filter (a link); not escaped again."""


def _finalize(value: Any) -> str:
    if isinstance(value, Raw):
        return value
    if isinstance(value, dt.date):
        return long_date(value)
    return inline.escape(str(value))


def _join(items: Iterable[str], last: str) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _mailto(address: Any) -> Raw:
    """A mailto: link to ``address``. The target is percent-encoded, so no ``)``, space or markup in
    the address can end the link early and start another: the result is one mailto: link, whatever it is given."""
    text = str(address)
    return Raw(f"[{inline.escape(text)}](mailto:{quote(text, safe='@+')})")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja environment for wording in data files: sandboxed, strict, markup-escaping."""
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, finalize=_finalize, keep_trailing_newline=False
    )
    env.filters["long_date"] = long_date
    env.filters["join_or"] = lambda items: _join(items, "or")
    env.filters["join_and"] = lambda items: _join(items, "and")
    env.filters["mailto"] = _mailto
    return env


@lru_cache(maxsize=4096)
def compile_wording(text: str) -> jinja2.Template:
    """One piece of wording as a template, compiled once however many hubs render it."""
    return environment().from_string(text)


_OBJECT = re.compile(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '([^']*)'")
_NAMES: dict[str, str] = {}


def name_for_authors(cls: type, name: str) -> type:
    """Record that objects of ``cls`` are known to template authors as ``name`` (hub, offer…)."""
    _NAMES[cls.__name__] = name
    return cls


def undefined_message(exc: Exception) -> str:
    """Jinja's message in the names a template author uses: 'hub' has no attribute 'nmae'."""
    message = getattr(exc, "message", None) or str(exc)
    m = _OBJECT.search(message)
    if m:
        return f"{_NAMES.get(m.group(1), m.group(1))!r} has no attribute {m.group(2)!r}"
    return message

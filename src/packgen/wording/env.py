"""The one Jinja environment wording is rendered in: sandboxed, strict, escaping hub facts as markup."""

from __future__ import annotations

import datetime as dt
import re
import types
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from functools import lru_cache, wraps
from string import Formatter
from typing import Any, NoReturn
from urllib.parse import quote

import jinja2
from jinja2 import StrictUndefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Cycler, Joiner, Namespace

from ..dates import long_date
from . import inline


class Raw(str):
    """Wording markup produced by a filter (a link); not escaped again."""


def _finalize(value: Any) -> str:
    _made(value)
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


MAX_RANGE = 10_000
"""The most numbers one ``range()`` in wording may give."""
MAX_STEPS = 100_000
"""The work one piece of wording may do for one hub: loop rounds, calls, operators and filters, each
costing 1 and a further 1 per 1,000 characters or items it makes."""
MAX_DEPTH = 20
"""How deeply calls may nest: macros calling macros, a macro calling itself."""
MAX_TEXT = 1_000_000
"""The most characters (or items) of any value wording makes, its output included."""
MAX_BITS = 4096
"""The largest whole number wording may make, in bits (about 1,200 digits)."""

_WIDENING = frozenset(
    {"center", "ljust", "rjust", "zfill", "expandtabs", "indent", "wordwrap", "truncate", "batch", "slice"}
)
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_COUNTED = "__packgen_counted"
_BOUND = (types.BuiltinMethodType, types.MethodType, types.MethodWrapperType)
"""Callables bound to an object (``__self__``): ``"ab".ljust``, ``[].append``, a builtin's module."""
_NAMED = (*_BOUND, types.FunctionType, type)
"""Callables whose ``__name__`` says what a call does."""
_NEWLINES = re.compile(r"\r\n|\r")


class _Budget:
    __slots__ = ("steps", "depth")

    def __init__(self) -> None:
        self.steps = 0
        self.depth = 0


_BUDGET: ContextVar[_Budget | None] = ContextVar("wording_budget", default=None)


def _refuse(message: str) -> NoReturn:
    raise SecurityError(message)


def _spend(cost: int = 1) -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.steps += cost
        if budget.steps > MAX_STEPS:
            _refuse(f"wording does too much work (more than {MAX_STEPS:,} steps of loops, calls and filters)")


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple, dict, set, frozenset, range)) else 0


def _made(value: Any) -> Any:
    """A value wording made, refused when too large, its size paid for from the budget."""
    size = _size(value)
    if size > MAX_TEXT:
        _refuse(f"wording makes a value of more than {MAX_TEXT:,} characters or items")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_BITS:
        _refuse(f"wording makes a number of more than {MAX_BITS:,} bits")
    _spend(1 + size // 1000)
    return value


def _widths(args: Iterable[Any]) -> None:
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > MAX_TEXT:
            _refuse(f"wording asks for a width or count of {arg:,}; the most is {MAX_TEXT:,}")


def _check_percent(fmt: str, args: Any) -> None:
    star = False
    for m in _PERCENT.finditer(fmt):
        for part in m.groups():
            star = star or part == "*"
            if part and part != "*" and (len(part) > 7 or int(part) > MAX_TEXT):
                _refuse(f"wording asks for a width of {part}; the most is {MAX_TEXT:,}")
    if star:
        _widths(args if isinstance(args, tuple) else (args,))


def _check_format(fmt: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for _, _, spec, _ in Formatter().parse(fmt):
        for number in re.findall(r"\d+", spec or ""):
            if len(number) > 7 or int(number) > MAX_TEXT:
                _refuse(f"wording asks for a width of {number}; the most is {MAX_TEXT:,}")
        if spec and "{" in spec:
            _widths((*args, *kwargs.values()))


def _grows(name: str, obj: Any, args: tuple[Any, ...]) -> None:
    """Refuse, before it runs, an operation whose result would be far larger than its inputs."""
    if name in _WIDENING:
        _widths(args)
    elif name == "replace" and isinstance(obj, str) and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        times = obj.count(old) if old else len(obj) + 1
        if len(obj) + times * max(0, len(new) - len(old)) > MAX_TEXT:
            _refuse(f"wording makes a value of more than {MAX_TEXT:,} characters or items")
    elif name == "join" and isinstance(obj, str) and args and _size(args[0]) * len(obj) > MAX_TEXT:
        _refuse(f"wording makes a value of more than {MAX_TEXT:,} characters or items")


def _joined(parts: Iterable[str]) -> str:
    """A render's output, refused as soon as it passes MAX_TEXT characters."""
    kept, total = [], 0
    for part in parts:
        total += len(part)
        if total > MAX_TEXT:
            _refuse(f"wording makes a value of more than {MAX_TEXT:,} characters or items")
        kept.append(part)
    return "".join(kept)


def _range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        _refuse(f"wording asks for a range of more than {MAX_RANGE:,} numbers")
    return numbers


def _counted(items: Iterable[Any]) -> Iterator[Any]:
    """A loop's items, each round paid for from the budget."""
    for item in items:
        _spend()
        yield item


TEXT_FILTERS = frozenset(
    {
        "upper", "lower", "title", "capitalize", "string", "trim", "replace", "truncate", "center", "wordwrap",
        "indent", "striptags", "escape", "e", "forceescape", "safe", "urlencode", "wordcount", "format", "join",
        "join_and", "join_or", "list", "first", "last",
    }
)  # fmt: skip
"""Filters that make text of what they are given: a date given to one is its long date first, as
``{{ date }}`` shows it, never the ISO form (Friday 1st March 2024, not 2024-03-01)."""


def _as_text(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return long_date(value)
    if isinstance(value, (list, tuple)) and any(isinstance(v, dt.date) for v in value):
        return type(value)(_as_text(v) for v in value)
    return value


def _guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    passes_first = getattr(func, "jinja_pass_arg", None) is not None
    texts = name in TEXT_FILTERS

    @wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if texts:
            args = tuple(_as_text(a) for a in args)
            kwargs = {k: _as_text(v) for k, v in kwargs.items()}
        rest = args[1:]
        if passes_first:  # the context or environment comes first, then the value
            rest = args[2:]
        value = args[1] if passes_first else args[0]
        _spend(1 + _size(value) // 1000)
        if name == "format" and isinstance(value, str):
            _check_percent(value, rest or tuple(kwargs.values()))
        if name == "join" and len(rest) >= 1 and isinstance(rest[0], str):
            _grows("join", rest[0], (value,))
        else:
            _grows(name, value, rest)
        return _made(func(*args, **kwargs))

    return guarded


class _BoundedTemplate(jinja2.Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        """The template's text, with a fresh budget of work for this render."""
        token = _BUDGET.set(_Budget())
        try:
            return super().render(*args, **kwargs)
        finally:
            _BUDGET.reset(token)


class _BoundedCodeGenerator(CodeGenerator):
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        # ``a ~ b`` is not an intercepted operator: check what it makes (doubling a string in a loop).
        self.write("environment.made(")
        super().visit_Concat(node, frame)
        self.write(")")


class WordingEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with the work of one render bounded: every loop round, call,
    operator and filter is paid for from a budget of MAX_STEPS; calls nest at most MAX_DEPTH deep;
    no value or output passes MAX_TEXT characters; ranges give at most MAX_RANGE numbers."""

    template_class = _BoundedTemplate
    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "%", "+", "-", "/", "//"})
    made = staticmethod(_made)
    concat = staticmethod(_joined)

    def compile(
        self,
        source: Any,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        """Compile with every for-loop's items counted against the budget."""
        if isinstance(source, str):
            source = self.parse(source, name, filename)
        for loop in source.find_all(nodes.For):
            counter = nodes.Name(_COUNTED, "load", lineno=loop.iter.lineno)
            loop.iter = nodes.Call(counter, [loop.iter], [], None, None, lineno=loop.iter.lineno).set_environment(self)
        return super().compile(source, name, filename, raw, defer_init)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
            if left.bit_length() * right > MAX_BITS:
                _refuse(f"wording makes a number of more than {MAX_BITS:,} bits")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if _size(seq) and isinstance(times, int) and _size(seq) * times > MAX_TEXT:
                    _refuse(f"wording makes a value of more than {MAX_TEXT:,} characters or items")
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_BITS:
                _refuse(f"wording makes a number of more than {MAX_BITS:,} bits")
        if operator == "%" and isinstance(left, str):
            _check_percent(left, right)
        return _made(super().call_binop(context, operator, left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = _BUDGET.get()
        if budget is not None and budget.depth >= MAX_DEPTH:
            _refuse(f"wording nests calls too deep (more than {MAX_DEPTH}): does a macro call itself?")
        owner = __obj.__self__ if isinstance(__obj, _BOUND) else None
        name = __obj.__name__ if isinstance(__obj, _NAMED) else ""
        if name not in ("format", "format_map"):
            _grows(name, owner, args)
            if isinstance(owner, (str, list, tuple)):
                _widths(args)
        _spend(1 + (_size(owner) + sum(_size(a) for a in args)) // 1000)
        if budget is not None:
            budget.depth += 1
        try:
            return _made(ImmutableSandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs))
        finally:
            if budget is not None:
                budget.depth -= 1

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt = value.__self__

        @wraps(wrapped)
        def checked(*args: Any, **kwargs: Any) -> str:
            _check_format(fmt, args, kwargs if kwargs or value.__name__ == "format" else (args[0] if args else {}))
            return wrapped(*args, **kwargs)

        return checked


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja environment for wording in data files: sandboxed, strict, markup-escaping, bounded."""
    env = WordingEnvironment(
        undefined=StrictUndefined, autoescape=False, finalize=_finalize, keep_trailing_newline=False
    )
    env.filters["long_date"] = long_date
    env.filters["join_or"] = lambda items: _join(items, "or")
    env.filters["join_and"] = lambda items: _join(items, "and")
    env.filters["mailto"] = _mailto
    env.filters = {name: _guard_filter(name, func) for name, func in env.filters.items()}
    env.globals = {
        "range": _range,
        "dict": dict,
        "namespace": Namespace,
        "cycler": Cycler,
        "joiner": Joiner,
        _COUNTED: _counted,
    }
    return env


class Verbatim:
    """Wording with no Jinja in it: renders as itself, as Jinja would, without a template's cost."""

    def __init__(self, text: str):
        text = _NEWLINES.sub("\n", text)  # as Jinja's lexer does
        self.text = text[:-1] if text.endswith("\n") else text  # and Jinja drops one trailing newline

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self.text


@lru_cache(maxsize=4096)
def compile_wording(text: str) -> jinja2.Template | Verbatim:
    """One piece of wording as a template, compiled once however many hubs render it."""
    if "{" not in text:  # no {{ }}, {% %} or {# #}: nothing for Jinja to do
        return Verbatim(text)
    return environment().from_string(text)


_OBJECT = re.compile(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '([^']*)'")
_NAMES: dict[str, str] = {}


def name_for_authors(cls: type, name: str) -> type:
    """Record that objects of ``cls`` are known to template authors as ``name`` (hub, offer…)."""
    _NAMES[cls.__name__] = name
    return cls


def undefined_message(exc: Exception) -> str:
    """Jinja's message in the names a template author uses: 'hub' has no attribute 'nmae'."""
    message = (exc.message if isinstance(exc, jinja2.TemplateError) else None) or str(exc)
    m = _OBJECT.search(message)
    if m:
        return f"{_NAMES.get(m.group(1), m.group(1))!r} has no attribute {m.group(2)!r}"
    return message

"""Read YAML keeping the line and column of every value, for error messages.

Whatever a file holds ends as values or as located problems, never a traceback, and the work
is bounded: a file's size, one value's size, a number's digits, nesting depth and the number
of values once aliases are expanded all have limits far above what real data needs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedKeyMap, CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.parser import Parser
from ruamel.yaml.scanner import Scanner

from ..errors import PackgenError, Problem
from ..recent import Recent

Loc = tuple[int | str, ...]

MAX_FILE = 2 * 1024 * 1024  # bytes in one data file; the largest real one is about 15 KB
MAX_SCALAR = 100_000  # characters in one value
MAX_DIGITS = 18  # digits in one number
MAX_DEPTH = 50  # levels of nesting, aliases included; real files use under 10
MAX_VALUES = 100_000  # values in one file once aliases are expanded; real files have about 1,000
KEEP_PARSED = 512  # parses a process keeps, by file content: twice the files of a national project


@dataclass
class LocatedData:
    """Plain Python data from one YAML file, and where each value stood in it."""

    path: Path
    shown: str
    data: Any
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    text: str = ""

    def position(self, loc: Loc) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``loc``, or of its nearest parent."""
        loc = tuple(loc)
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))

    def locate_text(self, loc: Loc, needle: str) -> tuple[int, int]:
        """Line and column of ``needle`` inside the (possibly multi-line) scalar at ``loc``.

        Falls back to where the value starts when the needle cannot be found.
        """
        line, col = self.position(loc)
        lines = self.text.splitlines()
        if not needle or not 0 < line <= len(lines):
            return line, col
        indent = len(lines[line - 1]) - len(lines[line - 1].lstrip())
        for i in range(line - 1, len(lines)):
            current = lines[i]
            if i > line - 1 and current.strip() and len(current) - len(current.lstrip()) <= indent:
                break
            found = current.find(needle, col - 1 if i == line - 1 else 0)
            if found >= 0:
                return i + 1, found + 1
        return line, col


class _Refused(MarkedYAMLError):
    """A file that parses but goes past a limit, or holds a value that cannot be made."""

    def __init__(self, code: str, problem: str, mark: Any):
        super().__init__(problem=problem, problem_mark=mark)
        self.code = code


class _Composer(Composer):
    """Refuses, as it reads, nesting too deep and aliases that expand too far or into themselves."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self._level = 0
        self._values = 0
        self._shape: dict[Any, tuple[int, int]] = {}  # a composed node -> (values in it, its height)

    def _count(self, values: int, mark: Any) -> None:
        self._values += values
        if self._values > MAX_VALUES:
            raise _Refused("yaml.aliases", f"more than {MAX_VALUES:,} values once aliases are expanded", mark)

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            event = self.parser.peek_event()
            target = self.anchors.get(event.anchor)
            if target is not None:  # an undefined alias is ruamel's own located error
                if target not in self._shape:
                    raise _Refused("yaml.aliases", "this alias refers to a value that contains it", event.start_mark)
                values, height = self._shape[target]
                if self._level + height > MAX_DEPTH:
                    raise _Refused(
                        "yaml.depth", f"nested more than {MAX_DEPTH} levels deep through this alias", event.start_mark
                    )
                self._count(values, event.start_mark)
            return super().compose_node(parent, index)
        event = self.parser.peek_event()
        self._level += 1
        try:
            if self._level > MAX_DEPTH:
                raise _Refused("yaml.depth", f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            node = super().compose_node(parent, index)
        finally:
            self._level -= 1
        self._count(1, event.start_mark)
        if isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, SequenceNode):
            children = list(node.value)
        else:
            children = []
        shapes = [self._shape[c] for c in children]
        self._shape[node] = (1 + sum(v for v, _ in shapes), 1 + max((h for _, h in shapes), default=0))
        return node


_RADIX = re.compile(r"^[-+]?0[xXoObB]")
_KINDS = {
    "timestamp": "date",
    "int": "whole number",
    "float": "number",
    "bool": "boolean (true or false)",
    "binary": "base64 data",
}


class _Constructor(RoundTripConstructor):
    """Refuses oversized values, and makes any value it cannot construct a located error."""

    def construct_non_recursive_object(self, node: Any, tag: Any = None) -> Any:
        kind = str(node.tag).rsplit(":", 1)[-1]
        if isinstance(node, ScalarNode):
            size = len(node.value)
            if size > MAX_SCALAR:
                raise _Refused(
                    "yaml.size", f"a value of {size:,} characters; at most {MAX_SCALAR:,} are allowed", node.start_mark
                )
            digits = sum(c.isalnum() for c in _RADIX.sub("", node.value))  # hexadecimal and octal digits too
            if kind in ("int", "float") and digits > MAX_DIGITS:
                raise _Refused(
                    "yaml.size", f"a number of {digits:,} digits; at most {MAX_DIGITS} are allowed", node.start_mark
                )
        try:
            return super().construct_non_recursive_object(node, tag)
        except MarkedYAMLError:
            raise
        except Exception as exc:
            what = _KINDS.get(kind, "value")
            shown = node.value if isinstance(node, ScalarNode) else node.id
            raise _Refused("yaml.value", f"{shown} is not a {what}: {exc}", node.start_mark) from None


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    # The round-trip constructor for each value's line and column; the plain scanner and parser, as
    # packgen never keeps comments and gathering them was a quarter of the time to read a file.
    yaml.Scanner = Scanner
    yaml.Parser = Parser
    yaml.Composer = _Composer
    yaml.Constructor = _Constructor
    return yaml


def _control(text: str) -> str | None:
    """The first control character in ``text`` other than tab and newline, if any."""
    for ch in text:
        if ch not in "\t\n" and unicodedata.category(ch) == "Cc":
            return ch
    return None


def _dotted(loc: Loc) -> str:
    return ".".join(str(p) for p in loc)


class _Flattener:
    """Plain Python data from ruamel's, recording every value's position and any control characters."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.positions: dict[Loc, tuple[int, int]] = {(): (1, 1)}
        self.problems: list[Problem] = []

    def _check_text(self, text: str, loc: Loc, what: str) -> None:
        ch = _control(text)
        if ch is not None:
            line, col = self.positions.get(loc, (1, 1))
            self.problems.append(
                Problem(self.shown, line, col, f"{what}: control character U+{ord(ch):04X} in text", "yaml.control")
            )

    def plain(self, node: Any, loc: Loc) -> Any:
        if isinstance(node, CommentedMap):
            out = {}
            for key, value in node.items():
                try:
                    line, col = (
                        node.lc.value(key) if not isinstance(value, (CommentedMap, CommentedSeq)) else node.lc.key(key)
                    )
                except (KeyError, TypeError):
                    line, col = node.lc.line, node.lc.col
                if isinstance(key, (CommentedMap, CommentedKeyMap, CommentedSeq, tuple)):
                    # `- {{ hub.name }}` unquoted is a mapping with a mapping for its key.
                    kline, kcol = node.lc.line, node.lc.col
                    self.problems.append(
                        Problem(
                            self.shown,
                            kline + 1,
                            kcol + 1,
                            "text starting with '{' (Jinja) must be quoted: put the whole line in quotes, or write >- "
                            "and the text on the next line",
                            "yaml.syntax",
                        )
                    )
                    continue
                skey = str(key) if not isinstance(key, (str, int)) else key
                self.positions[loc + (skey,)] = (line + 1, col + 1)
                # pydantic reports a missing or unknown key at the mapping; point at the key itself.
                kline, kcol = node.lc.key(key)
                self.positions.setdefault(loc + (skey, "__key__"), (kline + 1, kcol + 1))
                if isinstance(skey, str):
                    self._check_text(skey, loc + (skey, "__key__"), f"a key in {_dotted(loc)}" if loc else "a key")
                out[skey] = self.plain(value, loc + (skey,))
            return out
        if isinstance(node, CommentedSeq):
            out_list = []
            for i, value in enumerate(node):
                try:
                    line, col = node.lc.item(i)
                    self.positions[loc + (i,)] = (line + 1, col + 1)
                except (KeyError, TypeError):
                    pass
                out_list.append(self.plain(value, loc + (i,)))
            return out_list
        if isinstance(node, str):
            self._check_text(node, loc, _dotted(loc) or "the file")
            return str(node)
        return node


def _decode(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[start : exc.start].decode("utf-8", errors="replace")) + 1
        raise PackgenError(
            [Problem(shown, line, col, f"not UTF-8 text ({exc.reason} 0x{data[exc.start]:02x})", "yaml.encoding")]
        ) from None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _slipped(lines: list[str], n: int) -> tuple[int, int, str]:
    """Where a "mapping values are not allowed here" at line ``n`` (0-based) most likely comes from.

    YAML reads line n as more of the previous line's value, then fails at its colon. Either the
    previous line is indented too little or lacks its colon, or line n is indented too much (or is
    text holding ': '). The line after decides: it is indented like the one that is right.
    """
    content = [i for i, text in enumerate(lines) if text.strip() and not text.lstrip().startswith("#")]
    before = [i for i in content if i < n]
    after = [i for i in content if i > n]
    if not before:
        return n, _indent(lines[n]), "a value cannot hold ': ' (quote the text)"
    prev = before[-1]
    here, there = _indent(lines[n]), _indent(lines[prev])
    body = lines[prev].split("#", 1)[0].strip()
    if ":" not in body.lstrip("- "):
        return prev, there, f"this line has no ':' after its key, so YAML reads line {n + 1} as more of its value"
    if here > there and after and _indent(lines[after[0]]) == there:
        return (
            n,
            here,
            f"this line is indented more than line {prev + 1} above it, so YAML reads it as more of that value (or "
            f"quote text holding ': ')",
        )
    return (
        prev,
        there,
        f"this line is indented differently from line {n + 1} below it, so YAML reads line {n + 1} as more of this "
        f"line's value",
    )


_VALUE = re.compile(
    r"^(?P<lead>\s*(?:-\s+)*(?:(?:[^\s\-#'\"{\[][^:#]*?|'[^']*'|\"[^\"]*\"):\s+)?(?:-\s+)*)(?P<value>\S.*)$"
)
_STARTS = {
    "*": "bold or italic",
    "{": "Jinja",
    "[": "a link",
    "`": "a backtick",
    "@": "an @",
    "%": "a %",
    '"': "a quoted word",
    "'": "a quoted word",
    "&": "an &",
    "!": "an !",
}


def _unquoted_start(line: str) -> tuple[int, str] | None:
    """(column, what) when the value on ``line`` starts with a character YAML reads as its own syntax."""
    m = _VALUE.match(line)
    if not m:
        return None
    value = m.group("value")
    first = value[0]
    if first not in _STARTS or value.startswith((">", "|")):
        return None
    if first in "'\"" and value.endswith(first) and value.count(first) == 2:
        return None  # a whole quoted value is fine
    if first in "[{" and value.rstrip().endswith("]" if first == "[" else "}") and not value.startswith("{{"):
        return None  # a flow list or mapping, meant as one
    return m.start("value"), _STARTS[first]


def _colon_in_text(lines: list[str], n: int, col: int) -> bool:
    """Line ``n`` already has a key or list item before ``col``: the ': ' there is text that needs quotes."""
    before = lines[n][:col]
    return bool(re.search(r"\S:\s", before)) and not before.lstrip().startswith("#")


def _syntax_problem(exc: MarkedYAMLError, text: str, shown: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if isinstance(exc, _Refused):
        return Problem(shown, line, col, exc.problem, exc.code)
    if isinstance(exc, ConstructorError):
        return Problem(shown, line, col, exc.problem or "a value that cannot be read", "yaml.value")
    what = " ".join(s for s in (exc.context, exc.problem) if s) or "invalid YAML"
    start = exc.context_mark
    lines = text.splitlines()
    quoted = (exc.context or "").startswith("while scanning a quoted scalar")  # a quote never closed: YAML says so
    for at in dict.fromkeys(m.line for m in (mark, start) if m is not None and m.line < len(lines) and not quoted):
        found = _unquoted_start(lines[at])
        if (
            found is not None
            and (exc.problem or "").startswith(
                (
                    "found undefined alias",
                    "expected <block end>",
                    "found character",
                    "expected ',' or",
                    "expected ':'",
                    "did not find expected",
                    "while scanning",
                    "found unexpected",
                )
            )
            or (
                found is not None
                and exc.context
                and exc.context.startswith(("while parsing a block", "while parsing a flow", "while scanning"))
            )
        ):
            column, starts = found
            return Problem(
                shown,
                at + 1,
                column + 1,
                f"malformed YAML: text starting with {lines[at][column]!r} ({starts}) must be quoted: put the whole "
                f"line in quotes, or write >- and the text on the next line",
                "yaml.syntax",
            )
    if exc.problem == "mapping values are not allowed here" and mark is not None:
        if mark.line < len(lines):
            if _colon_in_text(lines, mark.line, mark.column):
                m = _VALUE.match(lines[mark.line])
                at = m.start("value") if m else 0
                return Problem(
                    shown,
                    mark.line + 1,
                    at + 1,
                    "malformed YAML: this text holds ': ', which YAML reads as a new key: quote the text",
                    "yaml.syntax",
                )
            blamed, indent, why = _slipped(lines, mark.line)
            return Problem(shown, blamed + 1, indent + 1, f"malformed YAML: {why}", "yaml.syntax")
    if start is not None and mark is not None and start.line != mark.line:
        what += f" (it started at line {start.line + 1}, column {start.column + 1})"
    return Problem(shown, line, col, f"malformed YAML: {what}", "yaml.syntax")


def read_yaml(path: Path, shown: str) -> LocatedData:
    """Parse one YAML file; a syntax error, a value that cannot be made, or a limit passed
    becomes a Problem with its line and column.

    A file whose bytes (and shown name) were parsed before in this process is not parsed again:
    the server, the preview and a test run read the same files many times. What is returned is
    shared between such reads, so it is read, never changed.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PackgenError([Problem(shown, 0, 0, f"cannot be read: {exc.strerror or exc}", "yaml.read")]) from None
    if size > MAX_FILE:
        raise PackgenError(
            [Problem(shown, 0, 0, f"{size:,} bytes is over the limit of {MAX_FILE:,} for a data file", "yaml.size")]
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackgenError([Problem(shown, 0, 0, f"cannot be read: {exc.strerror or exc}", "yaml.read")]) from None
    parsed = _parsed(shown, data)
    if isinstance(parsed, tuple):
        raise PackgenError(list(parsed))
    return replace(parsed, path=path)


def _parse(data: bytes, shown: str) -> LocatedData | tuple[Problem, ...]:
    """A file's bytes as values (its path left for the caller to fill in), or its problems."""
    try:
        text = _decode(data, shown)
    except PackgenError as exc:
        return tuple(exc.problems)
    try:
        node = _yaml().load(text)
    except MarkedYAMLError as exc:
        return (_syntax_problem(exc, text, shown),)
    except YAMLError as exc:
        return (Problem(shown, 1, 1, f"malformed YAML: {exc}", "yaml.syntax"),)
    flat = _Flattener(shown)
    plain = flat.plain(node, ())
    if flat.problems:
        return tuple(flat.problems)
    return LocatedData(path=Path(), shown=shown, data=plain, positions=flat.positions, text=text)


def _parsed(shown: str, data: bytes) -> LocatedData | tuple[Problem, ...]:
    """_parse's answer, kept (_PARSED) by a digest of the shown name and the bytes."""
    key = hashlib.blake2b(shown.encode() + b"\0" + data, digest_size=32).digest()
    found = _PARSED.get(key)
    if found is None:  # two threads may parse one file at once, harmlessly
        found = _parse(data, shown)
        _PARSED.put(key, found)
    return found


_PARSED: Recent[LocatedData | tuple[Problem, ...]] = Recent(KEEP_PARSED)

"""Read YAML keeping the line and column of every value, for error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..errors import PackgenError, Problem

Loc = tuple[int | str, ...]


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


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def _plain(node: Any, loc: Loc, positions: dict[Loc, tuple[int, int]]) -> Any:
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            try:
                line, col = node.lc.value(key) if not isinstance(value, (CommentedMap, CommentedSeq)) else node.lc.key(key)
            except (KeyError, TypeError):
                line, col = node.lc.line, node.lc.col
            skey = str(key) if not isinstance(key, (str, int)) else key
            positions[loc + (skey,)] = (line + 1, col + 1)
            # pydantic reports a missing or unknown key at the mapping; point at the key itself.
            kline, kcol = node.lc.key(key)
            positions.setdefault(loc + (skey, "__key__"), (kline + 1, kcol + 1))
            out[skey] = _plain(value, loc + (skey,), positions)
        return out
    if isinstance(node, CommentedSeq):
        out_list = []
        for i, value in enumerate(node):
            try:
                line, col = node.lc.item(i)
                positions[loc + (i,)] = (line + 1, col + 1)
            except (KeyError, TypeError):
                pass
            out_list.append(_plain(value, loc + (i,), positions))
        return out_list
    if isinstance(node, str):
        return str(node)
    return node


def read_yaml(path: Path, shown: str) -> LocatedData:
    """Parse one YAML file; a syntax error becomes a Problem with its line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PackgenError([Problem(shown, 1, 1, f"not UTF-8 text ({exc.reason})", "yaml.encoding")]) from None
    try:
        node = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(s for s in (exc.context, exc.problem) if s) or "invalid YAML"
        start = exc.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            what += f" (it started at line {start.line + 1}, column {start.column + 1})"
        raise PackgenError([Problem(shown, line, col, f"malformed YAML: {what}", "yaml.syntax")]) from None
    except YAMLError as exc:
        raise PackgenError([Problem(shown, 1, 1, f"malformed YAML: {exc}", "yaml.syntax")]) from None
    positions: dict[Loc, tuple[int, int]] = {(): (1, 1)}
    data = _plain(node, (), positions)
    return LocatedData(path=path, shown=shown, data=data, positions=positions, text=text)

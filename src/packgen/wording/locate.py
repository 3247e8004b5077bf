"""Where a word inside a piece of wording stands in its file, folded YAML included."""

from __future__ import annotations

import bisect
import re

from ..errors import Problem, Severity
from ..model.yaml_reader import Loc, LocatedData
from .walk import Piece


class Locator:
    """Finds the line and column of a word inside a string, folded YAML included.

    ruamel gives where a string starts; its words follow in the file in the same order,
    separated only by the spaces and line breaks that folding turned into single spaces.
    So each word of the value is found in the file after the previous one.
    """

    # How far past the previous word the next may stand: a line break and its indent.
    _REACH = 240

    def __init__(self) -> None:
        self._files: dict[str, tuple[str, list[int]]] = {}
        self._aligned: dict[tuple[str, Loc], list[tuple[int, int, int]]] = {}

    def _file(self, src: LocatedData) -> tuple[str, list[int]]:
        if src.shown not in self._files:
            text = src.text or src.path.read_text(encoding="utf-8")
            starts = [0] + [m.end() for m in re.finditer("\n", text)]
            self._files[src.shown] = (text, starts)
        return self._files[src.shown]

    def _align(self, src: LocatedData, loc: Loc, value: str) -> list[tuple[int, int, int]]:
        """(start in value, end in value, index in file) of each word found in the file."""
        key = (src.shown, loc)
        if key in self._aligned:
            return self._aligned[key]
        text, starts = self._file(src)
        line, col = src.position(loc)
        cursor = starts[min(line, len(starts)) - 1] + col - 1 if line else 0
        found = []
        for m in re.finditer(r"\S+", value):
            at = text.find(m.group(), cursor, cursor + len(m.group()) + self._REACH)
            if at < 0:
                break  # an escape sequence or alias: keep what was aligned so far
            found.append((m.start(), m.end(), at))
            cursor = at + len(m.group())
        self._aligned[key] = found
        return found

    def position(self, src: LocatedData, loc: Loc, value: str, offset: int = 0) -> tuple[int, int]:
        """Line and column (1-based) of character ``offset`` of ``value``, the string at ``loc``."""
        fallback = src.position(loc)
        words = self._align(src, loc, value)
        best = None
        for start, end, at in words:
            if start > offset:
                break
            best = at + min(offset - start, end - start)
        if best is None:
            return fallback
        _, starts = self._file(src)
        line = bisect.bisect_right(starts, best)
        return line, best - starts[line - 1] + 1

    def offset(self, src: LocatedData, loc: Loc, value: str, line: int, col: int) -> int | None:
        """The character of ``value``, the string at ``loc``, standing at ``line``:``col`` of its
        file (the inverse of ``position``), or None when no word of it stands there."""
        _, starts = self._file(src)
        if not 0 < line <= len(starts):
            return None
        at = starts[line - 1] + col - 1
        for start, end, found in self._align(src, loc, value):
            if found <= at < found + end - start:
                return start + at - found
        return None

    def problem(self, w: Piece, offset: int, message: str, code: str, severity: Severity = "error") -> Problem:
        """A Problem at character ``offset`` of a wording string."""
        line, col = self.position(w.source, w.loc, w.text, offset)
        return Problem(w.source.shown, line, col, message, code, severity)

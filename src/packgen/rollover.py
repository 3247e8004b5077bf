"""Start next year's programme from this year's: move its years and dates forward, copy hubs' offers.

What moves, in the wording, in comments and in hubs' offers:

- Every academic-year reference, whichever year it names, by the same number of years:
  2024/25, 2024-25, 2024–25, 2024-2025, 2024/2025, "2024 to 2025" all become 2025/26… in
  their own style. A pair of years counts only when the second follows the first
  (2014-2019 is a span of calendar years and stays).
- Every date, written out (Friday 1st March 2024, 1 March 2024) or ISO (2024-03-01, and the
  YAML dates of offers), to the same weekday nearest its anniversary: 52 weeks later.
- A year on its own (in 2024, by July 2025) only when it is the old academic year's first or
  second calendar year, and not after "since": "Work Group in 2024" moves, but "Since 2014"
  and "running since 2021" are history and stay. Such a year that stays is listed as kept, so
  a reviewer can check it.
- Nothing inside a link's address.

Planning reads files and returns every change; only ``write_rollover`` writes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from .dates import AcademicYear, ordinal
from .errors import PackgenError, Problem, display_path
from .model.project import load_project
from .writer import atomic_write

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_EDGE = r"(?<![\w/.–—£$-])"  # not glued to a word, path, decimal or amount before it
_END = r"(?![\w/–—]|-\d)"
_PATTERN = re.compile(
    rf"""
    (?P<link>https?://\S+|\]\([^)]*\))
  | {_EDGE}(?P<iso>(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})){_END}
  | (?P<prose>(?:(?P<wd>{'|'.join(WEEKDAYS)})(?P<s0>,?\s+))?(?<!\d)(?P<d>\d{{1,2}})(?P<ord>st|nd|rd|th)?
        (?P<s1>\s+(?:of\s+)?)(?P<m>{'|'.join(MONTHS)})(?P<s2>,?\s+)(?P<y>\d{{4}})){_END}
  | {_EDGE}(?P<span>(?P<a>\d{{4}})(?P<sep>\s+to\s+|\s?[/–—-]\s?)(?P<b>\d{{4}}|\d{{2}})){_END}
  | {_EDGE}(?P<bare>\d{{4}}){_END}
    """,
    re.X,
)
_SINCE = re.compile(r"\bsince\s+$", re.I)


def anniversary(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29th February
        return day.replace(year=day.year + years, day=28)


def shift_date(day: dt.date, years: int) -> dt.date:
    """The same weekday nearest the date's anniversary: Friday 1st March 2024 -> Friday 28th February 2025."""
    target = anniversary(day, years)
    return target + dt.timedelta(days=(day.weekday() - target.weekday() + 3) % 7 - 3)


@dataclass(frozen=True)
class Edit:
    """One replacement in a string: ``kind`` is academic year, date, year or kept (left alone)."""

    start: int
    end: int
    old: str
    new: str
    kind: str
    note: str = ""


def shift_text(text: str, old: AcademicYear, new: AcademicYear) -> tuple[str, list[Edit]]:
    """The text with its years and dates moved from ``old`` to ``new``, and every edit made."""
    years = new.start - old.start
    edits: list[Edit] = []

    def replace(m: re.Match[str]) -> str:
        whole = m.group(0)
        edit = _edit(m, text, old, years)
        if edit is None:
            return whole
        edits.append(Edit(m.start(), m.end(), whole, edit[0], edit[1], edit[2]))
        return edit[0]

    return _PATTERN.sub(replace, text), edits


def _edit(m: re.Match[str], text: str, old: AcademicYear, years: int) -> tuple[str, str, str] | None:
    """(new text, kind, note) for one match, or None to leave it without comment."""
    if m.group("link"):
        return None
    if m.group("iso"):
        try:
            day = dt.date(int(m["iy"]), int(m["im"]), int(m["id"]))
        except ValueError:
            return None
        moved = shift_date(day, years)
        return moved.isoformat(), "date", moved.strftime("%A")
    if m.group("prose"):
        try:
            day = dt.date(int(m["y"]), MONTHS.index(m["m"]) + 1, int(m["d"]))
        except ValueError:
            return None
        moved = shift_date(day, years)
        number = ordinal(moved.day) if m["ord"] else str(moved.day)
        weekday = f"{WEEKDAYS[moved.weekday()]}{m['s0']}" if m["wd"] else ""
        note = "" if not m["wd"] or m["wd"] == WEEKDAYS[day.weekday()] else f"it said {m['wd']}, but {day} was a {day:%A}"
        return f"{weekday}{number}{m['s1']}{MONTHS[moved.month - 1]}{m['s2']}{moved.year}", "date", note
    if m.group("span"):
        a, b = int(m["a"]), m["b"]
        follows = int(b) == a + 1 if len(b) == 4 else int(b) == (a + 1) % 100
        if not follows:
            return None
        end = str(a + years + 1) if len(b) == 4 else f"{(a + years + 1) % 100:02d}"
        return f"{a + years}{m['sep']}{end}", "academic year", ""
    year = int(m["bare"])
    if year not in (old.start, old.end):
        return None
    if _SINCE.search(text, 0, m.start()):
        return m.group(0), "kept", "a year after 'since' is history"
    return str(year + years), "year", ""


@dataclass(frozen=True)
class Change:
    """One change for the reviewer, where it is in the file written."""

    path: str
    line: int
    kind: str
    old: str
    new: str
    note: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        note = f" ({self.note})" if self.note else ""
        if self.kind == "kept":
            return f"{where}: kept {self.old}{note}"
        return f"{where}: {self.kind}: {self.old} -> {self.new}{note}"


@dataclass(frozen=True)
class FileWrite:
    path: Path
    shown: str
    text: str
    created: bool


@dataclass(frozen=True)
class Rollover:
    """Everything a rollover would write, and every change in it, before anything is written."""

    programme: str
    old: AcademicYear
    new: AcademicYear
    files: tuple[FileWrite, ...]
    changes: tuple[Change, ...]
    warnings: tuple[Problem, ...] = field(default=())


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _dump(data: Any) -> str:
    buf = io.StringIO()
    _yaml().dump(data, buf)
    return buf.getvalue()


def _line_in(value: str, offset: int, first_line: int) -> int:
    """1-based line of ``offset`` within a scalar whose value starts on 0-based ``first_line``."""
    if isinstance(value, FoldedScalarString):
        return first_line + 2 + sum(1 for pos in getattr(value, "fold_pos", []) if pos < offset)
    if isinstance(value, LiteralScalarString):
        return first_line + 2 + value.count("\n", 0, offset)
    return first_line + 1


def _rebuilt(value: str, text: str, edits: list[Edit]) -> str:
    """``text`` as the same kind of scalar as ``value``: folded stays folded, at the same places."""
    new = type(value)(text) if type(value) is not str else text
    folds = getattr(value, "fold_pos", None)
    if folds:
        moved = []
        for pos in folds:
            shift = sum(len(e.new) - len(e.old) for e in edits if e.end <= pos)
            inside = next((e for e in edits if e.start < pos < e.end), None)
            if inside is not None:  # fold inside a replaced date: fold at a space in its new wording
                base = inside.start + sum(len(e.new) - len(e.old) for e in edits if e.end <= inside.start)
                spaces = [base + i for i, ch in enumerate(inside.new) if ch == " "]
                if spaces:
                    moved.append(min(spaces, key=lambda s: abs(s - (pos + shift))))
                continue
            moved.append(pos + shift)
        new.fold_pos = moved  # type: ignore[attr-defined]
    anchor = getattr(value, "anchor", None)
    if anchor is not None and getattr(anchor, "value", None):
        new.yaml_set_anchor(anchor.value, always_dump=True)  # type: ignore[attr-defined]
    return new


class _Shifter:
    """Moves every string in a YAML tree, recording each change with its line."""

    def __init__(self, shown: str, old: AcademicYear, new: AcademicYear):
        self.shown = shown
        self.old = old
        self.new = new
        self.changes: list[Change] = []
        self.seen: set[int] = set()  # an anchored node (&teacher) is shifted once, not per alias

    def string(self, value: str, line: int) -> str:
        text, edits = shift_text(value, self.old, self.new)
        for e in edits:
            self.changes.append(Change(self.shown, _line_in(value, e.start, line), e.kind, e.old, e.new, e.note))
        return _rebuilt(value, text, [e for e in edits if e.kind != "kept"]) if text != value else value

    def date(self, value: dt.date, line: int) -> dt.date:
        moved = shift_date(value, self.new.start - self.old.start)
        self.changes.append(Change(self.shown, line + 1, "date", value.isoformat(), moved.isoformat(), moved.strftime("%A")))
        return moved

    def value(self, value: Any, line: int) -> Any:
        if isinstance(value, str):
            return self.string(value, line)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return self.date(value, line)
        self.tree(value)
        return value

    def tree(self, node: Any) -> None:
        if id(node) in self.seen:
            return
        self.seen.add(id(node))
        if isinstance(node, CommentedMap):
            for key in list(node.keys()):
                node[key] = self.value(node[key], node.lc.value(key)[0])
        elif isinstance(node, CommentedSeq):
            for i in range(len(node)):
                node[i] = self.value(node[i], node.lc.item(i)[0])

    def comments(self, node: Any) -> None:
        """Years in comments move too: a comment naming last year would mislead."""
        for token in _comment_tokens(node):
            text, edits = shift_text(token.value, self.old, self.new)
            line = token.start_mark.line + 1 if token.start_mark else 0
            for e in edits:
                self.changes.append(Change(self.shown, line + token.value.count("\n", 0, e.start), e.kind, e.old, e.new, e.note))
            token.value = text


def _comment_tokens(node: Any) -> list[CommentToken]:
    found: list[CommentToken] = []

    def collect(value: Any) -> None:
        if isinstance(value, CommentToken):
            found.append(value)
        elif isinstance(value, list):
            for v in value:
                collect(v)

    def visit(n: Any) -> None:
        if isinstance(n, (CommentedMap, CommentedSeq)):
            ca = n.ca
            collect(ca.comment)
            for v in ca.items.values():
                collect(v)
            collect(ca.end)
            for child in (n.values() if isinstance(n, CommentedMap) else n):
                visit(child)

    visit(node)
    return found


def _copy(node: Any, shift: Callable[[Any], Any]) -> Any:
    """A fresh copy of a YAML tree (same flow style), every leaf passed through ``shift``."""
    if isinstance(node, CommentedMap):
        out = CommentedMap((k, _copy(v, shift)) for k, v in node.items())
        if node.fa.flow_style():
            out.fa.set_flow_style()
        return out
    if isinstance(node, CommentedSeq):
        seq = CommentedSeq(_copy(v, shift) for v in node)
        if node.fa.flow_style():
            seq.fa.set_flow_style()
        return seq
    return shift(node)


def _problem(shown: str, message: str, code: str) -> Problem:
    return Problem(shown, 0, 0, message, code)


def _roundtrip_warning(shown: str, text: str, data: Any) -> list[Problem]:
    if _dump(data) == text:
        return []
    return [Problem(shown, 0, 0, "this file's layout is not packgen's usual one; its indentation or quoting may change", "rollover.layout", "warning")]


def _programme_file(root: Path, programme: str, old: AcademicYear, new: AcademicYear) -> tuple[FileWrite, list[Change], list[Problem]]:
    src = root / "programmes" / programme / f"{old.id}.yaml"
    target = src.with_name(f"{new.id}.yaml")
    text = src.read_text(encoding="utf-8")
    data = _yaml().load(text)
    warnings = _roundtrip_warning(display_path(src, root), text, data)
    shifter = _Shifter(display_path(target, root), old, new)
    shifter.tree(data)
    shifter.comments(data)
    changes = sorted(shifter.changes, key=lambda c: c.line)
    return FileWrite(target, shifter.shown, _dump(data), True), changes, warnings


def _hub_file(path: Path, root: Path, programme: str, old: AcademicYear, new: AcademicYear) -> tuple[FileWrite | None, list[Change], list[Problem]]:
    shown = display_path(path, root)
    text = path.read_text(encoding="utf-8")
    data = _yaml().load(text)
    offers = data.get("offers") if isinstance(data, CommentedMap) else None
    years = offers.get(programme) if isinstance(offers, CommentedMap) else None
    if not isinstance(years, CommentedMap) or old.id not in years:
        return None, [], []
    if new.id in years:
        line = years.lc.key(new.id)[0] + 1
        return None, [], [Problem(shown, line, 1, f"already has an offer for {programme} {new.id}; rollover never overwrites one", "rollover.exists")]
    shifter = _Shifter(shown, old, new)
    copied = _copy(years[old.id], lambda leaf: shifter.value(leaf, 0))
    years.insert(list(years.keys()).index(old.id) + 1, new.id, copied)
    out = _dump(data)
    # Lines are known only once written: find each change's line in the new text.
    where = _yaml().load(out)["offers"][programme]
    line = where.lc.key(new.id)[0] + 1
    changes = [Change(shown, line, "offer", f"{programme} {old.id}", f"{programme} {new.id}", "copied")]
    changes += [Change(shown, _find_line(out, c.new, line), c.kind, c.old, c.new, c.note) for c in shifter.changes]
    return FileWrite(path, shown, out, False), changes, _roundtrip_warning(shown, text, _yaml().load(text))


def _find_line(text: str, needle: str, after: int) -> int:
    lines = text.splitlines()
    for i in range(after - 1, len(lines)):
        if needle in lines[i]:
            return i + 1
    return after


def plan_rollover(root: Path, programme: str, old_id: str, new_id: str) -> Rollover:
    """What rolling ``programme`` from ``old_id`` to ``new_id`` would write. Raises with every problem."""
    root = Path(root)
    try:
        old, new = AcademicYear.parse(old_id), AcademicYear.parse(new_id)
    except ValueError as exc:
        raise PackgenError([_problem("command line", str(exc), "year.invalid")]) from None
    source = root / "programmes" / programme / f"{old.id}.yaml"
    target = source.with_name(f"{new.id}.yaml")
    problems: list[Problem] = []
    if new <= old:
        problems.append(_problem("command line", f"{new.id} is not after {old.id}: rollover moves a programme forward", "rollover.backwards"))
    if not source.is_file():
        problems.append(_problem(display_path(source, root), f"no such file: nothing to roll over for {programme} {old.id}", "rollover.missing"))
    if target.exists():
        problems.append(_problem(display_path(target, root), f"{programme} {new.id} already exists; rollover never overwrites a year (delete the file to start it again)", "rollover.exists"))
    if problems:
        raise PackgenError(problems)
    load_project(root)  # every file valid before any is rewritten

    files: list[FileWrite] = []
    changes: list[Change] = []
    warnings: list[Problem] = []
    written, found, found_warnings = _programme_file(root, programme, old, new)
    files.append(written)
    changes += found
    warnings += found_warnings
    for path in sorted((root / "hubs").glob("*.y*ml")):
        hub_write, found, found_problems = _hub_file(path, root, programme, old, new)
        problems += [p for p in found_problems if p.severity == "error"]
        warnings += [p for p in found_problems if p.severity == "warning"]
        if hub_write:
            files.append(hub_write)
            changes += found
    if problems:
        raise PackgenError(problems)
    return Rollover(programme, old, new, tuple(files), tuple(changes), tuple(warnings))


def write_rollover(rollover: Rollover) -> None:
    """Write every file of the plan; the new year's file is never written over."""
    for f in rollover.files:
        if f.created and f.path.exists():
            raise PackgenError([_problem(f.shown, "appeared while planning; rollover never overwrites a year", "rollover.exists")])
    for f in rollover.files:
        atomic_write(f.path, f.text.encode("utf-8"))

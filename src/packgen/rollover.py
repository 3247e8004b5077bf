"""Start next year's programme from this year's: move its years and dates forward, copy hubs' offers.

What moves, in the wording, in comments and in hubs' offers (every date style and academic-year
style of ``textdates``, in any case):

- Every academic-year reference, whichever year it names, by the same number of years:
  2024/25, 2024-25, 2024–25, 2024-2025, 2024/2025, "2024 to 2025" all become 2025/26… in
  their own style. A pair of years counts only when the second follows the first
  (2014-2019 is a span of calendar years and stays).
- Every date, in whatever style it is written ("Friday 1st March 2024", "THURSDAY 17th MAY
  2018", "14th December 2017 (Friday)", "1/3/2024", "01.03.2024", 2024-03-01, the YAML dates
  of offers), to the same weekday 52 weeks later, the whole date rewritten in its own style
  and case. A date without a year ("Wednesday 8th June") is read as the year of the old
  pack's window (from September of the year before to August of its own) in which its
  weekday fits, and moves the same way.
- A year on its own (in 2024, by July 2025) only when it is the old academic year's first or
  second calendar year.
- Nothing inside a link's address.

What is history keeps its year and is listed as kept, with the reason: a reference after
"since", "last", "previous" or before "ago", in page metadata ("Created on 10 April 2018",
"Last updated"), or in a sentence in the past tense ("In 2015-16, each Maths Hub
identified…", "the video was made in 2018/19"); ``tense.read_time`` decides.

What needs a person's eye is listed for review: a date whose weekday was wrong (it moves to
the right weekday), a date that is no date or cannot move (30th February, 9999-12-31), a
yearless date whose weekday fits no year of the window or whose reading is ambiguous, and
relative time (``text.relative``: "last year", "two years ago", "this academic year", "in the
last three years", "for the first time this year", "next year"): what they date moves a year
in the new pack, and only a person knows whether the sentence still holds.

Planning reads files and returns every change, every conflict with an existing year or offer,
and what each file would become; only ``write_rollover`` writes, and never over a conflict.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, ScalarString
from ruamel.yaml.tokens import CommentToken

from .dates import AcademicYear
from .errors import PackgenError, Problem, display_path
from .model.project import load_project
from .text.relative import relative_phrases
from .text.tense import read_time
from .text.textdates import LINK, TextDate, find_dates, restyle, restyle_year, year_refs, yearless_candidates
from .writer import atomic_write

Group = Literal["moved", "kept", "review"]
GROUPS: tuple[Group, ...] = ("moved", "kept", "review")

_BARE = re.compile(r"(?<![\w/.–—£$-])\d{4}(?![\w/–—]|-\d)")


def anniversary(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29th February
        return day.replace(year=day.year + years, day=28)


def shift_date(day: dt.date, years: int) -> dt.date:
    """The same weekday nearest the date's anniversary: Friday 1st March 2024 -> Friday 28th February 2025.

    Raises ValueError for a date that would leave the calendar (9999-12-31).
    """
    try:
        target = anniversary(day, years)
        return target + dt.timedelta(days=(day.weekday() - target.weekday() + 3) % 7 - 3)
    except (ValueError, OverflowError):
        raise ValueError(
            f"{day.isoformat()} cannot move {years} year{'s' * (years != 1)} on: past the last date there is"
        ) from None


@dataclass(frozen=True)
class Edit:
    """One thing found in a string: moved (``new`` replaces ``old``), kept as history, or for review.

    ``kind`` is academic year, date, month, year or relative year; ``note`` says why.
    """

    start: int
    end: int
    old: str
    new: str
    kind: str
    note: str = ""
    group: Group = "moved"


def _spans(text: str) -> list[tuple[int, int, str, Any]]:
    """(start, end, kind, found) of every link, date, academic year, lone year and relative year, none overlapping."""
    taken: list[tuple[int, int]] = [m.span() for m in LINK.finditer(text)]
    found: list[tuple[int, int, str, Any]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    candidates: list[tuple[int, int, str, Any]] = [(d.start, d.end, "date", d) for d in find_dates(text)]
    candidates += [(r.start, r.end, "academic year", r) for r in year_refs(text)]
    candidates += [(m.start(), m.end(), "year", m.group()) for m in _BARE.finditer(text)]
    candidates += [(r.start, r.end, "relative year", text[r.start : r.end]) for r in relative_phrases(text)]
    for a, b, kind, item in candidates:  # in order of precedence: a date's year is not a year
        if free(a, b):
            taken.append((a, b))
            found.append((a, b, kind, item))
    return sorted(found, key=lambda f: f[0])


def _history(text: str, a: int, b: int) -> str | None:
    reading = read_time(text, a, b)
    return f"history: {reading.why}" if reading.back else None


def _date_edit(text: str, td: TextDate, old: AcademicYear, years: int) -> Edit | None:
    def edit(new: str, note: str = "", group: Group = "moved", kind: str = "date") -> Edit:
        return Edit(td.start, td.end, td.text, new, kind, note, group)

    if td.day is None:  # "December 2016", "by July 2025": its year moves like a lone year
        if td.year not in (old.start, old.end):
            return None
        why = _history(text, td.start, td.end)
        if why:
            return edit(td.text, why, "kept", "month")
        return edit(restyle(td, dt.date(td.year + years, td.month, 1)), kind="month")
    why = _history(text, td.start, td.end)
    if td.year is None:
        first, last = old.previous.first_day, dt.date(old.end, 8, 31)
        days = yearless_candidates(td, first, last)
        if why:
            return edit(td.text, why, "kept")
        if not days:
            weekday = f"{td.part('weekday')} " if td.weekday is not None else ""
            return edit(
                td.text,
                f"no year written, and {weekday}{td.day} {td.part('month')} is in no year from {first:%B %Y} to "
                f"{last:%B %Y}: left as written",
                "review",
            )
        try:
            moved = [(d, shift_date(d, years)) for d in days]
        except ValueError as exc:
            return edit(td.text, f"{exc}: left as written", "review")
        ours = next((pair for pair in moved if old.first_day <= pair[0]), moved[0])
        new = restyle(td, ours[1])
        if len({restyle(td, m) for _, m in moved}) > 1:
            others = "; ".join(f"read as {d.year} it would be '{restyle(td, m)}'" for d, m in moved if d != ours[0])
            return edit(new, f"no year written: read as {ours[0].year} ({others})", "review")
        return edit(new, f"no year written: read as {ours[0].year}")
    day = td.date
    if day is None:
        return edit(td.text, "not a date: left as written", "review")
    if why:
        return edit(td.text, why, "kept")
    try:
        moved = shift_date(day, years)
    except ValueError as exc:
        return edit(td.text, f"{exc}: left as written", "review")
    if td.weekday is not None and td.weekday != day.weekday():
        said = td.part("weekday")
        return edit(restyle(td, moved), f"it said {said}, but {day.day} {day:%B %Y} was a {day:%A}", "review")
    return edit(restyle(td, moved))


def shift_text(text: str, old: AcademicYear, new: AcademicYear) -> tuple[str, list[Edit]]:
    """The text with its years and dates moved from ``old`` to ``new``, and every edit, kept year and review item."""
    years = new.start - old.start
    edits: list[Edit] = []
    for a, b, kind, item in _spans(text):
        if kind == "date":
            found = _date_edit(text, item, old, years)
        elif kind == "academic year":
            why = _history(text, a, b)
            found = (
                Edit(a, b, item.text, item.text, kind, why, "kept")
                if why
                else Edit(a, b, item.text, restyle_year(item, AcademicYear(item.year.start + years)), kind)
            )
        elif kind == "year":
            if int(item) not in (old.start, old.end):
                continue
            why = _history(text, a, b)
            found = Edit(a, b, item, item, kind, why, "kept") if why else Edit(a, b, item, str(int(item) + years), kind)
        else:
            found = Edit(
                a, b, item, item, kind, f"'{item}' in {old.label}'s wording: is it still so in {new.label}?", "review"
            )
        if found is not None:
            edits.append(found)
    out, at = [], 0
    for e in edits:
        out.append(text[at : e.start] + e.new)
        at = e.end
    return "".join(out) + text[at:], edits


@dataclass(frozen=True)
class Change:
    """One change, kept year or review item for the reviewer, where it is in the file written."""

    path: str
    line: int
    kind: str
    old: str
    new: str
    note: str = ""
    group: Group = "moved"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        note = f" ({self.note})" if self.note else ""
        if self.old == self.new:
            verb = "kept" if self.group == "kept" else "left"
            return f"{where}: {self.kind}: {verb} {self.old}{note}"
        return f"{where}: {self.kind}: {self.old} -> {self.new}{note}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "kind": self.kind,
            "old": self.old,
            "new": self.new,
            "note": self.note,
        }


@dataclass(frozen=True)
class FileWrite:
    """A file the rollover would write; ``before`` is its text now, when it exists."""

    path: Path
    shown: str
    text: str
    created: bool
    before: str | None = None


@dataclass(frozen=True)
class Rollover:
    """Everything a rollover would write, every change in it, and every conflict, before anything is written.

    ``conflicts`` are the years and offers that exist already: a rollover with any writes nothing,
    but its files and changes still say what it would make, to compare with what is there.
    """

    programme: str
    old: AcademicYear
    new: AcademicYear
    files: tuple[FileWrite, ...]
    changes: tuple[Change, ...]
    warnings: tuple[Problem, ...] = field(default=())
    conflicts: tuple[Problem, ...] = field(default=())

    def group(self, name: Group) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.group == name)


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
        new.fold_pos = moved
    anchor = value.yaml_anchor(any=True) if isinstance(value, ScalarString) else None
    if anchor is not None and anchor.value:
        new.yaml_set_anchor(anchor.value, always_dump=True)
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
            self.changes.append(
                Change(self.shown, _line_in(value, e.start, line), e.kind, e.old, e.new, e.note, e.group)
            )
        return _rebuilt(value, text, [e for e in edits if e.new != e.old]) if text != value else value

    def date(self, value: dt.date, line: int) -> dt.date:
        try:
            moved = shift_date(value, self.new.start - self.old.start)
        except ValueError as exc:
            self.changes.append(
                Change(
                    self.shown,
                    line + 1,
                    "date",
                    value.isoformat(),
                    value.isoformat(),
                    f"{exc}: left as it was",
                    "review",
                )
            )
            return dt.date(value.year, value.month, value.day)  # a copy: one object twice would dump as an alias
        self.changes.append(
            Change(self.shown, line + 1, "date", value.isoformat(), moved.isoformat(), moved.strftime("%A"))
        )
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
            if "notice" in node or node.get("style") == "notice":
                self.notice(node)
            for key in list(node.keys()):
                node[key] = self.value(node[key], node.lc.value(key)[0])
        elif isinstance(node, CommentedSeq):
            for i in range(len(node)):
                node[i] = self.value(node[i], node.lc.item(i)[0])

    def notice(self, node: CommentedMap) -> None:
        """A notice is often for one round only (an extended deadline, last year's file): listed for review."""
        key = "notice" if "notice" in node else "style"
        line = node.lc.value(key)[0] + 1
        said = " ".join(str(node.get("heading") or key).split())
        self.changes.append(
            Change(
                self.shown,
                line,
                "notice",
                said,
                said,
                f"a notice copied into {self.new.label}: is it still so, or was it for {self.old.label} only?",
                "review",
            )
        )

    def comments(self, node: Any) -> None:
        """Years in comments move too: a comment naming last year would mislead."""
        for token in _comment_tokens(node):
            text, edits = shift_text(token.value, self.old, self.new)
            line = token.start_mark.line + 1 if token.start_mark else 0
            for e in edits:
                self.changes.append(
                    Change(
                        self.shown, line + token.value.count("\n", 0, e.start), e.kind, e.old, e.new, e.note, e.group
                    )
                )
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
            for child in n.values() if isinstance(n, CommentedMap) else n:
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
    return [
        Problem(
            shown,
            0,
            0,
            "this file's layout is not packgen's usual one; its indentation or quoting may change",
            "rollover.layout",
            "warning",
        )
    ]


def _programme_file(
    root: Path, programme: str, old: AcademicYear, new: AcademicYear
) -> tuple[FileWrite, list[Change], list[Problem]]:
    src = root / "programmes" / programme / f"{old.id}.yaml"
    target = src.with_name(f"{new.id}.yaml")
    text = src.read_text(encoding="utf-8")
    data = _yaml().load(text)
    warnings = _roundtrip_warning(display_path(src, root), text, data)
    shifter = _Shifter(display_path(target, root), old, new)
    shifter.tree(data)
    shifter.comments(data)
    changes = sorted(shifter.changes, key=lambda c: c.line)
    before = target.read_text(encoding="utf-8") if target.exists() else None
    return FileWrite(target, shifter.shown, _dump(data), True, before), changes, warnings


def _hub_file(
    path: Path, root: Path, programme: str, old: AcademicYear, new: AcademicYear
) -> tuple[FileWrite | None, list[Change], list[Problem]]:
    """The hub file with its ``old`` offer copied to ``new``; an existing ``new`` offer is a conflict,
    shown replaced."""
    shown = display_path(path, root)
    text = path.read_text(encoding="utf-8")
    data = _yaml().load(text)
    offers = data.get("offers") if isinstance(data, CommentedMap) else None
    years = offers.get(programme) if isinstance(offers, CommentedMap) else None
    if not isinstance(years, CommentedMap) or old.id not in years:
        return None, [], []
    problems = []
    if new.id in years:
        line = years.lc.key(new.id)[0] + 1
        problems.append(
            Problem(
                shown,
                line,
                1,
                f"already has an offer for {programme} {new.id}; rollover never overwrites one",
                "rollover.exists",
            )
        )
        del years[new.id]
    shifter = _Shifter(shown, old, new)
    copied = _copy(years[old.id], lambda leaf: shifter.value(leaf, 0))
    years.insert(list(years.keys()).index(old.id) + 1, new.id, copied)
    out = _dump(data)
    # Lines are known only once written: find each change's line in the new text.
    where = _yaml().load(out)["offers"][programme]
    line = where.lc.key(new.id)[0] + 1
    changes = [Change(shown, line, "offer", f"{programme} {old.id}", f"{programme} {new.id}", "copied")]
    changes += [
        Change(shown, _find_line(out, c.new, line), c.kind, c.old, c.new, c.note, c.group) for c in shifter.changes
    ]
    problems += _roundtrip_warning(shown, text, _yaml().load(text))
    return FileWrite(path, shown, out, False, text), changes, problems


def _find_line(text: str, needle: str, after: int) -> int:
    lines = text.splitlines()
    for i in range(after - 1, len(lines)):
        if needle in lines[i]:
            return i + 1
    return after


def plan_rollover(root: Path, programme: str, old_id: str, new_id: str) -> Rollover:
    """What rolling ``programme`` from ``old_id`` to ``new_id`` would write, with every conflict.

    Raises PackgenError when nothing can be planned (bad years, no source file, invalid data).
    A year or offer that exists already is a conflict in the plan, not an exception, so a dry
    run can show all of them at once and what the rollover would make beside what is there.
    """
    root = Path(root)
    try:
        old, new = AcademicYear.parse(old_id), AcademicYear.parse(new_id)
    except ValueError as exc:
        raise PackgenError([_problem("command line", str(exc), "year.invalid")]) from None
    source = root / "programmes" / programme / f"{old.id}.yaml"
    target = source.with_name(f"{new.id}.yaml")
    problems: list[Problem] = []
    if new <= old:
        problems.append(
            _problem(
                "command line",
                f"{new.id} is not after {old.id}: rollover moves a programme forward",
                "rollover.backwards",
            )
        )
    if not source.is_file():
        problems.append(
            _problem(
                display_path(source, root),
                f"no such file: nothing to roll over for {programme} {old.id}",
                "rollover.missing",
            )
        )
    if problems:
        raise PackgenError(problems)
    load_project(root)  # every file valid before any is rewritten

    conflicts: list[Problem] = []
    if target.exists():
        conflicts.append(
            _problem(
                display_path(target, root),
                f"{programme} {new.id} already exists; rollover never overwrites a year (delete the file to start it "
                f"again)",
                "rollover.exists",
            )
        )
    files: list[FileWrite] = []
    changes: list[Change] = []
    warnings: list[Problem] = []
    written, found, found_warnings = _programme_file(root, programme, old, new)
    files.append(written)
    changes += found
    warnings += found_warnings
    for path in sorted((root / "hubs").glob("*.y*ml")):
        hub_write, found, found_problems = _hub_file(path, root, programme, old, new)
        conflicts += [p for p in found_problems if p.severity == "error"]
        warnings += [p for p in found_problems if p.severity == "warning"]
        if hub_write:
            files.append(hub_write)
            changes += found
    order = {g: i for i, g in enumerate(GROUPS)}
    changes.sort(key=lambda c: order[c.group])  # stable: file order within each group
    return Rollover(programme, old, new, tuple(files), tuple(changes), tuple(warnings), tuple(sorted(conflicts)))


def write_rollover(rollover: Rollover) -> None:
    """Write every file of the plan; nothing at all when any year or offer exists already."""
    if rollover.conflicts:
        raise PackgenError(rollover.conflicts)
    for f in rollover.files:
        if f.created and f.path.exists():
            raise PackgenError(
                [_problem(f.shown, "appeared while planning; rollover never overwrites a year", "rollover.exists")]
            )
    for f in rollover.files:
        atomic_write(f.path, f.text.encode("utf-8"))

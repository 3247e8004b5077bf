"""packgen.toml, and silencing problems: for a code project-wide, or at one line of YAML.

packgen.toml at the project root::

    [project]
    regions = ["East Midlands", ...]   # the regions a hub may be in; England's nine by default

    [check]
    ignore = ["hub.incomplete", "date.*"]

    [serve]
    retention_months = 24   # packgen serve deletes applications this many months after their year ends

A comment in a data file silences the codes it names (or, bare, every code) for the value
that starts on its line, continuation lines of a folded string included; a comment on a
line of its own does the same for the value on the next line::

    - >-  # packgen: ignore[year.stale]
      Mastery Ready by the end of 2020/21 …
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import PackgenError, Problem
from .model.yaml_reader import LocatedData

CONFIG_FILE = "packgen.toml"
SETTINGS = {
    "project": frozenset({"regions"}),
    "check": frozenset({"ignore"}),
    "serve": frozenset({"retention_months"}),
}
ENGLAND_REGIONS = (
    "East Midlands",
    "East of England",
    "London",
    "North East",
    "North West",
    "South East",
    "South West",
    "West Midlands",
    "Yorkshire and the Humber",
)
IGNORE_COMMENT = re.compile(r"(?:^|\s)#\s*packgen:\s*ignore(?:\[(?P<codes>[^\]]*)\])?")


@dataclass(frozen=True)
class CheckConfig:
    """What a project's packgen.toml says about checks."""

    ignore: tuple[str, ...] = ()

    def ignores(self, code: str) -> bool:
        return any(fnmatch.fnmatchcase(code, pattern) for pattern in self.ignore)


def _matches_known(pattern: str, known: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(code, pattern) for code in known)


def _read(root: Path) -> tuple[dict, list[Problem]]:
    """packgen.toml's settings ({} without one), and a problem for each unknown setting."""
    path = Path(root) / CONFIG_FILE
    if not path.is_file():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        raise PackgenError([Problem(CONFIG_FILE, line, col, f"malformed TOML: {exc}", "config.syntax")]) from None
    unknown = sorted(set(data) - set(SETTINGS))
    for table, keys in SETTINGS.items():
        value = data.get(table, {})
        if not isinstance(value, dict):
            unknown.append(table)
            data[table] = {}
            continue
        unknown += sorted(f"{table}.{k}" for k in set(value) - keys)
    return data, [Problem(CONFIG_FILE, 0, 0, f"unknown setting {key!r}", "config.unknown") for key in unknown]


def project_regions(root: Path) -> tuple[str, ...]:
    """The regions a hub may name: ``[project] regions`` in packgen.toml, else England's nine."""
    data, problems = _read(root)
    regions = data.get("project", {}).get("regions", ENGLAND_REGIONS)
    if (
        not isinstance(regions, (list, tuple))
        or not regions
        or not all(isinstance(r, str) and r.strip() for r in regions)
    ):
        problems.append(
            Problem(
                CONFIG_FILE,
                0,
                0,
                'project.regions must be a list of region names, e.g. ["London", "South East"]',
                "config.type",
            )
        )
    if problems:
        raise PackgenError(problems)
    return tuple(regions)


def load_config(root: Path, known: Iterable[str]) -> CheckConfig:
    """Read ``root/packgen.toml`` if there is one; every ignored code must be a known one."""
    data, problems = _read(root)
    check = data.get("check", {})
    ignore = check.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(c, str) for c in ignore):
        problems.append(
            Problem(CONFIG_FILE, 0, 0, 'check.ignore must be a list of codes, e.g. ["hub.incomplete"]', "config.type")
        )
        ignore = []
    retention = data.get("serve", {}).get("retention_months")
    if retention is not None and (isinstance(retention, bool) or not isinstance(retention, int) or retention < 1):
        problems.append(
            Problem(
                CONFIG_FILE,
                0,
                0,
                "serve.retention_months must be a whole number of months, e.g. 24",
                "config.type",
            )
        )
    known = frozenset(known)
    for pattern in ignore:
        if not _matches_known(pattern, known):
            problems.append(
                Problem(CONFIG_FILE, 0, 0, f"check.ignore: no check has the code {pattern!r}", "config.unknown")
            )
    if problems:
        raise PackgenError(problems)
    return CheckConfig(tuple(ignore))


@dataclass(frozen=True)
class LineIgnores:
    """The codes silenced at each line of one YAML file; None silences every code."""

    lines: dict[int, frozenset[str] | None]
    problems: tuple[Problem, ...] = ()

    def ignores(self, line: int, code: str) -> bool:
        if line not in self.lines:
            return False
        codes = self.lines[line]
        return codes is None or any(fnmatch.fnmatchcase(code, c) for c in codes)


def line_ignores(src: LocatedData, known: Iterable[str]) -> LineIgnores:
    """Read the ``# packgen: ignore[...]`` comments of one data file."""
    text = src.path.read_text(encoding="utf-8").splitlines()
    starts = sorted({line for line, _col in src.positions.values()})
    known = frozenset(known)

    def reach(first: int) -> range:
        """``first`` and the continuation lines of the value that starts there."""
        later = [s for s in starts if s > first]
        return range(first, later[0] if later else len(text) + 1)

    lines: dict[int, frozenset[str] | None] = {}
    problems = []
    for n, raw in enumerate(text, start=1):
        m = IGNORE_COMMENT.search(raw)
        if not m:
            continue
        codes = (
            None if m.group("codes") is None else frozenset(c.strip() for c in m.group("codes").split(",") if c.strip())
        )
        for code in sorted(codes or ()):
            if not _matches_known(code, known):
                problems.append(
                    Problem(
                        src.shown,
                        n,
                        m.start() + 1,
                        f"ignore comment names no known check: {code!r}",
                        "config.unknown",
                        "warning",
                    )
                )
        first = n
        if not raw[: m.start()].strip():  # a comment on a line of its own: the next line with content
            first = next(
                (
                    k
                    for k in range(n + 1, len(text) + 1)
                    if text[k - 1].strip() and not text[k - 1].lstrip().startswith("#")
                ),
                n,
            )
        for line in reach(first):
            before = lines.get(line, frozenset())
            lines[line] = None if codes is None or before is None else before | codes
    return LineIgnores(lines, tuple(problems))

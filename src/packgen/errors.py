"""Problems are values with a location; a PackgenError carries all of them at once."""

from __future__ import annotations

from dataclasses import dataclass
import re
from pathlib import Path
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, where it stands and what kind it is."""

    path: str
    line: int
    col: int
    message: str
    code: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


class PackgenError(Exception):
    """Raised with every problem found, so a user fixes them in one pass."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path | str, root: Path | None = None) -> str:
    """A path as the user should read it: relative to the project when inside it."""
    p = Path(path)
    if root is not None:
        try:
            return p.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return p.as_posix()


_OBJECT = re.compile(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '([^']*)'")
_NAMES = {"Pack": "pack", "HubView": "hub", "OfferView": "offer", "AcademicYear": "year", "ProgrammeView": "programme", "Role": "role"}


def undefined_message(exc: Exception) -> str:
    """Jinja's message in the names a template author uses: 'hub' has no attribute 'nmae'."""
    message = getattr(exc, "message", None) or str(exc)
    m = _OBJECT.search(message)
    if m:
        return f"{_NAMES.get(m.group(1), m.group(1))!r} has no attribute {m.group(2)!r}"
    return message

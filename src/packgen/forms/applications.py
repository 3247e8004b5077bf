"""An application as packgen keeps it, however it arrived: a returned file (`packgen collect`) or
the online form (`packgen serve`). Both read it from here, with the one validator (forms/validate.py),
the one way to find the school it is from, and the one check for a school that applied twice.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..pack import FormField
from .kinds import digits, kind_of
from .safe import shown_path
from .spec import Identity
from .validate import check_answers


@dataclass(frozen=True)
class FormKind:
    """The form an application was made on: its identity, its hub's name and its answers."""

    identity: Identity
    hub_name: str
    answers: tuple[FormField, ...]


@dataclass
class Application:
    source: Path | str  # the file read, or "online:<reference>" for an application made online
    modified: dt.datetime
    kind: FormKind
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)  # columns beside the answers: the register's name and LA

    @property
    def status(self) -> str:
        return "problems" if self.problems else "ok"

    @property
    def school(self) -> str:
        """The school's name as the application gives it, or empty."""
        return school_name(self.kind.answers, self.values)

    @property
    def urn(self) -> str | None:
        """The school's URN (school_urn), or None."""
        return school_urn(self.kind.answers, self.values)


NOT_ASKED = "not asked when this application was made (the form has changed since)"


@dataclass(frozen=True)
class Online:
    """An application made on the online form (packgen serve), as its database keeps it."""

    source: str  # online:<reference>
    modified: dt.datetime  # when it was made, local time in England
    identity: Identity
    values: dict[str, str]
    flags: tuple[str, ...] = ()  # what the server flagged when it was made: details corrected from the register


def online_application(item: Online, kind: FormKind) -> Application:
    """An online application checked against its form as it is now, like a returned file."""
    checked = check_answers(item.values, kind.answers, missing=NOT_ASKED)
    return Application(item.source, item.modified, kind, checked.values, [*checked.messages(), *item.flags])


def columns_of(applications: Sequence[Application]) -> tuple[str, ...]:
    """The spreadsheet's answer columns: every field name the applications' forms ask, in form order."""
    return tuple(dict.fromkeys(f.name for a in applications for f in a.kind.answers if kind_of(f).prefilled is None))


# --- the school an application is from ---------------------------------------------------------


def urn_key(value: str) -> str | None:
    """A URN in a form to compare schools by, or None when it is not a URN."""
    number = digits(value)
    return number if re.fullmatch(r"\d{6}", number) else None


def school_urn(answers: Sequence[FormField], values: Mapping[str, str]) -> str | None:
    """The school's URN, compared by digits: the first answer whose type identifies a school and
    holds a URN; None when none does."""
    for answer in answers:
        if kind_of(answer).identifies_school:
            urn = urn_key(values.get(answer.name, ""))
            if urn:
                return urn
    return None


def school_field(answers: Sequence[FormField]) -> FormField | None:
    """The answer that names the school: one whose type says it does (``names_school``), else the
    answer called ``name`` in the group of the one that identifies the school (school.urn's
    school.name), as forms written before such a type say it."""
    named = next((a for a in answers if kind_of(a).names_school), None)
    if named is not None:
        return named
    identifying = next((a for a in answers if kind_of(a).identifies_school), None)
    if identifying is None:
        return None
    group = identifying.name.rpartition(".")[0]
    wanted = f"{group}.name" if group else "name"
    return next((a for a in answers if a.name == wanted), None)


def school_name(answers: Sequence[FormField], values: Mapping[str, str]) -> str:
    """The school's name as the answers give it, or empty."""
    answer = school_field(answers)
    return values.get(answer.name, "") if answer is not None else ""


NAMED_OTHERS = 3


def flag_same_school(applications: Sequence[Application]) -> None:
    """Add a problem to each application of a programme-year whose school (URN) applied more than once.

    Grouped once, and a problem names at most a few of the others: 1,000 forms from one school
    give 1,000 short problems, not a million file names.
    """
    groups: dict[tuple[str, str, str], list[Application]] = {}
    for app in applications:
        urn = app.urn
        if urn:
            groups.setdefault((app.kind.identity.programme, app.kind.identity.year, urn), []).append(app)
    for (_, _, urn), apps in groups.items():
        if len(apps) < 2:
            continue
        first = [shown_path(a.source) for a in apps[: NAMED_OTHERS + 1]]
        more = len(apps) - 1 - NAMED_OTHERS
        tail = f" and {more:,} more: {len(apps):,} applications in all" if more > 0 else ""
        for i, app in enumerate(apps):
            others = [name for j, name in enumerate(first) if j != i][:NAMED_OTHERS]
            app.problems.append(f"same school (URN {urn}) as {', '.join(others)}{tail}")

"""Which two packs to compare: one programme in two years, or two hubs' versions of one year."""

from __future__ import annotations

from pathlib import Path

from ..errors import PackgenError, Problem
from ..letter import sample_letters
from ..model.project import Hub, ProgrammeYear, Project
from ..model.schema import HubFile
from ..model.yaml_reader import LocatedData
from ..resolve import resolve
from .compare import compare, side
from .model import PackDiff

NATIONAL_NAME = "[Maths Hub]"


def national_hub() -> Hub:
    """A stand-in hub for the national wording: no email, no offer, named ``[Maths Hub]``.

    Wording that depends on a hub's facts falls back to its neutral text (no places, no
    closing date), and ``{{ hub.name }}`` reads as a visible slot, so what is compared is
    what every hub's pack shares. The appendix still lists the project's real hubs.
    """
    spec = HubFile(code="XX0", name=NATIONAL_NAME, region="England")
    return Hub(spec, LocatedData(Path("national"), "national wording", {}))


def _problem(message: str, code: str) -> Problem:
    return Problem("command line", 0, 0, message, code)


def _programme_year(project: Project, programme: str, year: str) -> ProgrammeYear:
    years = [py for py in project.programmes if py.programme == programme]
    if not years:
        known = ", ".join(sorted({py.programme for py in project.programmes})) or "none"
        raise PackgenError([_problem(f"unknown programme {programme!r}; known: {known}", "programme.unknown")])
    for py in years:
        if py.year.id == year:
            return py
    known = ", ".join(py.year.id for py in sorted(years, key=lambda py: py.year))
    raise PackgenError(
        [
            _problem(
                f"no year {year!r} for {programme} (no programmes/{programme}/{year}.yaml); known: {known}",
                "year.unknown",
            )
        ]
    )


def _hub(project: Project, py: ProgrammeYear, code: str | None) -> Hub:
    if code is None:
        return national_hub()
    found = [h for h in project.hubs if h.code == code.upper()]
    if not found:
        raise PackgenError([_problem(f"unknown hub {code!r}", "hub.unknown")])
    if found[0] not in project.hubs_running(py):
        raise PackgenError(
            [_problem(f"hub {found[0].code} does not run {py.programme} in {py.year.id}", "hub.not_running")]
        )
    return found[0]


def diff_years(
    project: Project, programme: str, old_year: str, new_year: str, hub: str | None = None, *, letters: bool = True
) -> PackDiff:
    """The programme's wording in ``old_year`` against ``new_year``, for one hub or nationally; with
    ``letters``, the decision letters' wording after the pack's."""
    old_py = _programme_year(project, programme, old_year)
    new_py = _programme_year(project, programme, new_year)
    old_hub, new_hub = _hub(project, old_py, hub), _hub(project, new_py, hub)
    old, new = resolve(project, old_py, old_hub), resolve(project, new_py, new_hub)
    both = (sample_letters(project, old_py, old_hub), sample_letters(project, new_py, new_hub)) if letters else ((), ())
    return compare(old, new, side(old.pack, national=hub is None), side(new.pack, national=hub is None), letters=both)


def diff_hubs(project: Project, programme: str, year: str, hub_a: str, hub_b: str) -> PackDiff:
    """Hub A's version of the programme-year against hub B's."""
    py = _programme_year(project, programme, year)
    a, b = _hub(project, py, hub_a), _hub(project, py, hub_b)
    letters = (sample_letters(project, py, a), sample_letters(project, py, b))
    return compare(resolve(project, py, a), resolve(project, py, b), letters=letters)

"""Decision letters for a hub's confirmed decisions: which letter each gets, its files and the summary.

``packgen letters`` (cli/letters.py) gathers the decisions from the database (web/letters.py) as
``Decided`` values; this module knows nothing of the database. ``LetterMaker`` holds the letter
renderers, built once, and makes each letter's PDF, DOCX and email bodies; ``make_letters`` makes
them all before ``write_letters`` writes any, so a bad piece of wording writes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import PackgenError, Problem
from .letter import Letter, letter_kind, resolve_letter
from .model.project import Hub, ProgrammeYear, Project, did_you_mean
from .render.letter import LetterDocx, LetterEmail, LetterPdf, decision_label
from .wording.facts import DecisionView, SchoolView

SUMMARY = "letters.csv"
"""The summary's file name in the output folder."""


@dataclass(frozen=True)
class Decided:
    """One decision as a letter needs it (a row of the decisions table, with the school's details)."""

    reference: str
    outcome: str  # offered, waiting, not_offered, withdrawn
    proposed: str  # what the rule proposed: "waiting" with outcome "offered" is a place freed
    school: SchoolView
    rank: int | None = None
    reason: str = ""
    email: str | None = None
    id: int | None = None  # the decisions table's id
    sent_on: dt.date | None = None  # the day its letter was emailed (London), once it was

    @property
    def kind(self) -> str | None:
        """The letter it gets, or None (a withdrawal)."""
        return letter_kind(self.outcome, self.proposed)

    @property
    def view(self) -> DecisionView:
        return DecisionView(self.outcome, self.reference, self.rank, self.reason)


@dataclass(frozen=True)
class LetterFiles:
    """One decision's letter and its files' bytes."""

    decided: Decided
    letter: Letter
    pdf: bytes
    docx: bytes

    @property
    def names(self) -> tuple[str, str]:
        return f"{self.letter.file_stem}.pdf", f"{self.letter.file_stem}.docx"


def find_programme_year(project: Project, programme: str, year: str) -> ProgrammeYear:
    """The programme-year named on the command line; PackgenError naming the known ones if none."""
    for py in project.programmes:
        if py.programme == programme and py.year.id == year:
            return py
    known = sorted({f"{py.programme} {py.year.id}" for py in project.programmes})
    hint = did_you_mean(f"{programme} {year}", known)
    raise PackgenError([Problem("programmes", 0, 0, f"no programme-year {programme} {year}{hint}", "letters.unknown")])


def find_hub(project: Project, py: ProgrammeYear, code: str) -> Hub:
    """The hub named on the command line, which must run the programme-year."""
    running = {h.code: h for h in project.hubs_running(py)}
    if code in running:
        return running[code]
    hint = did_you_mean(code, running)
    raise PackgenError(
        [Problem("hubs", 0, 0, f"hub {code} does not run {py.programme} {py.year.id}{hint}", "letters.unknown")]
    )


class LetterMaker:
    """The letter renderers of a project's templates, built once, and the letters they make."""

    def __init__(self, project: Project):
        self.project = project
        templates, root = project.templates_dir, project.root
        self.pdf = LetterPdf(templates, root)
        self.docx = LetterDocx(templates, root)
        self.email = LetterEmail(templates, root)

    def letter(self, py: ProgrammeYear, hub: Hub, decided: Decided, dated: dt.date) -> Letter:
        kind = decided.kind
        if kind is None:
            raise ValueError(f"a {decided.outcome} decision gets no letter")
        return resolve_letter(self.project, py, hub, kind, decided.school, decided.view, dated)

    def files(self, py: ProgrammeYear, hub: Hub, decided: Decided, dated: dt.date) -> LetterFiles:
        letter = self.letter(py, hub, decided, dated)
        return LetterFiles(decided, letter, self.pdf.render(letter), self.docx.render(letter))

    def bodies(self, letter: Letter) -> tuple[str, str]:
        """The email's plain text and HTML bodies."""
        return self.email.text(letter), self.email.html(letter)


def letter_date(py: ProgrammeYear, hub: Hub, today: dt.date) -> dt.date:
    """The date a letter bears: the offer's confirmation date, or today when that has passed or is unknown."""
    offer = hub.spec.offers.get(py.programme, {}).get(py.year.id)
    confirmation = offer.confirmation_date if offer else None
    return confirmation if confirmation is not None and confirmation > today else today


def make_letters(
    maker: LetterMaker, py: ProgrammeYear, hub: Hub, decided: Sequence[Decided], dated: dt.date
) -> list[LetterFiles]:
    """Every letter of the decisions (a withdrawal gets none), made before any is written; raises
    PackgenError with every problem (the missing ``letters:`` key once). A letter already emailed
    bears the date it was sent with, not ``dated``: the files stay what the school was sent."""
    out: list[LetterFiles] = []
    problems: list[Problem] = []
    for d in decided:
        if d.kind is None:
            continue
        try:
            out.append(maker.files(py, hub, d, dated if d.sent_on is None else letter_date(py, hub, d.sent_on)))
        except PackgenError as exc:
            problems.extend(exc.problems)
    if problems:
        raise PackgenError(problems)
    stems = [f.letter.file_stem for f in out]
    twice = sorted({s for s in stems if stems.count(s) > 1})
    if twice:  # two letters to one school would overwrite each other's files
        raise PackgenError(
            [
                Problem(
                    "decisions",
                    0,
                    0,
                    f"two decided applications would write the same letter {stem}: decide one of them as "
                    "withdrawn (the same school applied twice)",
                    "letters.duplicate",
                )
                for stem in twice
            ]
        )
    return out


def summary(files: Sequence[LetterFiles]) -> str:
    """The summary as CSV: reference, school, URN, decision, the files, and where it was emailed."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["reference", "school", "urn", "decision", "pdf", "docx", "email"])
    for f in files:
        d = f.decided
        pdf, docx = f.names
        writer.writerow(
            [d.reference, d.school.name, d.school.urn or "", decision_label(f.letter.kind), pdf, docx, d.email or ""]
        )
    return buf.getvalue()


def write_letters(out: Path, files: Sequence[LetterFiles]) -> list[Path]:
    """Write each letter's PDF and DOCX and the summary into ``out`` (made if need be); the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for f in files:
        for name, data in zip(f.names, (f.pdf, f.docx), strict=True):
            path = out / name
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
            written.append(path)
    path = out / SUMMARY
    path.write_text(summary(files), encoding="utf-8")
    written.append(path)
    return written

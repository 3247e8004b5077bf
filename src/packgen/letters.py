"""Decision letters for a hub's confirmed decisions: which letter each gets, its files and the summary.

``packgen letters`` (cli/letters.py) gathers the decisions from the database (web/letters.py) as
``Decided`` values; this module knows nothing of the database. ``LetterMaker`` holds the letter
renderers, built once, and makes each letter's PDF, DOCX and email bodies; ``make_letters`` makes
them all before ``write_letters`` writes any, so a bad piece of wording writes nothing. A letter
whose inputs (its wording, the letter templates, packgen's code, every file its PDF read) are what
they were when its files were written, and whose files are as written, is not laid out again
(``Made``, from the folder's manifest): the files stay the same bytes, and a run again only costs
the letters that changed.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import PackgenError, Problem
from .letter import Letter, letter_kind, resolve_letter
from .model.project import Hub, ProgrammeYear, Project, did_you_mean
from .plan import code_digest, file_digest, pictures_in, template_digest
from .render.letter import FOLDER, LetterDocx, LetterEmail, LetterPdf, decision_label
from .wording.facts import DecisionView, SchoolView
from .writer import atomic_write, sha256

SUMMARY = "letters.csv"
"""The summary's file name in the output folder."""
MANIFEST = ".letters-manifest.json"
"""What each letter in the output folder was made from and its files' digests, for the next run."""


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
    digest: str = ""  # of the letter, its templates, pictures and packgen (LetterMaker.digest)
    fetched: tuple[tuple[str, str], ...] = ()  # the files the PDF read through its stylesheets, each with its sha256
    again: bool = False  # the files already in the folder, not laid out this time

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
        self._template_digests: dict[str, str] = {}

    def letter(self, py: ProgrammeYear, hub: Hub, decided: Decided, dated: dt.date) -> Letter:
        kind = decided.kind
        if kind is None:
            raise ValueError(f"a {decided.outcome} decision gets no letter")
        return resolve_letter(self.project, py, hub, kind, decided.school, decided.view, dated)

    def files(
        self, py: ProgrammeYear, hub: Hub, decided: Decided, dated: dt.date, made: Made | None = None
    ) -> LetterFiles:
        """The letter's files: those ``made`` already holds for the same digest, every file the PDF
        read (a font or picture a stylesheet names) as it was then; else laid out now."""
        letter = self.letter(py, hub, decided, dated)
        digest = self.digest(letter)
        kept = made.get(letter.file_stem, digest) if made is not None else None
        if kept is not None and all(file_digest(self.project.root / path) == sha for path, sha in kept.fetched):
            return LetterFiles(decided, letter, kept.pdf, kept.docx, digest, kept.fetched, again=True)
        pdf = self.pdf.render(letter)
        fetched = tuple((path, file_digest(self.project.root / path)) for path in self.pdf.fetched)
        return LetterFiles(decided, letter, pdf, self.docx.render(letter), digest, fetched)

    def digest(self, letter: Letter) -> str:
        """A digest of what decides a letter's PDF and DOCX, but for the files a stylesheet makes the
        PDF read (LetterFiles.fetched, checked apart): packgen's code and libraries, the letter
        templates, the letter itself and the pictures it shows."""
        h = hashlib.sha256(f"{code_digest()}\0{self._templates(letter.kind)}\0{letter!r}\0".encode())
        for src in sorted({image.src for image in pictures_in(letter)}):
            h.update(f"{src}\0{file_digest(self.project.root / src)}\0".encode())
        return h.hexdigest()

    def _templates(self, kind: str) -> str:
        """A digest of the templates a letter of ``kind`` reads, worked out once per kind."""
        if kind not in self._template_digests:
            reads = (*LetterPdf.reads, f"{FOLDER}/{kind}.html.j2", *LetterDocx.reads)
            self._template_digests[kind] = template_digest(self.project.templates_dir, reads)
        return self._template_digests[kind]

    def bodies(self, letter: Letter) -> tuple[str, str]:
        """The email's plain text and HTML bodies."""
        return self.email.text(letter), self.email.html(letter)


def letter_date(py: ProgrammeYear, hub: Hub, today: dt.date) -> dt.date:
    """The date a letter bears: the offer's confirmation date, or today when that has passed or is unknown."""
    offer = hub.spec.offers.get(py.programme, {}).get(py.year.id)
    confirmation = offer.confirmation_date if offer else None
    return confirmation if confirmation is not None and confirmation > today else today


@dataclass(frozen=True)
class Kept:
    """A letter's files as an output folder holds them, and what its PDF read when it was laid out."""

    pdf: bytes
    docx: bytes
    fetched: tuple[tuple[str, str], ...]


class Made:
    """The letters an output folder already holds, as its manifest records them: a letter's files
    are used again only when its digest is the same and both files are still the bytes written."""

    def __init__(self, out: Path):
        self.out = out
        try:
            recorded = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            recorded = {}
        self.recorded: dict[str, object] = recorded if isinstance(recorded, dict) else {}

    def get(self, stem: str, digest: str) -> Kept | None:
        entry = self.recorded.get(stem)
        if not isinstance(entry, dict) or entry.get("digest") != digest:
            return None
        fetched = entry.get("fetched")
        if not isinstance(fetched, dict):
            return None
        try:
            pdf, docx = (self.out / f"{stem}.pdf").read_bytes(), (self.out / f"{stem}.docx").read_bytes()
        except OSError:
            return None
        if (sha256(pdf), sha256(docx)) != (entry.get("pdf"), entry.get("docx")):
            return None  # changed by hand since: made again
        return Kept(pdf, docx, tuple(sorted((str(path), str(sha)) for path, sha in fetched.items())))


def make_letters(
    maker: LetterMaker,
    py: ProgrammeYear,
    hub: Hub,
    decided: Sequence[Decided],
    dated: dt.date,
    made: Made | None = None,
) -> list[LetterFiles]:
    """Every letter of the decisions (a withdrawal gets none), made before any is written; raises
    PackgenError with every problem (the missing ``letters:`` key once). A letter already emailed
    bears the date it was sent with, not ``dated``: the files stay what the school was sent. A
    letter ``made`` holds unchanged is taken from there, not laid out again."""
    out: list[LetterFiles] = []
    problems: list[Problem] = []
    for d in decided:
        if d.kind is None:
            continue
        try:
            day = dated if d.sent_on is None else letter_date(py, hub, d.sent_on)
            out.append(maker.files(py, hub, d, day, made))
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
    """Write each letter's PDF and DOCX (those not already there as they are), the summary and the
    manifest into ``out`` (made if need be); the paths of the letters' files and the summary. The
    manifest lists this run's letters only: a letter no longer made is made afresh if it comes back."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    manifest: dict[str, object] = {}
    for f in files:
        for name, data in zip(f.names, (f.pdf, f.docx), strict=True):
            path = out / name
            if not f.again:
                atomic_write(path, data)
            written.append(path)
        manifest[f.letter.file_stem] = {
            "digest": f.digest,
            "pdf": sha256(f.pdf),
            "docx": sha256(f.docx),
            "fetched": dict(f.fetched),
        }
    path = out / SUMMARY
    atomic_write(path, summary(files).encode("utf-8"))
    written.append(path)
    atomic_write(out / MANIFEST, (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode())
    return written


def others(out: Path, files: Sequence[LetterFiles]) -> list[str]:
    """The PDF and DOCX files in ``out`` that are no letter of ``files``: those of a decision since
    changed or withdrawn, or put there by hand. packgen leaves them, and says so."""
    mine = {name for f in files for name in f.names}
    return sorted(p.name for p in out.iterdir() if p.suffix in (".pdf", ".docx") and p.name not in mine)

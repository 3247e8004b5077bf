"""What the tests of a registered field type or control share: a field of that type added to the
sample's form, whole answers to that form, and the form rendered in every format, filled in as a
school would and read back by collect."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from formfill import fill_docx, fill_pdf

from packgen.collect import collect
from packgen.forms.applications import Application
from packgen.model.project import load_project
from packgen.pack import Pack
from packgen.render import documents
from packgen.resolve import resolve_pack

ANSWERS = {
    "school.name": "Riverside Infants",
    "school.urn": "123456",
    "school.telephone": "0121 496 0000",
    "school.email": "office@riverside.sch.uk",
    "school.phase": "Infant",
    "lead_teacher.reception.name": "Ann Lee",
    "lead_teacher.reception.email": "ann@riverside.sch.uk",
    "lead_teacher.year_1.name": "Bo Ng",
    "lead_teacher.year_1.email": "bo@riverside.sch.uk",
    "plans.previous": "No",
    "plans.statement": "We want to.",
    "signature.headteacher": "Cy Dee",
}
"""Whole, valid answers to the sample's number-sense form (its school-details group is ``school``)."""


def add_school_field(sample: Path, field: str) -> None:
    """Add ``field`` (a YAML flow mapping) to the sample form's school details, after the school's name."""
    path = sample / "programmes" / "number-sense" / "2024-25.yaml"
    anchor = "        - {name: name, label: Name of school}\n"
    text = path.read_text(encoding="utf-8")
    assert anchor in text
    path.write_text(text.replace(anchor, f"{anchor}        - {field}\n", 1), encoding="utf-8")


@dataclass(frozen=True)
class Round:
    """The sample's form for WM9 in every format, and collect's reading of it filled in and returned."""

    pack: Pack
    pdf: bytes
    docx: bytes
    html: str
    good: Application  # the PDF, filled with ``good``
    bad: Application  # the DOCX, filled with ``bad``


def through_every_form(sample: Path, returned: Path, good: dict[str, str], bad: dict[str, str]) -> Round:
    """Render the form in PDF, DOCX and HTML with packgen's own service, fill the PDF with ``good``
    and the DOCX with ``bad`` into ``returned``, and collect them."""
    project = load_project(sample)
    pack = resolve_pack(project, project.programmes[0], project.hub("WM9"))
    service = documents(project.templates_dir, sample)
    assert not service.load()
    pdf, docx, html = (service.render(pack, ("application-form", fmt)) for fmt in ("pdf", "docx", "html"))
    returned.mkdir()
    (returned / "good.pdf").write_bytes(fill_pdf(pdf, good, radio=frozenset({"plans.previous"})))
    (returned / "bad.docx").write_bytes(fill_docx(docx, bad))
    apps = {a.source.name: a for a in collect([returned], sample).applications}
    return Round(pack, pdf, docx, html.decode("utf-8"), apps["good.pdf"], apps["bad.docx"])

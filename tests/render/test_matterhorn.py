"""PDF/UA-1: every PDF of a full build passes the Matterhorn checkpoints a program can test, and
each checkpoint fails when a PDF is broken on purpose (so the checker is not a rubber stamp)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pikepdf
import pytest
from conftest import REPO
from matterhorn import check, checkpoints
from pikepdf import Name

from packgen.model.project import load_project
from packgen.wording.facts import form_of

INFO = ("2021-22", "WM1", "mastery-readiness", "information.pdf")
FORM = ("2021-22", "WM1", "mastery-readiness", "application-form.pdf")


def _failures(path: Path) -> list[str]:
    return [f"{path.name} {path.parent.parent.name} {path.parent.name}: {f}" for f in check(path)]


def test_every_pdf_of_a_full_build_passes(built: Path, form_pdfs_built: Path) -> None:
    paths = sorted(built.rglob("*.pdf")) + sorted(form_pdfs_built.rglob("*.pdf"))
    project = load_project(REPO)
    packs = [(py, hub) for py in project.programmes for hub in project.hubs_running(py)]
    forms = sum(form_of(hub, py) is not None for py, hub in packs)  # a pack applied for through a link has none
    assert len(paths) == len(packs) + forms  # information and form
    with ProcessPoolExecutor(2) as pool:
        failures = [f for found in pool.map(_failures, paths, chunksize=8) for f in found]
    assert failures == [], "\n".join(failures[:40])


# --- each checkpoint can fail ------------------------------------------------------------------


def _elements(pdf: pikepdf.Pdf, kind: str) -> list[pikepdf.Dictionary]:
    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        k = node.get(Name.K)
        items = list(k) if isinstance(k, pikepdf.Array) else [k] if k is not None else []
        for item in reversed(items):
            if isinstance(item, pikepdf.Dictionary) and Name.S in item:
                stack.append(item)
        if Name.S in node and node.S == Name("/" + kind):
            found.append(node)
    return found


def _kids(element: pikepdf.Dictionary) -> list:
    return [k for k in element.K if isinstance(k, pikepdf.Dictionary) and Name.S in k]


def untagged_content(pdf: pikepdf.Pdf) -> None:
    page = pdf.pages[0].obj
    page.Contents.write(page.Contents.read_bytes() + b"\n0 0 10 10 re f\n")


def no_metadata(pdf: pikepdf.Pdf) -> None:
    del pdf.Root.Metadata


def no_title_in_metadata(pdf: pikepdf.Pdf) -> None:
    xmp = pdf.Root.Metadata
    xmp.write(re.sub(rb"<dc:title>.*?</dc:title>", b"", xmp.read_bytes(), flags=re.S))


def no_pdfua_identifier(pdf: pikepdf.Pdf) -> None:
    xmp = pdf.Root.Metadata
    xmp.write(re.sub(rb"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=\"1\"", b"", xmp.read_bytes()))


def document_title_not_displayed(pdf: pikepdf.Pdf) -> None:
    pdf.Root.ViewerPreferences.DisplayDocTitle = False


def list_item_outside_a_list(pdf: pikepdf.Pdf) -> None:
    _elements(pdf, "L")[0].S = Name.Div


def first_heading_not_h1(pdf: pikepdf.Pdf) -> None:
    _elements(pdf, "H1")[0].S = Name.H2


def skipped_heading_level(pdf: pikepdf.Pdf) -> None:
    _elements(pdf, "H3")[0].S = Name("/H5")


def header_cell_without_scope(pdf: pikepdf.Pdf) -> None:
    del _elements(pdf, "TH")[0].A.Scope


def cell_headed_by_the_whole_row(pdf: pikepdf.Pdf) -> None:
    """The bug as WeasyPrint wrote it: a row of two header/answer pairs, each answer headed by both headers."""
    row = next(r for r in _elements(pdf, "TR") if [str(c.S) for c in _kids(r)] == ["/TH", "/TD", "/TH", "/TD"])
    first_th, td, second_th, _ = _kids(row)
    td.A.Headers = pikepdf.Array([first_th.ID, second_th.ID])


def list_item_without_body(pdf: pikepdf.Pdf) -> None:
    body = next(k for k in _kids(_elements(pdf, "LI")[0]) if k.S == Name.LBody)
    body.S = Name.P


def numbered_list_without_numbering(pdf: pikepdf.Pdf) -> None:
    """A list whose labels are numbers (1. 2. 3.) but that says its items are unlabelled."""
    for element in _elements(pdf, "L"):
        if Name.A in element:
            element.A.ListNumbering = Name("/None")


def footer_tagged_as_content(pdf: pikepdf.Pdf) -> None:
    """The running footer marked as content again, by an MCID that no element of the tree holds."""
    page = pdf.pages[0].obj
    data = page.Contents.read_bytes()
    assert b"/Artifact <</Type /Pagination>> BDC" in data
    page.Contents.write(data.replace(b"/Artifact <</Type /Pagination>> BDC", b"/Span <</MCID 900>> BDC"))


def widget_outside_the_structure(pdf: pikepdf.Pdf) -> None:
    widget = next(a for a in pdf.pages[0].obj.Annots if a.get(Name.Subtype) == Name.Widget)
    del widget.StructParent


def field_without_accessible_name(pdf: pikepdf.Pdf) -> None:
    widget = next(a for a in pdf.pages[0].obj.Annots if a.get(Name.Subtype) == Name.Widget and Name.TU in a)
    del widget.TU


def font_not_embedded(pdf: pikepdf.Pdf) -> None:
    font = next(iter(pdf.pages[0].obj.Resources.Font.values()))
    del font.DescendantFonts[0].FontDescriptor.FontFile2


def font_without_unicode_map(pdf: pikepdf.Pdf) -> None:
    font = next(iter(pdf.pages[0].obj.Resources.Font.values()))
    del font.ToUnicode


BREAKS: list[tuple[str, tuple[str, ...], Callable[[pikepdf.Pdf], None]]] = [
    ("01-005", INFO, untagged_content),
    ("06", INFO, no_metadata),
    ("06", INFO, no_title_in_metadata),
    ("06", FORM, no_pdfua_identifier),
    ("07-001", FORM, document_title_not_displayed),
    ("09-001", INFO, list_item_outside_a_list),
    ("14", FORM, first_heading_not_h1),
    ("14", INFO, skipped_heading_level),
    ("15", INFO, header_cell_without_scope),
    ("15", INFO, cell_headed_by_the_whole_row),
    ("16", INFO, list_item_without_body),
    ("18-001", INFO, footer_tagged_as_content),
    ("28", FORM, widget_outside_the_structure),
    ("28", FORM, field_without_accessible_name),
    ("31", INFO, font_not_embedded),
    ("31", FORM, font_without_unicode_map),
]


@pytest.mark.parametrize("checkpoint,document,breaks", BREAKS, ids=[f"{c}-{b.__name__}" for c, _, b in BREAKS])
def test_a_pdf_broken_on_purpose_fails_its_checkpoint(
    built: Path, forms_built: Path, checkpoint: str, document: tuple[str, ...], breaks: Callable[[pikepdf.Pdf], None]
) -> None:
    path = (forms_built if document is FORM else built).joinpath(*document)
    with pikepdf.open(path) as pdf:
        assert check(pdf) == []
        breaks(pdf)
        failures = check(pdf)
    assert checkpoint in checkpoints(failures), failures


def test_a_numbered_list_that_says_so_passes_and_one_that_does_not_fails() -> None:
    """16-001 reads the list labels from the page: here an <ol> laid out by packgen's PDF writer."""
    from weasyprint.text.fonts import FontConfiguration

    from packgen.render.pdf.engine import write_pdf

    items = "".join(f"<li>Step {i}</li>" for i in range(1, 4))
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>Steps</title></head>'
        f"<body><h1>Steps</h1><ol>{items}</ol></body></html>"
    )
    data = write_pdf(html, FontConfiguration(), [])
    assert check(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        numbered_list_without_numbering(pdf)
        assert "16" in checkpoints(check(pdf))

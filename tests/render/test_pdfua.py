"""The PDF/UA pass: a structure tree that follows the document, whatever the page breaks did to it."""

from __future__ import annotations

import io
import re
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from conftest import REPO
from lxml import etree
from matterhorn import check, checkpoints
from pikepdf import Name
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from packgen.render.pdf import weasytags
from packgen.render.pdf.engine import write_pdf

INFO = ("2021-22", "WM1", "mastery-readiness", "information")


def structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element in document order."""
    out, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if Name.S in node:
            out.append(node)
        k = node.get(Name.K)
        items = list(k) if isinstance(k, pikepdf.Array) else [k] if k is not None else []
        stack.extend(i for i in reversed(items) if isinstance(i, pikepdf.Dictionary) and Name.S in i)
    return out


def kids(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    return [k for k in element.K if isinstance(k, pikepdf.Dictionary) and Name.S in k]


def test_weasyprint_internals_are_the_ones_weasytags_wraps() -> None:
    """Fails loudly when a WeasyPrint upgrade changes what render/pdf/weasytags.py relies on."""
    weasytags.check_internals()
    document = HTML(
        string='<html lang="en"><title>t</title><main><p>One</p><ul><li>Two</li></ul></main></html>'
    ).render()
    with weasytags.recording() as origins:
        document.write_pdf(pdf_variant="pdf/ua-1")
    assert {o.pseudo for o in origins.values()} >= {"main", "p", "ul", "li"}


def test_one_structure_element_per_html_element_across_pages(built: Path) -> None:
    """The pack runs over eight pages; its lists, sections and tables are still one element each."""
    year, hub, programme, document = INFO
    page = etree.fromstring((built / year / hub / programme / f"{document}.html").read_bytes(), etree.HTMLParser())
    main = page.find(".//main")
    html = Counter(el.tag for el in main.iter())
    with pikepdf.open(built / year / hub / programme / f"{document}.pdf") as pdf:
        assert len(pdf.pages) > 4
        pdf_types = Counter(str(e.S) for e in structure(pdf))
    assert pdf_types["/Part"] == 1  # main, not one Part per page
    for tag, kind in [
        ("section", "/Sect"),
        ("ul", "/L"),
        ("li", "/LI"),
        ("table", "/Table"),
        ("tr", "/TR"),
        ("h2", "/H2"),
        ("h3", "/H3"),
    ]:
        assert pdf_types[kind] == html[tag], (tag, pdf_types[kind], html[tag])


def test_a_cell_is_headed_by_its_own_row_header_only(built: Path) -> None:
    """In a row of two label/answer pairs (School URN | … | Telephone number | …) each answer has one header."""
    year, hub, programme, document = INFO
    with pikepdf.open(built / year / hub / programme / f"{document}.pdf") as pdf:
        rows = [
            r for r in structure(pdf) if r.S == Name.TR and [str(c.S) for c in kids(r)] == ["/TH", "/TD", "/TH", "/TD"]
        ]
        assert rows
        for row in rows:
            first_th, first_td, second_th, second_td = kids(row)
            assert list(first_td.A.Headers) == [first_th.ID] and list(second_td.A.Headers) == [second_th.ID]
            assert first_th.A.Scope == Name.Row
        ids = {str(k) for k in pdf.Root.StructTreeRoot.IDTree.Names[::2]}
        assert {str(e.ID) for e in structure(pdf) if Name.ID in e} == ids


def test_page_furniture_is_a_pagination_artifact_and_still_printed(built: Path) -> None:
    year, hub, programme, document = INFO
    path = built / year / hub / programme / f"{document}.pdf"
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            data = page.obj.Contents.read_bytes()
            assert data.count(b"/Artifact <</Type /Pagination>> BDC") == 2, number  # "hub · title" and "Page n of N"
            mapped = pdf.Root.StructTreeRoot.ParentTree.Nums[2 * (number - 1) + 1]
            mcids = sorted(int(m) for m in re.findall(rb"<</MCID (\d+)>> BDC", data))
            assert mcids == list(range(len(mapped))), number  # numbered from 0, every one in the parent tree
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Page 3 of" in text


def test_what_weasyprint_writes_fails_the_checks_this_pass_fixes(built: Path) -> None:
    """The same HTML through WeasyPrint alone: orphaned footers, unscoped headers, cells headed by the whole row."""
    year, hub, programme, document = INFO
    source = (built / year / hub / programme / f"{document}.html").read_text(encoding="utf-8")
    source = source.replace('<body class="screen">', '<body class="print">')
    # With the paged-media sheet the PDF renderers add (the page's footer; browsers never get it).
    paged = (REPO / "templates" / "print.css").read_text(encoding="utf-8")
    source = source.replace("</head>", f"<style>\n{paged}</style>\n</head>", 1)
    raw = HTML(string=source).render(font_config=FontConfiguration()).write_pdf(pdf_variant="pdf/ua-1")
    assert {"15", "18-001"} <= checkpoints(check(raw))
    assert check(write_pdf(source, FontConfiguration(), [])) == []


GENERIC = """<!DOCTYPE html><html lang="en-GB"><head><title>Every kind of block</title>
<style>@page {{ size: A5; margin: 2cm; @bottom-right {{ content: "Page " counter(page); }}
@top-center {{ content: "Running head"; }} }}
.fn {{ float: footnote; }}</style></head><body><h1>Every kind of block</h1><main>
<section><h2>Steps</h2><ol>{items}</ol>
<p>A claim<span class="fn">The footnote that backs it.</span>
and a <a href="https://example.org">link to example.org</a>.</p>
<figure><img alt="A small square" width="30" height="30"
src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmM\
IQAAAABJRU5ErkJggg=="><figcaption>A caption</figcaption></figure>
<h2>A long table</h2><table><thead><tr><th>Name</th><th>Value</th><th>Other</th><th>More</th></tr></thead>
<tbody>{rows}</tbody></table></section></main></body></html>"""


def test_tables_figures_nested_lists_and_footnotes_across_pages_pass() -> None:
    """The blocks other programme files may use, split over pages: still one element each, and passing."""
    items = "".join(
        f"<li>Step {i}{'<ul><li>a detail</li><li>another</li></ul>' if i % 5 == 0 else ''}</li>" for i in range(1, 31)
    )
    rows = "".join(
        f"<tr><th scope='row'>Row {i}</th><td>a{i}</td><th scope='row'>Also {i}</th><td>b{i}</td></tr>"
        for i in range(40)
    )
    data = write_pdf(GENERIC.format(items=items, rows=rows), FontConfiguration(), [])
    assert check(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 4
        elements = structure(pdf)
        types = Counter(str(e.S) for e in elements)
        assert (types["/Part"], types["/Table"], types["/THead"], types["/TR"]) == (1, 1, 1, 41)  # the header row once
        assert types["/L"] == 1 + 6 and types["/LI"] == 30 + 12
        outer = next(e for e in elements if e.S == Name.L)
        assert outer.A.ListNumbering == Name.Decimal
        note = next(e for e in elements if e.S == Name.Note)
        siblings = kids(note.P)
        assert siblings[siblings.index(next(s for s in siblings if s.objgen == note.objgen)) - 1].S == Name.Reference
        assert types["/Figure"] == 1


@pytest.mark.parametrize("same", [True, False])
def test_the_same_html_gives_the_same_bytes_and_the_identifier_follows_the_content(same: bool) -> None:
    html = '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><p>{}</p></main></body></html>'
    first = write_pdf(html.format("One"), FontConfiguration(), [])
    second = write_pdf(html.format("One" if same else "Two"), FontConfiguration(), [])
    identifier = re.compile(rb"/ID \[<([0-9a-f]+)>")
    assert (first == second) is same
    assert (identifier.search(first).group(1) == identifier.search(second).group(1)) is same

"""A section or notice whose wording renders empty for a hub leaves nothing behind in any format:
no empty box, no lone heading, no empty paragraph."""

from __future__ import annotations

import zipfile
from pathlib import Path

from conftest import W, docx_text, html_text, pdf_text, run_cli
from lxml import etree
from pdftags import structure

TFM = "2024-25/{hub}/teaching-for-mastery-development/information.{fmt}"


def _boxes(path: Path) -> list[list[str]]:
    """Each notice box of a DOCX: the text of each of its paragraphs, which have the Notice style or its border."""
    with zipfile.ZipFile(path) as zf:
        body = etree.fromstring(zf.read("word/document.xml")).find(f"{W}body")
    boxes: list[list[str]] = []
    inside = False
    for p in body.findall(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        boxed = p.find(f"{W}pPr/{W}pBdr") is not None or (style is not None and style.get(f"{W}val") == "Notice")
        if boxed and not inside:
            boxes.append([])
        if boxed:
            boxes[-1].append("".join(p.itertext()))
        inside = boxed
    return boxes


def test_a_notice_gated_on_the_hubs_facts_vanishes_in_every_format(built: Path) -> None:
    """Priority areas: WM1 has areas in its offer, WM3 has none."""

    def shown(fmt: str) -> Path:
        return built / TFM.format(hub="WM1", fmt=fmt)

    def gone(fmt: str) -> Path:
        return built / TFM.format(hub="WM3", fmt=fmt)

    assert "Priority areas" in html_text(shown("html")) and "Priority areas" not in html_text(gone("html"))
    wm1, wm3 = (etree.fromstring(p.read_bytes(), etree.HTMLParser()) for p in (shown("html"), gone("html")))
    assert (
        wm1.find(".//section[@id='priority-areas']") is not None
        and wm3.find(".//section[@id='priority-areas']") is None
    )
    assert len(wm3.findall(".//section[@class='notice']")) == len(wm1.findall(".//section[@class='notice']")) - 1
    assert all("".join(p.itertext()).strip() for p in wm3.iter("p", "li", "h2", "h3")), "no empty paragraph or heading"

    assert "Priority areas" in [box[0] for box in _boxes(shown("docx"))] and "Priority areas" not in docx_text(
        gone("docx")
    )
    assert len(_boxes(gone("docx"))) == len(_boxes(shown("docx"))) - 1
    assert all(all(text.strip() for text in box) for box in _boxes(gone("docx"))), "no empty box or paragraph in a box"

    assert "Priority areas" in pdf_text(shown("pdf")) and "Priority areas" not in pdf_text(gone("pdf"))
    boxes = structure(gone("pdf")).find("Sect")
    assert boxes and all(" ".join(box.all_text().split()) for box in boxes), "no empty box in the tagged PDF either"


GATED = """\
  - id: riverside-only
    heading: Riverside schools
    style: notice
    body:
      - "{% if hub.code == 'WM9' %}Riverside schools may bring a second teacher.{% endif %}"
      - bullets:
          - "{% if hub.code == 'WM9' %}Book through the lead school{% endif %}"

  - id: about
"""


def test_a_section_gated_on_the_hub_code_leaves_nothing_in_any_format_or_the_diff(sample: Path) -> None:
    path = sample / "programmes/number-sense/2024-25.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - id: about\n", GATED, 1), encoding="utf-8")
    result = run_cli("build", "--project", str(sample), "--quiet", "--jobs", "1")
    assert result.exit_code == 0, result.output
    out = sample / "build/2024-25"
    for fmt, read in (("html", html_text), ("docx", docx_text), ("pdf", pdf_text)):
        riverside, harbour = (read(out / hub / "number-sense" / f"information.{fmt}") for hub in ("WM9", "SE9"))
        assert "Riverside schools" in riverside and "Book through the lead school" in riverside, fmt
        assert "Riverside schools" not in harbour and "second teacher" not in harbour, fmt
    assert "Riverside schools" not in [box[0] for box in _boxes(out / "SE9/number-sense/information.docx")]
    page = (out / "SE9/number-sense/information.html").read_text(encoding="utf-8")
    assert 'id="riverside-only"' not in page and "<ul>\n</ul>" not in page and "<p></p>" not in page
    compared = run_cli("diff", "number-sense", "2024-25", "--hub", "WM9", "--hub", "SE9", "--project", str(sample))
    assert "@@ [-Riverside schools-]: removed" in compared.output and " 1 removed, " in compared.output, compared.output

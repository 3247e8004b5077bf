"""Packs that take no form, and a hub's own title (issue 22, points 3 and 4), end to end on the sample.

WM9's offer says ``apply: {url, label}``: its pack has no application form in build/, the
preview or the server; the pack says to follow the link (or its wording does, with ``apply``);
no "application form" sentence is added; the site links the address. A programme-year with
neither a form nor a link is a located warning in ``packgen check``. WM9's offer also says
``title:``: the pack's heading, the site and every format's metadata use it.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pikepdf
from conftest import docx_text, edit, html_text, line_of, pdf_text, run_cli
from lxml import etree

from packgen.preview.views import Previewer, ViewKey

PROGRAMME = "programmes/number-sense/2024-25.yaml"
URL = "https://apply.riverside-hub.example.org/number-sense"
LABEL = "Riverside's application service"
TITLE = "Number Sense in Riverside and Hillford"
WM9 = "2024-25/WM9/number-sense"
SE9 = "2024-25/SE9/number-sense"
FORM_SENTENCE = "To fill in the application form on a computer"
FOLLOW = f"To apply, follow the link to {LABEL} and complete the application there."
OFFER = "      closing_date: 2024-03-08\n"
BRANDED = f"      title: {TITLE}\n      apply: {{url: '{URL}', label: \"{LABEL}\"}}\n" + OFFER


def by_link(sample: Path) -> Path:
    """The sample with WM9 applying through a link under its own title; SE9 keeps the form."""
    edit(sample / "hubs/WM9.yaml", OFFER, BRANDED)
    return sample


def build(root: Path, *args: str) -> Path:
    out = root / "out"
    result = run_cli("build", "--project", str(root), "--out", str(out), "--jobs", "1", "--quiet", *args)
    assert result.exit_code == 0, result.output
    return out


def test_a_pack_applied_for_by_link_has_no_form_and_says_to_follow_the_link(sample: Path) -> None:
    out = build(by_link(sample))
    assert sorted(p.name for p in (out / WM9).iterdir()) == ["information.docx", "information.html", "information.pdf"]
    assert (out / SE9 / "application-form.pdf").is_file(), "SE9 still takes the form"
    page = etree.fromstring((out / WM9 / "information.html").read_bytes(), etree.HTMLParser())
    assert not page.xpath("//*[@id='application-form']")
    [sentence] = page.xpath("//section[@id='how-to-apply']/p[a[@href=$url]]", url=URL)
    assert " ".join("".join(sentence.itertext()).split()) == FOLLOW
    for text in (html_text(out / WM9 / "information.html"), pdf_text(out / WM9 / "information.pdf")):
        flat = " ".join(text.split())
        assert FOLLOW in flat and FORM_SENTENCE not in flat and "Number Sense Application Form" not in flat
    word = docx_text(out / WM9 / "information.docx")
    assert FOLLOW in word and FORM_SENTENCE not in word
    assert FORM_SENTENCE in html_text(out / SE9 / "information.html")


def test_the_wording_may_say_where_to_apply_itself_with_apply(sample: Path) -> None:
    by_link(sample)
    edit(
        sample / PROGRAMME,
        "        Complete the form and send it",
        "        {% if apply %}Apply through {{ apply.label }} at {{ apply.url }}.{% endif %}\n"
        "        Complete the form and send it",
    )
    out = build(sample, "--hub", "WM9", "--format", "html")
    text = " ".join(html_text(out / WM9 / "information.html").split())
    assert f"Apply through {LABEL} at {URL}." in text
    assert FOLLOW not in text, "the wording links to it, so the layout adds no sentence of its own"


def test_the_site_links_the_address_and_shows_the_hub_s_title(sample: Path) -> None:
    out = build(by_link(sample))
    page = etree.fromstring((out / "index.html").read_bytes(), etree.HTMLParser())
    [row] = page.xpath("//tr[th/span[@class='code']='WM9']")
    assert row.xpath("th/span[@class='own-title']/text()") == [TITLE]
    links = row.xpath(".//a/@href")
    assert URL in links and not any("application-form" in link for link in links)
    [apply] = row.xpath(".//a[@href=$url]", url=URL)
    assert apply.text == LABEL
    [other] = page.xpath("//tr[th/span[@class='code']='SE9']")
    assert any(link.endswith("application-form.pdf") for link in other.xpath(".//a/@href"))
    assert not other.xpath("th/span[@class='own-title']")
    assert page.xpath("//h2/text()")[0].strip() == "Number Sense Work Groups", "the listing keeps the national title"


def test_the_hub_s_title_is_every_format_s_heading_and_metadata(sample: Path) -> None:
    out = build(by_link(sample), "--hub", "WM9")
    wanted = f"{TITLE}: Information and Application 2024/25 (Riverside Maths Hub)"
    page = etree.fromstring((out / WM9 / "information.html").read_bytes(), etree.HTMLParser())
    assert page.findtext(".//title") == wanted and page.findtext(".//h1") == TITLE
    with pikepdf.open(out / WM9 / "information.pdf") as pdf:
        assert str(pdf.docinfo["/Title"]) == wanted
        with pdf.open_metadata() as xmp:
            assert xmp.get("dc:title") == wanted
    with zipfile.ZipFile(out / WM9 / "information.docx") as zf:
        core = zf.read("docProps/core.xml").decode("utf-8")
    assert re.search(r"<dc:title>(.*?)</dc:title>", core).group(1) == wanted
    assert TITLE in docx_text(out / WM9 / "information.docx").splitlines()


def test_neither_a_form_nor_a_link_is_a_located_warning_with_the_fix(sample: Path) -> None:
    text = (sample / PROGRAMME).read_text(encoding="utf-8")
    (sample / PROGRAMME).write_text(text[: text.index("\nform:")] + "\n", encoding="utf-8")
    result = run_cli("check", "--project", str(sample), "--format", "json")
    found = [p for p in json.loads(result.stdout)["problems"] if p["code"] == "programme.no-apply"]
    assert [(p["path"], p["line"], p["severity"]) for p in found] == [
        (PROGRAMME, line_of(sample / PROGRAMME, "title:"), "warning")
    ]
    assert "no application form and no apply: link" in found[0]["message"]
    assert "add form:, or apply:" in found[0]["message"]
    by_link(sample)  # WM9 links to where it applies: only SE9's pack says nothing of it
    result = run_cli("check", "--project", str(sample), "--format", "json")
    [problem] = [p for p in json.loads(result.stdout)["problems"] if p["code"] == "programme.no-apply"]
    assert " for SE9," in problem["message"]
    out = build(sample, "--hub", "SE9", "--format", "html")  # an expression of interest still builds
    assert FORM_SENTENCE not in html_text(out / SE9 / "information.html")


def test_the_preview_has_no_form_for_it_and_says_where_to_apply(sample: Path) -> None:
    previewer = Previewer(by_link(sample))
    view = previewer.view(ViewKey("WM9", "number-sense", "2024-25", document="application-form"))
    assert view.page is None and view.pdf is None
    assert view.note is not None and URL in view.note and LABEL in view.note
    assert previewer.view(ViewKey("WM9", "number-sense", "2024-25")).page is not None

"""The document service: what build, check, the preview and the server call to make a pack's documents."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from conftest import edit

from packgen.errors import PackgenError, Problem
from packgen.model.project import load_project
from packgen.pack import Pack
from packgen.render import RENDERERS, Documents, Rendered, documents, load_renderers
from packgen.render.pdf.browserfill import browser_fill
from packgen.resolve import resolve_pack

FORM_PDF = ("application-form", "pdf")
FORM_HTML = ("application-form", "html")


def packs(root: Path) -> list[Pack]:
    """Every pack of the project, WM9's first."""
    project = load_project(root)
    found = [resolve_pack(project, py, hub) for py in project.programmes for hub in project.hubs_running(py)]
    return sorted(found, key=lambda pack: pack.hub_code != "WM9")


def test_its_bytes_are_the_renderers_own(sample: Path) -> None:
    pack = packs(sample)[0]
    service = documents(sample / "templates", sample)
    loaded, failed = load_renderers(sample / "templates", sample, [("information", "html"), ("information", "docx")])
    assert not failed
    for key, renderer in loaded.items():
        assert service.render(pack, key) == renderer.render(pack)
    pdf = service.attempt(pack, ("information", "pdf"))
    assert isinstance(pdf, Rendered) and pdf.data.startswith(b"%PDF-")


def test_the_html_form_carries_exactly_the_form_pdf(sample: Path) -> None:
    pack = packs(sample)[0]
    service = documents(sample / "templates", sample)
    page = service.render(pack, FORM_HTML).decode("utf-8")
    pdf = service.render(pack, FORM_PDF)
    assert service.renders == 2  # the PDF was laid out once, for the page, and then taken from the cache
    embedded = re.search(r'<script type="application/json" id="blank-form">"([^<"]+)"</script>', page)
    assert embedded is not None
    # The page carries the form PDF made ready for the browser to fill: from these very bytes.
    assert base64.b64decode(embedded.group(1)) == browser_fill(pdf).pdf


def test_a_document_that_carries_others_lists_what_those_read(sample: Path) -> None:
    form_css = sample / "templates" / "form.css"
    form_css.write_text('@import url("extra.css");\n' + form_css.read_text(encoding="utf-8"), encoding="utf-8")
    (sample / "templates" / "extra.css").write_text("p { orphans: 2 }\n", encoding="utf-8")
    pack = packs(sample)[0]
    service = documents(sample / "templates", sample)
    html = service.attempt(pack, FORM_HTML)
    pdf = service.attempt(pack, FORM_PDF)
    assert isinstance(html, Rendered) and isinstance(pdf, Rendered)
    assert pdf.fetched == ("templates/extra.css",) and html.fetched == pdf.fetched


def test_a_broken_template_is_a_located_problem_from_attempt_and_check(sample: Path) -> None:
    edit(sample / "templates" / "information.html.j2", "{{ pack.title", "{{ pack.no_such_thing }}{{ pack.title")
    pack = packs(sample)[0]
    service = documents(sample / "templates", sample)
    for made in (service.attempt(pack, ("information", "html")), service.check(pack, ("information", "pdf"))):
        assert isinstance(made, Problem)
        assert made.path == "templates/information.html.j2" and made.line > 0
        assert made.code == "template.undefined" and "no_such_thing" in made.message
    with pytest.raises(PackgenError) as raised:
        service.render(pack, ("information", "html"))
    assert raised.value.problems[0].code == "template.undefined"


def test_a_template_that_does_not_load_is_its_problem_for_every_call(sample: Path) -> None:
    (sample / "templates" / "information.docx").write_bytes(b"not a zip")
    pack = packs(sample)[0]
    service = documents(sample / "templates", sample)
    problems = service.load()
    assert [p.path for p in problems] == ["templates/information.docx"]
    key = ("information", "docx")
    assert service.attempt(pack, key) == service.check(pack, key) == service.file_problems(key)[0] == problems[0]


def test_any_other_failure_names_the_document_it_was_making(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = packs(sample)[0]
    service = documents(sample / "templates", sample)
    renderer = service.renderer(("information", "docx"))
    assert not isinstance(renderer, Problem)

    def broken(pack: Pack) -> bytes:
        raise ZeroDivisionError("no room")

    monkeypatch.setattr(renderer, "filling", broken)  # what a Word renderer's render and check both call
    made = service.attempt(pack, ("information", "docx"))
    assert made == Problem(
        f"{pack.year}/{pack.hub_code}/{pack.programme}/information.docx",
        0,
        0,
        "could not render: ZeroDivisionError: no room",
        "render.failed",
    )
    assert service.check(pack, ("information", "docx")) == Problem(
        "information.docx", 0, 0, "could not render: ZeroDivisionError: no room", "render.failed"
    )


def test_a_failed_form_pdf_is_the_html_forms_problem_too(sample: Path) -> None:
    edit(sample / "templates" / "form.css", "", '@import url("/etc/passwd");\n')
    pack = packs(sample)[0]
    service = documents(sample / "templates", sample)
    pdf = service.attempt(pack, FORM_PDF)
    assert isinstance(pdf, Problem) and pdf.code == "template.fetch"
    assert service.attempt(pack, FORM_HTML) == pdf


def test_the_cache_is_bounded_and_keeps_the_most_recent(sample: Path) -> None:
    some = packs(sample)
    service = Documents(RENDERERS, sample / "templates", sample, cache_size=2)
    key = ("information", "html")
    first, second = some[0], some[1]
    service.render(first, key)
    service.render(second, key)
    service.render(first, key)
    assert service.renders == 2  # the first again: from the cache
    service.render(first, ("information", "docx"))  # three kept would be one too many: the second goes
    assert service.renders == 3
    service.render(first, key)
    assert service.renders == 3
    service.render(second, key)
    assert service.renders == 4
    assert len(service._cache) == 2


def test_an_equal_pack_is_the_same_document_and_a_changed_one_is_laid_out_again(sample: Path) -> None:
    service = documents(sample / "templates", sample)
    key = ("information", "html")
    service.render(packs(sample)[0], key)
    service.render(packs(sample)[0], key)  # resolved again: another object, equal
    assert service.renders == 1
    edit(sample / "hubs/WM9.yaml", "places: 12", "places: 14")
    service.render(packs(sample)[0], key)
    assert service.renders == 2

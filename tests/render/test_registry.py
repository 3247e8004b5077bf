"""Renderers are listed once; build and check load them the same way and report a bad template alike."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import run_cli

from packgen.model.project import load_project
from packgen.pack import Pack
from packgen.render import DOCUMENTS, FORMATS, RENDERERS, Registry, Renderer, documents
from packgen.render.base import Carried
from packgen.render.information_html import InformationHtml
from packgen.render.word.template import WordRenderer
from packgen.resolve import resolve_pack


def test_every_list_of_formats_comes_from_the_one_registry() -> None:
    assert FORMATS == ("html", "pdf", "docx")
    assert DOCUMENTS == ("information", "application-form")
    assert len(list(RENDERERS)) == len(FORMATS) * len(DOCUMENTS)


def test_a_second_renderer_for_the_same_document_and_format_is_refused() -> None:
    class Another(InformationHtml):
        pass

    registry = Registry([InformationHtml])
    with pytest.raises(ValueError, match="two renderers for information as html: InformationHtml and Another"):
        registry.add(Another)


class InformationText(Renderer):
    """A format of a few lines: what a new output format needs, and nothing optional."""

    document: ClassVar[str] = "information"
    format: ClassVar[str] = "txt"
    reads: ClassVar[tuple[str, ...]] = ()
    title: ClassVar[str] = "Information pack"
    format_title: ClassVar[str] = "Text"
    media_type: ClassVar[str] = "text/plain; charset=utf-8"

    def render(self, pack: Pack, carried: Carried | None = None) -> bytes:
        return f"{pack.title}\n".encode()


def test_a_new_format_is_one_class_added_to_a_registry(sample: Path) -> None:
    registry = Registry([InformationHtml, InformationText])
    assert registry.formats == ("html", "txt")
    assert registry.format_titles() == {"html": "HTML", "txt": "Text"}
    loaded, failed = registry.load(sample / "templates", sample)
    assert not failed and set(loaded) == {("information", "html"), ("information", "txt")}
    text = loaded[("information", "txt")]
    # The optional members it did not declare have the base class's defaults.
    assert InformationText.ignores == () and InformationText.carries == () and InformationText.outside_files() == ()
    assert text.fetched == () and text.check_files() == [] and text.file_name() == "information.txt"


def test_a_renderer_without_its_metadata_or_not_a_renderer_is_refused() -> None:
    class Untitled(Renderer):
        document: ClassVar[str] = "information"
        format: ClassVar[str] = "txt"
        reads: ClassVar[tuple[str, ...]] = ()

        def render(self, pack: Pack, carried: Carried | None = None) -> bytes:
            return b""

    class Plain:
        document: ClassVar[str] = "information"
        format: ClassVar[str] = "txt"

    with pytest.raises(TypeError, match="Untitled does not set title, format_title, media_type"):
        Registry([Untitled])
    with pytest.raises(TypeError, match="Plain is not a Renderer"):
        Registry([Plain])


def test_what_a_renderer_carries_must_be_registered_and_it_must_define_its_own_check() -> None:
    class Carrier(InformationText):
        format: ClassVar[str] = "bundle"
        carries: ClassVar[tuple[tuple[str, str], ...]] = (("information", "txt"),)

    with pytest.raises(ValueError, match=r"Carrier carries \[\('information', 'txt'\)\], which no renderer makes"):
        Registry([Carrier])
    with pytest.raises(TypeError, match="Carrier carries other documents, so it must define check"):
        Registry([InformationText, Carrier])


def test_the_renderers_of_one_document_agree_on_its_title() -> None:
    class Retitled(InformationText):
        title: ClassVar[str] = "Pack"

    with pytest.raises(ValueError, match="Retitled calls information 'Pack'"):
        Registry([InformationHtml, Retitled])


def test_the_html_form_carries_the_form_pdf_and_its_outside_files() -> None:
    assert RENDERERS[("application-form", "html")].carries == (("application-form", "pdf"),)
    assert RENDERERS.outside_files(("application-form", "html")) == RENDERERS.outside_files(("application-form", "pdf"))
    assert RENDERERS.outside_files(("information", "pdf")) == ()
    assert RENDERERS.document_titles() == {"information": "Information pack", "application-form": "Application form"}
    assert {cls.media_type for _, cls in RENDERERS.items()} == {
        "text/html; charset=utf-8",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }


@pytest.mark.workers  # its build asks for worker processes (tests/conftest.py)
@pytest.mark.parametrize("breakage", ["missing", "corrupt"])
def test_a_broken_word_template_is_the_same_located_error_in_build_and_check(sample: Path, breakage: str) -> None:
    template = sample / "templates" / "information.docx"
    if breakage == "missing":
        template.unlink()
        reason = "No such file or directory"
    else:
        template.write_bytes(b"this is not a zip file")
    check = run_cli("check", "--project", str(sample))
    # in worker processes, as by default: the HTML and the Word documents are the 8 outputs that
    # take them (build.MIN_FOR_WORKERS), with no information PDF to lay out beside the failure
    build = run_cli("build", "--project", str(sample), "--jobs", "2", "--format", "html", "--format", "docx")
    line = next(out for out in check.output.splitlines() if out.startswith("templates/information.docx"))
    assert line.startswith("templates/information.docx: error: template could not be read: ")
    assert line.endswith("[template.error]")
    if breakage == "missing":
        assert reason in line
    assert check.exit_code == 1 and build.exit_code == 1
    assert line in build.output.splitlines()
    assert "Traceback" not in build.output
    assert not (sample / "build").exists() or not any((sample / "build").rglob("*.docx"))


def test_check_fills_every_part_of_a_word_document_that_render_zips(sample: Path) -> None:
    """`packgen check` runs a Word renderer's filling and the XML checks but does not zip the package:
    what it fills is, part for part and in order, what the DOCX holds."""
    service = documents(sample / "templates", sample)
    words = [key for key in RENDERERS if isinstance(service.renderer(key), WordRenderer)]
    assert sorted(words) == [("application-form", "docx"), ("information", "docx")]
    project = load_project(sample)
    for pack in (resolve_pack(project, py, hub) for py in project.programmes for hub in project.hubs_running(py)):
        for key in words:
            renderer = service.renderer(key)
            assert isinstance(renderer, WordRenderer)
            with zipfile.ZipFile(io.BytesIO(renderer.render(pack))) as docx:
                held = [(info.filename, docx.read(info)) for info in docx.infolist()]
            assert renderer.template.fill(*renderer.filling(pack)) == held
            assert service.check(pack, key) is None

"""Renderers are listed once; build and check load them the same way and report a bad template alike."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from conftest import run_cli

from packgen.render import DOCUMENTS, FORMATS, RENDERERS, Registry
from packgen.render.html import InformationHtml


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


def test_a_new_format_is_one_class_added_to_a_registry(sample: Path) -> None:
    class InformationText:
        document: ClassVar[str] = "information"
        format: ClassVar[str] = "txt"
        reads: ClassVar[tuple[str, ...]] = ()

        def __init__(self, templates: Path, root: Path | None = None) -> None:
            pass

        def render(self, pack) -> bytes:
            return f"{pack.title}\n".encode()

    registry = Registry([InformationHtml, InformationText])
    assert registry.formats == ("html", "txt")
    loaded, failed = registry.load(sample / "templates", sample)
    assert not failed and set(loaded) == {("information", "html"), ("information", "txt")}


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
    build = run_cli("build", "--project", str(sample), "--jobs", "2")  # in worker processes, as by default
    line = next(l for l in check.output.splitlines() if l.startswith("templates/information.docx"))
    assert line.startswith("templates/information.docx: error: template could not be read: ")
    assert line.endswith("[template.error]")
    if breakage == "missing":
        assert reason in line
    assert check.exit_code == 1 and build.exit_code == 1
    assert line in build.output.splitlines()
    assert "Traceback" not in build.output
    assert not (sample / "build").exists() or not any((sample / "build").rglob("*.docx"))

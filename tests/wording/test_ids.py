"""A hub words national paragraphs and list items its own way by their ids (issue 22, point 2):
the ids (explicit, or made from the section and the first words), an offer's edits replacing,
removing and adding after them in every format, the located error when an edit's target is gone,
rollover keeping the ids, and the diff saying whose wording an edit is."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE, docx_text, edit, html_text, line_of, pdf_text, run_cli
from lxml import etree
from pydantic import ValidationError

from packgen.diff import diff_hubs
from packgen.diff.docx import render_docx
from packgen.diff.html import render_html
from packgen.diff.text import render_text
from packgen.model.project import load_project
from packgen.model.schema import Edit
from packgen.wording.ids import wording_ids, words

PROGRAMME = "programmes/number-sense/2024-25.yaml"
PAGES = "2024-25/{hub}/number-sense/information"
EDITS = """\
      places: 20
      edits:
        - replace: about/number-sense-work-groups-help
          text: Harbour's Number Sense Work Groups meet in Portsmouth.
        - after: about/number-sense-work-groups-help
          add: [Our workshops run on Tuesday afternoons.]
        - remove: notice/schools-may-apply-once-per
        - replace: about/three-workshops-during-the-year
          text: Four workshops during the year
        - after: about/three-workshops-during-the-year
          add: [A visit from a Harbour Work Group lead]
        - remove: about/classroom-trials-between-workshops
"""
NATIONAL = (
    "Number Sense Work Groups help teachers",
    "Schools may apply once per year.",
    "Three workshops during the year",
    "Classroom trials between workshops",
)


def _copy(root: Path) -> Path:
    shutil.copytree(SAMPLE, root)
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def _with_edits(root: Path) -> Path:
    hub = _copy(root) / "hubs/SE9.yaml"
    hub.write_text(hub.read_text(encoding="utf-8") + EDITS, encoding="utf-8")
    return root


def _ids(root: Path) -> dict[str, str]:
    return {found.id: found.text for found in wording_ids(load_project(root).programmes[0].spec)}


# --- the ids ------------------------------------------------------------------------------


def test_every_paragraph_and_list_item_has_an_id_from_its_section_and_first_words(tmp_path: Path) -> None:
    ids = _ids(_copy(tmp_path / "sample"))
    assert ids["about/three-workshops-during-the-year"] == "Three workshops during the year"
    assert ids["notice/schools-may-apply-once-per"] == "Schools may apply once per year."
    assert ids["form/please-complete-every-section"] == "Please complete every section."
    assert ids["notice/hub-name-has-offer-places"].startswith("{% if offer.places %}")


def test_an_id_survives_an_insertion_a_rollover_and_a_later_change_but_not_a_new_opening(tmp_path: Path) -> None:
    root = _copy(tmp_path / "sample")
    before = _ids(root)
    path = root / PROGRAMME
    edit(
        path,
        "      - bullets:\n          - Three workshops",
        "      - A new first paragraph.\n      - bullets:\n          - Three workshops",
    )
    edit(
        path,
        "- Two teachers will take part in every workshop in 2024/25",
        "- Two teachers will take part in every workshop in 2025/26",
    )
    edit(path, "in Reception and Key Stage 1 build", "in Key Stage 1 build")
    after = _ids(root)
    assert set(before) <= set(after) and "about/a-new-first-paragraph" in after
    edit(path, "Three workshops during", "Four workshops during")
    assert "about/three-workshops-during-the-year" not in _ids(root)


def test_two_that_begin_alike_take_more_words_and_explicit_ids_stand(tmp_path: Path) -> None:
    root = _copy(tmp_path / "sample")
    edit(
        root / PROGRAMME,
        "          - Classroom trials between workshops",
        "          - Classroom trials between workshops\n"
        "          - Three workshops during the year for leaders\n"
        "          - text: No charge for taking part\n"
        "            id: no-charge",
    )
    ids = _ids(root)
    assert ids["about/three-workshops-during-the-year"] == "Three workshops during the year"
    assert ids["about/three-workshops-during-the-year-for"] == "Three workshops during the year for leaders"
    assert ids["no-charge"] == "No charge for taking part"


def test_the_words_of_an_id_leave_out_markup_links_notes_and_years() -> None:
    said = words(
        "In 2024/25, **all** [Maths Hubs](https://x.org/2024)^[A note.] {% if x %}will{% endif %}"
        " {{ hub.name | upper }}"
    )
    assert said == ["in", "all", "maths", "hubs", "will", "hub", "name"]


def test_an_edit_says_what_with_one_key_and_what_it_needs() -> None:
    assert Edit(replace="a/b", text="New").action == ("replace", "a/b")
    for bad, message in (
        ({"replace": "a/b"}, "text:"),
        ({"after": "a/b", "text": "x"}, "add:"),
        ({"remove": "a/b", "after": "c"}, "exactly one"),
        ({"remove": "A B"}, "pattern"),
    ):
        with pytest.raises(ValidationError, match=message):
            Edit.model_validate(bad)


# --- the edits in every format ------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _with_edits(tmp_path_factory.mktemp("edits") / "sample")
    out = root / "build"
    result = run_cli("build", "--project", str(root), "--out", str(out), "--jobs", "1", "--quiet")
    assert result.exit_code == 0, result.output
    return out


def _about_html(out: Path, hub: str) -> list[str]:
    page = etree.fromstring((out / f"{PAGES.format(hub=hub)}.html").read_bytes(), etree.HTMLParser())
    [about] = page.findall(".//section[@id='about']")
    return [" ".join("".join(el.itertext()).split()) for el in about.iter("p", "li")]


def test_the_hubs_edits_are_in_its_html(built: Path) -> None:
    assert _about_html(built, "SE9") == [
        "Harbour's Number Sense Work Groups meet in Portsmouth.",
        "Our workshops run on Tuesday afternoons.",
        "Four workshops during the year",
        "A visit from a Harbour Work Group lead",
    ]
    text = html_text(built / f"{PAGES.format(hub='SE9')}.html")
    assert not [said for said in NATIONAL if said in text]
    assert "Harbour Maths Hub has 20 places this year." in text, "the rest of the notice stays"
    assert _about_html(built, "WM9")[1:] == ["Three workshops during the year", "Classroom trials between workshops"]


@pytest.mark.parametrize(("suffix", "read"), [("pdf", pdf_text), ("docx", docx_text)])
def test_the_hubs_edits_are_in_its_pdf_and_word_document(built: Path, suffix: str, read: Callable[[Path], str]) -> None:
    text = " ".join(read(built / f"{PAGES.format(hub='SE9')}.{suffix}").split())
    order = [
        "Harbour's Number Sense Work Groups meet in Portsmouth.",
        "Our workshops run on Tuesday afternoons.",
        "Four workshops during the year",
        "A visit from a Harbour Work Group lead",
    ]
    at = [text.find(said) for said in order]
    assert -1 not in at and at == sorted(at), at
    assert not [said for said in NATIONAL if said in text]
    other = " ".join(read(built / f"{PAGES.format(hub='WM9')}.{suffix}").split())
    assert all(said in other for said in NATIONAL[2:]) and "Harbour" not in other


# --- an edit whose target is gone -----------------------------------------------------------


def test_an_edit_whose_paragraph_was_reworded_is_a_located_error_naming_packgen_ids(tmp_path: Path) -> None:
    root = _with_edits(tmp_path / "sample")
    edit(root / PROGRAMME, "- Three workshops during the year", "- Four workshops across the year")
    result = run_cli("check", "--project", str(root), "--today", "2024-01-01")
    assert result.exit_code == 1
    hub = root / "hubs/SE9.yaml"
    line = line_of(hub, "replace: about/three-workshops-during-the-year")  # the id at column 20
    expected = (
        f"hubs/SE9.yaml:{line}:20: error: no paragraph or list item with id 'about/three-workshops-during-the-year' "
        f"in {PROGRAMME} (reworded or gone?); `packgen ids number-sense 2024-25` lists them (for SE9) [offer.section]"
    )
    assert expected in result.output, result.output
    after = line_of(hub, "after: about/three-workshops-during-the-year")
    assert f"hubs/SE9.yaml:{after}:18: error: no paragraph or list item" in result.output
    build = run_cli("build", "--project", str(root), "--quiet", "--jobs", "1")
    assert build.exit_code == 1 and expected.replace(" (for SE9)", "") in build.output
    assert not (root / "build").exists()


def test_an_edit_of_a_block_that_is_not_a_paragraph_or_item_says_so(tmp_path: Path) -> None:
    root = _copy(tmp_path / "sample")
    hub = root / "hubs/SE9.yaml"
    hub.write_text(hub.read_text(encoding="utf-8") + "      edits:\n        - remove: about\n", encoding="utf-8")
    result = run_cli("check", "--project", str(root), "--today", "2024-01-01")
    line = line_of(hub, "remove: about")
    assert f"hubs/SE9.yaml:{line}:" in result.output and "not a paragraph or list item" in result.output


def test_rollover_keeps_the_ids_so_the_copied_edits_still_apply(tmp_path: Path) -> None:
    root = _with_edits(tmp_path / "sample")
    result = run_cli("rollover", "--project", str(root), "number-sense", "2024-25", "2025-26")
    assert result.exit_code == 0, result.output
    check = run_cli("check", "--project", str(root), "--today", "2024-01-01", "--format", "json")
    assert "[offer.section]" not in check.output and '"offer.section"' not in check.output, check.output


# --- the diff ---------------------------------------------------------------------------------


def test_the_diff_says_an_edit_is_the_hubs_own_wording(tmp_path: Path) -> None:
    diff = diff_hubs(load_project(_with_edits(tmp_path / "sample")), "number-sense", "2024-25", "WM9", "SE9")
    text = render_text(diff)
    assert "+ • {+A visit from a Harbour Work Group lead+} (SE9's own wording)" in text, text
    assert "{+Our workshops run on Tuesday afternoons.+} (SE9's own wording)" in text
    reworded = next(line for line in text.splitlines() if "Four" in line)
    assert reworded.startswith("~ • ") and reworded.endswith("(SE9's own wording)"), reworded
    removed = next(line for line in text.splitlines() if "Classroom trials" in line)
    assert removed.startswith("- • ") and removed.endswith("(left out by SE9)"), removed
    assert "- [-Schools may apply once per year.-] (left out by SE9)" in text
    back = render_text(diff_hubs(load_project(tmp_path / "sample"), "number-sense", "2024-25", "SE9", "WM9"))
    assert "+ • {+Classroom trials between workshops+} (left out by SE9)" in back, back
    assert (
        "(SE9&#39;s own wording)" in render_html(diff).decode() or "(SE9's own wording)" in render_html(diff).decode()
    )
    assert render_docx(diff, REPO / "templates")[:2] == b"PK"


def test_the_checks_read_an_edits_wording_in_the_hubs_file_and_an_edit_made_twice_is_an_error(tmp_path: Path) -> None:
    root = _copy(tmp_path / "sample")
    hub = root / "hubs/SE9.yaml"
    hub.write_text(
        hub.read_text(encoding="utf-8")
        + """\
      edits:
        - replace: about/three-workshops-during-the-year
          text: Workshops on dates TBC
        - remove: about/three-workshops-during-the-year
""",
        encoding="utf-8",
    )
    result = run_cli("check", "--project", str(root), "--today", "2024-01-01")
    assert result.exit_code == 1
    said = line_of(hub, "text: Workshops on dates TBC")
    assert f"hubs/SE9.yaml:{said}:" in result.output and "[text.placeholder]" in result.output, result.output
    twice = line_of(hub, "remove: about/three-workshops-during-the-year")
    assert (
        f"hubs/SE9.yaml:{twice}:19: error: 'about/three-workshops-during-the-year' is replaced or removed by an edit "
        "above; edit it once" in result.output
    ), result.output

"""The Previewer over a copy of the sample project: what a page shows as files are saved, which
saves re-render it, the problems and the wording they stand on, the last good render kept,
what changed since the year before, the PDF, and that it never writes to the project."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from pathlib import Path

import pytest
from conftest import edit

from packgen.preview.views import Previewer, ViewKey

TODAY = dt.date(2024, 3, 1)  # before the sample's closing date: no date.past warning
WM9 = ViewKey("WM9", "number-sense", "2024-25")
PROGRAMME = Path("programmes/number-sense/2024-25.yaml")


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` and a digest of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def previewer(sample: Path) -> Previewer:
    return Previewer(sample, today=TODAY)


def text(page: bytes | None) -> str:
    assert page is not None
    return page.decode("utf-8")


def add_earlier_year(sample: Path) -> None:
    """programmes/number-sense/2023-24.yaml: last year's wording, two workshops and no open morning."""
    now = (sample / PROGRAMME).read_text(encoding="utf-8")
    (sample / "programmes/number-sense/2023-24.yaml").write_text(
        now.replace("2024/25", "2023/24")
        .replace("Three workshops during the year", "Two workshops during the year")
        .replace("\nsections:", "\nhubs: all\nsections:"),
        encoding="utf-8",
    )  # no hub has an offer for it: every hub ran it


def test_a_view_is_the_hubs_pack_as_its_page(previewer: Previewer) -> None:
    view = previewer.view(WM9)
    page = text(view.page)
    assert "<h1>Number Sense Work Groups</h1>" in page
    assert "Riverside Maths Hub has 12 places this year." in page
    assert view.problems == () and not view.stale and view.note is None


def test_a_save_re_renders_only_the_pack_it_changes(sample: Path, previewer: Previewer) -> None:
    first = previewer.view(WM9)
    renders = previewer.renders
    edit(sample / "hubs/SE9.yaml", "name: Harbour Maths Hub", "name: Harbour Bay Maths Hub")
    assert previewer.refresh([WM9]) == []  # WM9's pack does not show SE9's name
    assert previewer.renders == renders
    assert previewer.view(WM9).fingerprint == first.fingerprint

    edit(sample / "hubs/WM9.yaml", "places: 12", "places: 14")
    assert previewer.refresh([WM9]) == [WM9]
    assert previewer.renders == renders + 1
    assert "Riverside Maths Hub has 14 places this year." in text(previewer.view(WM9).page)


def test_only_the_changed_file_is_read_again(
    sample: Path, previewer: Previewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from packgen.preview import views

    previewer.view(WM9)
    read: list[str] = []
    real = views.read_yaml
    monkeypatch.setattr(views, "read_yaml", lambda path, shown: read.append(shown) or real(path, shown))
    edit(sample / PROGRAMME, "Classroom trials between workshops", "Classroom trials between the workshops")
    previewer.refresh([WM9])
    assert read == [PROGRAMME.as_posix()]
    assert "Classroom trials between the workshops" in text(previewer.view(WM9).page)


def test_a_yaml_error_is_listed_with_the_last_good_render_kept_until_it_is_fixed(
    sample: Path, previewer: Previewer
) -> None:
    previewer.view(WM9)
    edit(sample / "hubs/WM9.yaml", "places: 12", "places: 13")
    previewer.refresh([WM9])
    edit(sample / "hubs/WM9.yaml", "region: West Midlands", "region: [West Midlands")
    assert previewer.refresh([WM9]) == [WM9]
    broken = previewer.view(WM9)
    assert [str(p) for p in broken.problems] == [
        "hubs/WM9.yaml:3:9: error: malformed YAML: text starting with '[' (a link) must be quoted: "
        "put the whole line in quotes, or write >- and the text on the next line [yaml.syntax]"
    ]
    assert broken.stale
    assert "Riverside Maths Hub has 13 places this year." in text(broken.page)  # the last good render

    edit(sample / "hubs/WM9.yaml", "region: [West Midlands", "region: West Midlands")
    previewer.refresh([WM9])
    fixed = previewer.view(WM9)
    assert fixed.problems == () and not fixed.stale


def test_a_yaml_error_in_the_year_shown_keeps_the_view_on_that_year(sample: Path, previewer: Previewer) -> None:
    assert previewer.key("WM9", "number-sense", "2024-25") == WM9
    previewer.view(WM9)
    edit(sample / PROGRAMME, "\nsections:", "\nsections: [")
    assert previewer.refresh([WM9]) == [WM9]
    # Its year no longer loads, so is no longer offered; the page asked for it stays on it.
    assert previewer.options().years == {}
    assert previewer.key("WM9", "number-sense", "2024-25") == WM9
    broken = previewer.view(WM9)
    assert broken.stale and "Riverside Maths Hub has 12 places this year." in text(broken.page)
    assert [p.path for p in broken.problems] == [str(PROGRAMME)] and broken.problems[0].code == "yaml.syntax"
    assert previewer.key("WM9", "number-sense", "2031-32") is None  # a year with no file is not kept
    assert previewer.key("WM9", "../number-sense", "2024-25") is None


def test_a_schema_error_is_listed_at_its_line(sample: Path, previewer: Previewer) -> None:
    previewer.view(WM9)
    edit(sample / "hubs/WM9.yaml", "places: 12", "place: 12")
    previewer.refresh([WM9])
    view = previewer.view(WM9)
    assert any(
        p.path == "hubs/WM9.yaml" and p.line == 10 and p.code == "schema.extra_forbidden" for p in view.problems
    ), view.problems
    assert view.stale


def test_a_check_problem_highlights_the_wording_it_stands_on(sample: Path, previewer: Previewer) -> None:
    edit(sample / PROGRAMME, "help teachers in Reception", "help teachers in in Reception")
    view = previewer.view(WM9)
    assert [(p.path, p.line, p.col, p.code) for p in view.problems] == [
        (PROGRAMME.as_posix(), 17, 48, "text.repeated-word")
    ]
    assert not view.stale
    page = text(view.page)
    assert view.anchors == {1: "pg-at-1"}
    assert (
        '<p class="pg-flagged" id="pg-at-1"><a class="pg-badge" href="#pg-problem-1">Problem 1</a> '
        'Number Sense Work Groups help teachers <mark class="pg-word">in</mark> in Reception'
    ) in page
    assert "\ue000" not in page and "\ue002" not in page
    assert page.count("pg-flagged") == 1

    edit(sample / PROGRAMME, "help teachers in in Reception", "help teachers in Reception")
    previewer.refresh([WM9])
    clean = previewer.view(WM9)
    assert clean.problems == () and "pg-flagged" not in text(clean.page)


def test_a_wording_error_is_highlighted_in_the_last_good_render(sample: Path, previewer: Previewer) -> None:
    previewer.view(WM9)
    edit(sample / PROGRAMME, "Schools may apply once per year.", "Schools may apply {{ hub.nmae }} once per year.")
    previewer.refresh([WM9])
    view = previewer.view(WM9)
    assert [(p.path, p.line, p.code) for p in view.problems] == [(PROGRAMME.as_posix(), 11, "template.undefined")]
    assert view.stale
    page = text(view.page)
    assert (
        '<p class="pg-flagged" id="pg-at-1"><a class="pg-badge" href="#pg-problem-1">Problem 1</a>'
        " Schools may apply once per year.</p>" in page
    )


def test_a_problem_in_a_repeated_group_flags_each_role(sample: Path, previewer: Previewer) -> None:
    edit(
        sample / PROGRAMME,
        "{name: trn, type: trn, label: Teacher reference number, required: false}",
        "{name: trn, type: trn, label: Teacher the the reference number, required: false}",
    )
    view = previewer.view(WM9)
    assert [p.code for p in view.problems] == ["text.repeated-word"]
    page = text(view.page)
    assert page.count('class="pg-flagged"') == 2  # the Reception teacher's and the Year 1 teacher's
    assert page.count('<mark class="pg-word">the</mark> the reference number') == 2


def test_what_changed_is_the_diff_against_the_year_before(sample: Path, previewer: Previewer) -> None:
    changes = ViewKey("WM9", "number-sense", "2024-25", changes=True)
    nothing = previewer.view(changes)
    assert nothing.page is None and nothing.note == "There is no year of number-sense before 2024-25 to compare with."

    add_earlier_year(sample)
    previewer.refresh([changes])
    view = previewer.view(changes)
    page = text(view.page)
    assert view.previous == "2023-24"
    assert "<h1>What changed: Number Sense Work Groups</h1>" in page
    assert "<del>Two</del><ins>Three</ins> workshops during the year" in page


def test_a_template_problem_in_another_format_is_found_after_the_view(sample: Path, previewer: Previewer) -> None:
    edit(sample / "templates/application-form.html.j2", "<h1>{{ form.heading }}</h1>", "<h1>{{ form.heeding }}</h1>")
    first = previewer.view(WM9)
    assert first.problems == ()  # the information pack's own template is fine
    assert previewer.deepen(WM9)
    view = previewer.view(WM9)
    line = next(
        n
        for n, text in enumerate(
            (sample / "templates/application-form.html.j2").read_text(encoding="utf-8").splitlines(), 1
        )
        if "heeding" in text
    )
    assert [(p.path, p.line, p.code) for p in view.problems] == [
        ("templates/application-form.html.j2", line, "template.undefined")
    ]
    assert not previewer.deepen(WM9)  # done once per pack and templates


def test_the_pdf_view_lists_problems_and_renders_its_pdf_on_asking(previewer: Previewer, tmp_path: Path) -> None:
    key = ViewKey("WM9", "number-sense", "2024-25", format="pdf")
    view = previewer.view(key)
    assert view.page is None and view.pdf and view.problems == ()
    data = previewer.pdf(key)
    assert data is not None and data.startswith(b"%PDF")
    (tmp_path / "pack.pdf").write_bytes(data)
    shown = subprocess.run(
        ["pdftotext", str(tmp_path / "pack.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Riverside Maths Hub has 12 places this year." in shown


def test_a_hub_that_does_not_run_the_year_has_a_note(sample: Path, previewer: Previewer) -> None:
    edit(sample / PROGRAMME, "title: Number Sense Work Groups", "hubs: [SE9]\ntitle: Number Sense Work Groups")
    view = previewer.view(WM9)
    assert view.page is None and view.note == "WM9 does not run number-sense in 2024-25."


def test_the_nearest_view_to_what_is_asked(previewer: Previewer) -> None:
    assert previewer.key("wm9") == WM9
    assert previewer.key("XX1", "nope", "1999-00", "nope", "nope") == ViewKey("SE9", "number-sense", "2024-25")
    assert previewer.key("WM9", document="application-form", fmt="pdf", changes=True) == ViewKey(
        "WM9", "number-sense", "2024-25", "application-form", "pdf", True
    )
    assert [str(p) for p in previewer.problems_with("WM7", None, "2030-31")] == [
        "command line: error: unknown hub 'WM7'; known: SE9, WM9 [hub.unknown]",
        "command line: error: unknown year '2030-31'; known: 2024-25 [year.unknown]",
    ]


def test_nothing_is_written_into_the_project(sample: Path, previewer: Previewer) -> None:
    add_earlier_year(sample)
    before = snapshot(sample)
    for key in (
        WM9,
        ViewKey("SE9", "number-sense", "2024-25", "application-form"),
        ViewKey("WM9", "number-sense", "2024-25", format="pdf"),
        ViewKey("WM9", "number-sense", "2024-25", changes=True),
    ):
        previewer.view(key)
        previewer.deepen(key)
        previewer.pdf(key)
    assert snapshot(sample) == before


def test_the_switchers_documents_and_formats_are_the_renderers_own() -> None:
    from packgen.preview.views import DOCUMENTS, FORMATS
    from packgen.render import RENDERERS

    assert DOCUMENTS == {cls.document: cls.title for _, cls in RENDERERS.items()}
    assert FORMATS == {"html": RENDERERS[("information", "html")].format_title, "pdf": "PDF"}

"""The built HTML pages in Debian's headless Chromium (tests/chromium.py): axe-core finds nothing on
any of them; the static application form refuses a bad telephone number, keeps a school's answers
across a reload until they are cleared, and its "Download as PDF" gives the filled fillable form,
which `packgen collect` reads back; fields and the house style look as they should."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import axe_violations
from conftest import REPO

from packgen.collect import collect
from packgen.forms.kinds import uk_telephone
from packgen.model.project import load_project
from packgen.render.design import HOUSE
from packgen.wording.facts import form_of

TFMD = "2024-25/WM1/teaching-for-mastery-development/application-form.html"  # every kind of field
MN = "2024-25/WM1/mastering-number/application-form.html"


def listen(page: Any) -> list[str]:
    """What the page logs and throws from now on, one line each, kept as it comes."""
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"error: {error}"))
    return console


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """open_page(path) -> (page, console): a built page in a new browser context, and what it logs."""
    contexts = []

    def open_(path: Path) -> tuple[Any, list[str]]:
        context = browser.new_context(accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        console = listen(page)
        page.goto(path.as_uri())
        return page, console

    yield open_
    for context in contexts:
        context.close()


def test_axe_finds_nothing_on_any_built_page(built: Path, forms_built: Path, browser: Any) -> None:
    pages = sorted(built.rglob("*.html")) + sorted(forms_built.rglob("*.html"))
    project = load_project(REPO)
    packs = [path for path in pages if path.name != "index.html"]
    assert len(packs) == sum(len(project.hubs_running(py)) for py in project.programmes) + 4  # every pack, WM1's forms
    years = {py.year.id for py in project.programmes}
    wm1 = project.hub("WM1")
    form_years = {py.year.id for py in project.programmes if wm1 in project.hubs_running(py) and form_of(wm1, py)}
    for folder, made in ((built, years), (forms_built, form_years)):  # each build's site: index, a page per year
        assert {p.relative_to(folder).as_posix() for p in pages if p.name == "index.html" and folder in p.parents} == {
            "index.html",
            *(f"{year}/index.html" for year in made),
        }
    # One tab goes from page to page: each is a new document, and Chromium keeps axe-core compiled
    # (0.2 s a page, against 0.65 s in a new context each).
    context = browser.new_context()
    page = context.new_page()
    console = listen(page)
    found: dict[str, list[str]] = {}
    try:
        for path in pages:
            page.goto(path.as_uri())
            found[str(path.relative_to(path.parents[3]))] = axe_violations(page) + console
            console.clear()
    finally:
        context.close()
    assert len(found) == len(pages)
    assert {page: problems for page, problems in found.items() if problems} == {}


def _valid(page: Any, selector: str, value: str) -> bool:
    page.fill(selector, value)
    return page.eval_on_selector(selector, "el => el.checkValidity()")


def test_the_telephone_rule_refuses_a_bad_number_and_accepts_a_good_one(forms_built: Path, open_page: Any) -> None:
    """Chrome reads a pattern with the v flag, where an unescaped ( or - in a class is an error: the
    pattern was ignored (and said so in the console), and "abc" was accepted."""
    page, console = open_page(forms_built / MN)
    tel = "input[name='school.telephone']"
    for bad in ("abc", "0121 abc 0000", "12345", "0121 496 0000 ext"):
        assert not _valid(page, tel, bad), bad
    for good in ("0121 496 0000", "01214960000", "+44 121 496 0000", "(0121) 496-0000", "07700 900123"):
        assert _valid(page, tel, good) and uk_telephone(good), good
    assert console == []


def _answers(page: Any) -> dict[str, str]:
    return page.evaluate("""() => Object.fromEntries(Array.from(document.getElementById('application').elements)
        .filter(el => el.name && !el.readOnly).map(el => [el.name + (el.type === 'radio' ? '=' + el.value : ''),
        el.type === 'checkbox' || el.type === 'radio' ? String(el.checked) : el.value]))""")


def test_the_answers_survive_a_reload_until_they_are_cleared(forms_built: Path, open_page: Any) -> None:
    page, _ = open_page(forms_built / TFMD)
    blank = _answers(page)
    page.fill("input[name='school.name']", "St Æthelred’s & Łukasz")
    page.select_option("select[name='school.type']", "Other (please say)")
    page.fill("input[name='school.type_other']", "A free school")
    page.check("input[name='readiness.done.2']")
    page.check("input[name='readiness.previous'][value='No']")
    page.fill("input[name='readiness.readiness_date']", "2023-07-14")
    page.keyboard.press("Tab")
    page.fill("textarea[name='headteacher_statement']", "One.\n\nTwo – “quoted”.")
    typed = _answers(page)
    assert typed != blank
    page.reload()
    assert _answers(page) == typed
    assert page.text_content("#form-status") == "The answers you typed earlier in this browser are filled in."
    assert page.text_content("#count-f-headteacher-statement") == "4 of 250 words"  # as packgen counts: split at spaces
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#clear-answers")
    assert _answers(page) == blank and page.text_content("#form-status") == "Your answers are cleared."
    page.reload()
    assert _answers(page) == blank


ANSWERS = {
    "school.name": "St Æthelred’s C of E & Łukasz Dudley Primary",
    "school.urn": "123456",
    "school.telephone": "0121 496 0000",
    "school.email": "office@riverside.sch.uk",
    "school.pupils": "250",
    "school.type_other": "A free school",
    "lead_teacher.1.name": "Zoë O’Brien",
    "lead_teacher.1.email": "zoe@riverside.sch.uk",
    "lead_teacher.1.trn": "1234567",
    "lead_teacher.1.role": "Year 1 teacher",
    "lead_teacher.2.name": "Bo Ng",
    "lead_teacher.2.email": "bo@riverside.sch.uk",
    "lead_teacher.2.trn": "7654321",
    "lead_teacher.2.role": "Maths lead",
    "readiness.done_other": "A maths week",
    "headteacher_statement": "We would like to join.\n\nSecond paragraph – “quoted”, 50% done & more.",
    "signature.headteacher": "Cy Dee",
    "signature.lead_teacher_1": "Zoë O’Brien",
    "signature.lead_teacher_2": "Bo Ng",
}


def test_download_as_pdf_gives_the_filled_form_that_collect_reads_back(
    forms_built: Path, open_page: Any, tmp_path: Path
) -> None:
    page, console = open_page(forms_built / TFMD)
    page.fill("input[name='school.name']", ANSWERS["school.name"])
    page.click("#download-pdf")  # with required answers missing: no file, and the first one is selected
    assert page.text_content("#form-status") == "Some answers are missing or need changing: the first one is selected."
    assert page.evaluate("() => document.activeElement.name") == "school.urn"

    for name, value in ANSWERS.items():
        page.fill(f"[name='{name}']", value)
    page.select_option("select[name='school.type']", "Other (please say)")
    page.check("input[name='readiness.done.1']")
    page.check("input[name='readiness.done.4']")
    page.check("input[name='readiness.previous'][value='Yes']")
    page.fill("input[name='readiness.readiness_date']", "2023-07-14")
    with page.expect_download() as download:
        page.click("#download-pdf")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    pdf = inbox / download.value.suggested_filename
    download.value.save_as(pdf)
    assert pdf.name == "application-form-WM1-teaching-for-mastery-development-2024-25.pdf"
    assert console == []

    (returned,) = collect([inbox], REPO).applications
    assert returned.status == "ok", returned
    assert returned.values == {
        "hub": "Central Maths Hub",
        **{k: v for k, v in ANSWERS.items() if not k.endswith("_other")},
        "school.type": "Other (please say): A free school",
        "readiness.done": "Taken part in a Mastery Readiness Work Group; Something else (please say): A maths week",
        "readiness.previous": "Yes",
        "readiness.readiness_date": "2023-07-14",
    }
    # A reader sees the answers: poppler draws them (the drop-down's too), with no complaint.
    shown = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    text = " ".join(shown.stdout.split())
    for answer in (
        "St Æthelred’s C of E & Łukasz Dudley Primary",
        "Type of school (required) Other (please say)",
        "14/07/2023",
        "Zoë O’Brien",
    ):
        assert answer in text, answer
    assert shown.stderr == ""


def _rgb(css: str) -> tuple[int, ...]:
    return tuple(int(v) for v in re.findall(r"\d+", css)[:3])


def _luminance(rgb: tuple[int, ...]) -> float:
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_fields_are_outlined_and_marked_and_the_house_style_holds(
    built: Path, forms_built: Path, open_page: Any
) -> None:
    page, _ = open_page(forms_built / TFMD)
    borders = page.evaluate("""() => Array.from(document.querySelectorAll(
            '#application input:not([type=radio]):not([type=checkbox]), #application textarea, #application select'))
        .map(el => getComputedStyle(el).borderTopColor)""")
    assert borders and all((1.05) / (_luminance(_rgb(c)) + 0.05) >= 3 for c in borders), set(
        borders
    )  # WCAG 1.4.11, against white
    # Every answer that is needed says so, in words anyone can see beside its label.
    unmarked = page.evaluate("""() => Array.from(document.querySelectorAll('#application [required]'))
        .map(el => el.closest('.field').querySelector('label, .label, legend'))
        .filter(label => !label.innerText.includes('(required)') || !label.querySelector('.required').checkVisibility())
        .map(label => label.innerText)""")
    assert page.locator("#application [required]").count() >= 20 and unmarked == []

    pack, _ = open_page(built / "2024-25/WM1/teaching-for-mastery-development/information.html")
    style = pack.evaluate("""() => {
        const css = (selector, property) => getComputedStyle(document.querySelector(selector))[property];
        return {hub: css('.hub-name', 'fontSize'), rule: css('.masthead', 'borderBottomColor'),
                ruleWidth: css('.masthead', 'borderBottomWidth'),
                cell: css('td', 'fontSize'), subtitle: css('.subtitle', 'fontSize')};
    }""")
    points = {
        key: round(float(value.removesuffix("px")) * 3 / 4, 2) for key, value in style.items() if value.endswith("px")
    }
    assert points == {
        "hub": HOUSE.type.hub_name,
        "ruleWidth": HOUSE.spacing.title_rule,
        "cell": HOUSE.type.table,
        "subtitle": HOUSE.type.subtitle,
    }
    accent = HOUSE.colours.accent.removeprefix("#")
    assert _rgb(style["rule"]) == tuple(int(accent[i : i + 2], 16) for i in (0, 2, 4))

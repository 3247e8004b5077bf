"""`packgen diff`: word-level changes between years or hubs, as text, HTML and tracked-changes DOCX."""

from __future__ import annotations

import io
import random
import re
import subprocess
import zipfile
from pathlib import Path

import docx as python_docx
import pytest
from conftest import REPO, W, edit, run_cli
from lxml import etree
from ruamel.yaml import YAML

from packgen.diff import compare, diff_hubs, diff_years
from packgen.diff.compare import word_diff
from packgen.diff.docx import render_docx
from packgen.diff.html import render_html
from packgen.diff.model import new_text, old_text
from packgen.diff.text import render_text
from packgen.model.project import Project, load_project
from packgen.pack import Run
from packgen.render.information_docx import InformationDocx
from packgen.resolve import Resolution, resolve

MN = "mastering-number"

# Every word `packgen diff mastering-number 2024-25 2025-26 --hub WM1` must mark, in order.
WM1_CHANGES = [
    ("-", "2024/25"),
    ("+", "2025/26"),  # subtitle
    ("-", "2024/25"),
    ("+", "2025/26"),  # introduction
    ("-", "No charge for participation."),
    ("-", "2024-2025"),
    ("+", "2025-2026"),
    ("-", "who"),
    ("+", "that"),
    ("-", "engaged"),
    ("+", "taken part"),
    ("-", "a"),
    ("+", "any"),
    ("-", "2024"),
    ("+", "2025"),
    (
        "+",
        "The school will share the Mastering Number approach with parents and carers, using the materials provided "
        "for families.",
    ),
    ("-", "1st"),
    ("+", "14th"),
    ("-", "2024"),
    ("+", "2025"),
    ("-", "7th"),
    ("+", "20th"),
    ("-", "2024"),
    ("+", "2025"),  # how to apply
    ("-", "1st"),
    ("+", "14th"),
    ("-", "2024"),
    ("+", "2025"),
    ("-", "7th"),
    ("+", "20th"),
    ("-", "2024"),
    ("+", "2025"),  # form
    *[("-", "2024/25"), ("+", "2025/26")] * 4,  # main contact and three lead teachers
    ("-", "how your children have been affected through the coronavirus pandemic, and"),
]


@pytest.fixture(scope="module")
def repo() -> Project:
    return load_project(REPO)


def pack(project: Project, programme: str, year: str, hub: str) -> Resolution:
    py = next(p for p in project.programmes if p.programme == programme and p.year.id == year)
    return resolve(project, py, project.hub(hub))


# --- accepting and rejecting tracked changes, as Word does ------------------------------


def resolve_changes(document: bytes, *, accept: bool) -> list[str]:
    """The non-empty paragraphs left after accepting (or rejecting) every tracked change."""
    drop = "del" if accept else "ins"
    root = etree.fromstring(document)
    for row in list(root.iter(f"{W}tr")):
        if row.find(f"{W}trPr/{W}{drop}") is not None:
            row.getparent().remove(row)
    out = []
    for p in root.iter(f"{W}p"):
        text = "".join(
            t.text or ""
            for t in p.iter(f"{W}t", f"{W}delText")
            if not any(a.tag == f"{W}{drop}" for a in t.iterancestors())
        )
        if p.find(f"{W}pPr/{W}rPr/{W}{drop}") is not None:
            assert text == "", f"a paragraph whose mark goes still has text: {text!r}"
            continue
        if text:
            out.append(text)
    return out


def paragraphs(docx_bytes: bytes) -> list[str]:
    """Non-empty paragraphs of a DOCX's body (tracked insertions read as text, deletions not)."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    texts = ("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p"))
    return [t for t in texts if t]


def document_xml(docx_bytes: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
        return zf.read("word/document.xml")


def assert_tracked_docx_round_trips(old: Resolution, new: Resolution) -> bytes:
    """Accept all == the newer pack's own DOCX; reject all == the older one's; paragraph for paragraph."""
    data = render_docx(compare(old, new), REPO / "templates")
    renderer = InformationDocx(REPO / "templates")
    xml = document_xml(data)
    assert resolve_changes(xml, accept=True) == paragraphs(renderer.render(new.pack))
    assert resolve_changes(xml, accept=False) == paragraphs(renderer.render(old.pack))
    return data


# --- the word diff itself ---------------------------------------------------------------


def test_word_diff_pieces_rebuild_both_texts_exactly() -> None:
    rng = random.Random(4)
    vocab = [
        "the",
        "school",
        "2024/25",
        "2025/26",
        "Work",
        "Group",
        "(Year",
        "1)",
        "e.g.",
        "school’s",
        ",",
        ".",
        "–",
        "a",
        "any",
    ]
    for _ in range(400):
        old = " ".join(rng.choices(vocab, k=rng.randint(0, 12))).replace(" ,", ",") + rng.choice(["", " ", "."])
        new = " ".join(rng.choices(vocab, k=rng.randint(0, 12))) + rng.choice(["", " ", "."])
        old_runs = (Run(old[:5]), Run(old[5:], bold=True)) if old else ()
        cell = word_diff(old_runs, (Run(new),) if new else ())
        assert new_text(cell) == new and old_text(cell) == old


def test_word_diff_marks_only_the_words_that_changed() -> None:
    cell = word_diff(
        (Run("priority will be given to schools who have not yet engaged in a Work Group."),),
        (Run("priority will be given to schools that have not yet taken part in any Work Group."),),
    )
    changed = [(x.op, x.text.strip()) for x in cell if x.op != "equal"]
    assert changed == [
        ("delete", "who"),
        ("insert", "that"),
        ("delete", "engaged"),
        ("insert", "taken part"),
        ("delete", "a"),
        ("insert", "any"),
    ]


def test_the_same_pack_is_identical(repo: Project) -> None:
    d = compare(pack(repo, MN, "2024-25", "WM1"), pack(repo, MN, "2024-25", "WM1"))
    assert d.identical and str(d.summary) == "No differences: the wording is identical."
    assert all(not part.changed for part in d.parts)


def test_identical_years_exit_0() -> None:
    result = run_cli("diff", "--project", str(REPO), MN, "2024-25", "2024-25", "--hub", "WM1")
    assert result.exit_code == 0
    assert result.output.strip().endswith("No differences: the wording is identical.")
    assert "[-" not in result.output and "{+" not in result.output


# --- text --------------------------------------------------------------------------------


def markers(text: str) -> list[tuple[str, str]]:
    return [("-" if m[0] else "+", m[0] or m[1]) for m in re.findall(r"\[-(.*?)-\]|\{\+(.*?)\+\}", text)]


def test_text_diff_marks_the_changed_words_and_nothing_else() -> None:
    result = run_cli("diff", "--project", str(REPO), MN, "2024-25", "2025-26", "--hub", "WM1")
    assert result.exit_code == 1
    assert markers(result.output) == WM1_CHANGES
    lines = result.output.splitlines()
    assert lines[:2] == [
        "--- mastering-number 2024/25 (Central Maths Hub)",
        "+++ mastering-number 2025/26 (Central Maths Hub)",
    ]
    assert "@@ Benefits for participating schools: changed" in lines
    assert "- • [-No charge for participation.-]" in lines
    assert lines[-1] == "12 sections changed, 0 added, 0 removed, 0 moved; 38 words added, 34 removed."
    assert "\x1b[" not in result.output  # piped: no colour
    assert "Funding" not in result.output  # unchanged parts are not shown


def test_text_diff_is_coloured_on_request() -> None:
    result = run_cli("diff", "--project", str(REPO), MN, "2024-25", "2025-26", "--hub", "WM1", "--color")
    assert result.exit_code == 1
    assert "\x1b[" in result.output and "[-" not in result.output and "{+" not in result.output
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.output)
    assert "priority will be given to schools whothat have not yet engagedtaken part" in plain


def test_national_wording_has_no_hub_facts(repo: Project) -> None:
    d = diff_years(repo, MN, "2024-25", "2025-26")
    assert d.old.label == "2024/25 (national wording)"
    text = render_text(d)
    assert "Closing date" not in text and "14th" not in text  # WM1's own dates are not national wording
    assert "[-who-]{+that+}" in text
    how = next(p for p in d.parts if p.key == "how-to-apply")
    assert how.status == "same" and new_text(how.items[0].cells[0]).endswith("by email, to [Maths Hub].")


def test_two_hubs_same_year(project: Path) -> None:
    edit(
        project / f"programmes/{MN}/2024-25.yaml", "\nsections:", "\nhubs: [WM1, SE3]\nsections:"
    )  # SE3 has no offer of its own
    result = run_cli("diff", "--project", str(project), MN, "2024-25", "--hub", "WM1", "--hub", "SE3")
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        "--- mastering-number 2024/25 (Central Maths Hub)",
        "+++ mastering-number 2024/25 (Solent Maths Hub)",
    ]
    assert "~ Which Maths Hub are you applying to? | [-Central-]{+Solent+} Maths Hub" in result.output
    assert (
        "[-Closing date: Friday 1st March 2024. You will receive confirmation on Thursday 7th March 2024.-]"
        in result.output
    )


@pytest.mark.parametrize(
    "args,message",
    [
        (["no-such-programme", "2024-25", "2025-26"], "unknown programme 'no-such-programme'"),
        ([MN, "2024-25", "2030-31"], "no year '2030-31' for mastering-number"),
        ([MN, "2024-25", "2025-26", "--hub", "ZZ9"], "unknown hub 'ZZ9'"),
        ([MN, "2024-25", "--hub", "WM1"], "give a second year, or two --hub options"),
        ([MN, "2024-25", "2025-26", "--hub", "WM1", "--hub", "SE3"], "at most one --hub"),
        ([MN, "2024-25", "2025-26", "--date", "March"], "is not a date like"),
    ],
)
def test_errors_exit_2(args: list[str], message: str) -> None:
    result = run_cli("diff", "--project", str(REPO), *args)
    assert result.exit_code == 2
    assert message in result.output


def test_a_broken_project_exits_2(project: Path) -> None:
    (project / "hubs" / "WM1.yaml").write_text(
        "code: WM1\nname: Central Maths Hub\nregion: West Midlands\nemial: x@y.z\n", encoding="utf-8"
    )
    result = run_cli("diff", "--project", str(project), MN, "2024-25", "2025-26")
    assert result.exit_code == 2
    assert (
        "hubs/WM1.yaml:4:1: error: unknown key 'emial' (did you mean 'email'?) [schema.extra_forbidden]"
        in result.output
    )


# --- HTML --------------------------------------------------------------------------------


def test_html_diff_marks_the_changed_words_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "changes.html"
    result = run_cli(
        "diff", "--project", str(REPO), MN, "2024-25", "2025-26", "--hub", "WM1", "--format", "html", "--out", str(out)
    )
    assert result.exit_code == 1
    assert result.output.startswith("12 sections changed")
    root = etree.fromstring(out.read_bytes(), etree.HTMLParser())
    marked = [
        ("-" if el.tag == "del" else "+", "".join(el.itertext()).strip())
        for s in root.iter("section")
        for el in s.iter("del", "ins")
    ]
    assert marked == WM1_CHANGES
    assert root.get("lang") == "en-GB"
    body = list(root.find("body"))
    assert body[0].tag == "h1" and body[2].get("class") == "summary"
    assert (
        "".join(body[2].itertext()) == "12 sections changed, 0 added, 0 removed, 0 moved; 38 words added, 34 removed."
    )
    folded = [s.findtext("details/summary") for s in root.iter("section") if "same" in (s.get("class") or "").split()]
    assert "Funding (no change)" in folded


# --- DOCX with tracked changes --------------------------------------------------------------


@pytest.fixture(scope="module")
def wm1_docx(repo: Project) -> bytes:
    return assert_tracked_docx_round_trips(pack(repo, MN, "2024-25", "WM1"), pack(repo, MN, "2025-26", "WM1"))


def test_docx_accept_all_is_the_new_pack_and_reject_all_the_old(wm1_docx: bytes) -> None:
    xml = document_xml(wm1_docx)
    accepted = resolve_changes(xml, accept=True)
    assert "Information and Application 2025/26" in accepted and "No charge for participation." not in accepted
    assert "No charge for participation." in resolve_changes(xml, accept=False)


@pytest.mark.parametrize(
    "programme,old,new",
    [
        (MN, ("2024-25", "WM1"), ("2024-25", "SE3")),
        ("mastery-readiness", ("2021-22", "SE3"), ("2021-22", "WM1")),
        (MN, ("2025-26", "SE3"), ("2024-25", "WM1")),
    ],
)
def test_docx_round_trips_for_other_pairs(
    repo: Project, programme: str, old: tuple[str, str], new: tuple[str, str]
) -> None:
    assert_tracked_docx_round_trips(pack(repo, programme, *old), pack(repo, programme, *new))


def test_docx_is_well_formed_opens_and_repeats(wm1_docx: bytes, repo: Project, tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(wm1_docx)) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(zf.read(name))
    path = tmp_path / "changes.docx"
    path.write_bytes(wm1_docx)
    opened = python_docx.Document(str(path))
    assert opened.paragraphs[0].text == "Central Maths Hub"
    xml = document_xml(wm1_docx).decode()
    revisions = re.findall(r'<w:(ins|del) w:id="(\d+)" w:author="([^"]*)" w:date="([^"]*)"', xml)
    assert {kind for kind, *_ in revisions} == {"ins", "del"}
    assert {(author, date) for _, _, author, date in revisions} == {("packgen", "2025-09-01T00:00:00Z")}
    assert len({rid for _, rid, _, _ in revisions}) == len(revisions)
    # the pack's own diff (the letters' parts follow it when asked for: test_the_year_on_year_diff_compares_…)
    again = render_docx(diff_years(repo, MN, "2024-25", "2025-26", "WM1", letters=False), REPO / "templates")
    assert again == wm1_docx


def test_docx_cli_date_and_libreoffice(tmp_path: Path) -> None:
    out = tmp_path / "changes.docx"
    result = run_cli(
        "diff",
        "--project",
        str(REPO),
        MN,
        "2024-25",
        "2025-26",
        "--hub",
        "WM1",
        "--format",
        "docx",
        "--out",
        str(out),
        "--date",
        "2025-01-15",
    )
    assert result.exit_code == 1
    assert 'w:date="2025-01-15T00:00:00Z"' in document_xml(out.read_bytes()).decode()
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    for fmt in ("odt", "pdf"):
        subprocess.run(
            ["soffice", profile, "--headless", "--convert-to", fmt, "--outdir", str(tmp_path), str(out)],
            check=True,
            capture_output=True,
            timeout=120,
        )
    with zipfile.ZipFile(tmp_path / "changes.odt") as zf:
        content = zf.read("content.xml").decode()
    # LibreOffice read them as tracked changes, not as plain text.
    assert content.count("<text:insertion>") >= 10 and content.count("<text:deletion>") >= 10
    pdf = subprocess.run(
        ["pdftotext", str(tmp_path / "changes.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "parents and carers" in pdf and "No charge for participation." in pdf


# --- sections added, removed, moved, renamed -------------------------------------------------


def _edit_year(project: Path, edit) -> None:
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    path = project / "programmes" / MN / "2025-26.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    edit(data)
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)


def test_moved_added_removed_and_renamed_sections(project: Path) -> None:
    def edit(data) -> None:
        sections = data["sections"]
        funding = next(s for s in sections if s["id"] == "funding")
        sections.remove(funding)
        sections.insert(1, funding)  # Funding now straight after the introduction
        sections.remove(next(s for s in sections if s["id"] == "work-groups"))
        sections.append(
            {"id": "evaluation", "heading": "Evaluation", "body": ["The NCETM will evaluate the programme."]}
        )
        next(s for s in sections if s["id"] == "eligibility")["heading"] = "Who can apply"

    _edit_year(project, edit)
    proj = load_project(project)
    d = diff_years(proj, MN, "2024-25", "2025-26", "WM1")
    by_key = {(p.key, p.move): p for p in d.parts}
    assert (
        by_key[("funding", "to")].was_after == "Expectations of participating schools"
        and by_key[("funding", "to")].status == "same"
    )
    assert by_key[("funding", "from")].status == "removed"
    assert by_key[("work-groups", None)].status == "removed"
    assert by_key[("evaluation", None)].status == "added"
    renamed = by_key[("eligibility", None)]
    assert (
        renamed.status == "changed"
        and old_text(renamed.heading) == "Who can apply?"
        and new_text(renamed.heading) == "Who can apply"
    )
    summary = d.summary
    assert (summary.sections_added, summary.sections_removed, summary.sections_moved) == (1, 1, 1)
    text = render_text(d)
    assert "@@ Funding: moved here (it came after 'Expectations of participating schools')" in text
    assert "@@ Funding: moved from here" in text
    assert "@@ Who can apply[-?-]: changed" in text
    html = render_html(d).decode()
    assert "it used to come after “Expectations of participating schools”" in html
    assert "This part has moved earlier in the pack" in html
    assert_tracked_docx_round_trips(pack(proj, MN, "2024-25", "WM1"), pack(proj, MN, "2025-26", "WM1"))


def test_hub_diff_of_a_hub_not_running_the_programme(project: Path) -> None:
    def edit(data) -> None:
        data["hubs"] = ["WM1"]

    _edit_year(project, edit)
    with pytest.raises(Exception, match="hub SE3 does not run mastering-number in 2025-26"):
        diff_hubs(load_project(project), MN, "2025-26", "WM1", "SE3")


# --- decision letters ----------------------------------------------------------------------


def test_the_year_on_year_diff_compares_the_letters_wording(sample: Path) -> None:
    from letters_sample import with_letters

    with_letters(sample)
    assert run_cli("rollover", "number-sense", "2024-25", "2025-26", "--project", str(sample)).exit_code == 0
    edit(sample / "programmes/number-sense/2025-26.yaml", "Every place is taken", "All our places are taken")
    result = run_cli("diff", "number-sense", "2024-25", "2025-26", "--hub", "WM9", "--project", str(sample))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    at = lines.index("@@ Example Primary School is on the waiting list: changed")
    assert lines[at + 1] == (
        "~ [-Every place is-]{+All our places are+} taken, and Example Primary School is number 3 on the waiting list."
    )
    assert "@@ A place for Example Primary School: changed" in lines  # its {{ year.label }} moved on

"""A hub's own blocks, placed by the id of a national section or block: before, after, instead
of, or at the end of it; the walk, the pack and the checks all see them where they stand."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

from packgen.check import check_project
from packgen.errors import PackgenError
from packgen.model import pack as p
from packgen.model.project import load_project
from packgen.resolve import resolve_pack
from packgen.wording.walk import programme_pieces

PROGRAMME = "programmes/number-sense/2024-25.yaml"


def _placements(sample: Path, yaml: str) -> None:
    hub = sample / "hubs/SE9.yaml"
    hub.write_text(hub.read_text(encoding="utf-8") + "      placements:\n" + yaml, encoding="utf-8")


def _with_block_ids(sample: Path) -> None:
    path = sample / PROGRAMME
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "      - bullets:\n          - Three workshops",
        "      - id: workshops\n        bullets:\n          - Three workshops",
        1,
    )
    path.write_text(text, encoding="utf-8")


def _pack(sample: Path, hub: str = "SE9") -> p.Pack:
    project = load_project(sample)
    return resolve_pack(project, project.programmes[0], project.hub(hub))


FORM_LINKS = "To fill in the application form on a computer, download it as a fillable PDF or a Word document."


def _outline(pack: p.Pack) -> list[tuple[str | None, list[str]]]:
    def text(b: p.Block) -> str:
        if isinstance(b, p.Paragraph):
            return p.plain(b.runs)
        if isinstance(b, p.ItemList):
            return "list: " + " | ".join(p.plain(i.runs) for i in b.items)
        if isinstance(b, p.Notice):
            return f"notice {b.heading}: " + " / ".join(text(x) for x in b.blocks)
        if isinstance(b, p.Heading):
            return f"h{b.level} {b.text}"
        return b.kind

    return [(s.id, [text(b) for b in s.blocks]) for s in pack.sections]


def test_blocks_go_before_after_instead_of_and_at_the_end_by_id(sample: Path) -> None:
    _with_block_ids(sample)
    _placements(
        sample,
        """\
        - before: workshops
          blocks: ["Our workshops are in Portsmouth."]
        - replace: expectations
          blocks:
            - heading: What we ask of schools
            - The headteacher comes to one workshop.
        - after: about
          blocks:
            - notice: ["Bring a laptop to every workshop."]
              heading: Before you come
        - end_of: how-to-apply
          blocks: ["Ring us first if you are unsure."]
""",
    )
    outline = _outline(_pack(sample))
    assert outline == [
        ("notice", ["Schools may apply once per year."]),
        (
            "about",
            [
                outline[1][1][0],
                "Our workshops are in Portsmouth.",
                "list: Three workshops during the year | Classroom trials between workshops",
            ],
        ),
        (None, ["notice Before you come: Bring a laptop to every workshop."]),
        (None, ["h2 What we ask of schools", "The headteacher comes to one workshop."]),
        (
            "how-to-apply",
            [outline[4][1][0], FORM_LINKS, "Ring us first if you are unsure."],
        ),  # the layout's links after its first block
    ]
    notice = _pack(sample).sections[2].blocks[0]
    assert isinstance(notice, p.Notice) and notice.level == 2, "between sections, its heading is a section's level"
    # The other hub's pack is the national wording as written.
    assert [s.id for s in _pack(sample, "WM9").sections] == ["notice", "about", "expectations", "how-to-apply"]


def test_replacing_a_block_with_nothing_leaves_it_out(sample: Path) -> None:
    _with_block_ids(sample)
    _placements(sample, "        - replace: workshops\n")
    about = dict(_outline(_pack(sample)))["about"]
    assert len(about) == 1 and not about[0].startswith("list:")


def test_the_walk_yields_the_hubs_blocks_where_they_stand_from_the_hubs_file(sample: Path) -> None:
    _with_block_ids(sample)
    _placements(sample, '        - after: workshops\n          blocks: ["Details TBC."]\n')
    project = load_project(sample)
    pieces = list(programme_pieces(project.programmes[0], project.hub("SE9")))
    at = next(i for i, w in enumerate(pieces) if w.text == "Details TBC.")
    assert pieces[at].hub is project.hub("SE9") and pieces[at].source.shown == "hubs/SE9.yaml"
    assert pieces[at - 1].text == "Classroom trials between workshops" and pieces[at].part == "about"
    problems = check_project(project, render=False)
    line = next(
        i
        for i, text in enumerate((sample / "hubs/SE9.yaml").read_text(encoding="utf-8").splitlines(), 1)
        if "Details TBC." in text
    )
    assert [(x.path, x.line, x.code) for x in problems if x.code == "text.placeholder"] == [
        ("hubs/SE9.yaml", line, "text.placeholder")
    ]


def test_a_placement_by_an_id_the_programme_lacks_is_a_located_error(sample: Path) -> None:
    _placements(
        sample,
        """\
        - after: eligibilty
          blocks: ["Hello."]
        - end_of: about
          blocks: ["Fine."]
""",
    )
    result = run_cli("build", "--project", str(sample), "--quiet", "--jobs", "1")
    assert result.exit_code == 1
    lines = (sample / "hubs/SE9.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "after: eligibilty" in text)
    assert (
        f"hubs/SE9.yaml:{line}:18: error: no section or block with id 'eligibilty' in {PROGRAMME} [offer.section]"
        in result.output
    )
    assert result.output.count("[offer.section]") == 1
    assert not (sample / "build").exists()


def test_a_notice_cannot_go_inside_a_notice(sample: Path) -> None:
    path = sample / PROGRAMME
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "      - Schools may apply once per year.\n",
            "      - Schools may apply once per year.\n      - id: box\n        notice: [Inside the box.]\n",
            1,
        ),
        encoding="utf-8",
    )
    _placements(sample, "        - end_of: box\n          blocks: [{notice: [Nested.]}]\n")
    project = load_project(sample)
    try:
        resolve_pack(project, project.programmes[0], project.hub("SE9"))
    except PackgenError as exc:
        assert [(x.path, x.code) for x in exc.problems] == [("hubs/SE9.yaml", "offer.section")]
        assert "a notice cannot go inside another notice" in exc.problems[0].message
    else:
        raise AssertionError("a notice placed in a notice was accepted")


def test_ids_are_unique_in_a_file(sample: Path) -> None:
    _with_block_ids(sample)
    path = sample / PROGRAMME
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "      - bullets:\n          - The headteacher",
            "      - id: workshops\n        bullets:\n          - The headteacher",
            1,
        ),
        encoding="utf-8",
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    first, second = [i for i, text in enumerate(lines, 1) if "id: workshops" in text]
    result = run_cli("check", "--project", str(sample))
    assert f"{PROGRAMME}:{second}:13: error: id 'workshops' is used twice (also at line {first})" in result.output


def test_a_placement_says_where_once(sample: Path) -> None:
    _placements(sample, "        - before: about\n          after: about\n          blocks: [Hi.]\n")
    result = run_cli("check", "--project", str(sample))
    assert (
        "a placement says where with exactly one of before, after, replace, end_of; this one has before, after"
        in result.output
    )

"""The wording walk: every piece of a programme-year's wording, once, with its place and role."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from conftest import REPO, SAMPLE, edit
from ruamel.yaml import YAML

from packgen.check import check_project
from packgen.model.blocks import PIECE_ROLES, NoticeBlock
from packgen.model.project import load_project
from packgen.model.schema import LETTER_KINDS
from packgen.resolve import resolve
from packgen.wording.walk import Piece, hub_pieces, letter_pieces, programme_pieces, walk_letters, walk_pack

PROGRAMME = SAMPLE / "programmes" / "number-sense" / "2024-25.yaml"
NOT_WORDING = {"id", "style", "name", "type", "required", "word_limit", "beside", "layout", "key"}


def seen(pieces: Iterable[Piece]) -> list[tuple[str, object, str, str, str]]:
    """Pieces as their file, path, text, role and part: two walks of one file give equal lists."""
    return [(w.source.shown, w.loc, w.text, w.role, w.part) for w in pieces]


def strings_in(node: object, key: str | None = None) -> list[str]:
    """Every string value in a YAML tree, except those of keys that are names or settings."""
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in strings_in(v, k)]
    if isinstance(node, list):
        return [s for v in node for s in strings_in(v, key)]
    return [str(node)] if isinstance(node, str) and key not in NOT_WORDING else []


def test_the_walk_yields_every_string_of_the_file_once_in_file_order() -> None:
    project = load_project(SAMPLE)
    py = project.programmes[0]
    written = strings_in(YAML(typ="safe").load(PROGRAMME.read_text(encoding="utf-8")))
    walked = [w.text for w in programme_pieces(py) if w.written]
    assert sorted(walked) == sorted(written)
    assert walked[:2] == ["Number Sense Work Groups", "Information and Application 2024/25"]


def test_each_piece_knows_its_line_role_and_part() -> None:
    project = load_project(SAMPLE)
    pieces = {w.text: w for w in programme_pieces(project.programmes[0])}
    lines = PROGRAMME.read_text(encoding="utf-8").splitlines()

    bullet = pieces["Three workshops during the year"]
    assert (bullet.role, bullet.part) == ("bullet", "about")
    line, col = bullet.source.position(bullet.loc)
    assert lines[line - 1][col - 1 :].startswith("Three workshops")

    assert (pieces["Places are limited"].role, pieces["Places are limited"].part) == ("heading", "notice")
    label = pieces["Teacher reference number"]
    assert label.role == "label" and label.field is not None and label.field.name == "trn"
    assert [r.key for r in label.variants] == ["reception", "year_1"]
    assert pieces["Infant"].role == "choice" and not pieces["Infant"].templated
    assert pieces["Signature"].role == "signature-label" and pieces["Signature"].part == "form/commitments"
    prefilled = [w for w in programme_pieces(project.programmes[0]) if not w.written]
    assert [(w.role, w.text) for w in prefilled] == [("value", "{{ hub.name }}")]


def test_a_hubs_own_wording_follows_the_section_it_extends() -> None:
    project = load_project(SAMPLE)
    py, hub = project.programmes[0], project.hub("WM9")
    pieces = list(programme_pieces(py, hub))
    at = next(i for i, w in enumerate(pieces) if w.hub is hub)
    assert pieces[at].part == pieces[at - 1].part == "how-to-apply"
    assert pieces[at].source.shown == "hubs/WM9.yaml" and pieces[at].role == "paragraph"
    assert [w.text for w in hub_pieces(hub, project)] == [pieces[at].text]
    assert not any(w.hub for w in programme_pieces(py, project.hub("SE9")))


def test_resolving_renders_every_walked_piece_for_every_role() -> None:
    project = load_project(SAMPLE)
    py, hub = project.programmes[0], project.hub("WM9")
    resolution = resolve(project, py, hub)
    expected = sum(len(w.variants) for w in programme_pieces(py, hub))
    assert len(resolution.wording) == expected
    headings = [r.text for r in resolution.wording if r.piece.role == "heading" and r.piece.group is not None]
    assert "Lead teacher (Reception)" in headings and "Lead teacher (Year 1)" in headings
    parts = {r.part for r in resolution.wording}
    assert {"form/lead_teacher.reception", "form/lead_teacher.year_1", "form/school"} <= parts
    notice = [r.text for r in resolution.wording if r.part == "notice" and r.piece.role == "paragraph"]
    assert notice[0] == "Riverside Maths Hub has 12 places this year."


def test_the_checks_read_every_walked_piece(sample: Path) -> None:
    """A placeholder in any walked piece (a form group's body here) is found, at its line."""
    path = sample / "programmes" / "number-sense" / "2024-25.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "      heading: Your plans\n", "      heading: Your plans\n      body:\n        - Details TBC.\n"
    )
    path.write_text(text, encoding="utf-8")
    problems = check_project(load_project(sample))
    assert [(p.line, p.code) for p in problems if p.code == "text.placeholder"] == [
        (text.splitlines().index("        - Details TBC.") + 1, "text.placeholder")
    ]


def test_every_role_the_walk_gives_is_one_of_the_roles_defined_once() -> None:
    """Roles are the ``PieceRole`` literal of model/blocks.py: the seeds and the sample use every one."""
    seen: set[str] = set()
    for root in (SAMPLE, REPO):
        project = load_project(root)
        for py in project.programmes:
            seen |= {piece.role for hub in (None, *project.hubs_running(py)) for piece in programme_pieces(py, hub)}
    assert seen == PIECE_ROLES, "a role the walk gives is not in PieceRole, or PieceRole has one nothing gives"


def test_the_walk_is_a_tree_of_parts_each_with_its_placed_blocks_and_their_pieces(sample: Path) -> None:
    """Parts in reading order; a part holds its own pieces and its blocks as the hub's pack places them; a block
    holds its pieces (a list's items) and the blocks inside it (a notice's); the stream is the tree, read flat."""
    edit(
        sample / "programmes" / "number-sense" / "2024-25.yaml",
        "      - bullets:\n          - Three workshops",
        "      - notice:\n          - Inside the box.\n          - bullets: [One, Two]\n        heading: A box\n"
        "      - bullets:\n          - Three workshops",
    )
    project = load_project(sample)
    py, hub = project.programmes[0], project.hub("WM9")
    walked = walk_pack(py, hub)
    assert [(part.kind, part.key) for part in walked.parts] == [
        ("masthead", "masthead"),
        ("section", "notice"),
        ("section", "about"),
        ("section", "expectations"),
        ("section", "how-to-apply"),
        ("form", "form"),
        ("group", "form/hub"),
        ("group", "form/school"),
        ("group", "form/lead_teacher"),
        ("group", "form/plans"),
        ("commitments", "form/commitments"),
    ]
    about = walked.parts[2]
    assert [w.role for w in about.own] == ["heading"]
    [box] = [block for block in about.blocks if isinstance(block.placed.block, NoticeBlock)]
    assert [w.text for w in box.own] == ["A box"]
    assert [[(w.role, w.text) for w in block.own] for block in box.blocks] == [
        [("paragraph", "Inside the box.")],
        [("bullet", "One"), ("bullet", "Two")],
    ]
    own = walked.parts[4].blocks[-1]
    assert own.placed.hub is hub and [w.source.shown for w in own.own] == ["hubs/WM9.yaml"]
    group = walked.parts[8]
    assert group.group is not None and group.group.id == "lead_teacher"
    assert [w.role for w in group.own[:3]] == ["role-label", "role-label", "heading"]
    assert seen(walked.pieces()) == seen(programme_pieces(py, hub))
    assert seen(box.pieces()) == [(w.source.shown, w.loc, w.text, w.role, w.part) for w in box.own] + [
        x for block in box.blocks for x in seen(block.own)
    ]


def test_each_decision_letter_is_a_part_of_its_own_tree() -> None:
    project = load_project(REPO)
    py = next(py for py in project.programmes if py.spec.letters is not None)
    walked = walk_letters(py)
    assert [(part.kind, part.key) for part in walked.parts] == [("letter", f"letters/{k}") for k in LETTER_KINDS]
    assert all(part.own[0].role == "heading" and part.blocks for part in walked.parts)
    assert seen(walked.pieces()) == seen(letter_pieces(py))

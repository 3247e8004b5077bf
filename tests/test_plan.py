"""Each output's digest covers exactly what decides its bytes: an edit renders again just the
documents it changes (issue 13, "dependencies per output")."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest

from conftest import edit
from packgen.build import build
from packgen.model.project import load_project
from packgen.plan import plan
from packgen.render import RENDERERS, load_renderers

PROGRAMME = "programmes/number-sense/2024-25.yaml"
EDITS = {
    "nothing": [],
    "one hub's email": [("hubs/SE9.yaml", "maths@harbour-hub.example.org", "solent@harbour-hub.example.org")],
    "one sentence of wording": [(PROGRAMME, "Schools may apply once per year.", "Schools may apply once each year.")],
    "a sentence of the form": [(PROGRAMME, "Please complete every section.", "Please complete each section.")],
    "templates/style.css": [("templates/style.css", "--accent: #005a8c;", "--accent: #0b5e8a;")],
    "templates/form.css": [("templates/form.css", "color: #5b6673;", "color: #4b5663;")],
    "templates/information.docx": [],  # rewritten below: a Word template, read by one renderer
}


def files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".packgen")
    }


def rewrite_word_template(path: Path) -> None:
    """The same Word template with one style's colour changed: what an edit in Word does."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    styles = parts["word/styles.xml"].decode("utf-8")
    colours = [c for c in ("1F3864", "2F5496", "005A8C", "1D2430") if c in styles]
    assert colours, "no known colour in the template's styles"
    parts["word/styles.xml"] = styles.replace(colours[0], "7A1F1F").encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_an_edit_renders_again_exactly_the_documents_whose_bytes_it_changes(sample: Path, kind: str) -> None:
    first = build(sample, jobs=1)
    assert len(first.built) == 12
    before = files(sample / "build")
    for rel, old, new in EDITS[kind]:
        edit(sample / rel, old, new)
    if kind == "templates/information.docx":
        rewrite_word_template(sample / "templates/information.docx")
    again = build(sample, jobs=1)
    after = files(sample / "build")
    changed = {path for path in after if after[path] != before.get(path)}
    assert set(again.rendered) == changed
    assert set(again.built) == changed
    if kind != "nothing":
        assert changed, "the edit changed no document"
    expected = {
        "nothing": set(),
        "one sentence of wording": {f"2024-25/{hub}/number-sense/information.{fmt}" for hub in ("WM9", "SE9") for fmt in ("html", "pdf", "docx")},
        "templates/style.css": {f"2024-25/{hub}/number-sense/{doc}.{fmt}" for hub in ("WM9", "SE9") for doc in ("information", "application-form") for fmt in ("html", "pdf")},
        "templates/form.css": {f"2024-25/{hub}/number-sense/application-form.{fmt}" for hub in ("WM9", "SE9") for fmt in ("html", "pdf")},
        "templates/information.docx": {f"2024-25/{hub}/number-sense/information.docx" for hub in ("WM9", "SE9")},
    }
    if kind in expected:
        assert changed == expected[kind]


def test_every_renderer_reads_nothing_it_says_it_ignores(sample: Path) -> None:
    project = load_project(sample)
    renderers, failed = load_renderers(project.templates_dir, sample)
    assert not failed
    packs = {o.pack for o in plan(project)}
    for key, cls in RENDERERS.items():
        ignores = getattr(cls, "ignores", ())
        if not ignores:
            continue
        for pack in packs:
            hollow = dataclasses.replace(pack, **{name: () if isinstance(getattr(pack, name), tuple) else None for name in ignores})
            assert hollow != pack
            assert renderers[key].render(hollow) == renderers[key].render(pack), (key, pack.hub_code)

"""Each output's digest covers exactly what decides its bytes: an edit renders again just the
documents it changes (issue 13, "dependencies per output")."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, edit, shared

from packgen.build import build
from packgen.model.project import load_project
from packgen.plan import EVERYTHING, plan
from packgen.render import RENDERERS, documents
from packgen.selection import Selection

PROGRAMME = "programmes/number-sense/2024-25.yaml"
EDITS = {
    "nothing": [],
    "one hub's email": [("hubs/SE9.yaml", "maths@harbour-hub.example.org", "solent@harbour-hub.example.org")],
    "one sentence of wording": [(PROGRAMME, "Schools may apply once per year.", "Schools may apply once each year.")],
    "a sentence of the form": [(PROGRAMME, "Please complete every section.", "Please complete each section.")],
    "templates/style.css": [("templates/style.css", "line-height: 1.45;", "line-height: 1.5;")],
    "templates/form.css": [
        (
            "templates/form.css",
            "color: var(--hint); font-size: var(--hint-size); }",
            "color: #4b5663; font-size: var(--hint-size); }",
        )
    ],
    # paged-media CSS only WeasyPrint reads: the PDFs, and the HTML form that carries its PDF
    "templates/print.css": [("templates/print.css", "margin: 2cm 2cm 2.2cm;", "margin: 2cm 2cm 2.3cm;")],
    "templates/information.docx": [],  # rewritten below: a Word template, read by one renderer
    # a template no document imports (not even by a name worked out while rendering): none made again
    "templates/site/index.html.j2": [
        ("templates/site/index.html.j2", "Every link is relative;", "Every link is relative, always;")
    ],
}


def files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".packgen")
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
def test_an_edit_renders_again_exactly_the_documents_whose_bytes_it_changes(
    built_sample: Callable[..., Path], kind: str
) -> None:
    sample = built_sample()  # the sample's first build, made once for the run and copied with its times
    before = files(sample / "build")
    assert len([path for path in before if not path.endswith("index.html")]) == 12
    for rel, old, new in EDITS[kind]:
        edit(sample / rel, old, new)
    if kind == "templates/information.docx":
        rewrite_word_template(sample / "templates/information.docx")
    again = build(sample, jobs=1)
    after = files(sample / "build")
    changed = {path for path in after if after[path] != before.get(path)}
    assert set(again.rendered) == changed
    assert set(again.built) == changed
    if kind not in ("nothing", "templates/site/index.html.j2"):
        assert changed, "the edit changed no document"
    expected = {
        "nothing": set(),
        "one sentence of wording": {
            f"2024-25/{hub}/number-sense/information.{fmt}" for hub in ("WM9", "SE9") for fmt in ("html", "pdf", "docx")
        },
        "templates/style.css": {
            f"2024-25/{hub}/number-sense/{doc}.{fmt}"
            for hub in ("WM9", "SE9")
            for doc in ("information", "application-form")
            for fmt in ("html", "pdf")
        },
        "templates/form.css": {
            f"2024-25/{hub}/number-sense/application-form.{fmt}" for hub in ("WM9", "SE9") for fmt in ("html", "pdf")
        },
        "templates/print.css": {
            f"2024-25/{hub}/number-sense/{doc}"
            for hub in ("WM9", "SE9")
            for doc in ("information.pdf", "application-form.pdf", "application-form.html")
        },
        "templates/information.docx": {f"2024-25/{hub}/number-sense/information.docx" for hub in ("WM9", "SE9")},
        "templates/site/index.html.j2": set(),
    }
    if kind in expected:
        assert changed == expected[kind]


def renders_the_same_without_what_it_ignores(root: Path, selection: Selection = EVERYTHING) -> None:
    project = load_project(root)
    service = documents(project.templates_dir, root)
    assert not service.load()
    packs = {o.pack for o in plan(project, selection)}
    for key, cls in RENDERERS.items():
        if not cls.ignores:
            continue
        for pack in packs:
            hollow = dataclasses.replace(
                pack, **{name: () if isinstance(vars(pack)[name], tuple) else None for name in cls.ignores}
            )
            assert hollow != pack
            assert service.render(hollow, key) == service.render(pack, key), (key, pack.hub_code)


def test_every_renderer_reads_nothing_it_says_it_ignores(sample: Path) -> None:
    renders_the_same_without_what_it_ignores(sample)


# --- the programme that uses every construct: pictures, footnotes, tables, hub placements -------

TFM = "programmes/teaching-for-mastery-development/2024-25.yaml"
TFM_ONLY = Selection(programmes=("teaching-for-mastery-development",))
TFM_HUBS = ("WM1", "WM3", "YH2")


def tfm(
    hubs: tuple[str, ...] = TFM_HUBS,
    documents: tuple[str, ...] = ("information",),
    formats: tuple[str, ...] = ("html", "pdf", "docx"),
) -> set[str]:
    return {
        f"2024-25/{hub}/teaching-for-mastery-development/{doc}.{fmt}"
        for hub in hubs
        for doc in documents
        for fmt in formats
    }


def repaint(path: Path) -> None:
    """The same picture, same size, with one pixel changed: what re-exporting a figure does."""
    from PIL import Image

    with Image.open(path) as image:
        image.load()
        copy = image.copy()
    x, y = copy.width // 2, copy.height // 2
    pixel = copy.getpixel((x, y))
    copy.putpixel(
        (x, y), tuple(255 - v for v in pixel[:3]) + tuple(pixel[3:]) if isinstance(pixel, tuple) else 255 - pixel
    )
    copy.save(path)


def field_font_from(tmp: Path) -> Path:
    """The installed field font with another unique id in its name table: a font package update."""
    from fontTools.ttLib import TTFont

    from packgen.render.pdf.fieldfont import source_font

    font = TTFont(source_font())
    font["name"].setName("packgen test build of the field font", 3, 3, 1, 0x409)
    path = tmp / "FieldFont.ttf"
    font.save(path)
    return path


TFM_EDITS: dict[str, tuple[list[tuple[str, str, str]], set[str]]] = {
    "a footnote": ([(TFM, "Paid to the school in the summer term", "Paid to the school in the autumn term")], tfm()),
    "a table cell": ([(TFM, "[Completed Mastery Readiness,", "[Finished Mastery Readiness,")], tfm()),
    "a hub's placement": (
        [("hubs/WM3.yaml", "is on **Wednesday 3rd July 2024**", "is on **Thursday 4th July 2024**")],
        tfm(("WM3",)),
    ),
    "a picture in the sections": ([], tfm()),
    "the programme's logo": ([], tfm()),
    "a hub's logo": ([], tfm(("WM3",))),
    "templates/blocks.html.j2": (
        [("templates/blocks.html.j2", "<p>{{ block.runs | runs }}</p>", "<p>¶ {{ block.runs | runs }}</p>")],
        tfm(documents=("information", "application-form"), formats=("html", "pdf")),
    ),
    "the field font": (
        [],
        tfm(documents=("application-form",), formats=("pdf", "html")),
    ),  # the HTML form carries its PDF
}
PICTURES = {
    "a picture in the sections": "assets/bar-model.png",
    "the programme's logo": "assets/tfm-development-logo.png",
    "a hub's logo": "assets/north-mids-maths-hub-logo.png",
}


@pytest.fixture(scope="module")
def tfm_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repo's data with the new programme's 18 documents built once per run; each test copies it."""

    def make(folder: Path) -> None:
        root = folder / "project"
        for name in ("hubs", "programmes", "templates", "assets"):
            shutil.copytree(REPO / name, root / name)
        report = build(root, selection=TFM_ONLY, jobs=1)
        assert set(report.built) == tfm(documents=("information", "application-form"))

    return shared(tmp_path_factory, "tfm", make) / "project"


@pytest.fixture
def fresh_field_font():
    """Clears the field font's caches before and after, so no other test sees a patched font."""
    from packgen.render.pdf import fieldfont

    caches = (fieldfont.source_font, fieldfont.field_font, fieldfont.placeholder_css)
    for cached in caches:
        cached.cache_clear()
    yield
    for cached in caches:
        cached.cache_clear()


@pytest.mark.parametrize("kind", sorted(TFM_EDITS))
def test_in_the_programme_that_uses_every_construct_an_edit_renders_again_exactly_what_it_changes(
    tfm_built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_field_font: None, kind: str
) -> None:
    root = tmp_path / "project"
    shutil.copytree(tfm_built, root)
    before = files(root / "build")
    edits, expected = TFM_EDITS[kind]
    for rel, old, new in edits:
        edit(root / rel, old, new)
    if kind in PICTURES:
        repaint(root / PICTURES[kind])
    if kind == "the field font":
        from packgen.render.pdf import fieldfont

        patched = field_font_from(tmp_path)
        monkeypatch.setattr(fieldfont, "source_font", lambda: patched)
    again = build(root, selection=TFM_ONLY, jobs=1)
    after = files(root / "build")
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed == expected
    assert set(again.rendered) == changed
    assert set(again.built) == changed


def test_with_footnotes_logos_and_a_tagline_every_renderer_still_reads_nothing_it_says_it_ignores(
    tfm_built: Path,
) -> None:
    renders_the_same_without_what_it_ignores(
        tfm_built, Selection(programmes=("teaching-for-mastery-development",), hubs=("WM3",))
    )

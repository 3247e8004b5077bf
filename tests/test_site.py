"""The site a build publishes (site.py): every link resolves to a file the build made, from a copy
of the folder anywhere; each hub's documents, closing date and places, grouped by region; a
hub-only build lists only that hub; the pages go through the staging build and its digests."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import edit, line_of, run_cli
from lxml import etree

from packgen.build import build
from packgen.errors import PackgenError
from packgen.selection import Selection

FORMATS = ("html", "pdf", "docx")
DOCUMENTS = ("information", "application-form")


def page(path: Path) -> etree._Element:
    return etree.fromstring(path.read_bytes(), etree.HTMLParser())


def site_pages(out: Path) -> list[Path]:
    return [out / "index.html", *sorted(out.glob("*/index.html"))]


def links(path: Path) -> list[str]:
    return [a.get("href") for a in page(path).iter("a")]


def walk(out: Path, outside: frozenset[str] = frozenset()) -> set[Path]:
    """Every file the site's pages link to, each checked: relative, inside the folder, there. The
    addresses of ``outside`` (where hubs' schools apply, the data's apply: links) are the only others."""
    reached: set[Path] = set()
    for source in site_pages(out):
        for href in links(source):
            if href in outside:
                continue
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc and not href.startswith("/"), (
                f"{source}: {href} is not a relative link"
            )
            if not parts.path:  # a link within the page (#main)
                continue
            target = (source.parent / unquote(parts.path)).resolve()
            assert out.resolve() in target.parents, f"{source}: {href} leaves the folder"
            assert target.is_file(), f"{source}: {href} goes to no file"
            reached.add(target)
    return reached


def outputs(out: Path) -> set[Path]:
    return {p.resolve() for p in out.rglob("*") if p.is_file() and not p.name.startswith(".packgen")}


def rows(path: Path) -> dict[str, etree._Element]:
    """Each hub's row on a page, by the hub code in its header cell."""
    return {tr.find("th").find("span").text: tr for tr in page(path).iter("tr") if tr.get("data-search") is not None}


def test_every_link_of_the_site_resolves_from_a_copy_of_the_folder_anywhere(
    built_sample: Callable[..., Path], tmp_path: Path
) -> None:
    sample = built_sample()
    copy = tmp_path / "somewhere" / "else"
    shutil.copytree(sample / "build", copy)
    reached = walk(copy)
    # Every document and every page of the build is reached from the site.
    assert reached | {copy.resolve() / "index.html"} == outputs(copy)
    assert len(site_pages(copy)) == 2


def test_every_link_of_the_repo_s_own_site_resolves(built: Path) -> None:
    from conftest import REPO

    from packgen.model.project import load_project
    from packgen.wording.facts import apply_link

    project = load_project(REPO)
    outside = frozenset(
        link.url for py in project.programmes for hub in project.hubs_running(py) if (link := apply_link(hub, py))
    )
    assert outside, "the shipped data has a pack applied for through a link (number-sense-networks)"
    reached = walk(built, outside)
    assert reached | {built.resolve() / "index.html"} == outputs(built)
    years = sorted(p.parent.name for p in built.glob("*/index.html"))
    assert years == ["2021-22", "2024-25", "2025-26", "2026-27"]


def test_each_hub_is_listed_under_its_region_with_closing_date_places_and_documents(
    built_sample: Callable[..., Path],
) -> None:
    sample = built_sample()
    for path, prefix in ((sample / "build/index.html", "2024-25/WM9"), (sample / "build/2024-25/index.html", "WM9")):
        root = page(path)
        regions = [h3.text for h3 in root.iter("h3")]
        assert regions == ["South East", "West Midlands"]
        wm9 = rows(path)["WM9"]
        region = wm9.getparent().getparent().getparent().getparent()  # tr, tbody, table, div.table-wrap, div.region
        assert region.find("h3").text == "West Midlands"
        cells = ["".join(td.itertext()).strip() for td in wm9.findall("td")]
        assert cells[:3] == ["Riverside, Hillford", "Friday 8th March 2024", "12"]
        hrefs = [a.get("href") for a in wm9.iter("a")]
        assert hrefs == [f"{prefix}/number-sense/{doc}.{fmt}" for doc in DOCUMENTS for fmt in FORMATS]
        # SE9 gives no places and no areas: said as "not given", never a blank cell.
        se9 = ["".join(td.itertext()).strip() for td in rows(path)["SE9"].findall("td")]
        assert se9[:3] == ["—not given", "Friday 22nd March 2024", "—not given"]
        assert wm9.get("data-search") == "Riverside Maths Hub WM9 Riverside Hillford"


def test_a_hub_only_build_makes_a_site_of_that_hub_alone(sample: Path) -> None:
    result = run_cli("build", "--project", str(sample), "--quiet", "--hub", "WM9", "--format", "html")
    assert result.exit_code == 0, result.output
    assert f"The site: {sample / 'build' / 'index.html'} (2 pages, 2 written)" in result.output
    for path in site_pages(sample / "build"):
        assert set(rows(path)) == {"WM9"}
        assert page(path).findtext(".//h1").startswith("Riverside Maths Hub:")
        documents = [a.get("href") for td in page(path).iter("td") if td.get("class") == "links" for a in td.iter("a")]
        assert [href.rpartition("/")[2] for href in documents] == [
            "information.html",
            "application-form.html",
        ]  # the format built
    walk(sample / "build")


def links_of(path: Path) -> dict[str, list[str]]:
    """Each hub's document links on a site page, by hub code."""
    return {code: [a.get("href").rpartition("/")[2] for a in row.iter("a")] for code, row in rows(path).items()}


def test_a_narrowed_build_keeps_everything_current_on_the_site(built_sample: Callable[..., Path]) -> None:
    every = [f"{doc}.{fmt}" for doc in DOCUMENTS for fmt in FORMATS]
    sample = built_sample()  # a full build: 12 documents
    assert len([p for p in outputs(sample / "build") if p.name != "index.html"]) == 12
    index = sample / "build/index.html"
    full = index.read_bytes()
    hub = run_cli("build", "--project", str(sample), "--quiet", "--hub", "WM9")
    assert hub.exit_code == 0, hub.output
    pdf = run_cli("build", "--project", str(sample), "--quiet", "--format", "pdf")
    assert pdf.exit_code == 0, pdf.output
    for path in site_pages(sample / "build"):
        assert links_of(path) == {"SE9": every, "WM9": every}
        assert page(path).findtext(".//h1").startswith("Maths Hubs:")
    assert index.read_bytes() == full
    walk(sample / "build")


def test_a_full_build_after_a_narrowed_one_puts_the_site_right(sample: Path) -> None:
    every = [f"{doc}.{fmt}" for doc in DOCUMENTS for fmt in ("html",)]
    html = Selection(formats=("html",))
    build(sample, selection=html, jobs=1)
    # SE9's documents go out of date, then a build of WM9 alone: the site lists what is current.
    edit(sample / "hubs/SE9.yaml", "name: Harbour Maths Hub", "name: Harbour Bay Maths Hub")
    build(sample, selection=Selection(hubs=("WM9",), formats=("html",)), jobs=1)
    assert links_of(sample / "build/index.html") == {"WM9": every}
    # The data goes back: the html build's inputs are as at its last build, but the site is not.
    edit(sample / "hubs/SE9.yaml", "name: Harbour Bay Maths Hub", "name: Harbour Maths Hub")
    again = build(sample, selection=html, jobs=1)
    assert again.site_built == ["2024-25/index.html", "index.html"]
    assert links_of(sample / "build/index.html") == {"SE9": every, "WM9": every}


def test_site_pages_are_written_only_when_their_bytes_change(sample: Path) -> None:
    selection = Selection(formats=("html",))
    first = build(sample, selection=selection, jobs=1)
    assert sorted(first.site) == ["2024-25/index.html", "index.html"] and sorted(first.site_built) == sorted(first.site)
    before = (sample / "build/index.html").read_bytes()
    # The email is not on the site: the documents change, the pages do not.
    edit(sample / "hubs/SE9.yaml", "maths@harbour-hub.example.org", "solent@example.org")
    email = build(sample, selection=selection, jobs=1)
    assert email.built and email.site_built == []
    assert (sample / "build/index.html").read_bytes() == before
    # Places are: both pages are written again.
    edit(sample / "hubs/WM9.yaml", "places: 12", "places: 14")
    places = build(sample, selection=selection, jobs=1)
    assert sorted(places.site_built) == ["2024-25/index.html", "index.html"]
    assert rows(sample / "build/index.html")["WM9"].findall("td")[2].text == "14"
    # A page edited by hand is written again, like any output.
    (sample / "build/2024-25/index.html").write_text("edited", encoding="utf-8")
    assert build(sample, selection=selection, jobs=1).site_built == ["2024-25/index.html"]


def test_the_site_is_byte_identical_from_one_build_to_the_next(sample: Path, tmp_path: Path) -> None:
    digests = []
    for name in ("one", "two"):
        build(sample, out=tmp_path / name, selection=Selection(formats=("html", "docx")), jobs=1)
        digests.append(
            {
                p.relative_to(tmp_path / name).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in site_pages(tmp_path / name)
            }
        )
    assert digests[0] == digests[1]


TEMPLATE = "templates/site/index.html.j2"


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "<h1>{{ page.heading }}</h1>",
            "<h1>{{ page.header }}</h1>",
            "template uses an undefined variable: 'page' has no attribute 'header' [template.undefined]",
        ),
        (
            "{% endfor %}\n</main>",
            "{% endfor %}\n{% endif %}</main>",
            "template syntax: Encountered unknown tag 'endif'.",
        ),
    ],
)
def test_a_broken_site_template_is_an_error_at_its_line_and_nothing_is_written(
    sample: Path, old: str, new: str, message: str
) -> None:
    edit(sample / TEMPLATE, old, new)
    result = run_cli("build", "--project", str(sample), "--quiet", "--format", "html")
    assert result.exit_code == 1
    assert result.output.startswith(
        f"{TEMPLATE}:{line_of(sample / TEMPLATE, new.splitlines()[-1])}:1: error: {message}"
    ), result.output
    assert "nothing was written" in result.output
    assert not (sample / "build").exists()


def test_a_missing_site_template_is_named(sample: Path) -> None:
    (sample / "templates/site/search.js").unlink()
    with pytest.raises(PackgenError) as caught:
        build(sample, selection=Selection(formats=("html",)), jobs=1)
    assert [str(p) for p in caught.value.problems] == [
        "templates/site/search.js: error: template could not be read: No such file or directory [template.error]"
    ]


def test_check_finds_a_syntax_error_in_the_site_template(sample: Path) -> None:
    edit(sample / TEMPLATE, "{% endfor %}\n</main>", "{% endfor %}\n{% endif %}</main>")
    result = run_cli("check", "--project", str(sample))
    assert result.exit_code == 1
    line = line_of(sample / TEMPLATE, "{% endif %}</main>")
    assert f"{TEMPLATE}:{line}:1: error: template syntax: Encountered unknown tag 'endif'." in result.output


def test_the_sites_document_and_format_names_are_the_renderers_own() -> None:
    from packgen.render import RENDERERS

    assert RENDERERS.document_titles() == {"information": "Information pack", "application-form": "Application form"}
    assert RENDERERS.format_titles() == {"html": "HTML", "pdf": "PDF", "docx": "DOCX"}

"""WeasyPrint fetches only the project's own templates/ and assets/ files; anything else is a located error."""

from __future__ import annotations

import io
import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from packaging.requirements import Requirement
from pypdf import PdfReader

ONE = ("--hub", "WM1", "--year", "2024-25", "--programme", "mastering-number", "--format", "pdf", "--quiet")


def build_pdf(project: Path):
    return run_cli("build", "--project", str(project), *ONE)


def png(path: Path) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (4, 4), (200, 30, 30)).save(path, format="PNG")


def prepend(path: Path, text: str) -> None:
    path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")


def images_in(pdf: Path) -> int:
    return len(re.findall(rb"/Subtype\s*/Image", pdf.read_bytes()))


def test_weasyprint_69_or_later_is_required() -> None:
    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    [weasyprint] = [Requirement(d) for d in deps if Requirement(d).name.lower() == "weasyprint"]
    assert not weasyprint.specifier.contains("68.1") and weasyprint.specifier.contains("69.0")


def test_a_stylesheet_import_from_the_network_is_refused_at_its_line(project: Path) -> None:
    url = "https://example.org/evil.css"
    prepend(project / "templates/style.css", f'@import url("{url}");\n')
    result = build_pdf(project)
    assert result.exit_code == 1, result.output
    assert (
        f"templates/style.css:1:14: error: refused to fetch {url}: only files under templates/ and assets/ are used"
        " [template.fetch]" in result.output
    )
    assert not (project / "build").exists()


def test_an_image_from_anywhere_on_disk_is_refused_at_the_template_line(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    png(secret)
    template = project / "templates/information.html.j2"
    text = template.read_text(encoding="utf-8").replace("<main>", f'<main><img src="{secret.as_uri()}" alt="">', 1)
    template.write_text(text, encoding="utf-8")
    line = next(i for i, text_line in enumerate(text.splitlines(), 1) if secret.as_uri() in text_line)
    result = build_pdf(project)
    assert result.exit_code == 1, result.output
    assert f"templates/information.html.j2:{line}:" in result.output
    assert f"refused to fetch {secret.as_uri()}" in result.output and "[template.fetch]" in result.output


@pytest.mark.parametrize("url", ["../hubs/WM1.yaml", "file://fileserver/share/logo.png", "outside.css"])
def test_other_project_files_unc_paths_and_symlinks_out_are_refused(project: Path, tmp_path: Path, url: str) -> None:
    (tmp_path / "outside.css").write_text("body { color: red }\n", encoding="utf-8")
    (project / "templates/outside.css").symlink_to(tmp_path / "outside.css")
    prepend(project / "templates/style.css", f'@import url("{url}");\n')
    result = build_pdf(project)
    assert result.exit_code == 1, result.output
    assert "templates/style.css:1:14: error: refused to fetch" in result.output


@pytest.mark.parametrize(
    "url",
    ["../../../../secret.png", "/etc/hostname", "/assets/logo.png", "../../assets/logo.png", "x%00.png"],
)
def test_a_reference_that_climbs_out_of_the_project_is_refused_by_check_and_build_at_its_own_text(
    project: Path, url: str
) -> None:
    png(project / "assets/logo.png")
    prepend(project / "templates/style.css", f"h1 {{ background: url({url}) no-repeat; }}\n")
    expected = f"templates/style.css:1:18: error: refused to fetch {url}: only files under templates/ and assets/ are"
    checked = run_cli("check", "--project", str(project))
    assert expected in checked.output
    built = build_pdf(project)
    assert built.exit_code == 1, built.output
    assert f"{expected} used [template.fetch]" in built.output


def test_files_under_templates_and_assets_are_served_and_rebuild_the_pdfs_that_read_them(project: Path) -> None:
    png(project / "templates/mark.png")
    png(project / "assets/logo.png")
    png(project / "assets/unused.png")
    prepend(
        project / "templates/style.css",
        "h1 { background: url(mark.png) no-repeat; }\n.masthead { background: url(../assets/logo.png) no-repeat; }\n",
    )
    result = build_pdf(project)
    assert result.exit_code == 0, result.output
    assert "2 built" in result.output  # the information pack and the form, both styled by style.css
    assert images_in(project / "build/2024-25/WM1/mastering-number/information.pdf") >= 2
    manifest = json.loads((project / "build/.packgen-manifest.json").read_text(encoding="utf-8"))
    entry = manifest["2024-25/WM1/mastering-number/information.pdf"]
    assert sorted(entry["fetched"]) == ["assets/logo.png", "templates/mark.png"]

    from PIL import Image

    Image.new("RGB", (4, 4), (0, 0, 200)).save(project / "assets/unused.png", format="PNG")
    assert "Nothing to rebuild" in build_pdf(project).output  # no PDF reads it
    Image.new("RGB", (4, 4), (0, 0, 200)).save(project / "assets/logo.png", format="PNG")
    assert "2 built" in build_pdf(project).output


def test_data_urls_are_allowed(project: Path) -> None:
    buf = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (2, 2), (0, 120, 0)).save(buf, format="PNG")
    import base64

    data = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
    prepend(project / "templates/style.css", f"h1 {{ background: url({data}) no-repeat; }}\n")
    result = build_pdf(project)
    assert result.exit_code == 0, result.output
    assert images_in(project / "build/2024-25/WM1/mastering-number/information.pdf") >= 1
    assert PdfReader(project / "build/2024-25/WM1/mastering-number/information.pdf").pages


@pytest.mark.parametrize(
    "rule",
    [
        '@import url("https://example.org/evil.css");',
        '@import "file:///etc/passwd";',
        "h1 { background: url(../hubs/WM1.yaml) }",
    ],
)
def test_check_finds_a_refused_stylesheet_reference_without_laying_out_a_pdf(project: Path, rule: str) -> None:
    prepend(project / "templates/style.css", rule + "\n")
    result = run_cli("check", "--project", str(project), "--today", "2024-01-10")
    assert result.exit_code == 1
    assert (
        "templates/style.css:1:" in result.output
        and "error: refused to fetch" in result.output
        and "[template.fetch]" in result.output
    ), result.output


def test_the_same_project_in_another_folder_lays_out_the_same_pdf_bytes(project: Path, tmp_path: Path) -> None:
    # WeasyPrint names a picture in the PDF by a digest of its URL: the URL must not say where the project is.
    elsewhere = tmp_path / "a" / "folder" / "further" / "down"
    shutil.copytree(project, elsewhere)
    pictured = ("--hub", "WM1", "--year", "2024-25", "--programme", "teaching-for-mastery-development")
    made = []
    for root in (project, elsewhere):
        result = run_cli("build", "--project", str(root), *pictured, "--format", "pdf", "--quiet")
        assert result.exit_code == 0, result.output
        made.append({p.relative_to(root / "build"): p.read_bytes() for p in (root / "build").rglob("*.pdf")})
    assert sorted(map(str, made[0])) == [
        "2024-25/WM1/teaching-for-mastery-development/application-form.pdf",
        "2024-25/WM1/teaching-for-mastery-development/information.pdf",
    ]
    assert made[0] == made[1]
    information = "2024-25/WM1/teaching-for-mastery-development/information.pdf"
    assert images_in(elsewhere / "build" / information) >= 2  # the hub's logo and the programme's
    manifest = json.loads((elsewhere / "build/.packgen-manifest.json").read_text(encoding="utf-8"))
    assert "assets/tfm-development-logo.png" in manifest[information]["fetched"]  # read from its own assets/

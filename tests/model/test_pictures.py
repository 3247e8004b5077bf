"""Pictures come from the project's assets/ folder, with alt text; anything else is a located error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, run_cli

PROGRAMME = "programmes/number-sense/2024-25.yaml"
ANCHOR = "      - bullets:\n          - Three workshops during the year\n"


def _with_image(sample: Path, block: str) -> int:
    path = sample / PROGRAMME
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(ANCHOR, block + ANCHOR, 1), encoding="utf-8")
    return path.read_text(encoding="utf-8").splitlines().index(block.splitlines()[0]) + 1


@pytest.mark.parametrize(
    "block,col,message",
    [
        (
            "      - image: assets/bar-model.png\n",
            11,
            "sections.1.body.1: an image needs alt text: add alt: saying what it shows",
        ),
        ("      - {image: assets/bar-model.png, alt: ''}\n", 11, "sections.1.body.1.alt must not be empty"),
        ("      - {image: assets/missing.png, alt: A chart}\n", 18, "no file assets/missing.png"),
        (
            "      - {image: 'https://example.org/chart.png', alt: A chart}\n",
            18,
            "is not a file under assets/, like assets/logo.png",
        ),
        (
            "      - {image: assets/../hubs/SE9.yaml, alt: A chart}\n",
            18,
            "leaves assets/: images and logos are files under assets/",
        ),
        ("      - {image: assets/notes.txt, alt: A chart}\n", 18, "assets/notes.txt is not a picture that can be read"),
    ],
)
def test_a_picture_that_cannot_be_used_is_a_located_error(sample: Path, block: str, col: int, message: str) -> None:
    shutil.copytree(REPO / "assets", sample / "assets")
    (sample / "assets/notes.txt").write_text("not a picture", encoding="utf-8")
    line = _with_image(sample, block)
    result = run_cli("build", "--project", str(sample), "--quiet", "--jobs", "1")
    assert result.exit_code == 1
    found = [text for text in result.output.splitlines() if text.startswith(f"{PROGRAMME}:{line}:")]
    assert found and message in found[0], result.output
    assert not (sample / "build").exists()


def test_a_picture_from_assets_is_in_every_format(sample: Path) -> None:
    shutil.copytree(REPO / "assets", sample / "assets")
    _with_image(sample, "      - {image: assets/bar-model.png, alt: A bar model of 12 as 7 and 5}\n")
    result = run_cli("build", "--project", str(sample), "--quiet", "--jobs", "1")
    assert result.exit_code == 0, result.output
    folder = sample / "build/2024-25/WM9/number-sense"
    assert 'alt="A bar model of 12 as 7 and 5"' in (folder / "information.html").read_text(encoding="utf-8")
    import zipfile

    with zipfile.ZipFile(folder / "information.docx") as zf:
        assert 'descr="A bar model of 12 as 7 and 5"' in zf.read("word/document.xml").decode()
        assert zf.read("word/media/picture1.png") == (REPO / "assets/bar-model.png").read_bytes()
    from pdftags import structure

    assert [e.alt for e in structure(folder / "information.pdf").find("Figure")] == ["A bar model of 12 as 7 and 5"]

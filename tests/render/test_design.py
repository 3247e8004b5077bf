"""One house style: the values of render/design.py are the CSS's custom properties and the Word
templates' styles, so the HTML, PDF and DOCX show the same hub name, rules, spacing and type."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO, W, docx_xml
from lxml import etree

from packgen.render.design import HOUSE, css_variables, word_colour
from packgen.render.word.ooxml import TEXT_WIDTH


def test_every_custom_property_the_stylesheets_use_is_the_house_styles() -> None:
    defined = set(re.findall(r"--([a-z0-9-]+):", css_variables()))
    for sheet in ("style.css", "form.css", "print.css"):
        text = (REPO / "templates" / sheet).read_text(encoding="utf-8")
        used = set(re.findall(r"var\(--([a-z0-9-]+)\)", text))  # var(--x, fallback) is a sheet's own
        assert used and used <= defined, (sheet, used - defined)


def test_the_committed_word_templates_are_what_the_tools_make_from_the_house_style(tmp_path: Path) -> None:
    """Change a value in design.py and this fails until the templates are made again."""
    for tool, name in (
        ("make_docx_template.py", "information.docx"),
        ("make_form_docx_template.py", "application-form.docx"),
    ):
        subprocess.run(
            [sys.executable, str(REPO / "tools" / tool), str(tmp_path / name)], check=True, capture_output=True
        )
        assert (tmp_path / name).read_bytes() == (REPO / "templates" / name).read_bytes(), (
            f"templates/{name} is stale: run tools/{tool}"
        )


def _style(styles: etree._Element, style_id: str) -> etree._Element:
    return next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == style_id)


def _val(style: etree._Element, path: str, attr: str = "val") -> str:
    return style.find(path.replace("w:", W)).get(f"{W}{attr}")


def test_the_word_styles_carry_the_house_values() -> None:
    styles = etree.fromstring(docx_xml(REPO / "templates/information.docx", "word/styles.xml"))
    half_points = lambda size: str(round(size * 2))  # noqa: E731
    hub = _style(styles, "HubName")
    assert _val(hub, "w:rPr/w:sz") == half_points(HOUSE.type.hub_name) and hub.find(f"{W}rPr/{W}caps") is None
    assert _val(hub, "w:rPr/w:spacing") == str(round(HOUSE.spacing.hub_name_tracking * 20))
    subtitle = _style(styles, "Subtitle")  # the rule under the masthead, and the space after it
    assert _val(subtitle, "w:pPr/w:pBdr/w:bottom", "color") == word_colour(HOUSE.colours.accent)
    assert _val(subtitle, "w:pPr/w:pBdr/w:bottom", "sz") == str(round(HOUSE.spacing.title_rule * 8))
    assert _val(subtitle, "w:pPr/w:spacing", "after") == str(round(HOUSE.spacing.after_masthead * 20))
    assert _val(_style(styles, "Heading1"), "w:pPr/w:pBdr/w:bottom", "color") == word_colour(HOUSE.colours.rule)
    assert _val(_style(styles, "TableText"), "w:rPr/w:sz") == half_points(HOUSE.type.table)
    assert _val(_style(styles, "Title"), "w:rPr/w:sz") == half_points(HOUSE.type.title)
    # The footer: the built-in style's centre and right tabs cleared, one right tab at the text width.
    tabs = _style(styles, "Footer").findall(f"{W}pPr/{W}tabs/{W}tab")
    assert [(t.get(f"{W}val"), t.get(f"{W}pos")) for t in tabs] == [("right", str(TEXT_WIDTH))]

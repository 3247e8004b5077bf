"""The block-kind registry (model/blocks.py): one record per kind is all a new kind of block needs.

The registry's kinds are the schema's union; and a kind registered here, in the test (a quote
with its source, one record and its HTML macro in the project's templates), is read from YAML,
shown in the pack's HTML, its tagged PDF and its Word document, checked by ``packgen check``
and compared by the diff, with no file of packgen changed.
"""

from __future__ import annotations

import dataclasses
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from conftest import REPO, W, edit, html_text, line_of, pdf_text, run_cli
from lxml import etree
from pdftags import structure
from pydantic import Field, TypeAdapter, ValidationError

from packgen import pack as p
from packgen.diff.flatten import flatten
from packgen.model import schema
from packgen.model.base import Slug, Strict, Text
from packgen.model.blocks import (
    KINDS,
    Block,
    BlockKind,
    InnerBlock,
    Lay,
    Say,
    block_keys,
    block_tag,
    register,
    registered,
)
from packgen.model.project import load_project
from packgen.reference import reference_markdown
from packgen.resolve import resolve

PROGRAMME = "programmes/number-sense/2024-25.yaml"
PAGES = "2024-25/WM9/number-sense/information"


def union_tags(annotation: Any) -> set[str]:
    """The tags of the tagged union pydantic validates a block with."""
    core = TypeAdapter(annotation).core_schema
    while core["type"] != "tagged-union":
        core = core["schema"]
    return set(core["choices"])


def test_the_registry_is_the_schema_s_union_of_blocks() -> None:
    assert union_tags(Block) == set(KINDS)
    assert union_tags(InnerBlock) == {name for name, kind in KINDS.items() if kind.in_notice}
    assert "notice" not in union_tags(InnerBlock)
    assert set(block_keys()) == set(KINDS) - {"text"}
    assert block_keys()[0] == "notice", "a notice with a heading is a notice, not a heading"
    assert block_tag({"notice": [], "heading": "x"}) == "notice"
    one_of = schema.ProgrammeYearFile.model_json_schema()["$defs"]["SectionSpec"]["properties"]["body"]["items"][
        "oneOf"
    ]
    assert len(one_of) == len(KINDS)


def test_a_kind_is_refused_twice_and_needs_an_id() -> None:
    with pytest.raises(ValueError, match="registered already"):
        register(KINDS["table"])

    class NoId(Strict):
        shout: Text

    with pytest.raises(ValueError, match="needs an id"):
        register(BlockKind("shout", NoId, KINDS["text"].pieces, KINDS["text"].layout, p.Paragraph))


# --- a new kind of block, registered here -------------------------------------------------------


class QuoteBlock(Strict):
    """A quotation, with who said it."""

    quote: Text = Field(description="The words quoted.", examples=["Maths is for everyone."])
    source: Text | None = Field(default=None, description="Who said it.", examples=["A headteacher"])
    id: Slug | None = Field(default=None, description="A name hub placements refer to.", examples=["quote"])


@dataclass(frozen=True)
class Quote:
    runs: p.Inline
    source: str | None
    kind: str = "quote"


def quote_pieces(at: Any, say: Say) -> Iterator[Any]:
    yield say(at.loc + ("quote",), at.block.quote, "paragraph")
    if at.block.source:
        yield say(at.loc + ("source",), at.block.source, "caption")


def quote_layout(at: Any, lay: Lay, level: int) -> Quote | None:
    runs = lay.runs(at.loc + ("quote",))
    return Quote(runs, lay.plain(at.loc + ("source",)) if at.block.source else None) if runs else None


def quote_docx(node: Quote, links: Any) -> str:
    text = escape(p.plain(node.runs) + (f" ({node.source})" if node.source else ""))
    return f'<w:p><w:pPr><w:pStyle w:val="Quote"/></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


QUOTE = BlockKind(
    "quote",
    QuoteBlock,
    quote_pieces,
    quote_layout,
    Quote,
    ((QuoteBlock, "a quotation"),),
    docx=quote_docx,
)
MACRO = """{% macro block(block, shift=0) %}
<blockquote class="quote"><p>{{ block.runs | runs }}</p>
{% if block.source %}<footer>{{ block.source }}</footer>{% endif %}
</blockquote>
{% endmacro %}
"""
SAID = "In 2019/20 all our teachers are taking the the small steps."


@pytest.fixture
def quoted(sample: Path) -> Iterator[Path]:
    """The sample project with a quote in its about section, the quote kind registered and its macro in place."""
    edit(
        sample / PROGRAMME,
        "      - bullets:\n          - Three workshops",
        f"      - quote: {SAID}\n        source: A Year 1 teacher\n      - bullets:\n          - Three workshops",
    )
    (sample / "templates" / QUOTE.template).parent.mkdir()
    (sample / "templates" / QUOTE.template).write_text(MACRO, encoding="utf-8")
    with registered(QUOTE):
        yield sample


def test_a_kind_is_a_block_only_while_it_is_registered() -> None:
    with registered(QUOTE):
        assert isinstance(TypeAdapter(Block).validate_python({"quote": "x"}), QuoteBlock)
        assert "### QuoteBlock" in reference_markdown()
    with pytest.raises(ValidationError, match="not a block"):
        TypeAdapter(Block).validate_python({"quote": "x"})
    assert "quote" not in KINDS and "### QuoteBlock" not in reference_markdown()


def test_a_kind_registered_in_a_test_is_in_every_format_the_checks_and_the_diff(quoted: Path, tmp_path: Path) -> None:
    assert isinstance(TypeAdapter(Block).validate_python({"quote": "x"}), QuoteBlock)
    out = tmp_path / "out"
    result = run_cli("build", "--project", str(quoted), "--out", str(out), "--hub", "WM9", "--jobs", "1", "--quiet")
    assert result.exit_code == 0, result.output

    page = etree.fromstring((out / f"{PAGES}.html").read_bytes(), etree.HTMLParser())
    [quote] = page.findall(".//section[@id='about']/blockquote")
    assert " ".join("".join(quote.itertext()).split()) == f"{SAID} A Year 1 teacher"
    assert SAID in html_text(out / f"{PAGES}.html")

    pdf = out / f"{PAGES}.pdf"
    assert SAID in " ".join(pdf_text(pdf).split())
    quotes = structure(pdf).find("BlockQuote")
    assert quotes and SAID in " ".join(quotes[0].all_text().split()), "the quote is tagged as a BlockQuote"

    with zipfile.ZipFile(out / f"{PAGES}.docx") as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
    styled = [el for el in body.iter(f"{W}p") if el.find(f"{W}pPr/{W}pStyle[@{W}val='Quote']") is not None]
    assert ["".join(t.text or "" for t in el.iter(f"{W}t")) for el in styled] == [f"{SAID} (A Year 1 teacher)"]

    result = run_cli("check", "--project", str(quoted), "--format", "json", "--today", "2024-01-01")
    found = json.loads(result.stdout)
    line = line_of(quoted / PROGRAMME, "quote: In 2019/20")
    codes = {d["code"] for d in found["problems"] if d["path"].endswith(PROGRAMME) and d["line"] == line}
    assert {"year.stale", "text.repeated-word"} <= codes, found

    project = load_project(quoted)
    py = project.programmes[0]
    wm9 = next(h for h in project.hubs if h.code == "WM9")
    about = next(part for part in flatten(resolve(project, py, wm9)) if part.key == "about")
    shown = [(item.kind, p.plain(item.cells[0])) for item in about.items]
    assert ("paragraph", SAID) in shown and ("paragraph", "A Year 1 teacher") in shown


def test_every_kind_is_laid_out_in_html_and_word() -> None:
    """A built-in kind's node has a branch in blocks.html.j2 and a function in Word's BLOCKS; any
    other kind brings its Word layout in its record and its macro in ``kind.template``."""
    try:  # render/word/ooxml.py once issue 20's render/ split is in
        from packgen.render.word import ooxml
    except ImportError:
        from packgen.render import ooxml
    macro = (REPO / "templates" / "blocks.html.j2").read_text(encoding="utf-8")
    for kind in KINDS.values():
        if kind.docx is None:
            node_kind = next(f.default for f in dataclasses.fields(kind.node) if f.name == "kind")
            assert f'block.kind == "{node_kind}"' in macro, kind.name
            assert kind.node in ooxml.BLOCKS, kind.name
    assert QUOTE.template == "blocks/quote.html.j2"
